export * from './event-store';
export * from './hash-chain';
export * from './sql/sql-client';
export * from './sql/data-dir-lock';
export * from './sql/sql-event-store';
export * from './kurrentdb/kurrentdb-event-store';
