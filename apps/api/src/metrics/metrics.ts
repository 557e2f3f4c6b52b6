/** Prometheus metrics: command counts and latency by type and outcome, projection lag. */
import { Controller, Get, Header, Injectable } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { Public } from '../auth/auth';
import { ReadModels } from '../read/read-models.service';
import { SkipThrottle } from '@nestjs/throttler';

@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly commands = new Counter({
    name: 'khuyen_cong_commands_total',
    help: 'Commands handled, by type and outcome',
    labelNames: ['type', 'outcome'],
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'khuyen_cong_command_duration_seconds',
    help: 'Command handling latency (load, decide, append)',
    labelNames: ['type'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly projectionLag = new Gauge({
    name: 'khuyen_cong_projection_lag_events',
    help: 'Events appended but not yet applied, per projection (capped at 10,000)',
    labelNames: ['projection'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'khuyen_cong_' });
  }

  /** Times a command; the outcome is the HTTP class of its answer (ok, 4xx kind, error). */
  async time<T>(type: string, work: () => Promise<T>, outcomeOf: (error: unknown) => string): Promise<T> {
    const stop = this.latency.startTimer({ type });
    try {
      const result = await work();
      this.commands.inc({ type, outcome: 'ok' });
      return result;
    } catch (error) {
      this.commands.inc({ type, outcome: outcomeOf(error) });
      throw error;
    } finally {
      stop();
    }
  }
}

@ApiExcludeController()
// Probed by orchestrators and scrapers every few seconds: not counted against a client's rate limit.
@SkipThrottle()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly read: ReadModels,
  ) {}

  @Get()
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async scrape(): Promise<string> {
    for (const { name, lag } of await this.read.lag()) this.metrics.projectionLag.set({ projection: name }, lag);
    return this.metrics.registry.metrics();
  }
}
