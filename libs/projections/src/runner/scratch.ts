/**
 * A scratch copy of a projection: its tables built from the log in a schema of their own while the
 * live tables keep serving reads — what a rebuild swaps in and a check compares. Progress is kept on
 * the lane (status) and told to the caller.
 */
import { GlobalPosition, RecordedEvent } from '@app/event-store';
import { Projection } from '../projection';
import { errorMessage, expectTables, RunnerContext, throwIfAborted } from './context';
import { afterOption, eventsUpTo, shownPosition } from './positions';
import { Lane, Mutable, RebuildProgress } from './types';

export interface ProgressTracker {
  current(): RebuildProgress;
  set(fields: Partial<Mutable<RebuildProgress>>): void;
  advance(events: number, position: GlobalPosition): Promise<void>;
}

export async function createScratch(ctx: RunnerContext, projection: Projection, scratch: string): Promise<void> {
  await ctx.sql.transaction(async (tx) => {
    await tx.query(`DROP SCHEMA IF EXISTS ${scratch} CASCADE`);
    await tx.query(`CREATE SCHEMA ${scratch}`);
    await projection.migrate(tx, scratch);
    await expectTables(tx, projection, scratch, true);
  });
}

export async function dropSchema(ctx: RunnerContext, schema: string): Promise<void> {
  await ctx.sql
    .query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    .catch((error: unknown) => ctx.log({ level: 'warn', msg: 'could not drop scratch schema', schema, error: errorMessage(error) }));
}

/** Applies events after `from` (up to `upTo`, or the head) to a scratch copy, in batches; returns its new position. */
export async function buildScratch(
  ctx: RunnerContext,
  projection: Projection,
  scratch: string,
  from: GlobalPosition,
  upTo: GlobalPosition | undefined,
  signal: AbortSignal,
  progress: ProgressTracker,
): Promise<GlobalPosition> {
  let position = from;
  const next = pages(ctx, from);
  for (;;) {
    throwIfAborted(signal);
    const read = await next();
    const events = upTo ? eventsUpTo(read, upTo) : read;
    if (events.length === 0) return position;
    await ctx.sql.transaction((tx) => projection.apply(tx, scratch, events));
    position = events.at(-1)!.position;
    await progress.advance(events.length, position);
    if (read.length < ctx.rebuildBatchSize || events.length < read.length) return position;
  }
}

/**
 * The log after `from` in pages of rebuildBatchSize; after a full page the next one is already
 * being read while the caller applies this one (on PostgreSQL the two overlap).
 */
export function pages(ctx: RunnerContext, from: GlobalPosition): () => Promise<RecordedEvent[]> {
  const read = (after: GlobalPosition) => {
    const page = ctx.store.readAll({ ...afterOption(after), limit: ctx.rebuildBatchSize });
    page.catch(() => undefined); // an abandoned read-ahead must not become an unhandled rejection
    return page;
  };
  let ahead: Promise<RecordedEvent[]> | undefined;
  let cursor = from;
  return async () => {
    const page = await (ahead ?? read(cursor));
    ahead = undefined;
    if (page.length > 0) cursor = page.at(-1)!.position;
    if (page.length === ctx.rebuildBatchSize) ahead = read(cursor);
    return page;
  };
}

export async function progressTracker(
  ctx: RunnerContext,
  lane: Lane,
  operation: 'rebuild' | 'check',
  onProgress?: (p: RebuildProgress) => void,
): Promise<ProgressTracker> {
  const startedAt = new Date().toISOString();
  const total = await ctx.counter.total();
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
      if (state.total !== null && state.applied > state.total) state.total = Math.max(state.applied, (await ctx.counter.total()) ?? state.applied);
      publish();
    },
  };
  publish();
  return tracker;
}
