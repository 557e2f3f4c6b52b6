import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { EventStore, KurrentDbEventStore, PgClient, PGliteClient, SqlEventStore } from '@app/event-store';
import { AppConfig } from './config';

/** Opens the configured event store; PGlite keeps its files in DATA_DIR/pglite. */
export async function openEventStore(config: AppConfig): Promise<EventStore> {
  switch (config.EVENT_STORE) {
    case 'pglite': {
      const dir = join(config.DATA_DIR, 'pglite');
      mkdirSync(dir, { recursive: true });
      return SqlEventStore.open(await PGliteClient.open(dir));
    }
    case 'postgres':
      return SqlEventStore.open(new PgClient(config.DATABASE_URL!));
    case 'kurrentdb':
      return KurrentDbEventStore.connect(config.KURRENTDB_URL!);
  }
}
