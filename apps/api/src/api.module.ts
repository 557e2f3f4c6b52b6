import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import Redis from 'ioredis';
import { AppConfig, CoreModule } from '@app/application';
import { Scheduling } from '@app/scheduler';
import { ProjectionsAdminController } from './admin/projections.controller';
import { AuditController } from './audit/audit.controller';
import { AuthenticatedRequest, AuthenticationGuard, AuthorizationGuard, rateLimitTracker, SIGNING_KEY } from './auth/auth';
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
          throttlers: [{ ttl: 60_000, limit: config.RATE_LIMIT_PER_MINUTE }],
          // Per caller across all routes (one client cannot lock a route for everyone behind one proxy).
          getTracker: (request) => rateLimitTracker(request as AuthenticatedRequest),
          generateKey: (_context, tracker, name) => `${name}:${tracker}`,
        }),
      ],
      controllers: [
        ListController,
        ImportController,
        DeAnController,
        PlansController,
        AuditController,
        HealthController,
        MetricsController,
        ProjectionsAdminController,
        ReportsController,
        DeadlinesController,
      ],
      providers: [
        Drain,
        DeAnService,
        ReadModels,
        Scheduling,
        Metrics,
        { provide: SIGNING_KEY, useValue: key },
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
