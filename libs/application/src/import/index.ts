export * from './import-record';
export * from './import-history';
