/**
 * Our event store against Emmett's PostgreSQL event store (`npm run bench:compare`), on the same
 * PostgreSQL server in one process, median of BENCH_RUNS runs:
 *
 *   1. append, 1 writer and BENCH_WRITERS concurrent writers: the realistic lifecycle appends of
 *      lifecycle.ts (one append = one new stream's 10 events, expected version "no stream"), through
 *      our SqlEventStore.append and Emmett's appendToStream — events/s, appends/s, p50/p99 latency;
 *   2. read all: the whole log of each store (warm-up + both append phases) in global order, ours
 *      through readAll, Emmett's through readMessagesBatch (its exported batch reader, the one its
 *      consumers poll with), the same page size — events/s, and whether every event came back once;
 *   3. our projection rebuild (ProjectionRunner.rebuild of the product's read models, as
 *      projections.bench.ts) against a raw keyset SELECT of the same events table — the ratio.
 *
 * Each run gets a fresh database (dropped at the end): Emmett keeps its tables and functions in the
 * connection's default schema and finds its functions by name in any schema, so two Emmett stores
 * cannot share a database. Both stores hold the same events at every phase (phase 2 appends to the
 * store phase 1 filled); an untimed warm-up first; a CHECKPOINT before every timed phase; which
 * store goes first alternates from run to run. Both use one pg pool each of pg's default 10 connections.
 *
 * Environment: BENCH_RUNS (3), BENCH_EVENTS (20000 per append phase), BENCH_WRITERS (16),
 * BENCH_READ_BATCH (1000), BENCH_WARMUP_EVENTS (1000), BENCH_REBUILD_EVENTS (20000),
 * BENCH_PG_URL or TEST_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test; the server must allow
 * CREATE DATABASE). `--short` or BENCH_SHORT=1: about 30 s (1 run, 8000 and 8000 events).
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CustomTypesConfig, Pool, types } from 'pg';
import { dumbo } from '@event-driven-io/dumbo';
import type { DefaultRecord, Event as EmmettEvent } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql';
import { comparePositions, GlobalPosition, JsonObject, NO_STREAM, PgClient, SqlEventStore } from '@app/event-store';
import { ProjectionRunner, readModelProjections, sqlEventCounter } from '@app/projections';
import { Append, appendAll, fmt, int, loadMonitor, machine, median, PG_URL, postgresBackend, seconds, STAMP, table } from './bench-support';
import { LIFECYCLE_LENGTH, lifecycles } from './lifecycle';
import { deAnForEvents, logOutline, writeLog } from './projections-log';
import { librariesState, percentile } from './projections-support';

const SHORT = process.argv.includes('--short') || process.env.BENCH_SHORT === '1';
const RUNS = int('BENCH_RUNS', SHORT ? 1 : 3);
const EVENTS = int('BENCH_EVENTS', SHORT ? 8_000 : 20_000);
const WRITERS = int('BENCH_WRITERS', 16);
const READ_BATCH = int('BENCH_READ_BATCH', 1_000);
const WARMUP_EVENTS = int('BENCH_WARMUP_EVENTS', 1_000);
const REBUILD_EVENTS = int('BENCH_REBUILD_EVENTS', SHORT ? 8_000 : 20_000);
const REBUILD_PAGE = 1_000; // the runner's default rebuildBatchSize, which the product uses
const APPENDS = Math.ceil(EVENTS / LIFECYCLE_LENGTH);
const TOTAL = APPENDS * LIFECYCLE_LENGTH;
const WARMUP_APPENDS = Math.ceil(WARMUP_EVENTS / LIFECYCLE_LENGTH);
const LOG_TOTAL = (WARMUP_APPENDS + 2 * APPENDS) * LIFECYCLE_LENGTH;

const host = new URL(PG_URL).hostname;
if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) throw new Error(`loopback only: BENCH_PG_URL points at ${host}`);

// Emmett's driver (dumbo) replaces pg's global type parsers when it opens its pool: int8 → BigInt,
// json/jsonb through JSON.parse with a BigInt reviver. Our clients keep pg's defaults, as in the product.
if (typeof types.getTypeParser(20, 'text')('1') !== 'string') throw new Error("pg's type parsers were changed before the bench started");
const PG_DEFAULTS = new Map([20, 114, 3802].map((oid) => [oid, types.getTypeParser(oid, 'text')]));
const PG_DEFAULT_TYPES = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    (format === 'binary' ? undefined : PG_DEFAULTS.get(oid)) ?? types.getTypeParser(oid, format ?? 'text'),
} as CustomTypesConfig;

type Store = 'ours' | 'emmett';
const STORES: readonly Store[] = ['ours', 'emmett'];
interface AppendFigures {
  events: number;
  appends: number;
  p50: number;
  p99: number;
}
interface ReadCheck {
  returned: number;
  distinct: number;
  backwards: number;
}
interface RunOutcome {
  append1: Record<Store, AppendFigures>;
  appendN: Record<Store, AppendFigures>;
  read: Record<Store, number>;
  readCheck: Record<Store, ReadCheck>;
  rebuild: { raw: number; readAll: number; all: number; byProjection: Record<string, number>; events: number };
}

const dbUrl = (name: string) => {
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
};

/** Times the appends (spread over `writers` loops); throughput and per-append latency. */
async function timedAppends(writers: number, appends: readonly Append[], appendOne: (a: Append) => Promise<void>): Promise<AppendFigures> {
  const ms: number[] = [];
  const took = await appendAll(writers, appends, async (a) => {
    const t = performance.now();
    await appendOne(a);
    ms.push(performance.now() - t);
  });
  return { events: (appends.length * LIFECYCLE_LENGTH) / took, appends: appends.length / took, p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

const checked = (ids: string[], backwards: number): ReadCheck => ({ returned: ids.length, distinct: new Set(ids).size, backwards });
const exactlyOnce = (c: ReadCheck) => c.returned === LOG_TOTAL && c.distinct === LOG_TOTAL;

/** Ours: readAll pages, keyset on the last position, until a page comes back short. */
async function readOurs(store: SqlEventStore): Promise<ReadCheck> {
  let after: GlobalPosition | undefined;
  const ids: string[] = [];
  let backwards = 0;
  for (;;) {
    const events = await store.readAll({ after, limit: READ_BATCH });
    for (const e of events) {
      if (after && comparePositions(e.position, after) <= 0) backwards++;
      ids.push(e.eventId);
      after = e.position;
    }
    if (events.length < READ_BATCH) return checked(ids, backwards);
  }
}

/** Emmett: readMessagesBatch from its last global position while it says messages are left. */
async function readEmmett(execute: Parameters<typeof readMessagesBatch>[0]): Promise<ReadCheck> {
  let after = 0n;
  const ids: string[] = [];
  let backwards = 0;
  for (;;) {
    const batch = await readMessagesBatch(execute, { after, batchSize: READ_BATCH });
    for (const m of batch.messages) {
      if (m.metadata.globalPosition <= after) backwards++;
      ids.push(m.metadata.messageId);
      after = m.metadata.globalPosition;
    }
    after = batch.currentGlobalPosition;
    if (!batch.areMessagesLeft) return checked(ids, backwards);
  }
}

/** Both stores read only transactions older than the oldest running one (any session's): wait for ours to end. */
async function waitVisible(pool: Pool, table: string, txColumn: string, expected: number): Promise<void> {
  for (let waited = 0; ; waited++) {
    const { rows } = await pool.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM ${table} WHERE ${txColumn} < pg_snapshot_xmin(pg_current_snapshot())`,
    );
    if (Number(rows[0]!.n) === expected) return;
    if (waited === 0) console.log(`  waiting for another session's transaction to end (${table}: ${rows[0]!.n} of ${expected} events visible) …`);
    if (waited >= 120) throw new Error(`${table}: events still invisible after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * pg's pool.end() resolves before its backends have gone; a forced drop would kill them while the
 * clients still listen, and a client's error event nobody handles ends the process. Wait (bounded).
 */
async function dropDatabase(admin: Pool, db: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [db]);
    if (rows[0]!.n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
}

async function run(admin: Pool, runNo: number): Promise<RunOutcome> {
  const db = `bench_cmp_${STAMP}_r${runNo}`;
  await admin.query(`CREATE DATABASE ${db}`);
  const url = dbUrl(db);
  const ourClient = new PgClient({ connectionString: url, types: PG_DEFAULT_TYPES });
  const pool = new Pool({ connectionString: url, types: PG_DEFAULT_TYPES, max: 2 });
  pool.on('error', () => undefined);
  // The documented entry point; its pool is pg's (default 10 connections). The reader shares it (dumbo caches pools by URL).
  const emmett = getPostgreSQLEventStore(url);
  const emmettReader = dumbo({ connectionString: url });
  const order: readonly Store[] = runNo % 2 === 1 ? STORES : [...STORES].reverse();
  try {
    const ours = await SqlEventStore.open(ourClient, { schema: 'ours' });
    await emmett.schema.migrate();
    const checkpoint = async () => {
      await pool.query('CHECKPOINT');
    };
    const appendOurs = async (a: Append) => {
      const result = await ours.append(a.streamId, a.events, NO_STREAM);
      if (result.duplicate || result.nextVersion !== a.events.length) throw new Error(`ours: unexpected append result for ${a.streamId}`);
    };
    // Emmett takes the event id as metadata.messageId; its events are built before timing, like ours.
    // 0n = "the stream must not exist": in 0.42.0 STREAM_DOES_NOT_EXIST is sent as no check at all.
    const appendEmmett = (appends: readonly Append[]) => {
      const events = new Map(
        appends.map((a) => [
          a,
          a.events.map((e): EmmettEvent<string, JsonObject, DefaultRecord> => ({
            type: e.type,
            data: e.data,
            metadata: { ...e.metadata, messageId: e.eventId },
          })),
        ]),
      );
      return async (a: Append) => {
        const result = await emmett.appendToStream(a.streamId, events.get(a)!, { expectedStreamVersion: 0n });
        if (result.nextExpectedStreamVersion !== BigInt(a.events.length)) throw new Error(`emmett: unexpected append result for ${a.streamId}`);
      };
    };
    const phase = async (writers: number, appends: readonly Append[]) => {
      const appendOne = { ours: appendOurs, emmett: appendEmmett(appends) };
      const figures = {} as Record<Store, AppendFigures>;
      for (const store of order) {
        await checkpoint();
        figures[store] = await timedAppends(writers, appends, appendOne[store]);
      }
      const f = (s: Store) => `${s} ${fmt(figures[s].events)} ev/s, p50 ${figures[s].p50.toFixed(2)} ms, p99 ${figures[s].p99.toFixed(2)} ms`;
      console.log(`  append, ${writers} writer${writers === 1 ? '' : 's'}: ${f('ours')}; ${f('emmett')}`);
      return figures;
    };

    // Warm-up (untimed): connections, JIT, plans, both read paths.
    const warm = lifecycles(0, WARMUP_APPENDS);
    await appendAll(WRITERS, warm, appendOurs);
    await appendAll(WRITERS, warm, appendEmmett(warm));
    await readOurs(ours);
    await readEmmett(emmettReader.execute);

    const append1 = await phase(1, lifecycles(1_000_000, APPENDS));
    const appendN = await phase(WRITERS, lifecycles(2_000_000, APPENDS));

    // As on a live log: hint bits set, planner statistics present (untimed).
    for (const t of ['ours.events', 'ours.streams', 'emt_messages', 'emt_streams']) await pool.query(`VACUUM ANALYZE ${t}`);
    await waitVisible(pool, 'ours.events', 'tx_id', LOG_TOTAL);
    await waitVisible(pool, 'emt_messages', 'transaction_id', LOG_TOTAL);
    const read = {} as Record<Store, number>;
    const readCheck = {} as Record<Store, ReadCheck>;
    for (const store of order) {
      await checkpoint();
      const t = performance.now();
      readCheck[store] = store === 'ours' ? await readOurs(ours) : await readEmmett(emmettReader.execute);
      read[store] = LOG_TOTAL / seconds(t);
    }
    const r = (s: Store) => `${s} ${fmt(read[s])} ev/s (${fmt(readCheck[s].distinct)} distinct of ${fmt(readCheck[s].returned)} returned)`;
    console.log(`  read all ${fmt(LOG_TOTAL)} events: ${r('ours')}; ${r('emmett')}`);

    return { append1, appendN, read, readCheck, rebuild: await rebuild(ourClient, pool, runNo) };
  } finally {
    await Promise.allSettled([ourClient.close(), pool.end(), emmett.close(), emmettReader.close()]);
    await dropDatabase(admin, db);
  }
}

/** Part 3: the projections bench's generated log (not timed), then a raw keyset read of it and the rebuild, order alternating. */
async function rebuild(client: PgClient, pool: Pool, runNo: number): Promise<RunOutcome['rebuild']> {
  const store = await SqlEventStore.open(client, { schema: 'proj_log' });
  const outline = logOutline(deAnForEvents(REBUILD_EVENTS));
  const events = await writeLog(store, outline, 1_000, 4, () => undefined);
  for (const t of ['events', 'streams']) await pool.query(`VACUUM ANALYZE proj_log.${t}`);
  await waitVisible(pool, 'proj_log.events', 'tx_id', events);
  const warnings: string[] = [];
  const runner = new ProjectionRunner(store, client, readModelProjections(), 'proj_rm', {
    counter: sqlEventCounter(client, 'proj_log'),
    log: (entry) => {
      if (entry.level !== 'info') warnings.push(JSON.stringify(entry));
    },
  });
  await runner.migrate();

  // The floor: the columns readAll reads, through the plain driver, keyset on the primary key, the rebuild's page.
  const rawRead = async () => {
    let after = '0';
    let count = 0;
    for (;;) {
      const { rows } = await pool.query<{ seq_text: string }>(
        `SELECT seq::text AS seq_text, tx_id::text AS tx_text, stream_id, version::int AS version_number, event_id::text AS event_uuid, type, data, metadata, prev_hash, hash
         FROM proj_log.events WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [after, REBUILD_PAGE],
      );
      count += rows.length;
      if (rows.length < REBUILD_PAGE) break;
      after = rows[rows.length - 1]!.seq_text;
    }
    if (count !== events) throw new Error(`raw read returned ${count} events, expected ${events}`);
  };
  const readAll = async () => {
    let after: GlobalPosition | undefined;
    let count = 0;
    for (;;) {
      const page = await store.readAll({ after, limit: REBUILD_PAGE });
      count += page.length;
      after = page[page.length - 1]?.position ?? after;
      if (page.length < REBUILD_PAGE) break;
    }
    if (count !== events) throw new Error(`readAll returned ${count} events, expected ${events}`);
  };
  await rawRead(); // warm-up, untimed
  const timed = async (work: () => Promise<unknown>) => {
    await pool.query('CHECKPOINT');
    const t = performance.now();
    await work();
    return events / seconds(t);
  };
  let results: Awaited<ReturnType<ProjectionRunner['rebuild']>> = [];
  const figures = { raw: 0, readAll: 0, all: 0 };
  for (const kind of runNo % 2 === 1 ? (['raw', 'readAll', 'all'] as const) : (['all', 'readAll', 'raw'] as const)) {
    figures[kind] = await timed(
      kind === 'raw'
        ? rawRead
        : kind === 'readAll'
          ? readAll
          : async () => {
              results = await runner.rebuild();
            },
    );
  }
  const byProjection: Record<string, number> = {};
  for (const result of results) {
    if (result.applied !== events) throw new Error(`${result.name}: rebuilt from ${result.applied} events, expected ${events}`);
    byProjection[result.name] = events / (result.ms / 1000);
  }
  if (warnings.length > 0) console.log(`  runner warnings: ${warnings.slice(0, 5).join('; ')}`);
  console.log(
    `  ${fmt(events)} projection-log events: raw SELECT ${fmt(figures.raw)} ev/s, readAll ${fmt(figures.readAll)} ev/s, rebuild ${fmt(figures.all)} ev/s` +
      ` (rebuild ÷ raw ${(figures.all / figures.raw).toFixed(3)})`,
  );
  return { ...figures, byProjection, events };
}

function versionOf(name: string): string {
  for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name) return pkg.version ?? '?';
    } catch {
      /* keep looking upwards */
    }
  }
  return '?';
}

async function main(): Promise<void> {
  const started = performance.now();
  process.env.GIT_OPTIONAL_LOCKS = '0'; // the code-state probe must not touch the index other sessions use
  const code = librariesState(['libs/event-store', 'libs/projections']);
  const about: Record<string, string> = {
    ...machine(),
    'Load average': `${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')} (1 / 5 / 15 min, at start)`,
    PostgreSQL: (await postgresBackend(1).info())['PostgreSQL']!,
    Emmett: ['@event-driven-io/emmett-postgresql', '@event-driven-io/emmett', '@event-driven-io/pongo', '@event-driven-io/dumbo']
      .map((name) => `${name.split('/')[1]} ${versionOf(name)}`)
      .join(', '),
    Code: code.text,
  };
  const projections = readModelProjections();
  console.log(`Event store comparison: ours vs Emmett (PostgreSQL), ${new Date().toISOString()}${SHORT ? ' (short)' : ''}`);
  for (const [key, value] of Object.entries(about)) console.log(`  ${key}: ${value}`);
  console.log(
    `  Appends: ${fmt(TOTAL)} events per phase = ${fmt(APPENDS)} appends × ${LIFECYCLE_LENGTH} lifecycle events (lifecycle.ts), one new stream per append;` +
      ` ours append(…, NO_STREAM), Emmett appendToStream(…, { expectedStreamVersion: 0n }); writers 1 and ${WRITERS}`,
  );
  console.log(
    `  Read all: ${fmt(LOG_TOTAL)} events per store (${fmt(WARMUP_APPENDS * LIFECYCLE_LENGTH)} warm-up + both phases), pages of ${fmt(READ_BATCH)};` +
      ' ours readAll, Emmett readMessagesBatch (exported; its store object has no read-all method)',
  );
  console.log(
    `  Rebuild: ≥ ${fmt(REBUILD_EVENTS)} events of the projections bench's log; ${projections.map((p) => p.name).join(', ')}; pages of ${fmt(REBUILD_PAGE)}`,
  );
  console.log(`  Runs: ${RUNS}, each in a fresh database, dropped afterwards; figures are medians`);

  const admin = new Pool({ connectionString: PG_URL, max: 1 });
  admin.on('error', () => undefined);
  const outcomes: RunOutcome[] = [];
  const load = loadMonitor();
  try {
    for (let r = 1; r <= RUNS; r++) {
      console.log(`\nrun ${r}/${RUNS} (${r % 2 === 1 ? 'ours' : 'Emmett'} first; load average ${loadavg()[0]!.toFixed(2)})`);
      outcomes.push(await run(admin, r));
    }
  } finally {
    await admin.end();
  }
  const busy = load.stop();

  const m = (pick: (o: RunOutcome) => number) => median(outcomes.map(pick));
  const each = (pick: (o: RunOutcome) => number, digits = 0) => outcomes.map((o) => (digits ? pick(o).toFixed(digits) : fmt(pick(o)))).join(' / ');
  const rows: string[][] = [];
  const add = (label: string, pick: (o: RunOutcome, s: Store) => number, digits = 0) => {
    const ours = m((o) => pick(o, 'ours'));
    const emmett = m((o) => pick(o, 'emmett'));
    const show = (n: number) => (digits ? n.toFixed(digits) : fmt(n));
    rows.push([
      label,
      show(ours),
      show(emmett),
      (ours / emmett).toFixed(2),
      each((o) => pick(o, 'ours'), digits),
      each((o) => pick(o, 'emmett'), digits),
    ]);
  };
  for (const [key, writers] of [
    ['append1', 1],
    ['appendN', WRITERS],
  ] as const) {
    const label = `append, ${writers} writer${writers === 1 ? '' : 's'}`;
    add(`${label}: events/s`, (o, s) => o[key][s].events);
    add(`${label}: appends/s`, (o, s) => o[key][s].appends);
    add(`${label}: p50 latency, ms`, (o, s) => o[key][s].p50, 2);
    add(`${label}: p99 latency, ms`, (o, s) => o[key][s].p99, 2);
  }
  add(`read all (pages of ${fmt(READ_BATCH)}): events/s`, (o, s) => o.read[s]);
  console.log(
    `\nOurs vs Emmett, medians of ${outcomes.length} run${outcomes.length === 1 ? '' : 's'} (ratio = ours ÷ Emmett: above 1 is better for rates, worse for latencies)`,
  );
  console.log(table(['measurement', 'ours', 'Emmett', 'ours ÷ Emmett', 'ours, each run', 'Emmett, each run'], rows, (i) => i >= 1 && i <= 3));
  for (const store of STORES) {
    const name = store === 'ours' ? 'Ours (readAll)' : 'Emmett (readMessagesBatch)';
    const c = outcomes.map((o) => o.readCheck[store]);
    const line = c
      .map((x, i) => `run ${i + 1}: ${fmt(x.returned)} returned, ${fmt(x.distinct)} distinct, ${fmt(LOG_TOTAL - x.distinct)} missing`)
      .join('; ');
    console.log(c.every(exactlyOnce) ? `${name}: every event exactly once in every run.` : `${name} did NOT return the log exactly once: ${line}.`);
    // A reader that checkpoints the position of the last event it saw skips or repeats events when positions go backwards.
    if (c.some((x) => x.backwards > 0))
      console.log(`  ${name}: an event's position was below the previous event's ${c.map((x) => fmt(x.backwards)).join(' / ')} times (each run).`);
  }

  const raw = m((o) => o.rebuild.raw);
  const rebuildRows: string[][] = [
    [`raw SELECT (keyset on seq, pages of ${fmt(REBUILD_PAGE)})`, fmt(raw), '1.000', each((o) => o.rebuild.raw)],
    [
      `readAll (pages of ${fmt(REBUILD_PAGE)})`,
      fmt(m((o) => o.rebuild.readAll)),
      (m((o) => o.rebuild.readAll) / raw).toFixed(3),
      each((o) => o.rebuild.readAll),
    ],
    ...projections.map((p) => {
      const rate = m((o) => o.rebuild.byProjection[p.name]!);
      return [`rebuild ${p.name}`, fmt(rate), (rate / raw).toFixed(3), each((o) => o.rebuild.byProjection[p.name]!)];
    }),
    [
      `rebuild all ${projections.length} (rebuild())`,
      fmt(m((o) => o.rebuild.all)),
      (m((o) => o.rebuild.all) / raw).toFixed(3),
      each((o) => o.rebuild.all),
    ],
  ];
  console.log(`\nOur projection rebuild vs a raw sequential read of the same ${fmt(outcomes[0]!.rebuild.events)} events, medians, events/s`);
  console.log(table(['measurement', 'ev/s', '÷ raw read', 'each run'], rebuildRows, (i) => i >= 1 && i <= 2));
  console.log(
    `\nMachine during the runs: ${busy}; load average at the end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}`,
  );
  if (!code.same())
    console.log('Note: libs/event-store or libs/projections changed during the run; the figures are for the code loaded at the start.');
  console.log(`total wall time ${seconds(started).toFixed(0)} s (databases bench_cmp_${STAMP}_r*: dropped)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
