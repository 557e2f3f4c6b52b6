import { randomUUID } from 'node:crypto';
import { newEvent, eventStoreContract } from './testing/event-store.contract';
import { sqlHarness, TEST_SCHEMA_PREFIX } from './testing/sql-harness';
import { NO_STREAM, RecordedEvent } from './event-store';
import { PgClient, SqlClient, SqlExecutor } from './sql/sql-client';
import { SqlEventStore } from './sql/sql-event-store';

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

beforeAll(async () => {
  // Schemas left by earlier runs of this suite.
  const client = new PgClient(DATABASE_URL);
  const { rows } = await client.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname LIKE '${TEST_SCHEMA_PREFIX}%'`);
  for (const { nspname } of rows) await client.query(`DROP SCHEMA ${nspname} CASCADE`);
  await client.close();
});

eventStoreContract(
  'postgres',
  sqlHarness(async () => new PgClient(DATABASE_URL)),
);

/** A client that can hold the commit of its next transaction: a writer that commits late. */
class LateCommitClient implements SqlClient {
  readonly kind = 'postgres' as const;
  private gate: Promise<void> | undefined;
  constructor(private readonly inner: PgClient) {}
  holdNextCommit(): () => void {
    let release!: () => void;
    this.gate = new Promise((resolve) => (release = resolve));
    return release;
  }
  query<R>(text: string, params?: readonly unknown[]) {
    return this.inner.query<R>(text, params);
  }
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const gate = this.gate;
    this.gate = undefined;
    return this.inner.transaction(async (tx) => {
      const value = await work(tx);
      await gate;
      return value;
    });
  }
  close() {
    return this.inner.close();
  }
}

describe('postgres: a writer that commits late is not skipped by a reader', () => {
  it('hides a later transaction until the earlier one commits, then delivers both in order', async () => {
    const schema = `${TEST_SCHEMA_PREFIX}late_${randomUUID().replaceAll('-', '').slice(0, 8)}`;
    const store = await SqlEventStore.open(new PgClient(DATABASE_URL), { schema });
    const lateClient = new LateCommitClient(new PgClient(DATABASE_URL));
    const late = await SqlEventStore.open(lateClient, { schema });

    const release = lateClient.holdNextCommit();
    const slow = late.append('late-writer', [newEvent('Slow')], NO_STREAM); // takes the lower sequence, commits last
    await new Promise((resolve) => setTimeout(resolve, 200));
    await store.append('fast-writer', [newEvent('Fast')], NO_STREAM); // takes a higher sequence, commits first

    expect((await store.readAll()).map((e) => e.type)).toEqual([]);

    release();
    await slow;
    const seen: RecordedEvent[] = await store.readAll();
    expect(seen.map((e) => e.type)).toEqual(['Slow', 'Fast']);
    expect(seen[0]!.position.prepare).toBeLessThan(seen[1]!.position.prepare);
    await Promise.all([store.close(), late.close()]);
  });
});
