/**
 * Projections and reports benchmark (`npm run bench:projections`): a generated log of BENCH_DEAN
 * đề án (default 100,000: ≥ 1,000,000 events with their plans) on PostgreSQL, and a smaller one on
 * PGlite (BENCH_PGLITE_EVENTS, default 100,000 events), then:
 *
 *   - raw sequential read: the store's readAll in pages (BENCH_READ_PAGE, 5,000; and 1,000, the page
 *     the runner rebuilds with), and as the floor a plain driver SELECT of the events table (keyset
 *     on its primary key, same columns, same page) — events/s;
 *   - rebuild: the runner's rebuild() of every read model from position zero into scratch schemas
 *     with the atomic swap — events/s per projection and for all, and the ratio to readAll;
 *   - reports on the live read models: the funding report (all years; one province), its XLSX,
 *     and the funding and pipeline reports as of the end of 2016, 2019 and 2022 — p50/p99 of
 *     BENCH_REPORT_CALLS calls; the as-of reports read the versioned facts, they replay nothing.
 *
 * Read and rebuild figures are medians of BENCH_RUNS runs (BENCH_PG_RUNS / BENCH_PGLITE_RUNS per
 * backend). The log is written directly as events, not through the deciders (projections-log.ts),
 * in time order (to the month), in batches of BENCH_GEN_BATCH events per appendMany; its writing is
 * not measured.
 *
 * Environment: BENCH_DEAN (100000), BENCH_PGLITE_EVENTS (100000), BENCH_RUNS (3), BENCH_PG_RUNS,
 * BENCH_PGLITE_RUNS, BENCH_REPORT_CALLS (50), BENCH_READ_PAGE (5000), BENCH_GEN_BATCH (1000),
 * BENCH_GEN_WRITERS (4 concurrent writers of the log on PostgreSQL; 1 on PGlite),
 * BENCH_BACKENDS (postgres,pglite), BENCH_PG_URL or TEST_DATABASE_URL, BENCH_KEEP=1 (keep the
 * PostgreSQL log in schema bench_proj_keep_<parameters> and reuse it next time),
 * BENCH_CPU_PROFILE=<file> (CPU profile of the first rebuild on the first backend, summarised),
 * BENCH_STATEMENTS=1 (count and time the statements of the first rebuild of each backend),
 * BENCH_REBUILD=<names> (rebuild only these projections; reports need report-facts),
 * PGLITE_FSYNC=false (PGlite without fsync, as the product's setting of that name).
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { comparePositions, GlobalPosition, PgClient, PGliteClient, SqlClient, SqlEventStore } from '@app/event-store';
import {
  FundingReport,
  fundingReport,
  PipelineReport,
  pipelineReport,
  Projection,
  ProjectionRunner,
  readModelProjections,
  RebuildProgress,
  renderXlsx,
  reportFactsProjection,
  REPORTS,
  ReportQuery,
  sqlEventCounter,
} from '@app/projections';
import { fmt, int, machine, median, PG_URL, pgliteBackend, postgresBackend, seconds, STAMP, table } from './bench-support';
import { deAnForEvents, expected, Expected, FIRST_YEAR, GENERATOR_VERSION, LAST_YEAR, logOutline, writeLog } from './projections-log';
import { CountingClient, librariesState, machineMonitor, msText, percentile, profileSummary, timeCalls } from './projections-support';

const DEAN = int('BENCH_DEAN', 100_000);
const RUNS = int('BENCH_RUNS', 3);
const PGLITE_EVENTS = int('BENCH_PGLITE_EVENTS', 100_000);
const REPORT_CALLS = int('BENCH_REPORT_CALLS', 50);
const READ_PAGE = int('BENCH_READ_PAGE', 5_000);
const REBUILD_PAGE = 1_000; // the runner's default rebuildBatchSize, which the product uses
const GEN_BATCH = int('BENCH_GEN_BATCH', 1_000);
const GEN_WRITERS = int('BENCH_GEN_WRITERS', 4);
const KEEP = process.env.BENCH_KEEP === '1';
const CPU_PROFILE = process.env.BENCH_CPU_PROFILE;
const STATEMENTS = process.env.BENCH_STATEMENTS === '1';
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'postgres,pglite')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
for (const b of BACKENDS) if (b !== 'postgres' && b !== 'pglite') throw new Error(`unknown backend ${b} (postgres, pglite)`);

/** The read models: the product's list, with report-facts added if it is not (yet) in it. */
const PROJECTIONS: readonly Projection[] = readModelProjections();
/** The ones this invocation rebuilds (BENCH_REBUILD, names separated by commas; default all). */
const REBUILD_NAMES = (process.env.BENCH_REBUILD ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
for (const name of REBUILD_NAMES)
  if (!PROJECTIONS.some((p) => p.name === name)) throw new Error(`unknown projection ${name} (${PROJECTIONS.map((p) => p.name).join(', ')})`);
const SELECTED = REBUILD_NAMES.length === 0 ? PROJECTIONS : PROJECTIONS.filter((p) => REBUILD_NAMES.includes(p.name));
const ALL_SELECTED = SELECTED.length === PROJECTIONS.length;
const WITH_REPORTS = SELECTED.some((p) => p.name === reportFactsProjection.name);

/** End of a day in Asia/Ho_Chi_Minh (what the API makes of asOf=YYYY-MM-DD). */
const endOfDay = (day: string) => new Date(Date.parse(`${day}T23:59:59.999+07:00`)).toISOString();
const AS_OF = ['2016-12-31', '2019-12-31', '2022-12-31'];

/** One backend's database: the SQL client the store, runner and reports use, and a plain driver query for the floor. */
interface Site {
  readonly name: 'postgres' | 'pglite';
  readonly sql: SqlClient;
  readonly raw: (text: string, params: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;
  readonly storeSchema: string;
  readonly readSchema: string;
  checkpoint(): Promise<void>;
  dispose(): Promise<void>;
}

type ReadKind = 'raw' | 'readAll' | 'readAllRebuildPage';
interface RunOutcome {
  read: Record<ReadKind, number>;
  /** Per projection: events/s of its rebuild (log events ÷ its time), and the whole rebuild(). */
  rebuild: Record<string, number>;
  rebuildAll: number;
  rebuildSeconds: number;
  busy: string;
  readBusy: string;
  loadAtStart: string;
}
interface ReportTiming {
  report: string;
  query: string;
  ms: number[];
  check: string;
}
interface BackendOutcome {
  site: Site['name'];
  deAn: number;
  events: number;
  generated: string;
  runs: RunOutcome[];
  reports: ReportTiming[];
  xlsx?: { first: number; ms: number; bytes: number };
  sizes: string[];
  checks: string[];
}

const log = (line: string) => console.log(line);

// ---------------------------------------------------------------- sites

async function postgresSite(): Promise<Site> {
  const sql = new PgClient({ connectionString: PG_URL });
  const pool = new Pool({ connectionString: PG_URL, max: 2 });
  pool.on('error', () => undefined);
  const params = `d${DEAN}_b${GEN_BATCH}_w${GEN_WRITERS}_g${GENERATOR_VERSION}`;
  const storeSchema = KEEP ? `bench_proj_keep_${params}` : `bench_proj_${STAMP}`;
  return {
    name: 'postgres',
    sql,
    storeSchema,
    readSchema: `${storeSchema}_rm`,
    raw: (text, values) => pool.query(text, values),
    checkpoint: async () => {
      await pool.query('CHECKPOINT');
    },
    async dispose() {
      try {
        await pool.query(`DROP SCHEMA IF EXISTS ${storeSchema}_rm CASCADE`);
        if (!KEEP) await pool.query(`DROP SCHEMA IF EXISTS ${storeSchema} CASCADE`);
      } finally {
        await Promise.all([sql.close(), pool.end()]);
      }
    },
  };
}

async function pgliteSite(): Promise<Site> {
  const dir = mkdtempSync(join(tmpdir(), 'projections-bench-pglite-'));
  const client = await PGliteClient.open(dir, { fsync: process.env.PGLITE_FSYNC !== 'false' });
  return {
    name: 'pglite',
    sql: client,
    storeSchema: 'event_store',
    readSchema: 'read_models',
    raw: (text, values) => client.db.query<Record<string, unknown>>(text, values),
    checkpoint: async () => {
      await client.db.exec('CHECKPOINT');
    },
    async dispose() {
      try {
        await client.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

// ---------------------------------------------------------------- the log

const countEvents = async (site: Site) =>
  Number((await site.sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${site.storeSchema}.events`)).rows[0]!.n);

/** Writes the log (or finds the kept one); waits until readAll can see all of it. */
async function prepareLog(site: Site, deAn: number): Promise<{ store: SqlEventStore; events: number; generated: string }> {
  const outline = logOutline(deAn);
  const marker = `${site.storeSchema}.bench_log`;
  const parameters = JSON.stringify({ deAn, batch: GEN_BATCH, writers: GEN_WRITERS, generator: GENERATOR_VERSION, events: outline.events });
  let generated = '';
  if (site.name === 'postgres' && KEEP) {
    const exists =
      (await site.sql.query(`SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'bench_log'`, [site.storeSchema])).rows.length > 0;
    const kept = exists
      ? (await site.sql.query<{ parameters: string; written: string }>(`SELECT parameters, written::text AS written FROM ${marker}`)).rows[0]
      : undefined;
    if (kept?.parameters === parameters && (await countEvents(site)) === outline.events) {
      generated = `reused the log kept in schema ${site.storeSchema} (written ${kept.written})`;
    } else {
      await site.sql.query(`DROP SCHEMA IF EXISTS ${site.storeSchema} CASCADE`);
    }
  }
  const store = await SqlEventStore.open(site.sql, { schema: site.storeSchema });
  if (!generated) {
    log(
      `  writing the log: ${fmt(deAn)} đề án and ${fmt(outline.plans.length)} plans = ${fmt(outline.events)} events, in time order, ~${fmt(GEN_BATCH)} events per appendMany, ${site.name === 'pglite' ? 1 : GEN_WRITERS} writers (not measured)`,
    );
    const t = performance.now();
    const written = await writeLog(store, outline, GEN_BATCH, site.name === 'pglite' ? 1 : GEN_WRITERS, (done, total, s) =>
      log(
        `    ${fmt(done)} / ${fmt(total)} events (${((done / total) * 100).toFixed(0)} %), ${fmt(done / Math.max(s, 0.001))} ev/s, load ${loadavg()[0]!.toFixed(1)}`,
      ),
    );
    if (written !== outline.events) throw new Error(`wrote ${written} events, expected ${outline.events}`);
    await site.sql.query(`CREATE TABLE ${marker} (parameters text NOT NULL, written timestamptz NOT NULL DEFAULT now())`);
    await site.sql.query(`INSERT INTO ${marker} (parameters) VALUES ($1)`, [parameters]);
    generated = `written in ${seconds(t).toFixed(0)} s (${fmt(written / seconds(t))} ev/s)`;
  }
  const events = await countEvents(site);
  if (events !== outline.events) throw new Error(`the log holds ${events} events, expected ${outline.events}`);
  // As on a live log: hint bits set, planner statistics present (untimed).
  for (const t of ['events', 'streams']) await site.sql.query(`VACUUM ANALYZE ${site.storeSchema}.${t}`);
  // readAll sees only transactions older than the oldest running one, in the whole cluster: another
  // session's long transaction hides our newest events until it ends.
  const counter = sqlEventCounter(site.sql, site.storeSchema);
  for (let waited = 0; (await counter.total()) !== events; waited++) {
    if (waited === 0) log('  waiting for every event to become visible to readAll (a transaction of another session is open) …');
    if (waited > 600) throw new Error('events still invisible to readAll after 5 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
  return { store, events, generated };
}

// ---------------------------------------------------------------- reads

/** The whole log through readAll, keyset on the last position; checks count and order. */
async function readAllOnce(store: SqlEventStore, page: number, expectedEvents: number): Promise<number> {
  const t = performance.now();
  let after: GlobalPosition | undefined;
  let count = 0;
  for (;;) {
    const events = await store.readAll({ ...(after ? { after } : {}), limit: page });
    for (const e of events) {
      if (after && comparePositions(e.position, after) <= 0) throw new Error('readAll returned the log out of order');
      after = e.position;
    }
    count += events.length;
    if (events.length < page) break;
  }
  const s = seconds(t);
  if (count !== expectedEvents) throw new Error(`readAll returned ${count} events, expected ${expectedEvents}`);
  return count / s;
}

/** The floor: the same columns through the plain driver, keyset on the primary key, no visibility filter, no mapping. */
async function rawReadOnce(site: Site, page: number, expectedEvents: number): Promise<number> {
  const t = performance.now();
  let after = '0';
  let count = 0;
  for (;;) {
    const { rows } = await site.raw(
      `SELECT seq::text AS seq_text, tx_id::text AS tx_text, stream_id, version::int AS version_number, event_id::text AS event_uuid, type, data, metadata, prev_hash, hash
       FROM ${site.storeSchema}.events WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [after, page],
    );
    count += rows.length;
    if (rows.length < page) break;
    after = rows[rows.length - 1]!.seq_text as string;
  }
  const s = seconds(t);
  if (count !== expectedEvents) throw new Error(`raw read returned ${count} events, expected ${expectedEvents}`);
  return count / s;
}

// ---------------------------------------------------------------- one backend

async function runBackend(site: Site, deAn: number, runs: number, profileFirst: boolean): Promise<BackendOutcome> {
  const { store, events, generated } = await prepareLog(site, deAn);
  log(`  log: ${fmt(events)} events of ${fmt(deAn)} đề án; ${generated}`);
  const logs: string[] = [];
  await site.sql.query(`DROP SCHEMA IF EXISTS ${site.readSchema} CASCADE`);
  // Diagnostic: the runner's statements counted and timed (the store's readAll goes through the same client).
  const counting = STATEMENTS ? new CountingClient(site.sql) : undefined;
  const runnerStore = counting ? await SqlEventStore.open(counting, { schema: site.storeSchema }) : store;
  const runner = new ProjectionRunner(runnerStore, counting ?? site.sql, SELECTED, site.readSchema, {
    counter: sqlEventCounter(site.sql, site.storeSchema),
    log: (entry) => {
      if (entry.level !== 'info') logs.push(JSON.stringify(entry));
    },
  });
  await runner.migrate();

  // Warm-up (untimed): JIT, plans, buffers.
  await readAllOnce(store, READ_PAGE, events);

  const outcomes: RunOutcome[] = [];
  for (let r = 1; r <= runs; r++) {
    const loadAtStart = `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`;
    log(`\n  ${site.name} run ${r}/${runs} (${loadAtStart})`);
    const readLoad = machineMonitor();
    const read = {} as Record<ReadKind, number>;
    const order: ReadKind[] = r % 2 === 1 ? ['raw', 'readAll', 'readAllRebuildPage'] : ['readAllRebuildPage', 'readAll', 'raw'];
    for (const kind of order) {
      await site.checkpoint();
      read[kind] =
        kind === 'raw' ? await rawReadOnce(site, READ_PAGE, events) : await readAllOnce(store, kind === 'readAll' ? READ_PAGE : REBUILD_PAGE, events);
    }
    const readBusy = readLoad.stop();
    log(
      `    read: raw SELECT ${fmt(read.raw)} ev/s, readAll (${fmt(READ_PAGE)}) ${fmt(read.readAll)} ev/s, readAll (${fmt(REBUILD_PAGE)}) ${fmt(read.readAllRebuildPage)} ev/s`,
    );
    log(`    machine during the reads: ${readBusy}`);

    await site.checkpoint();
    let lastShown = '';
    const onProgress = (p: RebuildProgress) => {
      const step = p.total ? Math.floor((p.applied / p.total) * 4) : 0;
      const shown = `${p.name} ${p.phase} ${step}`;
      if (shown === lastShown || (p.phase === 'building' && p.applied === 0)) return;
      lastShown = shown;
      const elapsed = (Date.now() - Date.parse(p.startedAt)) / 1000;
      log(`    rebuilding ${p.name}: ${p.phase}, ${fmt(p.applied)}${p.total ? ` / ${fmt(p.total)}` : ''} events, ${elapsed.toFixed(0)} s`);
    };
    const session = profileFirst && r === 1 && CPU_PROFILE ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 5_000 }); // µs: a long rebuild stays a readable file
      await session.post('Profiler.start');
    }
    const load = machineMonitor();
    const t = performance.now();
    const results = await runner.rebuild(undefined, onProgress);
    const rebuildSeconds = seconds(t);
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(CPU_PROFILE!, JSON.stringify(profile));
      session.disconnect();
      log(`    CPU profile of this rebuild: ${CPU_PROFILE}; self time by function (node thread only; "(idle)" = waiting for the database):`);
      for (const line of profileSummary(profile as Parameters<typeof profileSummary>[0], 25)) log(`      ${line}`);
    }
    if (counting && r === 1) {
      log('    statements of this rebuild (count × mean = total, rows, statement; readAll included):');
      for (const line of counting.report()) log(`      ${line}`);
    }
    const rebuild: Record<string, number> = {};
    for (const result of results) {
      if (result.applied !== events) throw new Error(`${result.name}: rebuilt from ${result.applied} events, expected ${events}`);
      rebuild[result.name] = events / (result.ms / 1000);
    }
    const busy = load.stop();
    outcomes.push({ read, rebuild, rebuildAll: events / rebuildSeconds, rebuildSeconds, busy, readBusy, loadAtStart });
    log(
      `    rebuild: ${results.map((x) => `${x.name} ${(x.ms / 1000).toFixed(1)} s (${fmt(rebuild[x.name]!)} ev/s)`).join(', ')}; all ${rebuildSeconds.toFixed(1)} s (${fmt(events / rebuildSeconds)} ev/s)`,
    );
    log(`    machine during the rebuild: ${busy}`);
  }
  if (logs.length > 0) log(`  runner warnings/errors:\n    ${logs.slice(0, 10).join('\n    ')}`);

  // The live read models now hold the last rebuild. Statistics as autovacuum would gather them (untimed).
  for (const projection of SELECTED) for (const t of projection.tables) await site.sql.query(`VACUUM ANALYZE ${site.readSchema}.${t}`);
  const sizes = (
    await site.sql.query<{ t: string; n: string; bytes: string }>(
      `SELECT c.relname AS t, c.reltuples::bigint::text AS n, pg_total_relation_size(c.oid)::text AS bytes
     FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = $1 AND c.relkind = 'r' ORDER BY c.relname`,
      [site.readSchema],
    )
  ).rows.map((r) => `${r.t} ${fmt(Number(r.n))} rows, ${(Number(r.bytes) / 2 ** 20).toFixed(0)} MiB`);

  const { reports, xlsx, checks } = WITH_REPORTS ? await measureReports(site, deAn) : { reports: [], xlsx: undefined, checks: [] };
  return { site: site.name, deAn, events, generated, runs: outcomes, reports, ...(xlsx ? { xlsx } : {}), sizes, checks };
}

// ---------------------------------------------------------------- reports

const triệu = (dong: number) => `${fmt(dong / 1_000_000)} triệu`;

function fundingCheck(data: FundingReport, want: Expected): string {
  const got = data.totals.total;
  const same = (['KCDP', 'KCQG'] as const).every((s) => got[s].count === want.approved[s].count && got[s].amount === want.approved[s].amount);
  const text = `KCĐP ${fmt(got.KCDP.count)} đề án ${triệu(got.KCDP.amount)}, KCQG ${fmt(got.KCQG.count)} đề án ${triệu(got.KCQG.amount)}`;
  return same
    ? `${text} = generated`
    : `MISMATCH: ${text}; generated KCĐP ${fmt(want.approved.KCDP.count)} ${triệu(want.approved.KCDP.amount)}, KCQG ${fmt(want.approved.KCQG.count)} ${triệu(want.approved.KCQG.amount)}`;
}

function pipelineCheck(data: PipelineReport, want: Expected): string {
  const settled = data.rows.find((r) => r.status === 'Settled')?.count ?? 0;
  const text = `${fmt(data.total)} đề án registered, ${fmt(settled)} settled`;
  return data.total === want.registered && settled === want.settled
    ? `${text} = generated`
    : `MISMATCH: ${text}; generated ${fmt(want.registered)} and ${fmt(want.settled)}`;
}

async function measureReports(site: Site, deAn: number): Promise<{ reports: ReportTiming[]; xlsx?: BackendOutcome['xlsx']; checks: string[] }> {
  const { sql, readSchema: schema } = site;
  const reports: ReportTiming[] = [];
  const checks: string[] = [];
  const timed = async (report: string, queryText: string, build: () => Promise<string>) => {
    let check = '';
    for (let i = 0; i < 3; i++) check = await build(); // warm-up, untimed
    const ms = await timeCalls(REPORT_CALLS, build);
    reports.push({ report, query: queryText, ms, check });
    log(`    ${report} ${queryText}: p50 ${msText(percentile(ms, 50))} ms, p99 ${msText(percentile(ms, 99))} ms — ${check}`);
    checks.push(check);
  };
  log(`\n  reports on the live read models (${REPORT_CALLS} calls each after 3 untimed; the as-of ones read the versioned facts, no replay)`);
  const funding = (query: ReportQuery, want: () => Expected) => {
    let wanted: Expected | undefined;
    return async () => {
      const { data } = await fundingReport.build(sql, schema, query);
      wanted ??= want();
      return fundingCheck(data, wanted);
    };
  };
  const pipeline = (query: ReportQuery, want: () => Expected) => {
    let wanted: Expected | undefined;
    return async () => {
      const { data } = await pipelineReport.build(sql, schema, query);
      wanted ??= want();
      return pipelineCheck(data, wanted);
    };
  };
  await timed(
    'funding',
    `all years ${FIRST_YEAR}–${LAST_YEAR}`,
    funding({}, () => expected(deAn)),
  );
  await timed(
    'funding',
    'province 52 (Bình Định)',
    funding({ province: '52' }, () => expected(deAn, undefined, '52')),
  );
  for (const day of AS_OF) {
    const at = endOfDay(day);
    await timed(
      'funding',
      `asOf ${day}`,
      funding({ asOf: at }, () => expected(deAn, Date.parse(at))),
    );
  }
  for (const day of AS_OF) {
    const at = endOfDay(day);
    await timed(
      'pipeline',
      `asOf ${day}`,
      pipeline({ asOf: at }, () => expected(deAn, Date.parse(at))),
    );
  }

  const { table: fundingTable } = await fundingReport.build(sql, schema, {});
  let bytes = 0;
  const renders = await timeCalls(6, async () => {
    bytes = (await renderXlsx([fundingTable])).length;
  });
  const xlsx = { first: renders[0]!, ms: median(renders.slice(1)), bytes };
  log(
    `    funding XLSX (all years): render ${msText(xlsx.first)} ms the first time in the process, then ${msText(xlsx.ms)} ms (median of 5), ${fmt(bytes)} bytes`,
  );

  // The other reports, for the record (fewer calls).
  for (const report of REPORTS) {
    if (report.name === 'funding') continue;
    const ms = await timeCalls(Math.min(REPORT_CALLS, 10), () => report.build(sql, schema, {}));
    reports.push({ report: report.name, query: 'all years (latest)', ms, check: '' });
  }
  return { reports, xlsx, checks };
}

// ---------------------------------------------------------------- summary

function summarise(outcome: BackendOutcome): string[] {
  const lines: string[] = [];
  const runs = outcome.runs;
  const m = (pick: (r: RunOutcome) => number) => median(runs.map(pick));
  const each = (pick: (r: RunOutcome) => number) => runs.map((r) => fmt(pick(r))).join(' / ');
  const readAll = m((r) => r.read.readAll);
  const readAllSmall = m((r) => r.read.readAllRebuildPage);
  const rows: string[][] = [
    [`raw SELECT (pages of ${fmt(READ_PAGE)}, keyset on seq)`, fmt(m((r) => r.read.raw)), '', '', each((r) => r.read.raw)],
    [`readAll (pages of ${fmt(READ_PAGE)})`, fmt(readAll), '1.00', (readAll / readAllSmall).toFixed(2), each((r) => r.read.readAll)],
    [
      `readAll (pages of ${fmt(REBUILD_PAGE)}, the rebuild's page)`,
      fmt(readAllSmall),
      (readAllSmall / readAll).toFixed(2),
      '1.00',
      each((r) => r.read.readAllRebuildPage),
    ],
  ];
  for (const p of SELECTED) {
    const rate = m((r) => r.rebuild[p.name]!);
    rows.push([`rebuild ${p.name}`, fmt(rate), (rate / readAll).toFixed(3), (rate / readAllSmall).toFixed(3), each((r) => r.rebuild[p.name]!)]);
  }
  const all = m((r) => r.rebuildAll);
  rows.push([
    ALL_SELECTED ? `rebuild all ${SELECTED.length} (rebuild(), one after the other)` : `rebuild() of the ${SELECTED.length} selected`,
    fmt(all),
    (all / readAll).toFixed(3),
    (all / readAllSmall).toFixed(3),
    each((r) => r.rebuildAll),
  ]);
  lines.push(`${outcome.site}: ${fmt(outcome.events)} events (${fmt(outcome.deAn)} đề án), medians of ${runs.length} runs, events/s`);
  lines.push(
    table(['measurement', 'ev/s', `÷ readAll ${fmt(READ_PAGE)}`, `÷ readAll ${fmt(REBUILD_PAGE)}`, 'each run'], rows, (i) => i >= 1 && i <= 3),
  );
  lines.push(`rebuild wall time: ${runs.map((r) => `${r.rebuildSeconds.toFixed(0)} s`).join(' / ')}`);
  lines.push(`read models after the rebuild: ${outcome.sizes.join('; ')}`);
  if (outcome.reports.length === 0) {
    for (const [i, r] of runs.entries()) lines.push(`run ${i + 1}: ${r.loadAtStart} at start; reads: ${r.readBusy}; rebuild: ${r.busy}`);
    return lines;
  }
  lines.push('');
  lines.push(`${outcome.site}: reports on the live read models, ms (${REPORT_CALLS} calls each; p99 by nearest rank)`);
  lines.push(
    table(
      ['report', 'query', 'calls', 'p50', 'p99', 'min', 'max'],
      outcome.reports.map((t) => [
        t.report,
        t.query,
        String(t.ms.length),
        msText(percentile(t.ms, 50)),
        msText(percentile(t.ms, 99)),
        msText(Math.min(...t.ms)),
        msText(Math.max(...t.ms)),
      ]),
      (i) => i >= 2,
    ),
  );
  if (outcome.xlsx)
    lines.push(
      `funding report as XLSX (all years, one sheet, ${fmt(outcome.xlsx.bytes)} bytes): render ${msText(outcome.xlsx.ms)} ms (median of 5; the first in the process ${msText(outcome.xlsx.first)} ms)`,
    );
  for (const [i, r] of runs.entries()) lines.push(`run ${i + 1}: ${r.loadAtStart} at start; reads: ${r.readBusy}; rebuild: ${r.busy}`);
  return lines;
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const started = performance.now();
  const about = machine();
  const infoOf = { postgres: () => postgresBackend(1).info(), pglite: () => pgliteBackend(1).info() };
  for (const b of BACKENDS) Object.assign(about, await infoOf[b as 'postgres' | 'pglite']());
  const code = librariesState(['libs/projections', 'libs/event-store', 'libs/domain']);
  about['Code'] = code.text;
  const pgliteDeAn = deAnForEvents(PGLITE_EVENTS);

  log(`Projections and reports benchmark, ${new Date().toISOString()}`);
  for (const [key, value] of Object.entries(about)) log(`  ${key}: ${value}`);
  log(
    `  Read models: ${PROJECTIONS.map((p) => p.name).join(', ')} (the product's readModelProjections)` +
      `${ALL_SELECTED ? '' : `; this invocation rebuilds only ${SELECTED.map((p) => p.name).join(', ')} (BENCH_REBUILD)`}${WITH_REPORTS ? '' : '; no reports (they read report-facts)'}`,
  );
  log(
    `  Log: generated directly as events (not through the deciders), shaped as the domain's events; plan years ${FIRST_YEAR}–${LAST_YEAR}, 63 provinces, KCĐP and KCQG,`,
  );
  log('       every activity of the catalogue; each đề án registered → council → 2 reviews → appraisal → approval (+ plan commitment) → contract →');
  log('       completion → acceptance → settlement (+ plan settlement), 5 % rejected at appraisal; in time order of occurredAt');
  const runsOf = (name: string) => (name === 'postgres' ? int('BENCH_PG_RUNS', RUNS) : int('BENCH_PGLITE_RUNS', RUNS));
  log(
    `  Sizes: ${BACKENDS.map((b) => (b === 'postgres' ? `PostgreSQL ${fmt(DEAN)} đề án` : `PGlite ${fmt(pgliteDeAn)} đề án (≥ ${fmt(PGLITE_EVENTS)} events)`)).join(', ')}; ` +
      `runs ${BACKENDS.map((b) => `${b} ${runsOf(b)}`).join(', ')} (medians); report calls ${REPORT_CALLS}`,
  );

  const outcomes: BackendOutcome[] = [];
  for (const name of BACKENDS) {
    const runs = runsOf(name);
    log(`\n${name}`);
    const site = name === 'postgres' ? await postgresSite() : await pgliteSite();
    try {
      outcomes.push(await runBackend(site, name === 'postgres' ? DEAN : pgliteDeAn, runs, outcomes.length === 0));
    } finally {
      await site.dispose();
    }
  }

  log('\n================ summary ================');
  for (const outcome of outcomes) {
    log('');
    for (const line of summarise(outcome)) log(line);
  }
  const mismatches = outcomes.flatMap((o) => o.checks.filter((c) => c.startsWith('MISMATCH')).map((c) => `${o.site}: ${c}`));
  log(
    mismatches.length === 0
      ? '\nEvery timed report returned the figures the generator put in (funding totals, pipeline totals, as of each instant).'
      : `\nWRONG report figures:\n  ${mismatches.join('\n  ')}`,
  );
  if (!code.same())
    log(
      '\nNote: libs/projections, libs/event-store or libs/domain changed during the run; the figures are for the code loaded at the start (Code above).',
    );
  log(
    `\ntotal wall time ${seconds(started).toFixed(0)} s (${KEEP ? 'PostgreSQL log kept for BENCH_KEEP=1; read-model schema dropped' : 'schemas dropped'}; PGlite directory deleted)`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
