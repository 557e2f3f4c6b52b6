/**
 * The worker process (production shape): keeps the read models from the event log, schedules and
 * fires the deadline jobs (DEADLINE_SCHEDULER, default true), and verifies the store's hash chain at start-up. Run it beside API processes started with API_RUNS_PROJECTIONS=false.
 *
 * Several workers may run at once (PostgreSQL): each projection is applied by the one worker holding
 * its advisory lock; the others stand by and take over within a couple of seconds if it dies. Every
 * batch and its checkpoint commit together, so a takeover neither loses nor repeats an event.
 */
import 'reflect-metadata';
import { Inject, Injectable, Module, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, CoreModule, DEADLINE_RULES, EVENT_STORE, loadConfig, SQL_CLIENT } from '@app/application';
import { DeadlineRules } from '@app/domain';
import { EventStore, SqlClient } from '@app/event-store';
import { ProjectionRunner, readModelRunner } from '@app/projections';
import { Scheduling } from '@app/scheduler';

const log = (entry: Record<string, unknown>) => console.log(JSON.stringify({ time: new Date().toISOString(), ...entry }));

@Injectable()
class Projections implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly runner: ProjectionRunner;
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, @Inject(SQL_CLIENT) sql: SqlClient, @Inject(DEADLINE_RULES) deadlineRules: DeadlineRules) {
    this.runner = readModelRunner(store, sql, { log, deadlineRules });
  }
  async onApplicationBootstrap() {
    const integrity = await this.store.verify();
    await this.runner.migrate();
    this.runner.start();
    log({ level: integrity.ok ? 'info' : 'error', msg: 'worker started', pid: process.pid, projections: this.runner.names, integrity });
  }
  beforeApplicationShutdown() {
    return this.runner.stop();
  }
}

async function bootstrap(): Promise<void> {
  const config = loadConfig();

  @Module({ imports: [CoreModule.forRoot(config)], providers: [Projections, Scheduling] })
  class WorkerModule {}

  const app = await NestFactory.createApplicationContext(WorkerModule, { abortOnError: false });
  app.enableShutdownHooks();
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : String((error as Error)?.message ?? error));
  process.exit(1);
});
