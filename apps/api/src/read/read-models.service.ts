/**
 * The read models behind the list endpoints. The single-process product (`npm start`) keeps them
 * here; in the production shape the workers keep them (API_RUNS_PROJECTIONS=false) and this process
 * only reads, reports their status, and may run a rebuild (the swap takes the projection's turn
 * from whichever worker owns it).
 */
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig, DEADLINE_RULES, EVENT_STORE, SQL_CLIENT } from '@app/application';
import { DeadlineRules } from '@app/domain';
import { EventStore, SqlClient } from '@app/event-store';
import { ProjectionRunner, ProjectionStatus, READ_MODELS_SCHEMA, readModelRunner, RebuildProgress } from '@app/projections';

/** A running rebuild logs its progress at most this often. */
const PROGRESS_LOG_MS = 10_000;

@Injectable()
export class ReadModels implements OnModuleInit, BeforeApplicationShutdown {
  readonly schema = READ_MODELS_SCHEMA;
  readonly runner: ProjectionRunner;
  private readonly logger = new Logger('read-models');

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(SQL_CLIENT) readonly sql: SqlClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DEADLINE_RULES) deadlineRules: DeadlineRules,
  ) {
    this.runner = readModelRunner(store, sql, {
      deadlineRules,
      log: ({ level, ...entry }) =>
        level === 'error' ? this.logger.error(entry) : level === 'warn' ? this.logger.warn(entry) : this.logger.log(entry),
    });
  }

  async onModuleInit(): Promise<void> {
    await this.runner.migrate();
    if (this.config.API_RUNS_PROJECTIONS === 'true') this.runner.start();
  }

  status(): Promise<ProjectionStatus[]> {
    return this.runner.status();
  }

  /** Events not yet applied per projection (capped at LAG_CAP: a scrape must stay cheap). */
  async lag(): Promise<{ name: string; lag: number }[]> {
    return (await this.runner.status()).map(({ name, lag }) => ({ name, lag }));
  }

  /**
   * Starts rebuilding one projection (or all) in the background; resolves once it has started
   * (UnknownProjectionError, RebuildInProgressError otherwise). Progress and outcome show in status().
   */
  async rebuildInBackground(name: string | undefined, requestedBy: string): Promise<readonly string[]> {
    let lastLog = 0;
    const handle = await this.runner.startRebuild(name, (progress: RebuildProgress) => {
      if (progress.phase !== 'building' || Date.now() - lastLog < PROGRESS_LOG_MS) return;
      lastLog = Date.now();
      this.logger.log({ msg: 'projection rebuild progress', projection: progress.name, applied: progress.applied, total: progress.total });
    });
    this.logger.log({ msg: 'projection rebuild started', projections: handle.projections, requestedBy });
    // The runner logs the outcome and keeps it in status(); nothing awaits it here.
    handle.done.catch(() => undefined);
    return handle.projections;
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.runner.stop();
  }
}
