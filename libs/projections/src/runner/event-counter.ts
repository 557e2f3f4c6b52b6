/**
 * Counting events of the log, for a projection's lag and a rebuild's progress. The EventStore port
 * has no count, so the SQL store's table is counted directly (same visibility rule as its readAll:
 * only transactions older than the oldest one running); any other store falls back to reading.
 */
import { EventStore, GlobalPosition, SqlExecutor } from '@app/event-store';
import { afterOption } from './positions';

export interface EventCounter {
  /** Events after `after`, counting at most `cap`. */
  countAfter(after: GlobalPosition, cap: number): Promise<number>;
  /** Every event of the log, or null when the store cannot say cheaply. */
  total(): Promise<number | null>;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Counts in the SQL event store's own table (`schema` of SqlEventStore, `event_store` by default). */
export function sqlEventCounter(sql: SqlExecutor, storeSchema = 'event_store'): EventCounter {
  if (!IDENTIFIER.test(storeSchema)) throw new Error(`invalid schema name: ${storeSchema}`);
  const visible = 'tx_id < pg_snapshot_xmin(pg_current_snapshot())';
  return {
    async countAfter(after, cap) {
      const { rows } = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${storeSchema}.events
           WHERE ${visible} AND (tx_id, seq) > ($1::text::xid8, $2::bigint) LIMIT $3) AS pending`,
        [after.commit.toString(), after.prepare.toString(), cap],
      );
      return rows[0]?.n ?? 0;
    },
    async total() {
      const { rows } = await sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${storeSchema}.events WHERE ${visible}`);
      return Number(rows[0]?.n ?? 0);
    },
  };
}

/** Any store: reads the pending events (bounded by `cap`); the total is unknown. */
export function readingEventCounter(store: EventStore): EventCounter {
  return {
    async countAfter(after, cap) {
      return (await store.readAll({ ...afterOption(after), limit: cap })).length;
    },
    async total() {
      return null;
    },
  };
}
