/** Contract-test harness for the SQL store: a fresh schema per store, tampering through plain SQL. */
import { randomUUID } from 'node:crypto';
import { StoreHarness } from './event-store.contract';
import { EventStore } from '../event-store';
import { SqlClient } from '../sql/sql-client';
import { SqlEventStore } from '../sql/sql-event-store';

export const TEST_SCHEMA_PREFIX = 'es_test_';

export function sqlHarness(openClient: () => Promise<SqlClient>): StoreHarness {
  const opened = new WeakMap<EventStore, { client: SqlClient; schema: string }>();
  // What a DBA could do: switch off the append-only trigger and change the row.
  const behindTheBack = async (store: EventStore, statement: string, params: unknown[]) => {
    const { client, schema } = opened.get(store)!;
    await client.transaction(async (tx) => {
      await tx.query(`ALTER TABLE ${schema}.events DISABLE TRIGGER events_append_only`);
      await tx.query(statement.replaceAll('$schema', schema), params);
      await tx.query(`ALTER TABLE ${schema}.events ENABLE TRIGGER events_append_only`);
    });
  };
  return {
    isolated: true,
    async open() {
      const client = await openClient();
      const schema = `${TEST_SCHEMA_PREFIX}${randomUUID().replaceAll('-', '').slice(0, 16)}`;
      const store = await SqlEventStore.open(client, { schema });
      opened.set(store, { client, schema });
      return store;
    },
    async tamper(store, streamId, version) {
      await behindTheBack(store, `UPDATE $schema.events SET data = jsonb_set(data, '{note}', '"đã bị sửa"') WHERE stream_id = $1 AND version = $2`, [
        streamId,
        version,
      ]);
      return version;
    },
    async remove(store, streamId, version) {
      await behindTheBack(store, `DELETE FROM $schema.events WHERE stream_id = $1 AND version = $2`, [streamId, version]);
    },
  };
}
