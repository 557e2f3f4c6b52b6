/**
 * Check: a projection rebuilt into a scratch schema and compared, table by table and row by row, with
 * the live tables frozen at the same position; the scratch schema is dropped afterwards.
 */
import { comparePositions, SqlExecutor } from '@app/event-store';
import { Projection } from '../projection';
import { checkpoint, errorMessage, lockCheckpoint, RunnerContext, scratchSchema, throwIfAborted } from './context';
import { LiveLanes } from './live';
import { HeldLocks } from './ownership';
import { afterOption, shownPosition, ZERO } from './positions';
import { buildScratch, createScratch, dropSchema, progressTracker } from './scratch';
import { CheckResult, Lane, RebuildProgress, TableDifference } from './types';

const SAMPLE_ROWS = 5;
const FREEZE_ATTEMPTS = 50;

const quote = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;

export async function checkOne(
  ctx: RunnerContext,
  live: LiveLanes,
  lane: Lane,
  locks: HeldLocks,
  signal: AbortSignal,
  onProgress?: (p: RebuildProgress) => void,
): Promise<CheckResult> {
  const { projection } = lane;
  const s = ctx.schema;
  const scratch = scratchSchema(ctx, 'check', projection.name);
  const progress = await progressTracker(ctx, lane, 'check', onProgress);
  try {
    await createScratch(ctx, projection, scratch);
    let position = await buildScratch(ctx, projection, scratch, ZERO, undefined, signal, progress);
    progress.set({ phase: 'comparing' });
    // Freeze both copies at one position: catch the lagging side up, then compare inside a
    // transaction holding the live checkpoint row, so no live batch can move it meanwhile.
    for (let attempt = 0; attempt < FREEZE_ATTEMPTS; attempt += 1) {
      throwIfAborted(signal);
      const at = await checkpoint(ctx, projection.name);
      if (comparePositions(at, position) < 0) {
        while ((await live.step(lane, { confirmOwner: false, upTo: position })).more) throwIfAborted(signal);
      } else if (comparePositions(at, position) > 0) {
        position = await buildScratch(ctx, projection, scratch, position, at, signal, progress);
      }
      // What the owner may apply between here and the freeze: applied to the scratch copy inside it.
      const ahead = await ctx.store.readAll({ ...afterOption(position), limit: ctx.rebuildBatchSize });
      const compared = await ctx.sql.transaction(async (tx) => {
        const current = await lockCheckpoint(tx, s, projection.name);
        const order = comparePositions(current, position);
        if (order < 0) return undefined;
        if (order > 0) {
          const upTo = ahead.findIndex((e) => comparePositions(e.position, current) === 0);
          if (upTo < 0) return undefined;
          await projection.apply(tx, scratch, ahead.slice(0, upTo + 1));
        }
        await locks.confirm(tx);
        return { at: current, differences: await compareTables(ctx, tx, projection, scratch) };
      });
      if (compared) {
        progress.set({ phase: 'done', position: shownPosition(compared.at), finishedAt: new Date().toISOString() });
        return {
          name: projection.name,
          position: shownPosition(compared.at),
          clean: compared.differences.length === 0,
          differences: compared.differences,
        };
      }
    }
    throw new Error(`could not bring the live and rebuilt copies of ${projection.name} to one position in ${FREEZE_ATTEMPTS} attempts`);
  } catch (error) {
    progress.set({ phase: 'failed', finishedAt: new Date().toISOString(), error: errorMessage(error) });
    throw error;
  } finally {
    await dropSchema(ctx, scratch);
  }
}

/** Every row of each table, compared as text both ways (EXCEPT ALL, so duplicates count too). */
async function compareTables(ctx: RunnerContext, tx: SqlExecutor, projection: Projection, scratch: string): Promise<TableDifference[]> {
  const differences: TableDifference[] = [];
  const columnsOf = async (schema: string, table: string) =>
    (
      await tx.query<{ column_name: string }>(
        'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position',
        [schema, table],
      )
    ).rows.map((r) => r.column_name);
  for (const table of projection.tables) {
    const rebuilt = await columnsOf(scratch, table);
    const live = await columnsOf(ctx.schema, table);
    const volatile = projection.volatileColumns?.[table] ?? [];
    const common = rebuilt.filter((c) => live.includes(c) && !volatile.includes(c));
    const columns = { missing: rebuilt.filter((c) => !live.includes(c)), unexpected: live.filter((c) => !rebuilt.includes(c)) };
    const select = common.length > 0 ? common.map((c) => `${quote(c)}::text AS ${quote(c)}`).join(', ') : '1 AS present';
    const rowsOf = (schema: string) => `SELECT ${select} FROM ${schema}.${table}`;
    const side = async (rows: string) => {
      const n = Number((await tx.query<{ n: string }>(`SELECT count(*)::text AS n FROM (${rows}) AS d`)).rows[0]?.n ?? 0);
      const samples =
        n === 0
          ? []
          : (
              await tx.query<{ row: Record<string, unknown> }>(`SELECT to_jsonb(d) AS row FROM (${rows}) AS d ORDER BY 1 LIMIT ${SAMPLE_ROWS}`)
            ).rows.map((r) => r.row);
      return { count: n, samples };
    };
    const none = { count: 0, samples: [] };
    // No live table at all: every rebuilt row is missing.
    const missing = await side(live.length === 0 ? rowsOf(scratch) : `${rowsOf(scratch)} EXCEPT ALL ${rowsOf(ctx.schema)}`);
    const unexpected = live.length === 0 ? none : await side(`${rowsOf(ctx.schema)} EXCEPT ALL ${rowsOf(scratch)}`);
    const shapeDiffers = live.length === 0 || columns.missing.length > 0 || columns.unexpected.length > 0;
    if (missing.count > 0 || unexpected.count > 0 || shapeDiffers) {
      differences.push({
        table,
        missing: missing.count,
        unexpected: unexpected.count,
        samples: { missing: missing.samples, unexpected: unexpected.samples },
        ...(shapeDiffers ? { columns } : {}),
      });
    }
  }
  return differences;
}
