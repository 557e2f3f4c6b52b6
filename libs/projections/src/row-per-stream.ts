/**
 * A read model with one row per stream, folded in memory: per batch, one read of the rows its
 * streams touch and one rewrite of those that changed, whatever the number of events (a statement
 * per event costs more than the rows, above all on PGlite).
 */
import { RecordedEvent, SqlExecutor } from '@app/event-store';

export interface RowPerStream<Row extends { id: string }> {
  readonly table: string;
  /** Stream ids of this model start with it; the rest is the row's id. */
  readonly prefix: string;
  /** The row after the event; the same object when the event changes nothing, undefined when there is no row. */
  readonly evolve: (row: Row | undefined, event: RecordedEvent, id: string) => Row | undefined;
}

/** Applies a batch; resolves to the rows it changed. */
export async function applyRowPerStream<Row extends { id: string }>(
  sql: SqlExecutor,
  schema: string,
  model: RowPerStream<Row>,
  events: readonly RecordedEvent[],
): Promise<readonly Row[]> {
  const table = `${schema}.${model.table}`;
  const byStream = eventsByStream(events, model.prefix);
  if (byStream.size === 0) return [];

  // As JSON, so that every value comes back in the shape it is written in (bigint a number, not a string).
  const { rows } = await sql.query<{ row: Row }>(`SELECT to_jsonb(t) AS row FROM ${table} t WHERE id = ANY($1)`, [[...byStream.keys()]]);
  const stored = new Map(rows.map(({ row }) => [row.id, row]));
  const changed: Row[] = [];
  for (const [id, streamEvents] of byStream) {
    const before = stored.get(id);
    const after = streamEvents.reduce<Row | undefined>((row, event) => model.evolve(row, event, id), before);
    if (after !== undefined && after !== before) changed.push(after);
  }
  if (changed.length === 0) return [];
  await sql.query(`DELETE FROM ${table} WHERE id = ANY($1)`, [changed.map((row) => row.id)]);
  await sql.query(`INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`, [JSON.stringify(changed)]);
  return changed;
}

/** A batch's events of the streams starting with `prefix`, by the rest of the stream id, in log order. */
export function eventsByStream(events: readonly RecordedEvent[], prefix: string): Map<string, RecordedEvent[]> {
  const byStream = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    if (!event.streamId.startsWith(prefix)) continue;
    const id = event.streamId.slice(prefix.length);
    const list = byStream.get(id);
    if (list) list.push(event);
    else byStream.set(id, [event]);
  }
  return byStream;
}
