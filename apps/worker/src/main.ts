/**
 * The worker process (production shape): keeps the read models from the event log, schedules and
 * fires the deadline jobs (DEADLINE_SCHEDULER, default true), and verifies the store's hash chain at start-up. Run it beside API processes started with API_RUNS_PROJECTIONS=false.
 *
 * Several workers may run at once (PostgreSQL): each projection is applied by the one worker holding
 * its advisory lock; the others stand by and take over within a couple of seconds if it dies. Every
 * batch and its checkpoint commit together, so a takeover neither loses nor repeats an event.
 */
import 'reflect-metadata';
import { createServer } from 'node:http';
import { Inject, Injectable, Module, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, CoreModule, DEADLINE_RULES, EVENT_STORE, jsonLogger, loadConfig, SQL_CLIENT } from '@app/application';
import { Logger, LoggerModule } from 'nestjs-pino';
import { DeadlineRules } from '@app/domain';
import { EventStore, SqlClient } from '@app/event-store';
import { ProjectionRunner, readModelRunner } from '@app/projections';
import { Scheduling } from '@app/scheduler';

const logger = jsonLogger();
const log = ({ level, ...entry }: Record<string, unknown> & { level?: unknown }) =>
  level === 'error' ? logger.error(entry) : level === 'warn' ? logger.warn(entry) : logger.info(entry);

@Injectable()
class Projections implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly runner: ProjectionRunner;
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SQL_CLIENT) sql: SqlClient,
    @Inject(DEADLINE_RULES) deadlineRules: DeadlineRules,
  ) {
    this.runner = readModelRunner(store, sql, { log, deadlineRules });
  }
  /** Up when the store answers; the projections' states say whether this worker owns them or stands by. */
  async health(): Promise<{ ok: boolean; body: Record<string, unknown> }> {
    try {
      await this.store.readAll({ limit: 1 });
      return { ok: true, body: { status: 'ok', projections: await this.runner.status() } };
    } catch (error) {
      return { ok: false, body: { status: 'error', store: String((error as Error).message ?? error) } };
    }
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

  @Module({ imports: [CoreModule.forRoot(config), LoggerModule.forRoot({ pinoHttp: { logger } })], providers: [Projections, Scheduling] })
  class WorkerModule {}

  const app = await NestFactory.createApplicationContext(WorkerModule, { abortOnError: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  if (config.WORKER_HEALTH_PORT !== undefined) {
    const projections = app.get(Projections);
    const server = createServer((req, res) => {
      if (req.url !== '/health') return void res.writeHead(404).end();
      void projections
        .health()
        .then(({ ok, body }) => res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body)));
    });
    server.listen(config.WORKER_HEALTH_PORT, config.HOST);
    app.get(Logger).log({ msg: 'worker health', url: `http://${config.HOST}:${config.WORKER_HEALTH_PORT}/health` });
    process.once('SIGTERM', () => server.close());
  }
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : String((error as Error)?.message ?? error));
  process.exit(1);
});
