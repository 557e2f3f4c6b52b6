/**
 * Deadline reminders benchmark (`npm run bench:reminders`), as the issue asks: "schedule 100,000
 * deadlines, then measure firing lag p50/p99 and the reconciler's time to restore 100,000 jobs after
 * a flush". Everything goes through the real path: đề án events in the store, the `deadlines`
 * projection deriving the open deadlines, the DeadlineScheduler (BullMQ on Redis) scheduling them
 * and firing them (DeadlineMissed appended to the đề án's stream, a notification recorded).
 *
 * Two sets of BENCH_DEADLINES (default 100,000) đề án, each DeAnRegistered + CouncilAssigned (one
 * appraisal deadline each; the deadline policy overridden with withDeadlineOverrides, no reminders,
 * so one job per deadline). The events are written directly with appendMany (not measured), then the
 * projection runner catches up until the `deadlines` table holds every deadline.
 *
 *   1. "far" set: appraisal due P30D. The scheduler's start (its initial reconcile) schedules every
 *      job: jobs/s. A reconcile with every job present (what runs every 60 s). Then BENCH_RUNS times:
 *      FLUSHDB of the bench's Redis database, and reconcile() timed until getJobCounts('delayed') is
 *      back to every job (the median is reported, with the share of the deadlines query).
 *   2. "lag" set: appraisal due PT{D}S after each CouncilAssigned's occurredAt; occurredAt spread over
 *      BENCH_SPREAD_S, D chosen from the far set's projection and scheduling times so that the first
 *      deadline falls due ~BENCH_LEAD_S after the scheduling finished and the rest over the spread.
 *      The scheduler starts (initial reconcile measured), the projection runner keeps following the
 *      log (as in the worker process), and every deadline fires; lag = the DeadlineMissed event's
 *      metadata.recordedAt − its dueAt: p50/p90/p99/max, by due-time window, and the firing rate.
 *
 * The far set runs first because its projection and scheduling times give the lag set its due time:
 * the due time is fixed in the events (occurredAt + D) before the projection and the scheduling run.
 *
 * Environment: BENCH_DEADLINES (100000), BENCH_RUNS (3), BENCH_SPREAD_S (default 25 s × deadlines /
 * 100,000, at least 2 s: the same 4,000 deadlines/s falling due at any scale), BENCH_LEAD_S (3),
 * BENCH_CONCURRENCY (the scheduler's worker concurrency; default: the scheduler's own default, 8),
 * BENCH_GEN_BATCH (500 đề án = 1,000 events per appendMany), BENCH_GEN_WRITERS (2),
 * BENCH_FIRE_TIMEOUT_S (1800), BENCH_REDIS_URL (redis://127.0.0.1:6379) and BENCH_REDIS_DB (6: the
 * bench FLUSHes this database, and only it), BENCH_PG_URL or TEST_DATABASE_URL (fresh schemas per
 * run, dropped at the end).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import { DEADLINE_POLICY, DeadlineRules, deAnStreamId, withDeadlineOverrides, workingCalendar } from '@app/domain';
import { ANY, EventStore, JsonObject, NewEvent, PgClient, SqlClient, SqlEventStore, SqlExecutor, SqlResult } from '@app/event-store';
import { CommandHandler } from '@app/application';
import { deadlinesProjection, ProjectionRunner, sqlEventCounter } from '@app/projections';
import { DeadlineRow, DeadlineScheduler, jobIdOf, jobsFor, ReconcileResult } from '@app/scheduler';
import { fmt, int, machine, median, PG_URL, seconds, STAMP, table } from './bench-support';
import { librariesState, machineMonitor, msText, percentile } from './projections-support';

// librariesState runs `git status`: no optional index refresh (the bench writes nothing to the repository).
process.env.GIT_OPTIONAL_LOCKS = '0';

const DEADLINES = int('BENCH_DEADLINES', 100_000);
const RUNS = int('BENCH_RUNS', 3);
const SPREAD_MS = process.env.BENCH_SPREAD_S ? int('BENCH_SPREAD_S', 25) * 1_000 : Math.max(2_000, Math.round((25_000 * DEADLINES) / 100_000));
const LEAD_MS = int('BENCH_LEAD_S', 3) * 1_000;
const CONCURRENCY = process.env.BENCH_CONCURRENCY ? int('BENCH_CONCURRENCY', 8) : undefined;
const SCHEDULER_DEFAULT_CONCURRENCY = 8; // DeadlineScheduler.start(): concurrency ?? 8
const GEN_BATCH = int('BENCH_GEN_BATCH', 500);
const GEN_WRITERS = int('BENCH_GEN_WRITERS', 2);
const FIRE_TIMEOUT_MS = int('BENCH_FIRE_TIMEOUT_S', 1_800) * 1_000;
const REDIS_DB = int('BENCH_REDIS_DB', 6);
const REDIS_URL = `${(process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379').replace(/\/+$/, '')}/${REDIS_DB}`;
const RESTORE_TIMEOUT_MS = 300_000;
const SCHEMA = `bench_rem_${STAMP}_${process.pid}`;

const log = (line: string) => console.log(line);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const lagText = (ms: number) => (Math.abs(ms) >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${msText(ms)} ms`);
const sec = (ms: number) => `${(ms / 1000).toFixed(ms >= 100_000 ? 0 : 1)} s`;

// ---------------------------------------------------------------- cleanup (also on failure and Ctrl-C)

const cleanups: { what: string; run: () => Promise<unknown> }[] = [];
const onCleanup = (what: string, run: () => Promise<unknown>) => cleanups.push({ what, run });
async function cleanup(): Promise<void> {
  while (cleanups.length > 0) {
    const { what, run } = cleanups.pop()!;
    try {
      await run();
    } catch (error) {
      console.error(`cleanup: ${what} failed: ${(error as Error).message}`);
    }
  }
}

// ---------------------------------------------------------------- SQL timing of the reconcile's deadlines query

/**
 * The scheduler's SQL client for the far set: passes every statement through, and while `recording`
 * keeps the time and rows of the reconcile's read of every open deadline (`WHERE d.live AND TRUE`).
 */
class ReconcileSqlTimer implements SqlClient {
  recording = false;
  readonly reads: { ms: number; rows: DeadlineRow[] }[] = [];
  constructor(private readonly inner: PgClient) {}
  get kind() {
    return this.inner.kind;
  }
  get pool() {
    return this.inner.pool;
  }
  async query<R>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>> {
    if (!this.recording || !text.includes('WHERE d.live AND TRUE')) return this.inner.query<R>(text, params);
    const started = performance.now();
    const result = await this.inner.query<R>(text, params);
    this.reads.push({ ms: performance.now() - started, rows: result.rows as unknown as DeadlineRow[] });
    return result;
  }
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.inner.transaction(work);
  }
  close() {
    return this.inner.close();
  }
}

// ---------------------------------------------------------------- a set of deadlines: store, read model, scheduler

interface DeadlineSet {
  readonly tag: string;
  readonly sql: PgClient;
  readonly store: EventStore;
  readonly storeSchema: string;
  readonly readSchema: string;
  readonly notifications: string;
  readonly prefix: string;
  readonly warnings: string[];
  runner?: ProjectionRunner;
  scheduler?: DeadlineScheduler;
  /** Stops the scheduler and the runner, drops the schemas, closes the client (once). */
  dispose(): Promise<void>;
}

async function openSet(tag: string): Promise<DeadlineSet> {
  const storeSchema = `${SCHEMA}_${tag}`;
  const sql = new PgClient({ connectionString: PG_URL }); // pg's default pool of 10, as the product opens it
  let disposed = false;
  let store: EventStore;
  try {
    store = await SqlEventStore.open(sql, { schema: storeSchema });
  } catch (error) {
    await sql.query(`DROP SCHEMA IF EXISTS ${storeSchema} CASCADE`).catch(() => undefined);
    await sql.close();
    throw error;
  }
  const set: DeadlineSet = {
    tag,
    sql,
    store,
    storeSchema,
    readSchema: `${storeSchema}_rm`,
    notifications: `${storeSchema}_ntf`,
    prefix: `bench-rem-${tag}-${STAMP}`,
    warnings: [],
    async dispose() {
      if (disposed) return;
      disposed = true;
      try {
        await set.scheduler?.stop().catch((error: Error) => console.error(`${tag}: scheduler stop: ${error.message}`));
        await set.runner?.stop().catch((error: Error) => console.error(`${tag}: runner stop: ${error.message}`));
        for (const schema of [set.readSchema, set.notifications, storeSchema]) await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await sql.close();
      }
    },
  };
  onCleanup(`${tag} set`, () => set.dispose());
  return set;
}

const REGISTERED = (n: number): JsonObject => ({
  planYear: 2027,
  title: `Đề án khuyến công số ${n + 1}: máy móc thiết bị chế biến nông sản`,
  province: '52',
  organisation: `htx-${n % 997}`,
  contentArea: 'II',
  activity: '2.1',
  registeredOn: '2027-01-15',
});

function newEvent(type: string, data: JsonObject, occurredAt: number): NewEvent {
  const commandId = randomUUID();
  return {
    eventId: randomUUID(),
    type,
    data,
    metadata: {
      actor: { sub: 'ttkc-52-01', role: 'officer', province: '52' },
      occurredAt: new Date(occurredAt).toISOString(),
      commandId,
      correlationId: commandId,
      causationId: commandId,
    },
  };
}

/** Writes `count` đề án (DeAnRegistered, then CouncilAssigned at occurredAt(n)): GEN_BATCH đề án per appendMany, GEN_WRITERS writers. */
async function writeDeAn(set: DeadlineSet, count: number, occurredAt: (n: number) => number): Promise<number> {
  const started = performance.now();
  let written = 0;
  let nextReport = Math.ceil(count / 5);
  let next = 0;
  await Promise.all(
    Array.from({ length: GEN_WRITERS }, async () => {
      for (;;) {
        const from = next;
        if (from >= count) return;
        next = Math.min(count, from + GEN_BATCH);
        const appends = [];
        for (let n = from; n < next; n++) {
          const at = occurredAt(n);
          appends.push({
            streamId: deAnStreamId(randomUUID()),
            expected: ANY,
            events: [
              newEvent('DeAnRegistered', REGISTERED(n), at - 60_000),
              newEvent('CouncilAssigned', { members: [{ sub: 'hd-1', name: 'Nguyễn Văn A' }], chair: 'hd-1' }, at),
            ],
          });
        }
        await set.store.appendMany(appends);
        written += appends.length;
        if (written >= nextReport && written < count) {
          log(`    ${fmt(written)} / ${fmt(count)} đề án written, ${fmt((2 * written) / seconds(started))} events/s`);
          nextReport += Math.ceil(count / 5);
        }
      }
    }),
  );
  const s = seconds(started);
  log(`    ${fmt(count)} đề án = ${fmt(2 * count)} events written in ${s.toFixed(1)} s (${fmt((2 * count) / s)} events/s; not measured)`);
  return s;
}

/** A runner of the deadlines projection alone, caught up until the table holds every deadline; seconds taken. */
async function project(set: DeadlineSet, rules: DeadlineRules, count: number): Promise<number> {
  const runner = new ProjectionRunner(set.store, set.sql, [deadlinesProjection(rules)], set.readSchema, {
    counter: sqlEventCounter(set.sql, set.storeSchema),
    log: (entry) => {
      if (entry.level !== 'info') set.warnings.push(`runner: ${JSON.stringify(entry)}`);
    },
  });
  set.runner = runner;
  await runner.migrate();
  const countRows = async () =>
    Number((await set.sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${set.readSchema}.deadlines WHERE live`)).rows[0]!.n);
  const started = performance.now();
  let done = false;
  const progress = (async () => {
    for (let i = 1; !done; i++) {
      await sleep(250);
      if (!done && i % 40 === 0) log(`    projection: ${fmt(await countRows())} deadlines after ${seconds(started).toFixed(0)} s`);
    }
  })();
  try {
    await runner.catchUp('deadlines');
  } finally {
    done = true;
    await progress;
  }
  const s = seconds(started);
  const rows = await countRows();
  if (rows !== count) throw new Error(`${set.tag}: the deadlines table holds ${rows} live deadlines after the catch-up, expected ${count}`);
  log(
    `    projection catch-up (deadlines projection, the runner's default batch of 500): ${fmt(rows)} deadlines from ${fmt(2 * count)} events in ${s.toFixed(1)} s (${fmt((2 * count) / s)} events/s)`,
  );
  return s;
}

function newScheduler(set: DeadlineSet, rules: DeadlineRules, sql: SqlClient, infos: Record<string, unknown>[]): DeadlineScheduler {
  const scheduler = new DeadlineScheduler({
    commands: new CommandHandler(set.store),
    sql,
    readSchema: set.readSchema,
    notificationsSchema: set.notifications,
    rules,
    redisUrl: REDIS_URL,
    prefix: set.prefix,
    ...(CONCURRENCY ? { concurrency: CONCURRENCY } : {}),
    log: (entry) => {
      if (entry.level === 'info') infos.push(entry);
      else set.warnings.push(`scheduler: ${JSON.stringify(entry)}`);
    },
  });
  set.scheduler = scheduler;
  return scheduler;
}

/** start(): migrate, connect, the initial reconcile (which schedules every job), then the workers. */
async function startScheduler(
  set: DeadlineSet,
  scheduler: DeadlineScheduler,
  count: number,
): Promise<{ startS: number; reconcile: ReconcileResult; endedAt: number }> {
  const started = performance.now();
  await scheduler.start();
  const startS = seconds(started);
  const endedAt = Date.now();
  const reconcile = (await scheduler.status()).lastReconcile;
  if (!reconcile) throw new Error(`${set.tag}: the initial reconcile failed: ${(await scheduler.status()).lastError ?? 'no result'}`);
  if (reconcile.added !== count) throw new Error(`${set.tag}: the initial reconcile added ${reconcile.added} jobs, expected ${count}`);
  log(
    `    scheduler start(): ${startS.toFixed(1)} s, of which the initial reconcile ${sec(reconcile.ms)}: ${fmt(reconcile.added)} jobs added (${fmt(reconcile.added / (reconcile.ms / 1000))} jobs/s)`,
  );
  return { startS, reconcile, endedAt };
}

/** Clients connected to the bench's Redis database, its own connection excepted. */
async function otherConnections(redis: Redis): Promise<number> {
  const own = await redis.client('ID');
  const list = String(await redis.client('LIST'));
  return list.split('\n').filter((line) => line.includes(` db=${REDIS_DB} `) && !line.startsWith(`id=${own} `)).length;
}

async function redisMemory(redis: Redis): Promise<string> {
  const info = await redis.info('memory');
  return /used_memory_human:(\S+)/.exec(info)?.[1] ?? '?';
}

// ---------------------------------------------------------------- 1. the far set: scheduling, steady reconcile, restore after FLUSHDB

interface RestoreRun {
  reconcileS: number;
  fullS: number;
  rowsQueryS: number;
  jsS: number;
  added: number;
}
interface FarOutcome {
  writeS: number;
  projectS: number;
  start: { startS: number; reconcile: ReconcileResult };
  steady: number[];
  restores: RestoreRun[];
  memory: string;
}

async function farSet(redis: Redis): Promise<FarOutcome> {
  log(`\n1. far set: ${fmt(DEADLINES)} open appraisal deadlines due in 30 days (policy override appraisal { due: "P30D", remindBefore: [] })`);
  const rules: DeadlineRules = {
    policy: withDeadlineOverrides(DEADLINE_POLICY, { appraisal: { due: 'P30D', remindBefore: [] } }),
    calendar: workingCalendar(),
  };
  const set = await openSet('far');
  const now = Date.now();
  const writeS = await writeDeAn(set, DEADLINES, () => now);
  const projectS = await project(set, rules, DEADLINES);

  const timer = new ReconcileSqlTimer(set.sql);
  const infos: Record<string, unknown>[] = [];
  const scheduler = newScheduler(set, rules, timer, infos);
  const start = await startScheduler(set, scheduler, DEADLINES);
  const memory = await redisMemory(redis);
  log(`    Redis used_memory with ${fmt(DEADLINES)} delayed jobs: ${memory}`);

  const steady: number[] = [];
  const steadyOnce = async () => {
    const r = await scheduler.reconcile();
    if (r.added !== 0) set.warnings.push(`a reconcile with every job present added ${r.added}`);
    steady.push(r.ms / 1000);
    log(
      `    reconcile with every job present (what runs every 60 s): ${sec(r.ms)} (${fmt(r.deadlines)} deadlines, ${fmt(r.wanted)} jobs, added ${r.added})`,
    );
  };
  await steadyOnce();

  const restores: RestoreRun[] = [];
  for (let run = 1; run <= RUNS; run++) {
    log(
      `\n  restore run ${run}/${RUNS} (load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})`,
    );
    await redis.flushdb();
    const left = (await scheduler.queue.getJobCounts('delayed')).delayed ?? 0;
    log(`    FLUSHDB of Redis database ${REDIS_DB}: ${fmt(left)} delayed jobs left`);
    timer.reads.length = 0;
    timer.recording = true;
    const started = performance.now();
    let result: ReconcileResult;
    try {
      result = await scheduler.reconcile();
    } finally {
      timer.recording = false;
    }
    const reconcileS = seconds(started);
    for (let delayed = -1; delayed !== DEADLINES;) {
      delayed = (await scheduler.queue.getJobCounts('delayed')).delayed ?? 0;
      if (delayed === DEADLINES) break;
      if (performance.now() - started > RESTORE_TIMEOUT_MS)
        throw new Error(`restore run ${run}: ${delayed} delayed jobs after ${RESTORE_TIMEOUT_MS / 1000} s, expected ${DEADLINES}`);
      await sleep(20);
    }
    const fullS = seconds(started);
    const read = timer.reads[0];
    // What the reconcile computes in JavaScript from those rows (jobs and their sha256 ids), timed apart.
    let jsS = 0;
    if (read) {
      const t = performance.now();
      const ids = new Set(read.rows.flatMap(jobsFor).map(jobIdOf));
      jsS = seconds(t);
      if (ids.size !== DEADLINES) set.warnings.push(`restore run ${run}: ${ids.size} job ids from the rows read`);
    }
    const run_: RestoreRun = { reconcileS, fullS, rowsQueryS: (read?.ms ?? 0) / 1000, jsS, added: result.added };
    restores.push(run_);
    log(
      `    reconcile(): ${fmt(result.added)} jobs added in ${reconcileS.toFixed(2)} s; getJobCounts('delayed') = ${fmt(DEADLINES)} at ${fullS.toFixed(2)} s (${fmt(DEADLINES / fullS)} jobs/s)`,
    );
    log(
      `      of which: the deadlines query ${run_.rowsQueryS.toFixed(2)} s (${fmt(read?.rows.length ?? 0)} rows), jobs and ids in JavaScript ~${jsS.toFixed(2)} s, the rest (Redis: getRanges, ${Math.ceil(DEADLINES / 1_000)} × addBulk of 1,000) ~${Math.max(0, reconcileS - run_.rowsQueryS - jsS).toFixed(2)} s`,
    );
    await steadyOnce();
  }
  const reconciledLogs = infos.filter((e) => e.msg === 'deadline jobs reconciled').length;
  log(`    the scheduler logged ${reconciledLogs} reconcile(s) that changed something (the initial one and one per FLUSHDB expected: ${1 + RUNS})`);
  for (const w of set.warnings.slice(0, 10)) log(`    WARNING ${w}`);
  await set.dispose();
  await redis.flushdb();
  return { writeS, projectS, start, steady, restores, memory };
}

// ---------------------------------------------------------------- 2. the lag set: every deadline fires

interface LagOutcome {
  dueSeconds: number;
  start: { startS: number; reconcile: ReconcileResult };
  marginS: number;
  dueBeforeScheduled: number;
  recorded: number;
  distinct: number;
  notifications: number;
  lags: number[];
  windows: string[][];
  firingS: number;
  firstDue: number;
  lastDue: number;
  lastRecorded: number;
  completedJobs: { pickup: number[]; run: number[] };
  busy: string;
  timedOut: boolean;
  extraReconciles: string[];
  warnings: string[];
  /** Connections to the bench's Redis database still open after both schedulers stopped (the bench's own excepted). */
  leftover: number;
}

async function lagSet(redis: Redis, far: FarOutcome): Promise<LagOutcome> {
  log(
    `\n2. lag set: ${fmt(DEADLINES)} appraisal deadlines falling due over ${sec(SPREAD_MS)} (${fmt(DEADLINES / (SPREAD_MS / 1000))} per second), no reminders`,
  );
  const set = await openSet('lag');
  // occurredAt spread over SPREAD_MS, all in the past when written; due = occurredAt + D, D fixed once written.
  const base = Date.now() - SPREAD_MS;
  const occurredAt = (n: number) => base + Math.floor((n * SPREAD_MS) / DEADLINES);
  await writeDeAn(set, DEADLINES, occurredAt);
  // The far set took far.projectS to project and far.start.startS to schedule: a quarter more, and the lead.
  const expectedMs = 1.25 * (far.projectS + far.start.startS) * 1000 + 2_000;
  const dueSeconds = Math.ceil((Date.now() + expectedMs + LEAD_MS - base) / 1000);
  const dueAt = (n: number) => occurredAt(n) + dueSeconds * 1000;
  const firstDue = dueAt(0);
  const lastDue = dueAt(DEADLINES - 1);
  log(
    `    policy override appraisal { due: "PT${dueSeconds}S", remindBefore: [] }: due ${new Date(firstDue).toISOString()} … ${new Date(lastDue).toISOString()}` +
      ` (planned: ${sec(LEAD_MS)} after the projection and scheduling, estimated from the far set at ${sec(expectedMs)})`,
  );
  const rules: DeadlineRules = {
    policy: withDeadlineOverrides(DEADLINE_POLICY, { appraisal: { due: `PT${dueSeconds}S`, remindBefore: [] } }),
    calendar: workingCalendar(),
  };
  await project(set, rules, DEADLINES);
  const {
    rows: [span],
  } = await set.sql.query<{ lo: Date; hi: Date }>(`SELECT min(due_at) AS lo, max(due_at) AS hi FROM ${set.readSchema}.deadlines`);
  if (span!.lo.getTime() !== firstDue || span!.hi.getTime() !== lastDue) {
    throw new Error(
      `the deadlines table has due times ${span!.lo.toISOString()} … ${span!.hi.toISOString()}, expected ${new Date(firstDue).toISOString()} … ${new Date(lastDue).toISOString()}`,
    );
  }
  set.runner!.start(); // the runner follows the log while the deadlines fire, as in the worker process

  const infos: Record<string, unknown>[] = [];
  const scheduler = newScheduler(set, rules, set.sql, infos);
  const busyMonitor = machineMonitor();
  const start = await startScheduler(set, scheduler, DEADLINES);
  const marginS = (firstDue - start.endedAt) / 1000;
  let dueBeforeScheduled = 0;
  for (let n = 0; n < DEADLINES && dueAt(n) < start.endedAt; n++) dueBeforeScheduled += 1;
  log(
    marginS >= 0
      ? `    the first deadline falls due ${marginS.toFixed(1)} s after the scheduling finished`
      : `    WARNING: ${fmt(dueBeforeScheduled)} deadlines fell due before the scheduling finished (the first ${(-marginS).toFixed(1)} s before): their lag includes the scheduling`,
  );
  log(`    Redis used_memory with ${fmt(DEADLINES)} delayed jobs: ${await redisMemory(redis)}`);

  // Fire: progress from the queue's counts (completed jobs are trimmed to 10,000, so count what is left).
  const printEvery = SPREAD_MS < 10_000 ? 2_000 : 5_000;
  let lastPrint = { at: Date.now(), done: 0 };
  let timedOut = false;
  log(`    firing (worker concurrency ${CONCURRENCY ?? `${SCHEDULER_DEFAULT_CONCURRENCY}, the scheduler's default`}):`);
  for (;;) {
    await sleep(250);
    const counts = await scheduler.queue.getJobCounts('delayed', 'wait', 'active', 'prioritized', 'failed');
    const pending = (counts.delayed ?? 0) + (counts.wait ?? 0) + (counts.active ?? 0) + (counts.prioritized ?? 0);
    const now = Date.now();
    const done = DEADLINES - pending;
    const finished = pending === 0 && now > lastDue;
    if (now < firstDue) {
      if (lastPrint.done === 0) log(`      waiting ${((firstDue - now) / 1000).toFixed(1)} s for the first due time …`);
      lastPrint = { at: now, done: -1 };
      continue;
    }
    if (lastPrint.done < 0) lastPrint = { at: firstDue, done: 0 };
    if (now - lastPrint.at >= printEvery || finished) {
      const due = Math.max(0, Math.min(DEADLINES, Math.floor(((now - firstDue) * DEADLINES) / SPREAD_MS) + 1));
      log(
        `      due +${((now - firstDue) / 1000).toFixed(0).padStart(4)} s: ${fmt(due).padStart(7)} due, ${fmt(done).padStart(7)} done (failed ${counts.failed ?? 0}), backlog ${fmt(Math.max(0, due - done)).padStart(7)}, ${fmt(((done - lastPrint.done) * 1000) / (now - lastPrint.at)).padStart(5)} fired/s since the last line, load ${loadavg()[0]!.toFixed(1)}`,
      );
      lastPrint = { at: now, done };
    }
    if (finished) break;
    if (now - firstDue > FIRE_TIMEOUT_MS) {
      timedOut = true;
      log(
        `      TIMEOUT: ${fmt(pending)} jobs still pending ${FIRE_TIMEOUT_MS / 1000} s after the first due time (BENCH_FIRE_TIMEOUT_S); measuring what was recorded`,
      );
      break;
    }
  }
  const busy = busyMonitor.stop();

  // Lag of every DeadlineMissed recorded: its metadata.recordedAt − its dueAt.
  const { rows } = await set.sql.query<{ lag: number; due: Date; recorded: Date }>(
    `SELECT extract(epoch FROM (metadata->>'recordedAt')::timestamptz - (data->>'dueAt')::timestamptz)::float8 * 1000 AS lag,
            (data->>'dueAt')::timestamptz AS due, (metadata->>'recordedAt')::timestamptz AS recorded
     FROM ${set.storeSchema}.events WHERE type = 'DeadlineMissed'`,
  );
  const distinct = Number(
    (await set.sql.query<{ n: string }>(`SELECT count(DISTINCT stream_id)::text AS n FROM ${set.storeSchema}.events WHERE type = 'DeadlineMissed'`))
      .rows[0]!.n,
  );
  const notifications = Number((await set.sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${set.notifications}.notifications`)).rows[0]!.n);
  const lags = rows.map((r) => r.lag);
  const lastRecorded = rows.reduce((m, r) => Math.max(m, r.recorded.getTime()), 0);
  // Lag by due-time window: how it grows while the deadlines keep falling due.
  const width = SPREAD_MS / 5;
  const windows: string[][] = [];
  for (let w = 0; w < 5; w++) {
    const inWindow = rows.filter((r) => Math.min(4, Math.floor((r.due.getTime() - firstDue) / width)) === w).map((r) => r.lag);
    if (inWindow.length === 0) continue;
    windows.push([
      `+${sec(w * width)} – ${sec((w + 1) * width)}`,
      fmt(inWindow.length),
      lagText(percentile(inWindow, 50)),
      lagText(percentile(inWindow, 99)),
      lagText(Math.max(...inWindow)),
    ]);
  }

  // Where a job's time goes, from the completed jobs BullMQ keeps (the last 10,000): from the time it
  // was set for to a worker taking it, and the worker's run (read the stream, append, notification).
  const completed = await scheduler.queue.getJobs(['completed'], 0, 9_999);
  // (The time set is the job's fireAt: BullMQ's job.delay no longer holds the delay once the job has been promoted.)
  const pickup = completed.filter((j) => j.processedOn && j.finishedOn).map((j) => j.processedOn! - Date.parse(j.data.fireAt));
  const run = completed.filter((j) => j.processedOn && j.finishedOn).map((j) => j.finishedOn! - j.processedOn!);
  // The reconciles that changed something after the initial one (the periodic one, every 60 s, while the backlog drained).
  const extraReconciles = infos
    .filter((e) => e.msg === 'deadline jobs reconciled')
    .slice(1)
    .map(
      (e) =>
        `at due +${((Date.parse(String(e.at)) - firstDue) / 1000).toFixed(0)} s: ${fmt(Number(e.deadlines))} open deadlines, ${fmt(Number(e.added))} jobs added again (ids already in Redis are no-ops), ${fmt(Number(e.removed))} removed, ${sec(Number(e.ms))}`,
    );
  const warnings = [...set.warnings];
  await set.dispose();
  await redis.flushdb();
  const leftover = await otherConnections(redis);
  return {
    leftover,
    dueSeconds,
    start,
    marginS,
    dueBeforeScheduled,
    recorded: rows.length,
    distinct,
    notifications,
    lags,
    windows,
    firingS: (lastRecorded - firstDue) / 1000,
    firstDue,
    lastDue,
    lastRecorded,
    completedJobs: { pickup, run },
    busy,
    timedOut,
    extraReconciles,
    warnings,
  };
}

// ---------------------------------------------------------------- main

function packageVersion(name: string): string {
  let dir = dirname(require.resolve(name));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name) return pkg.version ?? '?';
    } catch {
      /* keep looking upwards */
    }
    const parent = dirname(dir);
    if (parent === dir) return '?';
    dir = parent;
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 3 });
  redis.on('error', () => undefined);
  await redis.connect();
  onCleanup('redis', async () => {
    await redis.flushdb();
    await redis.quit();
  });

  const about = machine();
  const pg = new PgClient({ connectionString: PG_URL });
  try {
    const row = (
      await pg.query<{ v: string; f: string; s: string; b: string }>(
        `SELECT version() AS v, current_setting('fsync') AS f, current_setting('synchronous_commit') AS s, current_setting('shared_buffers') AS b`,
      )
    ).rows[0]!;
    about['PostgreSQL'] =
      `${row.v.split(' on ')[0]} (same machine, TCP 127.0.0.1; fsync=${row.f}, synchronous_commit=${row.s}, shared_buffers=${row.b}); pool of 10 per set (pg default, as the product opens it)`;
  } finally {
    await pg.close();
  }
  const redisVersion = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? '?';
  const keysBefore = await redis.dbsize();
  about['Redis'] =
    `${redisVersion} at ${REDIS_URL} (the bench's own database: FLUSHed at the start, per restore run and at the end; ${keysBefore} keys found at the start)`;
  about['BullMQ / ioredis'] = `${packageVersion('bullmq')} / ${packageVersion('ioredis')}`;
  const code = librariesState(['libs/scheduler', 'libs/projections', 'libs/domain', 'libs/application', 'libs/event-store']);
  about['Code'] = code.text;

  log(`Deadline reminders benchmark, ${new Date().toISOString()}`);
  for (const [key, value] of Object.entries(about)) log(`  ${key}: ${value}`);
  log(
    `  Deadlines: ${fmt(DEADLINES)} per set (BENCH_DEADLINES), one appraisal deadline per đề án (DeAnRegistered + CouncilAssigned written with appendMany,`,
  );
  log(
    `    ${fmt(GEN_BATCH)} đề án per call, ${GEN_WRITERS} writers; not measured), derived by the deadlines projection; no reminders: one BullMQ job per deadline`,
  );
  log(
    `  Scheduler: DeadlineScheduler as the worker process runs it (sync every 500 ms, reconcile every 60 s, attempts 10), worker concurrency` +
      ` ${CONCURRENCY ?? `${SCHEDULER_DEFAULT_CONCURRENCY} (its default)`}; store, runner and scheduler in this one process on one pg pool`,
  );
  log(
    `  Restore runs: ${RUNS} (BENCH_RUNS, median); lag set spread over ${sec(SPREAD_MS)} (BENCH_SPREAD_S), first due ${sec(LEAD_MS)} after scheduling (BENCH_LEAD_S)`,
  );
  log(
    `  Load average at the start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  await redis.flushdb();

  const far = await farSet(redis);
  const lag = await lagSet(redis, far);

  // ---------------------------------------------------------------- summary
  log('\n================ summary ================\n');
  const restore = (pick: (r: RestoreRun) => number) => median(far.restores.map(pick));
  const each = (pick: (r: RestoreRun) => number) => far.restores.map((r) => pick(r).toFixed(2)).join(' / ');
  const p = (q: number) => lagText(percentile(lag.lags, q));
  const rate = (r: ReconcileResult) => `${fmt(r.added / (r.ms / 1000))} jobs/s`;
  const rows: string[][] = [
    [
      `schedule ${fmt(DEADLINES)} deadlines due in ~${lag.dueSeconds} s (initial reconcile)`,
      sec(lag.start.reconcile.ms),
      `${rate(lag.start.reconcile)}; start() ${lag.start.startS.toFixed(1)} s`,
    ],
    [
      `schedule ${fmt(DEADLINES)} deadlines due in 30 days (initial reconcile)`,
      sec(far.start.reconcile.ms),
      `${rate(far.start.reconcile)}; start() ${far.start.startS.toFixed(1)} s`,
    ],
    [
      `DeadlineMissed recorded`,
      `${fmt(lag.recorded)} / ${fmt(DEADLINES)}`,
      `${fmt(lag.distinct)} streams, ${fmt(lag.notifications)} notifications${lag.recorded === DEADLINES && lag.distinct === DEADLINES ? '' : ' — NOT every deadline once'}`,
    ],
    ...(lag.lags.length > 0
      ? [
          ['firing lag p50', p(50), 'recordedAt − dueAt'],
          ['firing lag p90', p(90), ''],
          ['firing lag p99', p(99), ''],
          ['firing lag max', lagText(Math.max(...lag.lags)), `min ${lagText(Math.min(...lag.lags))}`],
          [
            'firing throughput',
            `${fmt(lag.recorded / Math.max(0.001, lag.firingS))} /s`,
            `last recorded ${sec(lag.lastRecorded - lag.lastDue)} after the last due time; ${fmt(DEADLINES / (SPREAD_MS / 1000))} /s fall due`,
          ],
        ]
      : []),
    [
      `restore ${fmt(DEADLINES)} jobs after FLUSHDB (median of ${RUNS})`,
      `${restore((r) => r.fullS).toFixed(2)} s`,
      `${fmt(DEADLINES / restore((r) => r.fullS))} jobs/s; each run ${each((r) => r.fullS)} s`,
    ],
    ['  of which the deadlines query', `${restore((r) => r.rowsQueryS).toFixed(2)} s`, `each run ${each((r) => r.rowsQueryS)} s`],
    ['  of which jobs and ids in JavaScript', `${restore((r) => r.jsS).toFixed(2)} s`, 'timed apart on the same rows'],
    ['reconcile with every job present', `${median(far.steady).toFixed(2)} s`, `median of ${far.steady.length}; runs every 60 s`],
  ];
  log(`${fmt(DEADLINES)} deadlines per set; ${RUNS} restore runs; worker concurrency ${CONCURRENCY ?? SCHEDULER_DEFAULT_CONCURRENCY}`);
  log(table(['measurement', 'result', 'detail'], rows, (i) => i === 1));
  if (lag.windows.length > 0) {
    log(`\nfiring lag by due time (after the first due time; windows of ${sec(SPREAD_MS / 5)})`);
    log(table(['due', 'deadlines', 'p50', 'p99', 'max'], lag.windows, (i) => i >= 1));
  }
  const { pickup, run } = lag.completedJobs;
  if (pickup.length > 0) {
    log(
      `\nthe last ${fmt(pickup.length)} completed jobs (BullMQ keeps 10,000): set time → taken by a worker p50 ${lagText(percentile(pickup, 50))}, p99 ${lagText(percentile(pickup, 99))};` +
        ` the worker's run (read the stream, append DeadlineMissed, record the notification) p50 ${lagText(percentile(run, 50))}, p99 ${lagText(percentile(run, 99))}`,
    );
  }
  log(`machine while the lag set was scheduled and fired: ${lag.busy}`);
  log(
    `lag set: due PT${lag.dueSeconds}S; the first deadline fell due ${lag.marginS.toFixed(1)} s after the scheduling finished${lag.dueBeforeScheduled > 0 ? ` — ${fmt(lag.dueBeforeScheduled)} fell due before it` : ''}`,
  );
  if (lag.leftover > 0) {
    log(`note: ${lag.leftover} other connection(s) to Redis database ${REDIS_DB} still open after both DeadlineScheduler.stop() calls (CLIENT LIST)`);
  }
  if (lag.extraReconciles.length > 0)
    log(
      `reconciles during the firing that found jobs missing (the active and the completed ones are not in the ranges it reads):\n  ${lag.extraReconciles.join('\n  ')}`,
    );
  if (lag.timedOut) log(`the firing did not finish within BENCH_FIRE_TIMEOUT_S: the figures are for the ${fmt(lag.recorded)} deadlines recorded`);
  if (lag.recorded !== DEADLINES) log(`NOTE: ${fmt(lag.recorded)} DeadlineMissed recorded, expected ${fmt(DEADLINES)}`);
  for (const w of lag.warnings.slice(0, 10)) log(`WARNING ${w}`);
  if (!code.same()) log('\nNote: a measured library changed during the run; the figures are for the code loaded at the start (Code above).');
  log(`\ntotal wall time ${seconds(started).toFixed(0)} s (schemas dropped, Redis database ${REDIS_DB} flushed)`);
}

let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
  console.error('\ninterrupted: cleaning up …');
  void cleanup().finally(() => process.exit(130));
});

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    if (interrupted) return;
    await cleanup();
    await sleep(1_000); // sockets being closed (quit) are gone by then
    // Whatever still holds the process open (a socket the stopped schedulers left behind) is named, then the process ends.
    const sockets = (process as unknown as { _getActiveHandles(): unknown[] })
      ._getActiveHandles()
      .filter(
        (h): h is { remoteAddress: string; remotePort: number } =>
          typeof (h as { remotePort?: unknown } | null)?.remotePort === 'number' && !(h as { destroyed?: boolean }).destroyed,
      )
      .map((h) => `${h.remoteAddress}:${h.remotePort}`);
    if (sockets.length > 0)
      log(`note: ${sockets.length} socket(s) still open after the cleanup (every scheduler, runner and client stopped): ${sockets.join(', ')}`);
    process.exit();
  });
