/**
 * The scheduler inside a NestJS process. Every process builds it (the API reads its queue for Bull
 * Board and /health); those with DEADLINE_SCHEDULER=true also run it: the single-process product,
 * and the workers of the production shape.
 */
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig, COMMAND_HANDLER, CommandHandler, DEADLINE_RULES, SQL_CLIENT } from '@app/application';
import { DeadlineRules } from '@app/domain';
import { SqlClient } from '@app/event-store';
import { READ_MODELS_SCHEMA } from '@app/projections';
import { DeadlineScheduler } from './deadline-scheduler';

@Injectable()
export class Scheduling implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly scheduler: DeadlineScheduler;
  readonly running: boolean;
  private readonly logger = new Logger('deadlines');

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(COMMAND_HANDLER) commands: CommandHandler,
    @Inject(SQL_CLIENT) sql: SqlClient,
    @Inject(DEADLINE_RULES) rules: DeadlineRules,
  ) {
    this.running = config.DEADLINE_SCHEDULER === 'true';
    this.scheduler = new DeadlineScheduler({
      commands,
      sql,
      rules,
      readSchema: READ_MODELS_SCHEMA,
      redisUrl: config.REDIS_URL,
      prefix: config.QUEUE_PREFIX,
      reconcileEveryMs: config.DEADLINE_RECONCILE_MS,
      ...(config.NOTIFY_WEBHOOK_URL ? { webhookUrl: config.NOTIFY_WEBHOOK_URL } : {}),
      log: ({ level, ...entry }) =>
        level === 'error' ? this.logger.error(entry) : level === 'warn' ? this.logger.warn(entry) : this.logger.log(entry),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // The notifications table is read by the API whether or not this process schedules.
    await this.scheduler.migrate();
    if (this.running) await this.scheduler.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.scheduler.stop();
  }
}
