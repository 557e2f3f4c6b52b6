/**
 * Where the append cost goes (not part of `npm run bench:store`; run with
 * `node -r ./tools/register.js bench/store-breakdown.ts`). Four ways of writing the same appends,
 * each adding one part of what SqlEventStore.append does:
 *   raw        plain table (bigint identity PK only), one multi-row INSERT per transaction;
 *   table      the store's own events table (all its columns, constraints and indexes, tx_id
 *              default), the store's INSERT … SELECT FROM unnest(…), fixed hash strings;
 *   +head      as the store: SELECT the stream head FOR UPDATE, the INSERT, INSERT the stream
 *              head; still fixed hash strings (no canonical JSON, no SHA-256);
 *   store      SqlEventStore.append itself (adds the hash chain and the id checks).
 * Plus the CPU time of the hash chain alone (canonical JSON + SHA-256) per event.
 * Same environment variables as store.bench.ts (BENCH_EVENTS, BENCH_WRITERS, BENCH_BACKENDS, …);
 * BENCH_RUNS defaults to 1 here.
 */
import { performance } from 'node:perf_hooks';
import { canonicalJson, eventHash, GENESIS_HASH, NO_STREAM, SqlEventStore, SqlExecutor, StoredMetadata } from '@app/event-store';
import { Append, appendAll, backendsFromEnv, codeState, fmt, int, loadMonitor, machine, median, table } from './bench-support';
import { LIFECYCLE_LENGTH, lifecycles } from './lifecycle';
import { createRawTable, rawAppend } from './raw-baseline';

const EVENTS = int('BENCH_EVENTS', 100_000);
const RUNS = int('BENCH_RUNS', 1);
const WRITERS = int('BENCH_WRITERS', 16);
const APPENDS = Math.ceil(EVENTS / LIFECYCLE_LENGTH);
const TOTAL = APPENDS * LIFECYCLE_LENGTH;
const FIXED_HASH = 'f'.repeat(64);

type Variant = 'raw' | 'table' | '+head' | 'store';
const VARIANTS: readonly Variant[] = ['raw', 'table', '+head', 'store'];

const insertEvents = (s: string) =>
  `INSERT INTO ${s}.events (stream_id, version, event_id, type, data, metadata, occurred_at, recorded_at, prev_hash, hash)
   SELECT $1, v, id, t, d::jsonb, m::jsonb, o, $2::timestamptz, p, h
   FROM unnest($3::bigint[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::text[], $10::text[])
     AS x(v, id, t, d, m, o, p, h)`;

async function insertLikeStore(tx: SqlExecutor, schema: string, a: Append, current: number): Promise<void> {
  const recordedAt = new Date().toISOString();
  const metadata = a.events.map((e): StoredMetadata => ({ ...e.metadata, recordedAt }));
  await tx.query(insertEvents(schema), [
    a.streamId,
    recordedAt,
    a.events.map((_, i) => current + i + 1),
    a.events.map((e) => e.eventId),
    a.events.map((e) => e.type),
    a.events.map((e) => JSON.stringify(e.data)),
    metadata.map((m) => JSON.stringify(m)),
    a.events.map((e) => e.metadata.occurredAt),
    a.events.map(() => FIXED_HASH),
    a.events.map(() => FIXED_HASH),
  ]);
}

function hashCost(): { chain: number; canonical: number } {
  const appends = lifecycles(5_000_000, Math.min(APPENDS, 5000));
  const recordedAt = new Date().toISOString();
  const time = (work: () => void) => {
    work();
    const t = performance.now();
    work();
    return ((performance.now() - t) * 1000) / (appends.length * LIFECYCLE_LENGTH);
  };
  const chain = time(() => {
    for (const a of appends) {
      let prev = GENESIS_HASH;
      a.events.forEach((e, i) => {
        prev = eventHash(prev, {
          streamId: a.streamId,
          version: i + 1,
          eventId: e.eventId,
          type: e.type,
          data: e.data,
          metadata: { ...e.metadata, recordedAt },
        });
      });
    }
  });
  const canonical = time(() => {
    for (const a of appends) for (const e of a.events) canonicalJson({ data: e.data, metadata: { ...e.metadata, recordedAt } });
  });
  return { chain, canonical };
}

async function main(): Promise<void> {
  const backends = backendsFromEnv(RUNS);
  const about = machine();
  for (const backend of backends) Object.assign(about, await backend.info());
  about['Code'] = codeState().text;
  console.log('Event store append breakdown');
  for (const [key, value] of Object.entries(about)) console.log(`  ${key}: ${value}`);
  console.log(
    `  ${fmt(TOTAL)} events per measurement = ${fmt(APPENDS)} appends × ${LIFECYCLE_LENGTH} (new stream each), 1 and ${WRITERS} writers; medians of ${RUNS} run(s)`,
  );
  const cpu = hashCost();
  console.log(
    `  hash chain CPU (canonical JSON + SHA-256, one thread): ${cpu.chain.toFixed(1)} µs/event (canonical JSON alone ${cpu.canonical.toFixed(1)} µs)`,
  );
  console.log(`    = at most ${fmt(1e6 / cpu.chain)} events/s of one core if that were all`);

  const rows: string[][] = [];
  for (const backend of backends) {
    const results: Record<string, { rate: number[]; wal: number[] }> = {};
    const load = loadMonitor();
    for (let r = 1; r <= backend.runs; r++) {
      const db = await backend.open(r);
      try {
        for (const writers of [1, WRITERS]) {
          for (const variant of r % 2 ? VARIANTS : [...VARIANTS].reverse()) {
            const schema = db.schema(`${variant === '+head' ? 'head' : variant}_w${writers}`);
            const store = await SqlEventStore.open(db.client, { schema });
            await createRawTable(db.raw, schema);
            const appends = lifecycles(writers * 1_000_000, APPENDS);
            const write: Record<Variant, (a: Append) => Promise<void>> = {
              raw: (a) => rawAppend(db.raw, schema, a.streamId, a.events),
              table: (a) => db.client.transaction((tx) => insertLikeStore(tx, schema, a, 0)),
              '+head': (a) =>
                db.client.transaction(async (tx) => {
                  const head = (
                    await tx.query<{ version: number }>(`SELECT version::int AS version FROM ${schema}.streams WHERE stream_id = $1 FOR UPDATE`, [
                      a.streamId,
                    ])
                  ).rows[0];
                  if (head) throw new Error('stream exists');
                  await insertLikeStore(tx, schema, a, 0);
                  await tx.query(`INSERT INTO ${schema}.streams (stream_id, version, last_hash) VALUES ($1, $2, $3)`, [
                    a.streamId,
                    a.events.length,
                    FIXED_HASH,
                  ]);
                }),
              store: async (a) => {
                await store.append(a.streamId, a.events, NO_STREAM);
              },
            };
            await appendAll(writers, lifecycles(9_000_000 + writers * 10_000, 100), write[variant]); // warm-up
            await db.checkpoint();
            const before = await db.walBytes();
            const took = await appendAll(writers, appends, write[variant]);
            const wal = Number((await db.walBytes()) - before) / TOTAL;
            const key = `${writers}|${variant}`;
            (results[key] ??= { rate: [], wal: [] }).rate.push(TOTAL / took);
            results[key]!.wal.push(wal);
            console.log(
              `${backend.name} run ${r}, ${writers} writer(s), ${variant}: ${fmt(TOTAL / took)} ev/s (${took.toFixed(1)} s), WAL ${wal.toFixed(0)} B/event`,
            );
          }
        }
      } finally {
        await db.dispose();
      }
    }
    console.log(`${backend.name}: machine: ${load.stop()}`);
    for (const writers of [1, WRITERS]) {
      const raw = median(results[`${writers}|raw`]!.rate);
      for (const variant of VARIANTS) {
        const { rate, wal } = results[`${writers}|${variant}`]!;
        const ms = (1000 * LIFECYCLE_LENGTH) / median(rate);
        rows.push([
          backend.name,
          String(writers),
          variant,
          fmt(median(rate)),
          (median(rate) / raw).toFixed(2),
          ms.toFixed(2),
          `${median(wal).toFixed(0)}`,
        ]);
      }
    }
  }
  console.log('');
  console.log(
    table(['backend', 'writers', 'variant', 'events/s', 'vs raw', 'wall ms per append (1/throughput)', 'WAL B/event'], rows, (i) => i >= 3),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
