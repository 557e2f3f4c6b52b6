export * from './config';
export * from './tokens';
export * from './handle-command';
export * from './de-an-commands';
export * from './open-event-store';
export * from './cqrs';
export * from './core.module';
