export * from './deadline-jobs';
export * from './notifications';
export * from './deadline-scheduler';
