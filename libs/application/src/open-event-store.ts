import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { EventStore, KurrentDbEventStore, PgClient, PGliteClient, SqlClient, SqlEventStore } from '@app/event-store';
import { AppConfig, ConfigError } from './config';

export interface Storage {
  readonly store: EventStore;
  /** The SQL database of the read models: the store's own for PGlite and PostgreSQL. */
  readonly sql: SqlClient;
  close(): Promise<void>;
}

/** Where the embedded store keeps its files. */
export const pgliteDir = (config: Pick<AppConfig, 'DATA_DIR'>): string => join(config.DATA_DIR, 'pglite');

/** Opens the configured event store and the read models' database; PGlite keeps its files in DATA_DIR/pglite (fsynced unless PGLITE_FSYNC=false). */
export async function openStorage(config: AppConfig): Promise<Storage> {
  switch (config.EVENT_STORE) {
    case 'pglite': {
      const dir = pgliteDir(config);
      mkdirSync(dir, { recursive: true });
      const sql = await PGliteClient.open(dir, { fsync: config.PGLITE_FSYNC === 'true' });
      const store = await SqlEventStore.open(sql);
      return { store, sql, close: () => store.close() };
    }
    case 'postgres': {
      const sql = new PgClient(config.DATABASE_URL!);
      const store = await SqlEventStore.open(sql);
      return { store, sql, close: () => store.close() };
    }
    case 'kurrentdb': {
      if (!config.DATABASE_URL) throw new ConfigError('EVENT_STORE=kurrentdb keeps its read models in PostgreSQL: set DATABASE_URL too');
      const store = KurrentDbEventStore.connect(config.KURRENTDB_URL!);
      const sql = new PgClient(config.DATABASE_URL);
      return {
        store,
        sql,
        close: async () => {
          await store.close();
          await sql.close();
        },
      };
    }
  }
}
