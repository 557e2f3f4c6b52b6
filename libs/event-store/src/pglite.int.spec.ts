import { eventStoreContract } from './testing/event-store.contract';
import { sqlHarness } from './testing/sql-harness';
import { PGliteClient } from './sql/sql-client';

eventStoreContract(
  'pglite',
  sqlHarness(() => PGliteClient.open()),
);
