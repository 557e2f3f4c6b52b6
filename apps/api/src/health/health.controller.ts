import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type Redis from 'ioredis';
import { EVENT_STORE } from '@app/application';
import { EventStore } from '@app/event-store';
import { ProjectionStatus } from '@app/projections';
import { Scheduling } from '@app/scheduler';
import { Public } from '../auth/auth';
import { ReadModels } from '../read/read-models.service';
import { SkipThrottle } from '@nestjs/throttler';

export const REDIS = Symbol('REDIS');

@ApiTags('vận hành')
// Probed by orchestrators and scrapers every few seconds: not counted against a client's rate limit.
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, @Inject(REDIS) private readonly redis: Redis, private readonly read: ReadModels, private readonly scheduling: Scheduling) {}

  /**
   * Liveness and readiness: 200 when the store, the read models and Redis answer, 503 naming what
   * does not. readModels lists each projection's status (owner, checkpoint, lag, state, last error);
   * a failing or lagging projection is reported there but does not make the process unready.
   * deadlines shows the deadline queue: job counts, the last reconcile, whether this process schedules.
   */
  @Get()
  @Public()
  async health(@Res({ passthrough: true }) res: Response) {
    const check = async (probe: () => Promise<unknown>) => {
      const started = Date.now();
      try {
        await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2_000))]);
        return { status: 'up', latencyMs: Date.now() - started };
      } catch (error) {
        return { status: 'down', error: (error as Error).message };
      }
    };
    let projections: ProjectionStatus[] = [];
    const [store, redis, readModels, deadlines] = await Promise.all([
      check(() => this.store.readAll({ limit: 1 })),
      check(() => this.redis.ping()),
      check(async () => (projections = await this.read.status())),
      this.scheduling.scheduler.status(),
    ]);
    const ok = store.status === 'up' && redis.status === 'up' && readModels.status === 'up';
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'degraded', checks: { store: { ...store, kind: this.store.name }, readModels: { ...readModels, projections }, redis, deadlines: { ...deadlines, scheduling: this.scheduling.running } } };
  }
}
