/**
 * Runs projections, each on its own: its own checkpoint, catch-up then live, its own retries, so a
 * slow, failing or rebuilding projection never holds the others.
 *
 * Exactly once: a batch updates the read model and moves the checkpoint in one transaction, after
 * locking the checkpoint row (FOR UPDATE) and dropping the events at or before it. After a crash a
 * batch is wholly applied and checkpointed or not at all; two appliers (a takeover, a CLI catch-up)
 * wait for each other on that row instead of counting twice.
 *
 * Ownership: on PostgreSQL one process applies a projection — the one holding its advisory lock
 * (runner/ownership.ts); the others stand by and take over within seconds when it dies.
 *
 * Rebuild and check: a projection is built from position zero into a scratch schema while the live
 * tables keep serving reads; a rebuild then swaps the tables in atomically, a check compares them.
 */
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { comparePositions, EventStore, formatPosition, GlobalPosition, RecordedEvent, SqlClient, SqlExecutor } from '@app/event-store';
import { Projection } from './projection';
import { EventCounter, readingEventCounter } from './runner/event-counter';
import { OwnershipLostError, RebuildInProgressError, UnknownProjectionError } from './runner/errors';
import { advisoryLockHolders, AdvisoryLockOwnership, HeldLocks, holdAdvisoryLocks, LocalOwnership, NO_LOCKS, Ownership } from './runner/ownership';
import { afterOption, eventsAfter, eventsUpTo, positionOf, shownPosition, ZERO } from './runner/positions';

/** Lag is counted up to this many events: a status or a scrape must stay cheap on a long backlog. */
export const LAG_CAP = 10_000;

export type ProjectionState = 'running' | 'standby' | 'rebuilding' | 'stopped';
/** Who applies the projection: this process, another one (PostgreSQL only), nobody, or unknown (lock table unreadable). */
export type ProjectionOwner = 'this-process' | 'other-process' | 'none' | 'unknown';

export interface RebuildProgress {
  readonly name: string;
  readonly operation: 'rebuild' | 'check';
  readonly phase: 'building' | 'swapping' | 'comparing' | 'done' | 'failed';
  /** Events of the log read into the scratch copy so far. */
  readonly applied: number;
  /** Events in the log (refreshed as it grows); null when the store cannot count cheaply. */
  readonly total: number | null;
  readonly position: string | null;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly error?: string;
}

export interface ProjectionStatus {
  readonly name: string;
  /** This process's runner: running (owns and applies), standby (waits for the lock), rebuilding (here or elsewhere), stopped (not started here). */
  readonly state: ProjectionState;
  readonly owner: ProjectionOwner;
  /** PostgreSQL backend pid of the owner's lock connection. */
  readonly ownerPid?: number;
  /** Checkpoint: the last event applied ("commit/prepare"), null before the first. */
  readonly position: string | null;
  /** Events after the checkpoint, counted up to LAG_CAP. */
  readonly lag: number;
  readonly lagCapped: boolean;
  /** Events this process applied since it started. */
  readonly applied: number;
  readonly lastError: { readonly message: string; readonly at: string; readonly consecutiveFailures: number } | null;
  /** The last rebuild or check this process ran (or is running). */
  readonly rebuild: RebuildProgress | null;
}

export interface RebuildResult {
  readonly name: string;
  readonly position: string | null;
  readonly applied: number;
  readonly ms: number;
}

export interface TableDifference {
  readonly table: string;
  /** Rows of the rebuilt copy the live table lacks (or holds with other values). */
  readonly missing: number;
  /** Rows of the live table the rebuilt copy lacks. */
  readonly unexpected: number;
  /** A few rows of each side (values as text). */
  readonly samples: { readonly missing: readonly Record<string, unknown>[]; readonly unexpected: readonly Record<string, unknown>[] };
  /** Columns only one side has (set when the live table's shape differs). */
  readonly columns?: { readonly missing: readonly string[]; readonly unexpected: readonly string[] };
}

export interface CheckResult {
  readonly name: string;
  /** The position both copies were compared at. */
  readonly position: string | null;
  readonly clean: boolean;
  /** Only the tables that differ. */
  readonly differences: readonly TableDifference[];
}

export interface RebuildHandle {
  readonly projections: readonly string[];
  readonly done: Promise<RebuildResult[]>;
}

export interface ProjectionRunnerOptions {
  /** Events per live batch (default 500). */
  readonly batchSize?: number;
  /** Events per batch while building a scratch copy (default 1,000). */
  readonly rebuildBatchSize?: number;
  /** How often the runner looks for new events for its caught-up projections (default 100 ms; one query for all). */
  readonly pollMs?: number;
  /** How often a standby process tries to take a projection's lock (default 1.5 s, ±25 %). */
  readonly lockRetryMs?: number;
  /** First wait after a failed batch, doubling up to maxRetryMs (defaults 1 s, 30 s). */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
  /** Counts events for lag and progress (default: by reading; sqlEventCounter for the SQL store). */
  readonly counter?: EventCounter;
  readonly log?: (entry: { level: 'info' | 'warn' | 'error'; msg: string; [field: string]: unknown }) => void;
}

interface Lane {
  readonly projection: Projection;
  applied: number;
  failures: number;
  lastError: ProjectionStatus['lastError'];
  rebuild: RebuildProgress | null;
  /** Set while caught up and waiting: the checkpoint it reached (the watcher wakes it when the log passes it). */
  idleAt: GlobalPosition | undefined;
  /** Ends the lane's current pause early (new events, ownership changed, stopping). */
  wake: () => void;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const SAMPLE_ROWS = 5;
const FREEZE_ATTEMPTS = 50;
/**
 * A caught-up lane also looks on its own this often: it notices a checkpoint moved back by a rebuild
 * swapped in from another process even when no new event arrives.
 */
const IDLE_RECHECK_MS = 5_000;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class ProjectionRunner {
  private readonly lanes: ReadonlyMap<string, Lane>;
  private readonly batchSize: number;
  private readonly rebuildBatchSize: number;
  private readonly pollMs: number;
  private readonly lockRetryMs: number;
  private readonly retryMs: number;
  private readonly maxRetryMs: number;
  private readonly counter: EventCounter;
  private readonly log: NonNullable<ProjectionRunnerOptions['log']>;

  private lanesAbort = new AbortController();
  private opsAbort = new AbortController();
  private running: Promise<void> | undefined;
  private ownership: Ownership | undefined;
  /** `rebuild:<name>` / `check:<name>` operations running in this process. */
  private readonly operations = new Set<string>();
  private readonly pendingOperations = new Set<Promise<unknown>>();
  private rebuildInProgress = false;

  constructor(
    private readonly store: EventStore,
    private readonly sql: SqlClient,
    projections: readonly Projection[],
    readonly schema = 'read_models',
    options: ProjectionRunnerOptions = {},
  ) {
    if (!IDENTIFIER.test(schema)) throw new Error(`invalid schema name: ${schema}`);
    const lanes = new Map<string, Lane>();
    for (const projection of projections) {
      if (lanes.has(projection.name)) throw new Error(`two projections named ${projection.name}`);
      for (const table of projection.tables) if (!IDENTIFIER.test(table)) throw new Error(`projection ${projection.name}: invalid table name ${table}`);
      lanes.set(projection.name, { projection, applied: 0, failures: 0, lastError: null, rebuild: null, idleAt: undefined, wake: () => undefined });
    }
    this.lanes = lanes;
    this.batchSize = options.batchSize ?? 500;
    this.rebuildBatchSize = options.rebuildBatchSize ?? 1_000;
    this.pollMs = options.pollMs ?? 100;
    this.lockRetryMs = options.lockRetryMs ?? 1_500;
    this.retryMs = options.retryMs ?? 1_000;
    this.maxRetryMs = options.maxRetryMs ?? 30_000;
    this.counter = options.counter ?? readingEventCounter(store);
    this.log = options.log ?? ((entry) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`));
  }

  get names(): string[] {
    return [...this.lanes.keys()];
  }

  /** Creates the schema, the checkpoints table and every projection's tables (idempotent, one process at a time). */
  async migrate(): Promise<void> {
    const s = this.schema;
    await this.sql.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('read-models-migrate:${s}'))`);
      await tx.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
      await tx.query(`CREATE TABLE IF NOT EXISTS ${s}.checkpoints (name text PRIMARY KEY, position text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`);
      for (const { projection } of this.lanes.values()) {
        await projection.migrate(tx, s);
        await this.expectTables(tx, projection, s, false);
      }
    });
  }

  /** Starts following the log in the background (again after a stop). */
  start(): void {
    if (this.running) return;
    const pool = this.sql.kind === 'postgres' ? poolOf(this.sql) : undefined;
    if (this.sql.kind === 'postgres' && !pool) throw new Error('projection ownership on PostgreSQL needs a client with a pg pool (PgClient)');
    const signal = this.lanesAbort.signal;
    this.ownership = pool
      ? new AdvisoryLockOwnership(pool, (name) => this.lockText('owner', name), () => this.wakeAll(), (level, msg, fields) => this.log({ level, msg, ...fields }))
      : new LocalOwnership();
    this.running = Promise.all([
      this.ownershipLoop(signal), this.watchLoop(signal), ...[...this.lanes.values()].map((lane) => this.laneLoop(lane, signal)),
    ]).then(() => undefined);
  }

  /** Stops the lanes and any rebuild or check in progress, and gives up every lock. Can be started again. */
  async stop(): Promise<void> {
    this.lanesAbort.abort();
    this.opsAbort.abort();
    this.wakeAll();
    await this.running;
    await Promise.allSettled([...this.pendingOperations]);
    await this.ownership?.close();
    this.running = undefined;
    this.ownership = undefined;
    this.lanesAbort = new AbortController();
    this.opsAbort = new AbortController();
  }

  /**
   * Applies everything appended so far, whoever owns the projections (the checkpoint row keeps a
   * concurrent owner from double counting). Tests and the CLI use it to read their own writes.
   */
  async catchUp(name?: string): Promise<void> {
    await Promise.all(this.select(name).map(async (lane) => {
      while ((await this.step(lane, { confirmOwner: false })).more);
    }));
  }

  async status(): Promise<ProjectionStatus[]> {
    const { rows } = await this.sql.query<{ name: string; position: string }>(`SELECT name, position FROM ${this.schema}.checkpoints`);
    let holders: Map<string, number> | undefined;
    if (this.sql.kind === 'postgres') {
      const locks = this.names.flatMap((name) => [this.lockText('owner', name), this.lockText('rebuild', name)]);
      holders = await advisoryLockHolders(this.sql, locks).catch(() => undefined);
    }
    return Promise.all([...this.lanes.values()].map(async (lane): Promise<ProjectionStatus> => {
      const { name } = lane.projection;
      const position = positionOf(rows.find((r) => r.name === name)?.position);
      const lag = await this.counter.countAfter(position, LAG_CAP);
      const ownsHere = this.running !== undefined && this.ownership?.holds(name) === true;
      const ownerPid = holders?.get(this.lockText('owner', name));
      const owner: ProjectionOwner = ownsHere ? 'this-process'
        : this.sql.kind === 'pglite' ? 'none'
        : holders === undefined ? 'unknown'
        : ownerPid !== undefined ? 'other-process' : 'none';
      const rebuilding = this.operations.has(`rebuild:${name}`) || holders?.has(this.lockText('rebuild', name)) === true;
      const state: ProjectionState = rebuilding ? 'rebuilding' : this.running === undefined ? 'stopped' : ownsHere ? 'running' : 'standby';
      return {
        name, state, owner, ...(ownerPid !== undefined ? { ownerPid } : {}),
        position: shownPosition(position), lag, lagCapped: lag >= LAG_CAP, applied: lane.applied, lastError: lane.lastError, rebuild: lane.rebuild,
      };
    }));
  }

  /** True while this process rebuilds any projection. */
  get rebuilding(): boolean {
    return this.rebuildInProgress;
  }

  /** Rebuilds one projection (or all, one after the other) and swaps it in; resolves when done. */
  async rebuild(name?: string, onProgress?: (progress: RebuildProgress) => void): Promise<RebuildResult[]> {
    return (await this.startRebuild(name, onProgress)).done;
  }

  /**
   * Starts a rebuild in the background once its locks are held: throws UnknownProjectionError, or
   * RebuildInProgressError when a rebuild runs in this process or one of these projections is being
   * rebuilt in another. Progress (and the outcome) also shows in status().
   */
  async startRebuild(name?: string, onProgress?: (progress: RebuildProgress) => void): Promise<RebuildHandle> {
    const lanes = this.select(name);
    const names = lanes.map((lane) => lane.projection.name);
    if (this.rebuildInProgress) throw new RebuildInProgressError('rebuild', [...this.operations].filter((o) => o.startsWith('rebuild:')).map((o) => o.slice(8)), 'this process');
    this.rebuildInProgress = true;
    let locks: HeldLocks;
    try {
      locks = await this.reserve('rebuild', names);
    } catch (error) {
      this.rebuildInProgress = false;
      throw error;
    }
    const signal = this.opsAbort.signal;
    const done = (async () => {
      try {
        const results: RebuildResult[] = [];
        for (const lane of lanes) results.push(await this.rebuildOne(lane, locks, signal, onProgress));
        return results;
      } finally {
        this.unreserve('rebuild', names, locks);
        this.rebuildInProgress = false;
      }
    })();
    this.track(done);
    return { projections: names, done };
  }

  /**
   * Rebuilds one projection (or each) into a scratch schema and compares it, table by table and row
   * by row, with the live tables at the same position; the scratch schema is dropped afterwards.
   */
  async check(name?: string, onProgress?: (progress: RebuildProgress) => void): Promise<CheckResult[]> {
    const lanes = this.select(name);
    const names = lanes.map((lane) => lane.projection.name);
    const locks = await this.reserve('check', names);
    const work = (async () => {
      try {
        const results: CheckResult[] = [];
        for (const lane of lanes) results.push(await this.checkOne(lane, locks, this.opsAbort.signal, onProgress));
        return results;
      } finally {
        this.unreserve('check', names, locks);
      }
    })();
    this.track(work);
    return work;
  }

  // ---------------------------------------------------------------- live lanes

  private async ownershipLoop(signal: AbortSignal): Promise<void> {
    if (this.ownership instanceof LocalOwnership) return;
    while (!signal.aborted) {
      await this.ownership!.tick(this.names);
      await sleep(this.lockRetryMs * (0.75 + Math.random() / 2), signal);
    }
  }

  private async laneLoop(lane: Lane, signal: AbortSignal): Promise<void> {
    const { name } = lane.projection;
    while (!signal.aborted) {
      if (!this.ownership?.holds(name)) {
        await this.pause(lane, this.lockRetryMs, signal);
        continue;
      }
      try {
        const { more, position } = await this.step(lane, { confirmOwner: true });
        lane.failures = 0;
        if (!more) {
          lane.idleAt = position;
          await this.pause(lane, IDLE_RECHECK_MS, signal);
          lane.idleAt = undefined;
        }
      } catch (error) {
        if (signal.aborted) break;
        if (error instanceof OwnershipLostError) {
          this.log({ level: 'warn', msg: 'projection batch rolled back: ownership lost', projection: name });
          continue;
        }
        lane.failures += 1;
        lane.lastError = { message: errorMessage(error), at: new Date().toISOString(), consecutiveFailures: lane.failures };
        const retryInMs = Math.min(this.maxRetryMs, this.retryMs * 2 ** (lane.failures - 1));
        this.log({ level: 'error', msg: 'projection batch failed', projection: name, error: lane.lastError.message, failures: lane.failures, retryInMs });
        await this.pause(lane, retryInMs, signal);
      }
    }
  }

  /** One cheap query for every caught-up lane (instead of each polling the log): wakes them when an event passes the earliest. */
  private async watchLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await sleep(this.pollMs, signal);
      const idle = [...this.lanes.values()].filter((lane) => lane.idleAt !== undefined);
      if (idle.length === 0) continue;
      const earliest = idle.map((lane) => lane.idleAt!).sort(comparePositions)[0]!;
      try {
        if ((await this.counter.countAfter(earliest, 1)) > 0) for (const lane of idle) lane.wake();
      } catch {
        for (const lane of idle) lane.wake(); // the lanes' own reads report the error
      }
    }
  }

  /**
   * One batch of the live projection: read after its checkpoint, then in one transaction lock the
   * checkpoint row, drop what someone else applied meanwhile, apply, move the checkpoint.
   * `more`: another batch may follow at once.
   */
  private async step(lane: Lane, options: { confirmOwner: boolean; upTo?: GlobalPosition }): Promise<{ more: boolean; position: GlobalPosition }> {
    const { projection } = lane;
    const s = this.schema;
    const from = await this.checkpoint(projection.name);
    if (options.upTo && comparePositions(from, options.upTo) >= 0) return { more: false, position: from };
    const read = await this.store.readAll({ ...afterOption(from), limit: this.batchSize });
    const events = options.upTo ? eventsUpTo(read, options.upTo) : read;
    if (events.length === 0) return { more: false, position: from };
    const outcome = await this.sql.transaction(async (tx) => {
      const current = await this.lockCheckpoint(tx, s, projection.name);
      // Behind what was read from: a rebuild swapped in tables at an earlier position. Read again.
      if (comparePositions(current, from) < 0) return { applied: 0, stale: true, position: current };
      const fresh = eventsAfter(events, current);
      if (fresh.length === 0) return { applied: 0, stale: false, position: current };
      await projection.apply(tx, s, fresh);
      if (options.confirmOwner) await this.ownership!.confirm(tx, projection.name);
      const position = fresh.at(-1)!.position;
      await tx.query(`UPDATE ${s}.checkpoints SET position = $2, updated_at = now() WHERE name = $1`, [projection.name, formatPosition(position)]);
      return { applied: fresh.length, stale: false, position };
    });
    lane.applied += outcome.applied;
    return { more: outcome.stale || (read.length === this.batchSize && events.length === read.length), position: outcome.position };
  }

  private async checkpoint(name: string): Promise<GlobalPosition> {
    const { rows } = await this.sql.query<{ position: string }>(`SELECT position FROM ${this.schema}.checkpoints WHERE name = $1`, [name]);
    return positionOf(rows[0]?.position);
  }

  /** The projection's turn: its checkpoint row, created if missing, locked until the transaction ends. */
  private async lockCheckpoint(tx: SqlExecutor, s: string, name: string): Promise<GlobalPosition> {
    const locked = () => tx.query<{ position: string }>(`SELECT position FROM ${s}.checkpoints WHERE name = $1 FOR UPDATE`, [name]);
    let { rows } = await locked();
    // Missing only before the first batch: one statement less on every other (this runs per batch and lane).
    if (rows.length === 0) {
      await tx.query(`INSERT INTO ${s}.checkpoints (name, position) VALUES ($1, '0/0') ON CONFLICT (name) DO NOTHING`, [name]);
      ({ rows } = await locked());
    }
    return positionOf(rows[0]?.position);
  }

  private pause(lane: Lane, ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        lane.wake = () => undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      lane.wake = done;
    });
  }

  private wakeAll(): void {
    for (const lane of this.lanes.values()) lane.wake();
  }

  // ---------------------------------------------------------------- rebuild and check

  private async rebuildOne(lane: Lane, locks: HeldLocks, signal: AbortSignal, onProgress?: (p: RebuildProgress) => void): Promise<RebuildResult> {
    const { projection } = lane;
    const scratch = this.scratchSchema('rebuild', projection.name);
    const started = Date.now();
    const progress = await this.progress(lane, 'rebuild', onProgress);
    try {
      await this.createScratch(projection, scratch);
      let position = ZERO;
      const pages = this.pages(position);
      for (;;) {
        throwIfAborted(signal);
        const events = await pages.next();
        if (events.length === this.rebuildBatchSize) {
          await this.sql.transaction((tx) => projection.apply(tx, scratch, events));
          position = events.at(-1)!.position;
          await progress.advance(events.length, position);
          continue;
        }
        // Near the head: the rest goes in with the swap, inside the projection's turn.
        progress.set({ phase: 'swapping' });
        position = await this.swap(projection, scratch, events, position, locks);
        lane.wake(); // a caught-up lane here reads on from the new checkpoint now
        await progress.advance(events.length, position);
        break;
      }
      progress.set({ phase: 'done', finishedAt: new Date().toISOString() });
      const result = { name: projection.name, position: shownPosition(position), applied: progress.current().applied, ms: Date.now() - started };
      this.log({ level: 'info', msg: 'projection rebuilt', projection: projection.name, position: result.position, events: result.applied, ms: result.ms });
      return result;
    } catch (error) {
      progress.set({ phase: 'failed', finishedAt: new Date().toISOString(), error: errorMessage(error) });
      this.log({ level: 'error', msg: 'projection rebuild failed', projection: projection.name, error: errorMessage(error) });
      await this.dropSchema(scratch);
      throw error;
    }
  }

  /**
   * Applies the tail to the scratch copy and swaps its tables for the live ones, all in one
   * transaction holding the projection's checkpoint row (a live batch waits, then continues from the
   * new checkpoint — possibly an earlier one, which it detects). Readers see the old tables until
   * the commit, the new ones after. The old tables are dropped without CASCADE: a view built on
   * them makes the swap fail rather than silently vanish.
   */
  private async swap(projection: Projection, scratch: string, tail: readonly RecordedEvent[], scratchAt: GlobalPosition, locks: HeldLocks): Promise<GlobalPosition> {
    const s = this.schema;
    const old = this.scratchSchema('old', projection.name);
    return this.sql.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('read-models-migrate:${s}'))`);
      await this.lockCheckpoint(tx, s, projection.name);
      if (tail.length > 0) await projection.apply(tx, scratch, tail);
      const at = tail.at(-1)?.position ?? scratchAt;
      await locks.confirm(tx);
      await tx.query(`DROP SCHEMA IF EXISTS ${old} CASCADE`);
      await tx.query(`CREATE SCHEMA ${old}`);
      for (const table of projection.tables) await tx.query(`ALTER TABLE IF EXISTS ${s}.${table} SET SCHEMA ${old}`);
      for (const table of projection.tables) await tx.query(`ALTER TABLE ${scratch}.${table} SET SCHEMA ${s}`);
      await tx.query(`UPDATE ${s}.checkpoints SET position = $2, updated_at = now() WHERE name = $1`, [projection.name, formatPosition(at)]);
      if (projection.tables.length > 0) await tx.query(`DROP TABLE IF EXISTS ${projection.tables.map((t) => `${old}.${t}`).join(', ')}`);
      await tx.query(`DROP SCHEMA ${old}`);
      await tx.query(`DROP SCHEMA ${scratch}`);
      return at;
    });
  }

  private async checkOne(lane: Lane, locks: HeldLocks, signal: AbortSignal, onProgress?: (p: RebuildProgress) => void): Promise<CheckResult> {
    const { projection } = lane;
    const s = this.schema;
    const scratch = this.scratchSchema('check', projection.name);
    const progress = await this.progress(lane, 'check', onProgress);
    try {
      await this.createScratch(projection, scratch);
      let position = await this.buildScratch(projection, scratch, ZERO, undefined, signal, progress);
      progress.set({ phase: 'comparing' });
      // Freeze both copies at one position: catch the lagging side up, then compare inside a
      // transaction holding the live checkpoint row, so no live batch can move it meanwhile.
      for (let attempt = 0; attempt < FREEZE_ATTEMPTS; attempt += 1) {
        throwIfAborted(signal);
        const live = await this.checkpoint(projection.name);
        if (comparePositions(live, position) < 0) {
          while ((await this.step(lane, { confirmOwner: false, upTo: position })).more) throwIfAborted(signal);
        } else if (comparePositions(live, position) > 0) {
          position = await this.buildScratch(projection, scratch, position, live, signal, progress);
        }
        // What the owner may apply between here and the freeze: applied to the scratch copy inside it.
        const ahead = await this.store.readAll({ ...afterOption(position), limit: this.rebuildBatchSize });
        const compared = await this.sql.transaction(async (tx) => {
          const current = await this.lockCheckpoint(tx, s, projection.name);
          const order = comparePositions(current, position);
          if (order < 0) return undefined;
          if (order > 0) {
            const upTo = ahead.findIndex((e) => comparePositions(e.position, current) === 0);
            if (upTo < 0) return undefined;
            await projection.apply(tx, scratch, ahead.slice(0, upTo + 1));
          }
          await locks.confirm(tx);
          return { at: current, differences: await this.compareTables(tx, projection, scratch) };
        });
        if (compared) {
          progress.set({ phase: 'done', position: shownPosition(compared.at), finishedAt: new Date().toISOString() });
          return { name: projection.name, position: shownPosition(compared.at), clean: compared.differences.length === 0, differences: compared.differences };
        }
      }
      throw new Error(`could not bring the live and rebuilt copies of ${projection.name} to one position in ${FREEZE_ATTEMPTS} attempts`);
    } catch (error) {
      progress.set({ phase: 'failed', finishedAt: new Date().toISOString(), error: errorMessage(error) });
      throw error;
    } finally {
      await this.dropSchema(scratch);
    }
  }

  /** Applies events after `from` (up to `upTo`, or the head) to a scratch copy, in batches; returns its new position. */
  private async buildScratch(projection: Projection, scratch: string, from: GlobalPosition, upTo: GlobalPosition | undefined, signal: AbortSignal, progress: ProgressTracker): Promise<GlobalPosition> {
    let position = from;
    const pages = this.pages(from);
    for (;;) {
      throwIfAborted(signal);
      const read = await pages.next();
      const events = upTo ? eventsUpTo(read, upTo) : read;
      if (events.length === 0) return position;
      await this.sql.transaction((tx) => projection.apply(tx, scratch, events));
      position = events.at(-1)!.position;
      await progress.advance(events.length, position);
      if (read.length < this.rebuildBatchSize || events.length < read.length) return position;
    }
  }

  /**
   * The log after `from` in pages of rebuildBatchSize; after a full page the next one is already
   * being read while the caller applies this one (on PostgreSQL the two overlap).
   */
  private pages(from: GlobalPosition): { next(): Promise<RecordedEvent[]> } {
    const read = (after: GlobalPosition) => {
      const page = this.store.readAll({ ...afterOption(after), limit: this.rebuildBatchSize });
      page.catch(() => undefined); // an abandoned read-ahead must not become an unhandled rejection
      return page;
    };
    let ahead: Promise<RecordedEvent[]> | undefined;
    let cursor = from;
    return {
      next: async () => {
        const page = await (ahead ?? read(cursor));
        ahead = undefined;
        if (page.length > 0) cursor = page.at(-1)!.position;
        if (page.length === this.rebuildBatchSize) ahead = read(cursor);
        return page;
      },
    };
  }

  /** Every row of each table, compared as text both ways (EXCEPT ALL, so duplicates count too). */
  private async compareTables(tx: SqlExecutor, projection: Projection, scratch: string): Promise<TableDifference[]> {
    const differences: TableDifference[] = [];
    const columnsOf = async (schema: string, table: string) => (await tx.query<{ column_name: string }>(
      'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position', [schema, table])).rows.map((r) => r.column_name);
    for (const table of projection.tables) {
      const rebuilt = await columnsOf(scratch, table);
      const live = await columnsOf(this.schema, table);
      const volatile = projection.volatileColumns?.[table] ?? [];
      const common = rebuilt.filter((c) => live.includes(c) && !volatile.includes(c));
      const columns = { missing: rebuilt.filter((c) => !live.includes(c)), unexpected: live.filter((c) => !rebuilt.includes(c)) };
      const select = common.length > 0 ? common.map((c) => `${quote(c)}::text AS ${quote(c)}`).join(', ') : '1 AS present';
      const rowsOf = (schema: string) => `SELECT ${select} FROM ${schema}.${table}`;
      const side = async (rows: string) => {
        const n = Number((await tx.query<{ n: string }>(`SELECT count(*)::text AS n FROM (${rows}) AS d`)).rows[0]?.n ?? 0);
        const samples = n === 0 ? [] : (await tx.query<{ row: Record<string, unknown> }>(`SELECT to_jsonb(d) AS row FROM (${rows}) AS d ORDER BY 1 LIMIT ${SAMPLE_ROWS}`)).rows.map((r) => r.row);
        return { count: n, samples };
      };
      const none = { count: 0, samples: [] };
      // No live table at all: every rebuilt row is missing.
      const missing = await side(live.length === 0 ? rowsOf(scratch) : `${rowsOf(scratch)} EXCEPT ALL ${rowsOf(this.schema)}`);
      const unexpected = live.length === 0 ? none : await side(`${rowsOf(this.schema)} EXCEPT ALL ${rowsOf(scratch)}`);
      const shapeDiffers = live.length === 0 || columns.missing.length > 0 || columns.unexpected.length > 0;
      if (missing.count > 0 || unexpected.count > 0 || shapeDiffers) {
        differences.push({
          table, missing: missing.count, unexpected: unexpected.count, samples: { missing: missing.samples, unexpected: unexpected.samples },
          ...(shapeDiffers ? { columns } : {}),
        });
      }
    }
    return differences;
  }

  private async createScratch(projection: Projection, scratch: string): Promise<void> {
    await this.sql.transaction(async (tx) => {
      await tx.query(`DROP SCHEMA IF EXISTS ${scratch} CASCADE`);
      await tx.query(`CREATE SCHEMA ${scratch}`);
      await projection.migrate(tx, scratch);
      await this.expectTables(tx, projection, scratch, true);
    });
  }

  /** Every declared table exists; in a scratch schema (only this projection's) nothing else does: a swap moves exactly these. */
  private async expectTables(tx: SqlExecutor, projection: Projection, schema: string, exact: boolean): Promise<void> {
    const { rows } = await tx.query<{ tablename: string }>('SELECT tablename FROM pg_tables WHERE schemaname = $1', [schema]);
    const present = rows.map((r) => r.tablename);
    const absent = projection.tables.filter((t) => !present.includes(t));
    if (absent.length > 0) throw new Error(`projection ${projection.name} declares tables its migrate did not create in ${schema}: ${absent.join(', ')}`);
    const undeclared = present.filter((t) => !projection.tables.includes(t));
    if (exact && undeclared.length > 0) throw new Error(`projection ${projection.name} created tables it does not declare in tables: ${undeclared.join(', ')}`);
  }

  private async dropSchema(schema: string): Promise<void> {
    await this.sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch((error: unknown) =>
      this.log({ level: 'warn', msg: 'could not drop scratch schema', schema, error: errorMessage(error) }));
  }

  private async progress(lane: Lane, operation: 'rebuild' | 'check', onProgress?: (p: RebuildProgress) => void): Promise<ProgressTracker> {
    const startedAt = new Date().toISOString();
    const total = await this.counter.total();
    const state: Mutable<RebuildProgress> = { name: lane.projection.name, operation, phase: 'building', applied: 0, total, position: null, startedAt };
    const publish = () => {
      const snapshot = { ...state };
      lane.rebuild = snapshot;
      onProgress?.(snapshot);
    };
    const tracker: ProgressTracker = {
      current: () => ({ ...state }),
      set: (fields) => {
        Object.assign(state, fields);
        publish();
      },
      advance: async (events, position) => {
        state.applied += events;
        state.position = shownPosition(position);
        // The log grows while we read it.
        if (state.total !== null && state.applied > state.total) state.total = Math.max(state.applied, (await this.counter.total()) ?? state.applied);
        publish();
      },
    };
    publish();
    return tracker;
  }

  // ---------------------------------------------------------------- helpers

  private select(name: string | undefined): Lane[] {
    if (name === undefined) return [...this.lanes.values()];
    const lane = this.lanes.get(name);
    if (!lane) throw new UnknownProjectionError(name, this.names);
    return [lane];
  }

  /** Marks an operation running here and, on PostgreSQL, takes its locks so no other process runs it at once. */
  private async reserve(operation: 'rebuild' | 'check', names: readonly string[]): Promise<HeldLocks> {
    const busy = names.filter((name) => this.operations.has(`${operation}:${name}`));
    if (busy.length > 0) throw new RebuildInProgressError(operation, busy, 'this process');
    for (const name of names) this.operations.add(`${operation}:${name}`);
    try {
      const pool = this.sql.kind === 'postgres' ? poolOf(this.sql) : undefined;
      if (!pool) return NO_LOCKS;
      const locks = await holdAdvisoryLocks(pool, names.map((name) => this.lockText(operation, name)));
      if (!locks) throw new RebuildInProgressError(operation, names, 'another process');
      return locks;
    } catch (error) {
      for (const name of names) this.operations.delete(`${operation}:${name}`);
      throw error;
    }
  }

  private unreserve(operation: 'rebuild' | 'check', names: readonly string[], locks: HeldLocks): void {
    for (const name of names) this.operations.delete(`${operation}:${name}`);
    locks.release();
  }

  private track(work: Promise<unknown>): void {
    const settled = work.then(() => undefined, () => undefined);
    this.pendingOperations.add(settled);
    void settled.then(() => this.pendingOperations.delete(settled));
  }

  private lockText(kind: 'owner' | 'rebuild' | 'check', name: string): string {
    return `projection-${kind}:${this.schema}:${name}`;
  }

  /** `<schema>_<purpose>_<name>`, shortened with a hash to PostgreSQL's 63-byte identifiers. */
  private scratchSchema(purpose: 'rebuild' | 'check' | 'old', name: string): string {
    const full = `${this.schema}_${purpose}_${name.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`;
    return full.length <= 63 ? full : `${full.slice(0, 54)}_${createHash('sha256').update(full).digest('hex').slice(0, 8)}`;
  }
}

interface ProgressTracker {
  current(): RebuildProgress;
  set(fields: Partial<Mutable<RebuildProgress>>): void;
  advance(events: number, position: GlobalPosition): Promise<void>;
}

function poolOf(sql: SqlClient): Pool | undefined {
  const pool = (sql as { pool?: Pool }).pool;
  return typeof pool?.connect === 'function' ? pool : undefined;
}

const quote = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;

const errorMessage = (error: unknown): string => String((error as Error)?.message ?? error);

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new Error('stopped: the runner is shutting down');
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

export * from './runner/errors';
export * from './runner/event-counter';
