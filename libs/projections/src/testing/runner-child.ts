/**
 * A worker in a child process for the kill -9 test: runs a counting projection with ownership and
 * stalls forever inside apply at one event (after writing the rows before it), saying so on stdout.
 * Env: TEST_DATABASE_URL, STORE_SCHEMA, RM_SCHEMA, STALL_AT (index in the log), BATCH_SIZE.
 */
import { PgClient, SqlEventStore } from '@app/event-store';
import { ProjectionRunner } from '../projection-runner';
import { sqlEventCounter } from '../runner/event-counter';
import { countingProjection, DATABASE_URL } from './fixtures';

async function main(): Promise<void> {
  const env = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  const storeSchema = env('STORE_SCHEMA');
  const sql = new PgClient(DATABASE_URL);
  const store = await SqlEventStore.open(sql, { schema: storeSchema });
  const stallAt = (await store.readAll({ limit: 100_000 }))[Number(env('STALL_AT'))]!.eventId;
  const counting = countingProjection('counter', async (event) => {
    if (event.eventId !== stallAt) return;
    process.stdout.write('STALLED\n');
    await new Promise(() => undefined); // until killed
  });
  const runner = new ProjectionRunner(store, sql, [counting], env('RM_SCHEMA'), {
    batchSize: Number(env('BATCH_SIZE')),
    counter: sqlEventCounter(sql, storeSchema),
    lockRetryMs: 200,
    log: () => undefined,
  });
  await runner.migrate();
  runner.start();
  for (;;) {
    const [status] = await runner.status();
    if (status?.owner === 'this-process') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  process.stdout.write('OWNER\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
