/**
 * The worker process: command handling outside HTTP. Projection runners (reports) and the
 * deadline scheduler join it in their issues; until then it boots the shared core and
 * verifies the store's hash chain at start-up, so a tampered store is reported at once.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, CoreModule, EVENT_STORE, loadConfig } from '@app/application';
import { EventStore } from '@app/event-store';

async function bootstrap(): Promise<void> {
  const config = loadConfig();

  @Module({ imports: [CoreModule.forRoot(config)] })
  class WorkerModule {}

  const app = await NestFactory.createApplicationContext(WorkerModule);
  app.enableShutdownHooks();
  const report = await app.get<EventStore>(EVENT_STORE).verify();
  console.log(JSON.stringify({ msg: 'worker started', store: config.EVENT_STORE, integrity: report }));
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
