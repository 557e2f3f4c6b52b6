/**
 * The scheduler inside a NestJS process. Every process builds it (the API reads its queue for Bull
 * Board and /health); those with DEADLINE_SCHEDULER=true also run it: the single-process product,
 * and the workers of the production shape.
 */
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig, COMMAND_HANDLER, CommandHandler, DEADLINE_RULES, recordMissedReports, SQL_CLIENT } from '@app/application';
import { DeadlineRules, PERIODIC_REPORT_STREAM_PREFIX, vietnamDay } from '@app/domain';
import { SqlClient } from '@app/event-store';
import { READ_MODELS_SCHEMA, reportingProvinces } from '@app/projections';
import { DeadlineScheduler } from './deadline-scheduler';

@Injectable()
export class Scheduling implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly scheduler: DeadlineScheduler;
  readonly running: boolean;
  private readonly logger = new Logger('deadlines');
  private sweepTimer?: NodeJS.Timeout;
  private sweeping?: Promise<unknown>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(COMMAND_HANDLER) private readonly commands: CommandHandler,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(DEADLINE_RULES) private readonly rules: DeadlineRules,
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
    if (!this.running) return;
    await this.scheduler.start();
    this.sweepTimer = setInterval(() => this.sweepReports(), this.config.REPORT_SWEEP_MS);
    this.sweepReports();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.sweepTimer);
    await this.sweeping;
    return this.scheduler.stop();
  }

  /**
   * The provinces' calendar deadlines: periodic reports whose due day passed unsubmitted are recorded
   * missed (one sweep at a time; a failed one is logged and the next tries again).
   */
  sweepReports(now = new Date()): Promise<unknown> {
    if (this.sweeping) return this.sweeping;
    const run = async () => {
      const since = this.config.REPORTING_SINCE ?? (await this.firstEventDay());
      if (!since) return;
      const { rows } = await this.sql.query<{ id: string }>(`SELECT id FROM ${READ_MODELS_SCHEMA}.periodic_reports`);
      const settled = new Set(rows.map((r) => `${PERIODIC_REPORT_STREAM_PREFIX}${r.id}`));
      const provinces = await reportingProvinces(this.sql, READ_MODELS_SCHEMA);
      const result = await recordMissedReports(this.commands, { provinces, since, now, rules: this.rules, settled });
      if (result.recorded > 0) this.logger.log({ msg: 'periodic reports recorded missed', since, ...result });
    };
    this.sweeping = run()
      .catch((error: unknown) => this.logger.warn({ msg: 'periodic report sweep failed', error: String((error as Error)?.message ?? error) }))
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  /** The day (in Vietnam) the store recorded its first event: when this deployment began. */
  private async firstEventDay(): Promise<string | undefined> {
    const [first] = await this.commands.store.readAll({ limit: 1 });
    return first ? vietnamDay(new Date(first.metadata.recordedAt)) : undefined;
  }
}
