/**
 * Every imported event, with the user who brought it in and its batch: what an auditor lists to see
 * which part of the record was adopted from an earlier system, by whom, and when (GET /audit/imports).
 * The queries that read the table live here with it.
 */
import { ImportProvenance, SqlExecutor } from '@app/event-store';
import { Projection } from './projection';

export const importsProjection: Projection = {
  name: 'imports',
  tables: ['imported_events'],
  async migrate(sql, s) {
    await sql.query(`CREATE TABLE IF NOT EXISTS ${s}.imported_events (
      stream_id text NOT NULL, version int NOT NULL, type text NOT NULL, external_id text NOT NULL,
      batch_id text, imported_by jsonb, actor jsonb NOT NULL, occurred_at timestamptz NOT NULL, recorded_at timestamptz NOT NULL,
      PRIMARY KEY (stream_id, version))`);
    await sql.query(`CREATE INDEX IF NOT EXISTS imported_events_batch ON ${s}.imported_events (batch_id, stream_id, version)`);
  },
  async apply(sql, s, events) {
    const rows = events.flatMap((event) => {
      const imported: ImportProvenance | undefined = event.metadata.imported;
      if (!imported) return [];
      return [
        {
          stream_id: event.streamId,
          version: event.version,
          type: event.type,
          external_id: imported.externalId,
          batch_id: imported.batchId ?? null,
          imported_by: imported.importedBy ?? null,
          actor: event.metadata.actor,
          occurred_at: event.metadata.occurredAt,
          recorded_at: event.metadata.recordedAt,
        },
      ];
    });
    if (rows.length === 0) return;
    await sql.query(
      `INSERT INTO ${s}.imported_events SELECT * FROM jsonb_populate_recordset(NULL::${s}.imported_events, $1::jsonb)
      ON CONFLICT DO NOTHING`,
      [JSON.stringify(rows)],
    );
  },
};

export interface ImportBatch {
  /** Null for events imported before batches were recorded. */
  readonly batchId: string | null;
  readonly importedBy: unknown;
  readonly events: number;
  readonly records: number;
  readonly streams: number;
  readonly firstRecordedAt: string;
  readonly lastRecordedAt: string;
}

/** The import batches, newest first; `importedBy` filters by the importing user's id. */
export async function listImportBatches(sql: SqlExecutor, schema: string, filter: { importedBy?: string; limit: number }): Promise<ImportBatch[]> {
  const params: unknown[] = [filter.limit];
  const where = filter.importedBy !== undefined ? `WHERE imported_by->>'sub' = $${params.push(filter.importedBy)}` : '';
  const { rows } = await sql.query<{
    batch_id: string | null;
    imported_by: unknown;
    events: string;
    records: string;
    streams: string;
    first: Date;
    last: Date;
  }>(
    `SELECT batch_id, (array_agg(imported_by))[1] AS imported_by, count(*)::text AS events, count(DISTINCT external_id)::text AS records,
            count(DISTINCT stream_id)::text AS streams, min(recorded_at) AS first, max(recorded_at) AS last
     FROM ${schema}.imported_events ${where} GROUP BY batch_id ORDER BY max(recorded_at) DESC, batch_id LIMIT $1`,
    params,
  );
  return rows.map((r) => ({
    batchId: r.batch_id,
    importedBy: r.imported_by,
    events: Number(r.events),
    records: Number(r.records),
    streams: Number(r.streams),
    firstRecordedAt: new Date(r.first).toISOString(),
    lastRecordedAt: new Date(r.last).toISOString(),
  }));
}

export interface ImportedEvent {
  readonly streamId: string;
  readonly version: number;
  readonly type: string;
  readonly externalId: string;
  readonly actor: unknown;
  readonly importedBy: unknown;
  readonly occurredAt: string;
  readonly recordedAt: string;
}

/** The events of one batch in the order they were recorded; `after` is the cursor the previous page returned. */
export async function listImportedEvents(
  sql: SqlExecutor,
  schema: string,
  batchId: string,
  page: { after?: { streamId: string; version: number }; limit: number },
): Promise<{ items: ImportedEvent[]; nextCursor: string | null }> {
  const params: unknown[] = [batchId, page.limit + 1];
  const after = page.after ? `AND (stream_id, version) > ($${params.push(page.after.streamId)}, $${params.push(page.after.version)})` : '';
  const { rows } = await sql.query<{
    stream_id: string;
    version: number;
    type: string;
    external_id: string;
    actor: unknown;
    imported_by: unknown;
    occurred_at: Date;
    recorded_at: Date;
  }>(
    `SELECT stream_id, version, type, external_id, actor, imported_by, occurred_at, recorded_at FROM ${schema}.imported_events
     WHERE batch_id = $1 ${after} ORDER BY stream_id, version LIMIT $2`,
    params,
  );
  const items = rows.slice(0, page.limit).map((r) => ({
    streamId: r.stream_id,
    version: r.version,
    type: r.type,
    externalId: r.external_id,
    actor: r.actor,
    importedBy: r.imported_by,
    occurredAt: new Date(r.occurred_at).toISOString(),
    recordedAt: new Date(r.recorded_at).toISOString(),
  }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? `${last.streamId}@${last.version}` : null };
}
