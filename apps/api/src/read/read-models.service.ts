/**
 * The read models behind the list endpoints, kept by the projection runner in this process
 * (the single-process product; the worker takes them over with the reports issue).
 */
import { BeforeApplicationShutdown, Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { EVENT_STORE, SQL_CLIENT } from '@app/application';
import { EventStore, SqlClient } from '@app/event-store';
import { deAnListProjection, planListProjection, ProjectionRunner } from '@app/projections';

@Injectable()
export class ReadModels implements OnModuleInit, BeforeApplicationShutdown {
  readonly schema = 'read_models';
  readonly runner: ProjectionRunner;

  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(SQL_CLIENT) readonly sql: SqlClient) {
    this.runner = new ProjectionRunner(store, sql, [deAnListProjection, planListProjection], this.schema);
  }

  async onModuleInit(): Promise<void> {
    await this.runner.migrate();
    this.runner.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.runner.stop();
  }
}
