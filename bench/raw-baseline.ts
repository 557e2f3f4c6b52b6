/**
 * The raw-driver baseline: the same rows (same columns, same JSON texts) through the same driver
 * with plain SQL and the same batching per transaction, into a plain table (bigint identity
 * primary key, no other index or constraint), with no hash chain, stream heads, expected-version
 * or idempotency logic; read back with a plain keyset SELECT ordered by the bigint id.
 */
import { PGlite } from '@electric-sql/pglite';
import { Pool } from 'pg';
import type { NewEvent } from '@app/event-store';

export interface RawQuery {
  (text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** Just the driver: a query, and a transaction (BEGIN … COMMIT on one connection). */
export interface RawDriver {
  query: RawQuery;
  transaction(work: (query: RawQuery) => Promise<void>): Promise<void>;
}

export function pgDriver(pool: Pool): RawDriver {
  return {
    query: (text, params) => pool.query(text, params),
    async transaction(work) {
      const connection = await pool.connect();
      try {
        await connection.query('BEGIN');
        await work((text, params) => connection.query(text, params));
        await connection.query('COMMIT');
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        connection.release();
      }
    },
  };
}

export function pgliteDriver(db: PGlite): RawDriver {
  return {
    query: (text, params) => db.query<Record<string, unknown>>(text, params),
    async transaction(work) {
      await db.transaction((tx) => work((text, params) => tx.query<Record<string, unknown>>(text, params)));
    },
  };
}

export const createRawTable = (driver: RawDriver, schema: string) =>
  driver.query(`CREATE TABLE ${schema}.raw_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream_id text NOT NULL,
    version bigint NOT NULL,
    event_id uuid NOT NULL,
    type text NOT NULL,
    data jsonb NOT NULL,
    metadata jsonb NOT NULL,
    occurred_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL)`);

const insertText = new Map<string, string>();
function insertStatement(schema: string, rows: number): string {
  const key = `${schema}:${rows}`;
  let text = insertText.get(key);
  if (!text) {
    const values = Array.from({ length: rows }, (_, r) => {
      const p = r * 8;
      return `($${p + 1}, $${p + 2}, $${p + 3}::uuid, $${p + 4}, $${p + 5}::jsonb, $${p + 6}::jsonb, $${p + 7}::timestamptz, $${p + 8}::timestamptz)`;
    });
    text = `INSERT INTO ${schema}.raw_events (stream_id, version, event_id, type, data, metadata, occurred_at, recorded_at) VALUES ${values.join(', ')}`;
    insertText.set(key, text);
  }
  return text;
}

/** One transaction with one multi-row INSERT: the same rows and JSON texts as the store writes. */
export async function rawAppend(driver: RawDriver, schema: string, streamId: string, events: readonly NewEvent[]): Promise<void> {
  const recordedAt = new Date().toISOString();
  const params: unknown[] = [];
  events.forEach((event, i) => {
    params.push(
      streamId,
      i + 1,
      event.eventId,
      event.type,
      JSON.stringify(event.data),
      JSON.stringify({ ...event.metadata, recordedAt }),
      event.metadata.occurredAt,
      recordedAt,
    );
  });
  await driver.transaction(async (query) => {
    await query(insertStatement(schema, events.length), params);
  });
}

/** Keyset read of the whole table in `batch`-row pages ordered by id; returns the row count. */
export async function rawReadAll(driver: RawDriver, schema: string, batch: number): Promise<number> {
  let after = '0';
  let count = 0;
  for (;;) {
    const { rows } = await driver.query(
      // The cast gets its own name: `id::text` would be called "id", and ORDER BY id would then sort by that text.
      `SELECT id::text AS pos, stream_id, version::int AS version, event_id::text, type, data, metadata
       FROM ${schema}.raw_events WHERE id > $1 ORDER BY id LIMIT $2`,
      [after, batch],
    );
    count += rows.length;
    if (rows.length < batch) return count;
    after = rows[rows.length - 1]!.pos as string;
  }
}
