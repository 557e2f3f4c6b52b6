/** Builds the HTTP application (used by `npm start`, the API process and the end-to-end tests). */
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, raw, NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { AppConfig, trustProxy, validationPipe } from '@app/application';
import { Scheduling } from '@app/scheduler';
import { QUEUE_BOARD_PATH, queueBoard } from './admin/queue-board';
import { ApiModule } from './api.module';
import { Authenticator } from './auth/authenticator';
import { Logger } from 'nestjs-pino';
import { pinoHttp } from 'pino-http';
import { httpLogOptions } from './http/request-log';
import { servePortal } from './http/portal';
import { refuseHostileInput } from './http/refuse-hostile-input';
import { answerClientErrors } from './http/client-errors';

export async function createApp(config: AppConfig, key: Buffer, options: { quiet?: boolean } = {}): Promise<INestApplication> {
  const log = httpLogOptions(options.quiet);
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config, key, log), {
    bufferLogs: true,
    bodyParser: false,
    // Start-up failures reach the caller, which says in one sentence what to do.
    abortOnError: false,
  });
  app.set('trust proxy', trustProxy(config));
  app.disable('x-powered-by');
  app.useLogger(app.get(Logger));
  answerClientErrors(app.getHttpServer());
  // Every request (Bull Board's too) gets its id and its log line before anything else sees it.
  app.use(pinoHttp(log));
  // Bull Board serves its own page and scripts: mounted before helmet, whose CSP would block them.
  const { scheduler } = app.get(Scheduling);
  const authenticator = app.get(Authenticator);
  app.use(
    QUEUE_BOARD_PATH,
    ...queueBoard(
      [scheduler.queue, ...(scheduler.webhooks ? [scheduler.webhooks] : [])],
      (req, options) => authenticator.authenticate(req, options),
      (ms) => scheduler.redisReady(ms),
    ),
  );
  app.use(helmet());
  const portal = servePortal();
  if (portal) app.use(portal);
  else app.get(Logger).warn({ msg: 'the portal is not built (dist/portal): / answers 404; npm run build builds it' });
  // A đề án body is a few kB. Only a history import batch (up to 1,000 records of ~3 kB) needs more.
  app.use('/api/v1/import', json({ limit: '5mb' }));
  // A dossier's document (a scanned thuyết minh) is bytes of any type, up to its own limit.
  app.use('/api/v1/attachments', raw({ type: () => true, limit: `${config.ATTACHMENT_MAX_MB}mb` }));
  app.useBodyParser('json', { limit: '1mb' });
  app.use(refuseHostileInput);
  // /health answers at the root too (docs/API.md), as load balancers and orchestrators probe it.
  app.use((req: Request, _res: Response, next: NextFunction) => {
    if (req.url === '/health' || req.url.startsWith('/health?')) req.url = `/api/v1${req.url}`;
    next();
  });
  app.setGlobalPrefix('api/v1');
  app.useGlobalPipes(validationPipe());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Khuyến công — đề án API')
      .setVersion('1')
      .setDescription('Quản lý đề án khuyến công từ đăng ký đến quyết toán. Tiền: số nguyên đồng. Lỗi: application/problem+json (RFC 9457).')
      .addBearerAuth()
      .addCookieAuth('kc_session')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
