import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import Redis from 'ioredis';
import {
  AppConfig,
  AttachmentStore,
  COMMAND_HANDLER,
  CommandHandler,
  CoreModule,
  EVENT_STORE,
  IdentityStore,
  SQL_CLIENT,
  tokenKeys,
  UserDirectory,
} from '@app/application';
import { EventStore, SqlClient } from '@app/event-store';
import { Scheduling } from '@app/scheduler';
import { ProjectionsAdminController } from './admin/projections.controller';
import { AttachmentsController, ATTACHMENT_STORE } from './attachments/attachments.controller';
import { AuditController } from './audit/audit.controller';
import { AuthenticatedRequest, AuthenticationGuard, AuthorizationGuard, rateLimitTracker } from './auth/auth';
import { AuthController } from './auth/auth.controller';
import { Authenticator, TOKEN_KEYS, USER_DIRECTORY } from './auth/authenticator';
import { loginThrottlers } from './auth/login-throttle';
import { OidcSignIn } from './auth/oidc';
import { UsersController } from './users/users.controller';
import { DeadlinesController } from './deadlines/deadlines.controller';
import { DeAnController } from './de-an/de-an.controller';
import { DeAnService } from './de-an/de-an.service';
import { HealthController, REDIS } from './health/health.controller';
import { Drain } from './http/drain';
import { ProblemFilter } from './http/problem.filter';
import { ImportController } from './import/import.controller';
import { PlansController } from './plans/plans.controller';
import { Metrics, MetricsController } from './metrics/metrics';
import { ListController } from './read/list.controller';
import { PeriodPlansController } from './plans/period-plans.controller';
import { PeriodicReportsController } from './reports/periodic-reports.controller';
import { ReportsController } from './reports/reports.controller';
import { ReadModels } from './read/read-models.service';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, key: Buffer, log: PinoHttpOptions): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        CoreModule.forRoot(config),
        // create-app.ts mounts pino-http in front of everything (Bull Board included); Nest's logs go through it too.
        LoggerModule.forRoot({ pinoHttp: log, useExisting: true }),
        TerminusModule.forRoot({ logger: false }),
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'default', ttl: 60_000, limit: config.RATE_LIMIT_PER_MINUTE }, ...loginThrottlers(config.LOGIN_ATTEMPTS_PER_MINUTE)],
          // Per caller across all routes (one client cannot lock a route for everyone behind one proxy).
          getTracker: (request) => rateLimitTracker(request as AuthenticatedRequest),
          generateKey: (_context, tracker, name) => `${name}:${tracker}`,
        }),
      ],
      controllers: [
        AuthController,
        UsersController,
        ListController,
        ImportController,
        DeAnController,
        AttachmentsController,
        PlansController,
        PeriodPlansController,
        AuditController,
        HealthController,
        MetricsController,
        ProjectionsAdminController,
        PeriodicReportsController,
        ReportsController,
        DeadlinesController,
      ],
      providers: [
        Drain,
        DeAnService,
        ReadModels,
        Scheduling,
        Metrics,
        { provide: TOKEN_KEYS, useValue: tokenKeys(key, config) },
        {
          provide: USER_DIRECTORY,
          useFactory: async (sql: SqlClient, commands: CommandHandler, store: EventStore) =>
            new UserDirectory(
              commands,
              store,
              await IdentityStore.open(sql, { idleMs: config.SESSION_IDLE_MINUTES * 60_000, absoluteMs: config.SESSION_MAX_HOURS * 3_600_000 }),
              config.LOGIN_MAX_FAILURES,
            ),
          inject: [SQL_CLIENT, COMMAND_HANDLER, EVENT_STORE],
        },
        { provide: ATTACHMENT_STORE, useFactory: (sql: SqlClient) => AttachmentStore.open(sql), inject: [SQL_CLIENT] },
        Authenticator,
        OidcSignIn,
        { provide: REDIS, useFactory: () => new Redis(config.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false }) },
        // In this order: who the caller is, their rate limit, the route's rule.
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_GUARD, useClass: AuthorizationGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
