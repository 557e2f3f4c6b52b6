/**
 * A projection turns events into rows of a read model. It applies a batch inside the runner's
 * transaction, which also moves its checkpoint: a batch is counted exactly once, even after a crash.
 */
import { RecordedEvent, SqlExecutor } from '@app/event-store';

export interface Projection {
  /** Unique among the runner's projections; also names its checkpoint and its advisory lock. */
  readonly name: string;
  /**
   * The tables it owns inside its schema (unqualified names). A rebuild builds these in a scratch
   * schema and swaps them in; a check compares them row by row. Every table `migrate` creates.
   */
  readonly tables: readonly string[];
  /**
   * Columns, per table, that differ between a rebuild and the live copy by design (a change counter
   * such as a sequence-drawn revision): `check` leaves them out of the comparison.
   */
  readonly volatileColumns?: Readonly<Record<string, readonly string[]>>;
  /** Creates its tables and indexes in `schema` (idempotent; also run against a fresh scratch schema). */
  migrate(sql: SqlExecutor, schema: string): Promise<void>;
  /**
   * Applies events in log order; ignores types it does not handle. A batch may hold hundreds of
   * events (a rebuild sends 1,000 at a time) and runs inside one transaction.
   */
  apply(sql: SqlExecutor, schema: string, events: readonly RecordedEvent[]): Promise<void>;
}
