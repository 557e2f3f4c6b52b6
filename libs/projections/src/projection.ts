/**
 * A projection turns events into rows of a read model. It applies a batch inside the runner's
 * transaction, which also moves its checkpoint: a batch is counted exactly once, even after a crash.
 */
import { RecordedEvent, SqlExecutor } from '@app/event-store';

export interface Projection {
  readonly name: string;
  /** Creates its tables (idempotent). */
  migrate(sql: SqlExecutor, schema: string): Promise<void>;
  /** Applies events in log order; ignores types it does not handle. */
  apply(sql: SqlExecutor, schema: string, events: readonly RecordedEvent[]): Promise<void>;
}
