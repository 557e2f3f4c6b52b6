/**
 * The API process (production shape: its own process against PostgreSQL or KurrentDB).
 * The HTTP contract of ../shared/API.md is the next issue; today it serves health only.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@app/application';
import { ApiModule } from './api.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create(ApiModule.forRoot(config));
  app.setGlobalPrefix('api/v1');
  app.enableShutdownHooks();
  const port = Number(process.env.PORT ?? 3000);
  await app.listen(port, '127.0.0.1');
  console.log(`API listening on http://127.0.0.1:${port}/api/v1 (event store: ${config.EVENT_STORE})`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
