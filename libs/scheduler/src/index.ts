export * from './deadline-jobs';
export * from './notifications';
export * from './deadline-scheduler';
export * from './scheduling.service';
