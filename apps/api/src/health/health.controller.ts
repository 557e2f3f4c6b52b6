/**
 * GET /health (also at the root): liveness and readiness with @nestjs/terminus. 200 when the store,
 * the read models and Redis answer within 2 s, 503 naming what does not. `details.readModels` lists each
 * projection's status (owner, checkpoint, lag, state, last error): a failing or lagging projection is
 * reported there but does not make the process unready. `details.deadlines` shows the deadline queue:
 * job counts, the last reconcile, whether this process schedules.
 */
import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import type Redis from 'ioredis';
import { EVENT_STORE } from '@app/application';
import { EventStore } from '@app/event-store';
import { Scheduling } from '@app/scheduler';
import { Public } from '../auth/auth';
import { ReadModels } from '../read/read-models.service';

export const REDIS = Symbol('REDIS');

/** A probe slower than this counts as down. */
const PROBE_TIMEOUT_MS = 2_000;

@ApiTags('vận hành')
// Probed by orchestrators and scrapers every few seconds: not counted against a client's rate limit.
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly read: ReadModels,
    private readonly scheduling: Scheduling,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  async check(@Res({ passthrough: true }) res: Response) {
    try {
      return await this.health.check([
        () => this.probe('store', async () => (await this.store.readAll({ limit: 1 }), { kind: this.store.name })),
        () => this.probe('redis', async () => (await this.redis.ping(), {})),
        () => this.probe('readModels', async () => ({ projections: await this.read.status() })),
        async () => this.indicators.check('deadlines').up({ ...(await this.scheduling.scheduler.status()), scheduling: this.scheduling.running }),
      ]);
    } catch (error) {
      // Terminus answers 503 with the checks' results; they are the answer, not a problem to map.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      res.status(503);
      return error.getResponse();
    }
  }

  private async probe(key: string, work: () => Promise<Record<string, unknown>>) {
    const indicator = this.indicators.check(key);
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const data = await Promise.race([
        work(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS);
        }),
      ]);
      return indicator.up({ latencyMs: Date.now() - started, ...data });
    } catch (error) {
      return indicator.down({ error: (error as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }
}
