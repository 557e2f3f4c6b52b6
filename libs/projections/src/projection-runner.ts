/**
 * Runs the read models' projections: the live lanes (runner/live.ts: each projection on its own
 * checkpoint, exactly once, one owner per projection across processes — runner/ownership.ts), and on
 * demand a rebuild (runner/rebuild.ts: built aside, swapped in atomically) or a check
 * (runner/check.ts: built aside, compared row by row). This class holds them together: what runs,
 * what is reserved, and the status of each projection.
 */
import { EventStore, SqlClient } from '@app/event-store';
import { Projection } from './projection';
import { checkOne } from './runner/check';
import { expectTables, lockText, poolOf, RunnerContext } from './runner/context';
import { readingEventCounter } from './runner/event-counter';
import { RebuildInProgressError, UnknownProjectionError } from './runner/errors';
import { LiveLanes } from './runner/live';
import { advisoryLockHolders, HeldLocks, holdAdvisoryLocks, NO_LOCKS } from './runner/ownership';
import { positionOf, shownPosition } from './runner/positions';
import { rebuildOne } from './runner/rebuild';
import {
  CheckResult,
  LAG_CAP,
  Lane,
  ProjectionOwner,
  ProjectionRunnerOptions,
  ProjectionState,
  ProjectionStatus,
  RebuildHandle,
  RebuildProgress,
  RebuildResult,
} from './runner/types';

export * from './runner/types';
export * from './runner/errors';
export * from './runner/event-counter';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export class ProjectionRunner {
  private readonly ctx: RunnerContext;
  private readonly lanes: ReadonlyMap<string, Lane>;
  private readonly live: LiveLanes;
  private opsAbort = new AbortController();
  /** `rebuild:<name>` / `check:<name>` operations running in this process. */
  private readonly operations = new Set<string>();
  private readonly pendingOperations = new Set<Promise<unknown>>();
  private rebuildInProgress = false;

  constructor(
    store: EventStore,
    private readonly sql: SqlClient,
    projections: readonly Projection[],
    readonly schema = 'read_models',
    options: ProjectionRunnerOptions = {},
  ) {
    if (!IDENTIFIER.test(schema)) throw new Error(`invalid schema name: ${schema}`);
    const lanes = new Map<string, Lane>();
    for (const projection of projections) {
      if (lanes.has(projection.name)) throw new Error(`two projections named ${projection.name}`);
      for (const table of projection.tables)
        if (!IDENTIFIER.test(table)) throw new Error(`projection ${projection.name}: invalid table name ${table}`);
      lanes.set(projection.name, { projection, applied: 0, failures: 0, lastError: null, rebuild: null, idleAt: undefined, wake: () => undefined });
    }
    this.lanes = lanes;
    this.ctx = {
      store,
      sql,
      schema,
      lanes,
      batchSize: options.batchSize ?? 500,
      rebuildBatchSize: options.rebuildBatchSize ?? 1_000,
      counter: options.counter ?? readingEventCounter(store),
      log: options.log ?? ((entry) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`)),
    };
    this.live = new LiveLanes(this.ctx, {
      pollMs: options.pollMs ?? 100,
      lockRetryMs: options.lockRetryMs ?? 1_500,
      retryMs: options.retryMs ?? 1_000,
      maxRetryMs: options.maxRetryMs ?? 30_000,
    });
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
      await tx.query(
        `CREATE TABLE IF NOT EXISTS ${s}.checkpoints (name text PRIMARY KEY, position text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`,
      );
      for (const { projection } of this.lanes.values()) {
        await projection.migrate(tx, s);
        await expectTables(tx, projection, s, false);
      }
    });
  }

  /** Starts following the log in the background (again after a stop). */
  start(): void {
    this.live.start();
  }

  /** Stops the lanes and any rebuild or check in progress, and gives up every lock. Can be started again. */
  async stop(): Promise<void> {
    this.opsAbort.abort();
    await this.live.stop();
    await Promise.allSettled([...this.pendingOperations]);
    this.opsAbort = new AbortController();
  }

  /**
   * Applies everything appended so far, whoever owns the projections (the checkpoint row keeps a
   * concurrent owner from double counting). Tests and the CLI use it to read their own writes.
   */
  async catchUp(name?: string): Promise<void> {
    await Promise.all(
      this.select(name).map(async (lane) => {
        while ((await this.live.step(lane, { confirmOwner: false })).more);
      }),
    );
  }

  async status(): Promise<ProjectionStatus[]> {
    const { rows } = await this.sql.query<{ name: string; position: string }>(`SELECT name, position FROM ${this.schema}.checkpoints`);
    let holders: Map<string, number> | undefined;
    if (this.sql.kind === 'postgres') {
      const locks = this.names.flatMap((name) => [lockText(this.ctx, 'owner', name), lockText(this.ctx, 'rebuild', name)]);
      holders = await advisoryLockHolders(this.sql, locks).catch(() => undefined);
    }
    return Promise.all(
      [...this.lanes.values()].map(async (lane): Promise<ProjectionStatus> => {
        const { name } = lane.projection;
        const position = positionOf(rows.find((r) => r.name === name)?.position);
        const lag = await this.ctx.counter.countAfter(position, LAG_CAP);
        const ownsHere = this.live.holds(name);
        const ownerPid = holders?.get(lockText(this.ctx, 'owner', name));
        const owner: ProjectionOwner = ownsHere
          ? 'this-process'
          : this.sql.kind === 'pglite'
            ? 'none'
            : holders === undefined
              ? 'unknown'
              : ownerPid !== undefined
                ? 'other-process'
                : 'none';
        const rebuilding = this.operations.has(`rebuild:${name}`) || holders?.has(lockText(this.ctx, 'rebuild', name)) === true;
        const state: ProjectionState = rebuilding ? 'rebuilding' : !this.live.started ? 'stopped' : ownsHere ? 'running' : 'standby';
        return {
          name,
          state,
          owner,
          ...(ownerPid !== undefined ? { ownerPid } : {}),
          position: shownPosition(position),
          lag,
          lagCapped: lag >= LAG_CAP,
          applied: lane.applied,
          lastError: lane.lastError,
          rebuild: lane.rebuild,
        };
      }),
    );
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
    if (this.rebuildInProgress)
      throw new RebuildInProgressError(
        'rebuild',
        [...this.operations].filter((o) => o.startsWith('rebuild:')).map((o) => o.slice(8)),
        'this process',
      );
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
        for (const lane of lanes) results.push(await rebuildOne(this.ctx, lane, locks, signal, onProgress));
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
        for (const lane of lanes) results.push(await checkOne(this.ctx, this.live, lane, locks, this.opsAbort.signal, onProgress));
        return results;
      } finally {
        this.unreserve('check', names, locks);
      }
    })();
    this.track(work);
    return work;
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
      const locks = await holdAdvisoryLocks(
        pool,
        names.map((name) => lockText(this.ctx, operation, name)),
      );
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
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.pendingOperations.add(settled);
    void settled.then(() => this.pendingOperations.delete(settled));
  }
}
