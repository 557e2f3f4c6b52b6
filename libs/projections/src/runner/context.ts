/**
 * What every job of the runner (live lanes, rebuild, check) shares: the store, the database, the read
 * models' schema, the lanes, the batch sizes, the log, and the checkpoint rows they take turns on.
 */
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { EventStore, GlobalPosition, SqlClient, SqlExecutor } from '@app/event-store';
import { Projection } from '../projection';
import { EventCounter } from './event-counter';
import { positionOf } from './positions';
import { Lane, ProjectionRunnerOptions } from './types';

export interface RunnerContext {
  readonly store: EventStore;
  readonly sql: SqlClient;
  readonly schema: string;
  readonly lanes: ReadonlyMap<string, Lane>;
  readonly batchSize: number;
  readonly rebuildBatchSize: number;
  readonly counter: EventCounter;
  readonly log: NonNullable<ProjectionRunnerOptions['log']>;
}

export async function checkpoint(ctx: RunnerContext, name: string): Promise<GlobalPosition> {
  const { rows } = await ctx.sql.query<{ position: string }>(`SELECT position FROM ${ctx.schema}.checkpoints WHERE name = $1`, [name]);
  return positionOf(rows[0]?.position);
}

/** The projection's turn: its checkpoint row, created if missing, locked until the transaction ends. */
export async function lockCheckpoint(tx: SqlExecutor, schema: string, name: string): Promise<GlobalPosition> {
  const locked = () => tx.query<{ position: string }>(`SELECT position FROM ${schema}.checkpoints WHERE name = $1 FOR UPDATE`, [name]);
  let { rows } = await locked();
  // Missing only before the first batch: one statement less on every other (this runs per batch and lane).
  if (rows.length === 0) {
    await tx.query(`INSERT INTO ${schema}.checkpoints (name, position) VALUES ($1, '0/0') ON CONFLICT (name) DO NOTHING`, [name]);
    ({ rows } = await locked());
  }
  return positionOf(rows[0]?.position);
}

/** Every declared table exists; in a scratch schema (only this projection's) nothing else does: a swap moves exactly these. */
export async function expectTables(tx: SqlExecutor, projection: Projection, schema: string, exact: boolean): Promise<void> {
  const { rows } = await tx.query<{ tablename: string }>('SELECT tablename FROM pg_tables WHERE schemaname = $1', [schema]);
  const present = rows.map((r) => r.tablename);
  const absent = projection.tables.filter((t) => !present.includes(t));
  if (absent.length > 0)
    throw new Error(`projection ${projection.name} declares tables its migrate did not create in ${schema}: ${absent.join(', ')}`);
  const undeclared = present.filter((t) => !projection.tables.includes(t));
  if (exact && undeclared.length > 0)
    throw new Error(`projection ${projection.name} created tables it does not declare in tables: ${undeclared.join(', ')}`);
}

export const lockText = (ctx: Pick<RunnerContext, 'schema'>, kind: 'owner' | 'rebuild' | 'check', name: string): string =>
  `projection-${kind}:${ctx.schema}:${name}`;

/** `<schema>_<purpose>_<name>`, shortened with a hash to PostgreSQL's 63-byte identifiers. */
export function scratchSchema(ctx: Pick<RunnerContext, 'schema'>, purpose: 'rebuild' | 'check' | 'old', name: string): string {
  const full = `${ctx.schema}_${purpose}_${name.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`;
  return full.length <= 63 ? full : `${full.slice(0, 54)}_${createHash('sha256').update(full).digest('hex').slice(0, 8)}`;
}

export function poolOf(sql: SqlClient): Pool | undefined {
  const pool = (sql as { pool?: Pool }).pool;
  return typeof pool?.connect === 'function' ? pool : undefined;
}

export const errorMessage = (error: unknown): string => String((error as Error)?.message ?? error);

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new Error('stopped: the runner is shutting down');
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
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
