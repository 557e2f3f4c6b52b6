/**
 * The live lanes: each projection follows the log on its own — its own checkpoint, catch-up then
 * live, its own retries — so a slow, failing or rebuilding projection never holds the others.
 *
 * Exactly once: a batch updates the read model and moves the checkpoint in one transaction, after
 * locking the checkpoint row (FOR UPDATE) and dropping the events at or before it. After a crash a
 * batch is wholly applied and checkpointed or not at all; two appliers (a takeover, a CLI catch-up)
 * wait for each other on that row instead of counting twice. On PostgreSQL only the holder of a
 * projection's advisory lock applies it (ownership.ts); the others stand by.
 */
import { comparePositions, formatPosition, GlobalPosition } from '@app/event-store';
import { checkpoint, errorMessage, lockCheckpoint, lockText, poolOf, RunnerContext, sleep } from './context';
import { OwnershipLostError } from './errors';
import { AdvisoryLockOwnership, LocalOwnership, Ownership } from './ownership';
import { afterOption, eventsAfter, eventsUpTo } from './positions';
import { Lane } from './types';

/**
 * A caught-up lane also looks on its own this often: it notices a checkpoint moved back by a rebuild
 * swapped in from another process even when no new event arrives.
 */
const IDLE_RECHECK_MS = 5_000;

export interface LiveOptions {
  readonly pollMs: number;
  readonly lockRetryMs: number;
  readonly retryMs: number;
  readonly maxRetryMs: number;
}

export class LiveLanes {
  private abort = new AbortController();
  private running: Promise<void> | undefined;
  private ownership: Ownership | undefined;

  constructor(
    private readonly ctx: RunnerContext,
    private readonly options: LiveOptions,
  ) {}

  get started(): boolean {
    return this.running !== undefined;
  }

  /** Whether this process applies the projection now. */
  holds(name: string): boolean {
    return this.running !== undefined && this.ownership?.holds(name) === true;
  }

  start(): void {
    if (this.running) return;
    const { ctx } = this;
    const pool = ctx.sql.kind === 'postgres' ? poolOf(ctx.sql) : undefined;
    if (ctx.sql.kind === 'postgres' && !pool) throw new Error('projection ownership on PostgreSQL needs a client with a pg pool (PgClient)');
    const signal = this.abort.signal;
    this.ownership = pool
      ? new AdvisoryLockOwnership(
          pool,
          (name) => lockText(ctx, 'owner', name),
          () => this.wakeAll(),
          (level, msg, fields) => ctx.log({ level, msg, ...fields }),
        )
      : new LocalOwnership();
    this.running = Promise.all([
      this.ownershipLoop(signal),
      this.watchLoop(signal),
      ...[...ctx.lanes.values()].map((lane) => this.laneLoop(lane, signal)),
    ]).then(() => undefined);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.wakeAll();
    await this.running;
    await this.ownership?.close();
    this.running = undefined;
    this.ownership = undefined;
    this.abort = new AbortController();
  }

  wakeAll(): void {
    for (const lane of this.ctx.lanes.values()) lane.wake();
  }

  /**
   * One batch of the live projection: read after its checkpoint, then in one transaction lock the
   * checkpoint row, drop what someone else applied meanwhile, apply, move the checkpoint.
   * `more`: another batch may follow at once.
   */
  async step(lane: Lane, options: { confirmOwner: boolean; upTo?: GlobalPosition }): Promise<{ more: boolean; position: GlobalPosition }> {
    const { ctx } = this;
    const { projection } = lane;
    const s = ctx.schema;
    const from = await checkpoint(ctx, projection.name);
    if (options.upTo && comparePositions(from, options.upTo) >= 0) return { more: false, position: from };
    const read = await ctx.store.readAll({ ...afterOption(from), limit: ctx.batchSize });
    const events = options.upTo ? eventsUpTo(read, options.upTo) : read;
    if (events.length === 0) return { more: false, position: from };
    const outcome = await ctx.sql.transaction(async (tx) => {
      const current = await lockCheckpoint(tx, s, projection.name);
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
    return { more: outcome.stale || (read.length === ctx.batchSize && events.length === read.length), position: outcome.position };
  }

  private async ownershipLoop(signal: AbortSignal): Promise<void> {
    if (this.ownership instanceof LocalOwnership) return;
    while (!signal.aborted) {
      await this.ownership!.tick([...this.ctx.lanes.keys()]);
      await sleep(this.options.lockRetryMs * (0.75 + Math.random() / 2), signal);
    }
  }

  private async laneLoop(lane: Lane, signal: AbortSignal): Promise<void> {
    const { name } = lane.projection;
    const { options, ctx } = this;
    while (!signal.aborted) {
      if (!this.ownership?.holds(name)) {
        await this.pause(lane, options.lockRetryMs, signal);
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
          ctx.log({ level: 'warn', msg: 'projection batch rolled back: ownership lost', projection: name });
          continue;
        }
        lane.failures += 1;
        lane.lastError = { message: errorMessage(error), at: new Date().toISOString(), consecutiveFailures: lane.failures };
        const retryInMs = Math.min(options.maxRetryMs, options.retryMs * 2 ** (lane.failures - 1));
        ctx.log({
          level: 'error',
          msg: 'projection batch failed',
          projection: name,
          error: lane.lastError.message,
          failures: lane.failures,
          retryInMs,
        });
        await this.pause(lane, retryInMs, signal);
      }
    }
  }

  /** One cheap query for every caught-up lane (instead of each polling the log): wakes them when an event passes the earliest. */
  private async watchLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await sleep(this.options.pollMs, signal);
      const idle = [...this.ctx.lanes.values()].filter((lane) => lane.idleAt !== undefined);
      if (idle.length === 0) continue;
      const earliest = idle.map((lane) => lane.idleAt!).sort(comparePositions)[0]!;
      try {
        if ((await this.ctx.counter.countAfter(earliest, 1)) > 0) for (const lane of idle) lane.wake();
      } catch {
        for (const lane of idle) lane.wake(); // the lanes' own reads report the error
      }
    }
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
}
