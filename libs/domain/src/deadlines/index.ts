export * from './duration';
export * from './deadlines';
