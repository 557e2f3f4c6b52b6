/**
 * The read models behind the list endpoints. The single-process product (`npm start`) keeps them
 * here; in the production shape the worker keeps them (API_RUNS_PROJECTIONS=false).
 */
import { BeforeApplicationShutdown, Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig, EVENT_STORE, SQL_CLIENT } from '@app/application';
import { EventStore, parsePosition, SqlClient } from '@app/event-store';
import { deAnListProjection, planListProjection, ProjectionRunner } from '@app/projections';

@Injectable()
export class ReadModels implements OnModuleInit, BeforeApplicationShutdown {
  readonly schema = 'read_models';
  readonly runner: ProjectionRunner;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SQL_CLIENT) readonly sql: SqlClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.runner = new ProjectionRunner(store, sql, [deAnListProjection, planListProjection], this.schema);
  }

  async onModuleInit(): Promise<void> {
    await this.runner.migrate();
    if (this.config.API_RUNS_PROJECTIONS === 'true') this.runner.start();
  }

  /** Events not yet applied per projection (capped: a scrape must stay cheap). */
  async lag(): Promise<{ name: string; lag: number }[]> {
    const statuses = await this.runner.status();
    return Promise.all(statuses.map(async ({ name, position }) => ({
      name,
      lag: (await this.store.readAll({ ...(position ? { after: parsePosition(position) } : {}), limit: 10_000 })).length,
    })));
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.runner.stop();
  }
}
