/**
 * Rebuild: a projection built from position zero into a scratch schema while the live tables keep
 * serving reads, then swapped in atomically, inside the projection's turn.
 */
import { formatPosition, GlobalPosition, RecordedEvent } from '@app/event-store';
import { Projection } from '../projection';
import { errorMessage, lockCheckpoint, RunnerContext, scratchSchema, throwIfAborted } from './context';
import { HeldLocks } from './ownership';
import { shownPosition, ZERO } from './positions';
import { createScratch, dropSchema, pages, progressTracker } from './scratch';
import { Lane, RebuildProgress, RebuildResult } from './types';

/** Rebuilds one projection aside and swaps it in; the lane of this process then reads on from the new checkpoint. */
export async function rebuildOne(
  ctx: RunnerContext,
  lane: Lane,
  locks: HeldLocks,
  signal: AbortSignal,
  onProgress?: (p: RebuildProgress) => void,
): Promise<RebuildResult> {
  const { projection } = lane;
  const scratch = scratchSchema(ctx, 'rebuild', projection.name);
  const started = Date.now();
  const progress = await progressTracker(ctx, lane, 'rebuild', onProgress);
  try {
    await createScratch(ctx, projection, scratch);
    let position = ZERO;
    const next = pages(ctx, position);
    for (;;) {
      throwIfAborted(signal);
      const events = await next();
      if (events.length === ctx.rebuildBatchSize) {
        await ctx.sql.transaction((tx) => projection.apply(tx, scratch, events));
        position = events.at(-1)!.position;
        await progress.advance(events.length, position);
        continue;
      }
      // Near the head: the rest goes in with the swap, inside the projection's turn.
      progress.set({ phase: 'swapping' });
      position = await swap(ctx, projection, scratch, events, position, locks);
      lane.wake(); // a caught-up lane here reads on from the new checkpoint now
      await progress.advance(events.length, position);
      break;
    }
    progress.set({ phase: 'done', finishedAt: new Date().toISOString() });
    const result = { name: projection.name, position: shownPosition(position), applied: progress.current().applied, ms: Date.now() - started };
    ctx.log({
      level: 'info',
      msg: 'projection rebuilt',
      projection: projection.name,
      position: result.position,
      events: result.applied,
      ms: result.ms,
    });
    return result;
  } catch (error) {
    progress.set({ phase: 'failed', finishedAt: new Date().toISOString(), error: errorMessage(error) });
    ctx.log({ level: 'error', msg: 'projection rebuild failed', projection: projection.name, error: errorMessage(error) });
    await dropSchema(ctx, scratch);
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
async function swap(
  ctx: RunnerContext,
  projection: Projection,
  scratch: string,
  tail: readonly RecordedEvent[],
  scratchAt: GlobalPosition,
  locks: HeldLocks,
): Promise<GlobalPosition> {
  const s = ctx.schema;
  const old = scratchSchema(ctx, 'old', projection.name);
  return ctx.sql.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('read-models-migrate:${s}'))`);
    await lockCheckpoint(tx, s, projection.name);
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
