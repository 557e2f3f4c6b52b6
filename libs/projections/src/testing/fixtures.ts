/**
 * Test support for the projection runner: stores on PGlite (memory) and PostgreSQL (a fresh schema
 * per test, dropped afterwards), a counting projection whose totals must equal the truth, and a
 * small history of đề án and plans for the real read models.
 */
import { randomUUID } from 'node:crypto';
import {
  ANY,
  EventStore,
  JsonObject,
  NewEvent,
  PgClient,
  PGliteClient,
  RecordedEvent,
  SqlClient,
  SqlEventStore,
  SqlExecutor,
} from '@app/event-store';
import { Projection } from '../projection';
import { EventCounter, sqlEventCounter } from '../runner/event-counter';

export const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_SCHEMA_PREFIX = 'proj_test_';

export interface TestStorage {
  readonly kind: 'pglite' | 'postgres';
  readonly sql: SqlClient;
  readonly store: EventStore;
  readonly storeSchema: string;
  /** Schema of the read models under test. */
  readonly schema: string;
  readonly counter: EventCounter;
  /** Another client and store on the same database and schemas (PostgreSQL: a second process's view). */
  reopen(): Promise<{ sql: SqlClient; store: EventStore }>;
  close(): Promise<void>;
}

export const uniqueSchema = (label: string): string => `${TEST_SCHEMA_PREFIX}${label}_${randomUUID().replaceAll('-', '').slice(0, 10)}`;

let pglite: Promise<PGliteClient> | undefined;

/** One in-memory PGlite per test file (it takes seconds to start); tests keep apart by schema. */
export function sharedPglite(): Promise<PGliteClient> {
  pglite ??= PGliteClient.open();
  return pglite;
}

export async function closeSharedPglite(): Promise<void> {
  const opened = pglite;
  pglite = undefined;
  await (await opened)?.close();
}

export async function openStorage(kind: 'pglite' | 'postgres'): Promise<TestStorage> {
  const storeSchema = uniqueSchema('es');
  const schema = uniqueSchema('rm');
  const opened: { sql: SqlClient; store: EventStore }[] = [];
  const open = async () => {
    const sql: SqlClient = kind === 'pglite' ? await sharedPglite() : new PgClient({ connectionString: DATABASE_URL, max: 8 });
    const store = await SqlEventStore.open(sql, { schema: storeSchema });
    opened.push({ sql, store });
    return { sql, store };
  };
  const first = await open();
  return {
    kind,
    ...first,
    storeSchema,
    schema,
    counter: sqlEventCounter(first.sql, storeSchema),
    async reopen() {
      if (kind === 'pglite') throw new Error('PGlite is one process: there is no second client');
      return open();
    },
    async close() {
      const { rows } = await first.sql.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname = $1 OR nspname LIKE $2', [
        storeSchema,
        `${schema}%`,
      ]);
      for (const { nspname } of rows) await first.sql.query(`DROP SCHEMA IF EXISTS ${nspname} CASCADE`).catch(() => undefined);
      // Closing a store closes its client: the shared PGlite stays open for the next test.
      if (kind === 'postgres') for (const { store } of opened.reverse()) await store.close().catch(() => undefined);
    },
  };
}

export function newEvent(type: string, data: JsonObject, occurredAt = new Date('2027-03-01T02:00:00Z')): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    data,
    metadata: {
      actor: { sub: 'tester', role: 'officer', province: '52' },
      occurredAt: occurredAt.toISOString(),
      commandId: randomUUID(),
      correlationId: randomUUID(),
      causationId: randomUUID(),
    },
  };
}

/** Appends `count` Counted events over a few streams, `perAppend` at a time; returns the sum of their amounts. */
export async function appendCounted(
  store: EventStore,
  count: number,
  options: { streams?: number; perAppend?: number; seed?: number } = {},
): Promise<number> {
  const streams = options.streams ?? 7;
  const perAppend = options.perAppend ?? 25;
  let seed = options.seed ?? count;
  let sum = 0;
  for (let i = 0; i < count; i += perAppend) {
    const events: NewEvent[] = [];
    for (let j = i; j < Math.min(count, i + perAppend); j += 1) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      const amount = 1 + (seed % 1_000);
      sum += amount;
      events.push(newEvent('Counted', { amount }));
    }
    await store.append(`counter-${i % streams}`, events, ANY);
  }
  return sum;
}

export interface CountingProjection extends Projection {
  readonly table: string;
}

/**
 * Sums `amount` of Counted events, one statement per event, so a fault can strike after some rows
 * of the batch were written. `beforeEach` runs before each event (throw to fail, await to stall).
 */
export function countingProjection(name = 'counter', beforeEach?: (event: RecordedEvent, index: number) => Promise<void> | void): CountingProjection {
  const table = `${name.replace(/[^a-z0-9]+/g, '_')}_totals`;
  return {
    name,
    table,
    tables: [table],
    async migrate(sql, s) {
      await sql.query(`CREATE TABLE IF NOT EXISTS ${s}.${table} (stream text PRIMARY KEY, total bigint NOT NULL, events int NOT NULL)`);
    },
    async apply(sql, s, events) {
      let index = 0;
      for (const event of events) {
        if (event.type !== 'Counted') continue;
        await beforeEach?.(event, index);
        index += 1;
        await sql.query(
          `INSERT INTO ${s}.${table} (stream, total, events) VALUES ($1, $2, 1)
           ON CONFLICT (stream) DO UPDATE SET total = ${table}.total + excluded.total, events = ${table}.events + 1`,
          [event.streamId, (event.data as { amount: number }).amount],
        );
      }
    },
  };
}

export async function totals(sql: SqlExecutor, schema: string, projection: CountingProjection): Promise<{ total: number; events: number }> {
  const { rows } = await sql.query<{ total: string | null; events: string | null }>(
    `SELECT sum(total)::text AS total, sum(events)::text AS events FROM ${schema}.${projection.table}`,
  );
  return { total: Number(rows[0]?.total ?? 0), events: Number(rows[0]?.events ?? 0) };
}

export async function checkpointOf(sql: SqlExecutor, schema: string, name: string): Promise<string | undefined> {
  const { rows } = await sql.query<{ position: string }>(`SELECT position FROM ${schema}.checkpoints WHERE name = $1`, [name]);
  return rows[0]?.position;
}

export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** A small history for the real read models: đề án through approval, settlement, plans with commitments. */
export async function appendHistory(store: EventStore, deAnCount: number): Promise<void> {
  const planIds = [randomUUID(), randomUUID()];
  for (const [i, planId] of planIds.entries()) {
    await store.append(
      `plan-${planId}`,
      [newEvent('PlanCreated', { planId, year: 2027, fundingSource: 'KCDP', level: 'province', province: '52', allocation: 3_000_000_000 + i })],
      ANY,
    );
  }
  for (let i = 0; i < deAnCount; i += 1) {
    const id = randomUUID();
    const planId = planIds[i % planIds.length]!;
    const requested = 100_000_000 + i * 1_000_000;
    const events = [
      newEvent('DeAnRegistered', {
        organisation: `htx-${i % 5}`,
        province: '52',
        planYear: 2027,
        contentArea: '3',
        activity: '3.3',
        fundingSource: 'KCDP',
        title: `Đề án thử nghiệm số ${i}`,
        budget: { requestedSupport: requested },
        registeredOn: '2026-04-10',
      }),
    ];
    if (i % 2 === 0)
      events.push(
        newEvent('CouncilAssigned', {
          members: [
            { sub: 'hd-1', name: 'Chủ tịch' },
            { sub: `hd-${i}`, name: 'Thành viên' },
          ],
          chair: 'hd-1',
        }),
      );
    if (i % 4 === 0) events.push(newEvent('DeAnApproved', { approvedSupport: requested - 5_000_000, planId }));
    if (i % 8 === 0) events.push(newEvent('DeAnSettled', { settledSupport: requested - 9_000_000 }));
    await store.append(`de-an-${id}`, events, ANY);
    if (i % 4 === 0) await store.append(`plan-${planId}`, [newEvent('SupportCommitted', { deAnId: id, amount: requested - 5_000_000 })], ANY);
  }
}
