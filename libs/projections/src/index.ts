export * from './projection';
export * from './projection-runner';
export * from './de-an-list.projection';
export * from './plan-list.projection';
export * from './reports';
export * from './export';
export * from './deadlines.projection';
export * from './imports.projection';
