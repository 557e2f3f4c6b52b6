/**
 * Event store benchmark (`npm run bench:store`): append and read back BENCH_EVENTS events on
 * PGlite (a temporary directory on disk) and on PostgreSQL, and compare each figure with a
 * raw-driver baseline doing the same work with plain SQL (raw-baseline.ts).
 *
 * Measured, in events per second, median of BENCH_RUNS runs:
 *   - append, 1 writer: one loop of appends; each append = one new đề án stream with its
 *     10-event lifecycle (expected version: no-stream), one transaction;
 *   - append, 16 writers: the same number of appends split over 16 concurrent async loops
 *     (distinct streams, no conflicts);
 *   - read: the whole global log of the 16-writer phase from the start with readAll in batches
 *     (keyset on the last position) until a batch comes back short; the bench checks that every
 *     event came back exactly once and in increasing position order, and says so if not.
 * Each run: fresh schemas (PostgreSQL, dropped at the end) or a fresh PGlite directory (deleted),
 * an untimed warm-up, a CHECKPOINT before every timed phase, and the order of ours/raw alternating
 * from run to run.
 *
 * Environment: BENCH_EVENTS (100000), BENCH_RUNS (3), BENCH_PGLITE_RUNS / BENCH_PG_RUNS (override
 * the runs of one backend), BENCH_WRITERS (16), BENCH_READ_BATCH (1000, readAll's default limit),
 * BENCH_WARMUP_EVENTS (2000 per run), BENCH_BACKENDS (pglite,postgres),
 * BENCH_PG_URL or TEST_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test),
 * BENCH_PG_POOL (pool size for both the store and the baseline; default pg's 10, as the product).
 */
import { performance } from 'node:perf_hooks';
import { comparePositions, GlobalPosition, NO_STREAM, RecordedEvent, SqlClient, SqlEventStore } from '@app/event-store';
import {
  Append,
  appendAll,
  backendsFromEnv,
  Backend,
  codeState,
  fmt,
  int,
  loadMonitor,
  machine,
  median,
  seconds,
  STAMP,
  table,
} from './bench-support';
import { LIFECYCLE_LENGTH, lifecycles } from './lifecycle';
import { createRawTable, rawAppend, rawReadAll } from './raw-baseline';

const EVENTS = int('BENCH_EVENTS', 100_000);
const RUNS = int('BENCH_RUNS', 3);
const WRITERS = int('BENCH_WRITERS', 16);
const READ_BATCH = int('BENCH_READ_BATCH', 1000);
const WARMUP_EVENTS = int('BENCH_WARMUP_EVENTS', 2000);
const APPENDS = Math.ceil(EVENTS / LIFECYCLE_LENGTH);
const TOTAL = APPENDS * LIFECYCLE_LENGTH;

type Metric = 'append1' | 'appendN' | 'read';
const METRICS: readonly Metric[] = ['append1', 'appendN', 'read'];
const LABEL: Record<Metric, string> = {
  append1: 'append, 1 writer',
  appendN: `append, ${WRITERS} writers`,
  read: `read all (readAll, batches of ${READ_BATCH})`,
};

type Sample = { ours: number; raw: number };
interface ReadCheck {
  returned: number;
  distinct: number;
  missing: number;
  repeated: number;
  outOfOrder: number;
  batches: number;
}
interface RunOutcome {
  samples: Record<Metric, Sample>;
  bytes: Sample;
  wal: Record<'append1' | 'appendN', Sample>;
  readAll: ReadCheck;
}

const storeAppend = (store: SqlEventStore) => async (a: Append) => {
  const result = await store.append(a.streamId, a.events, NO_STREAM);
  if (result.duplicate || result.nextVersion !== a.events.length)
    throw new Error(`unexpected append result for ${a.streamId}: ${JSON.stringify(result)}`);
};

/** Reads the global log from the start in batches, keyset on the last position, until a batch comes back short. */
async function walkLog(read: (after: GlobalPosition | undefined) => Promise<RecordedEvent[]>, expected: number): Promise<ReadCheck> {
  let after: GlobalPosition | undefined;
  const ids: string[] = [];
  let outOfOrder = 0;
  let batches = 0;
  for (;;) {
    const events = await read(after);
    batches++;
    for (const event of events) {
      ids.push(event.eventId);
      if (after && comparePositions(event.position, after) <= 0) outOfOrder++;
      after = event.position;
    }
    if (events.length < READ_BATCH) break;
  }
  const distinct = new Set(ids).size;
  return { returned: ids.length, distinct, missing: expected - distinct, repeated: ids.length - distinct, outOfOrder, batches };
}

const correct = (c: ReadCheck) => c.returned === TOTAL && c.distinct === TOTAL && c.outOfOrder === 0;
const describe = (c: ReadCheck) =>
  `${fmt(c.returned)} events in ${c.batches} batches: ${fmt(c.distinct)} distinct, ${c.missing} missing, ${c.repeated} repeated, ${c.outOfOrder} out of order`;

const countRows = async (client: SqlClient, table: string) =>
  Number((await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`)).rows[0]!.n);

const tableBytes = async (client: SqlClient, tables: string[]) =>
  Number((await client.query<{ b: string }>(`SELECT (${tables.map((t) => `pg_total_relation_size('${t}')`).join(' + ')})::text AS b`)).rows[0]!.b);

/** One run: a fresh store and raw table per append phase, then the read of the 16-writer log. */
async function run(backend: Backend, runNo: number): Promise<RunOutcome> {
  const db = await backend.open(runNo);
  try {
    const rate = (s: number) => TOTAL / s;
    const open = async (tag: string) => {
      const schema = db.schema(tag);
      const store = await SqlEventStore.open(db.client, { schema });
      await createRawTable(db.raw, schema);
      return { schema, store };
    };
    /** Times ours and raw (the order alternating between runs) after a CHECKPOINT each; seconds and WAL bytes per event. */
    const pair = async (ours: () => Promise<number>, raw: () => Promise<number>) => {
      const took: Sample = { ours: 0, raw: 0 };
      const wal: Sample = { ours: 0, raw: 0 };
      for (const which of runNo % 2 === 0 ? (['raw', 'ours'] as const) : (['ours', 'raw'] as const)) {
        await db.checkpoint();
        const before = await db.walBytes();
        took[which] = await (which === 'ours' ? ours() : raw());
        wal[which] = Number((await db.walBytes()) - before) / TOTAL;
      }
      return { took, wal };
    };
    const check = async (schema: string) => {
      const [ours, raw] = [await countRows(db.client, `${schema}.events`), await countRows(db.client, `${schema}.raw_events`)];
      if (ours !== TOTAL || raw !== TOTAL) throw new Error(`${schema}: expected ${TOTAL} rows, events=${ours}, raw_events=${raw}`);
    };

    // Warm-up (untimed): JIT, query plans, connections.
    const warm = await open('warm');
    const warmAppends = lifecycles(0, Math.ceil(WARMUP_EVENTS / LIFECYCLE_LENGTH));
    await appendAll(WRITERS, warmAppends, storeAppend(warm.store));
    await appendAll(WRITERS, warmAppends, (a) => rawAppend(db.raw, warm.schema, a.streamId, a.events));
    await walkLog((after) => warm.store.readAll({ after, limit: READ_BATCH }), warmAppends.length * LIFECYCLE_LENGTH);
    await rawReadAll(db.raw, warm.schema, READ_BATCH);

    const samples = {} as Record<Metric, Sample>;
    const wal = {} as RunOutcome['wal'];

    const one = await open('w1');
    const appends1 = lifecycles(1_000_000, APPENDS);
    const p1 = await pair(
      () => appendAll(1, appends1, storeAppend(one.store)),
      () => appendAll(1, appends1, (a) => rawAppend(db.raw, one.schema, a.streamId, a.events)),
    );
    samples.append1 = { ours: rate(p1.took.ours), raw: rate(p1.took.raw) };
    wal.append1 = p1.wal;
    await check(one.schema);
    const bytes = {
      ours: (await tableBytes(db.client, [`${one.schema}.events`, `${one.schema}.streams`])) / TOTAL,
      raw: (await tableBytes(db.client, [`${one.schema}.raw_events`])) / TOTAL,
    };
    console.log(
      `  ${LABEL.append1}: ours ${fmt(samples.append1.ours)} ev/s (${p1.took.ours.toFixed(1)} s), raw ${fmt(samples.append1.raw)} ev/s (${p1.took.raw.toFixed(1)} s)`,
    );

    const many = await open(`w${WRITERS}`);
    const appendsN = lifecycles(2_000_000, APPENDS);
    const pN = await pair(
      () => appendAll(WRITERS, appendsN, storeAppend(many.store)),
      () => appendAll(WRITERS, appendsN, (a) => rawAppend(db.raw, many.schema, a.streamId, a.events)),
    );
    samples.appendN = { ours: rate(pN.took.ours), raw: rate(pN.took.raw) };
    wal.appendN = pN.wal;
    await check(many.schema);
    console.log(
      `  ${LABEL.appendN}: ours ${fmt(samples.appendN.ours)} ev/s (${pN.took.ours.toFixed(1)} s), raw ${fmt(samples.appendN.raw)} ev/s (${pN.took.raw.toFixed(1)} s)`,
    );

    // The whole log of the N-writer phase (interleaved transactions, as in production). An untimed
    // VACUUM ANALYZE first: hint bits set and planner statistics present, as on a live log.
    for (const t of ['events', 'streams', 'raw_events']) await db.client.query(`VACUUM ANALYZE ${many.schema}.${t}`);
    let readCheck: ReadCheck | undefined;
    let rawCount = 0;
    const timed = async (work: () => Promise<void>) => {
      const t = performance.now();
      await work();
      return seconds(t);
    };
    const pR = await pair(
      () =>
        timed(async () => {
          readCheck = await walkLog((after) => many.store.readAll({ after, limit: READ_BATCH }), TOTAL);
        }),
      () =>
        timed(async () => {
          rawCount = await rawReadAll(db.raw, many.schema, READ_BATCH);
        }),
    );
    if (rawCount !== TOTAL) throw new Error(`raw read back ${rawCount}, expected ${TOTAL}`);
    samples.read = { ours: rate(pR.took.ours), raw: rate(pR.took.raw) };
    console.log(
      `  ${LABEL.read}: ours ${fmt(samples.read.ours)} ev/s (${pR.took.ours.toFixed(2)} s), raw ${fmt(samples.read.raw)} ev/s (${pR.took.raw.toFixed(2)} s)`,
    );
    if (!correct(readCheck!)) console.log(`    WRONG: readAll returned ${describe(readCheck!)}`);
    return { samples, bytes, wal, readAll: readCheck! };
  } finally {
    await db.dispose();
  }
}

function payloadSizes(): { data: number; metadata: number } {
  const sample = lifecycles(0, 100).flatMap((a) => a.events);
  const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');
  return {
    data: sample.reduce((s, e) => s + bytes(e.data), 0) / sample.length,
    metadata: sample.reduce((s, e) => s + bytes({ ...e.metadata, recordedAt: new Date().toISOString() }), 0) / sample.length,
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  const backends = backendsFromEnv(RUNS);
  const about = machine();
  for (const backend of backends) Object.assign(about, await backend.info());
  const code = codeState();
  about['Code'] = code.text;
  const sizes = payloadSizes();

  console.log(`Event store benchmark, ${new Date().toISOString()}`);
  for (const [key, value] of Object.entries(about)) console.log(`  ${key}: ${value}`);
  console.log(
    `  Events per measurement: ${fmt(TOTAL)} = ${fmt(APPENDS)} appends × ${LIFECYCLE_LENGTH} events` +
      ` (one append = one new đề án stream with its ${LIFECYCLE_LENGTH}-event lifecycle, expected version no-stream, one transaction)`,
  );
  console.log(
    `  Payload: data ≈ ${sizes.data.toFixed(0)} B, metadata ≈ ${sizes.metadata.toFixed(0)} B of JSON (UTF-8) per event; random UUID event ids`,
  );
  console.log(`  Writers: 1 and ${WRITERS} concurrent async loops; read batch ${READ_BATCH}; warm-up ${WARMUP_EVENTS} events per run (untimed)`);
  console.log(`  Runs: ${backends.map((b) => `${b.name} ${b.runs}`).join(', ')}; figures are medians, ratio = median(ours) / median(raw)`);
  console.log(
    `  Raw baseline: same driver, same rows and JSON texts, one multi-row INSERT per ${LIFECYCLE_LENGTH}-event transaction into a plain table` +
      ` (bigint identity PK, no other index); read = SELECT … WHERE id > $1 ORDER BY id LIMIT ${READ_BATCH}`,
  );

  const summary: { backend: string; outcomes: RunOutcome[]; seconds: number; busy: string }[] = [];
  for (const backend of backends) {
    const t = performance.now();
    const outcomes: RunOutcome[] = [];
    const load = loadMonitor();
    for (let r = 1; r <= backend.runs; r++) {
      console.log(`\n${backend.name} run ${r}/${backend.runs}`);
      outcomes.push(await run(backend, r));
    }
    const busy = load.stop();
    summary.push({ backend: backend.name, outcomes, seconds: seconds(t), busy });
    console.log(`${backend.name}: ${seconds(t).toFixed(0)} s for ${backend.runs} runs; machine: ${busy}`);
  }

  const rows: string[][] = [];
  for (const { backend, outcomes } of summary) {
    for (const metric of METRICS) {
      const samples = outcomes.map((o) => o.samples[metric]);
      const ours = median(samples.map((s) => s.ours));
      const raw = median(samples.map((s) => s.raw));
      rows.push([
        backend,
        LABEL[metric],
        fmt(ours),
        fmt(raw),
        (ours / raw).toFixed(2),
        samples.map((s) => fmt(s.ours)).join(' / '),
        samples.map((s) => fmt(s.raw)).join(' / '),
      ]);
    }
  }
  console.log(`\nMedians, events/s (${fmt(TOTAL)} events per measurement, ${LIFECYCLE_LENGTH} events per append, read batches of ${READ_BATCH})`);
  console.log(
    table(['backend', 'measurement', 'ours ev/s', 'raw ev/s', 'ours/raw', 'ours, each run', 'raw, each run'], rows, (i) => i >= 2 && i <= 4),
  );

  const wrong = summary.flatMap(({ backend, outcomes }) =>
    outcomes.flatMap((o, i) => (correct(o.readAll) ? [] : [`${backend} run ${i + 1}: ${describe(o.readAll)}`])),
  );
  console.log(
    wrong.length === 0
      ? `\nreadAll returned all ${fmt(TOTAL)} events exactly once and in increasing position order, in every run.`
      : `\nWRONG: readAll did not return the log exactly once in order:\n  ${wrong.join('\n  ')}`,
  );
  console.log(
    '\nPer event, medians: WAL written by the append phase, and on-disk size after the 1-writer phase (table + indexes + TOAST; ours incl. streams)',
  );
  const extra: string[][] = [];
  for (const { backend, outcomes, seconds: s } of summary) {
    const m = (pick: (o: RunOutcome) => number) => `${median(outcomes.map(pick)).toFixed(0)} B`;
    extra.push([
      backend,
      m((o) => o.wal.append1.ours),
      m((o) => o.wal.append1.raw),
      m((o) => o.wal.appendN.ours),
      m((o) => o.wal.appendN.raw),
      m((o) => o.bytes.ours),
      m((o) => o.bytes.raw),
      `${s.toFixed(0)} s`,
    ]);
  }
  console.log(
    table(['backend', 'WAL 1 writer ours', 'raw', `WAL ${WRITERS} writers ours`, 'raw', 'disk ours', 'disk raw', 'wall time'], extra, (i) => i >= 1),
  );
  for (const { backend, busy } of summary) console.log(`Machine during ${backend}: ${busy}`);
  if (!code.same()) console.log('\nNote: libs/event-store changed during the run; the figures are for the code loaded at the start (Code above).');
  console.log(`\ntotal wall time ${seconds(started).toFixed(0)} s (schemas bench_${STAMP}_*: dropped; PGlite directories: deleted)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
