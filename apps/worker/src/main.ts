/**
 * The worker process (production shape): keeps the read models from the event log and verifies the
 * store's hash chain at start-up. Run it beside API processes started with API_RUNS_PROJECTIONS=false.
 * (Running several workers at once, each projection owned by one of them, is the reports issue.)
 */
import 'reflect-metadata';
import { Inject, Injectable, Module, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, CoreModule, EVENT_STORE, loadConfig, SQL_CLIENT } from '@app/application';
import { EventStore, SqlClient } from '@app/event-store';
import { deAnListProjection, planListProjection, ProjectionRunner } from '@app/projections';

@Injectable()
class Projections implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly runner: ProjectionRunner;
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, @Inject(SQL_CLIENT) sql: SqlClient) {
    this.runner = new ProjectionRunner(store, sql, [deAnListProjection, planListProjection]);
  }
  async onApplicationBootstrap() {
    const integrity = await this.store.verify();
    await this.runner.migrate();
    this.runner.start();
    console.log(JSON.stringify({ time: new Date().toISOString(), level: integrity.ok ? 'info' : 'error', msg: 'worker started', integrity }));
  }
  beforeApplicationShutdown() {
    return this.runner.stop();
  }
}

async function bootstrap(): Promise<void> {
  const config = loadConfig();

  @Module({ imports: [CoreModule.forRoot(config)], providers: [Projections] })
  class WorkerModule {}

  const app = await NestFactory.createApplicationContext(WorkerModule, { abortOnError: false });
  app.enableShutdownHooks();
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : String((error as Error)?.message ?? error));
  process.exit(1);
});
