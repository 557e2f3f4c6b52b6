/** The pure domain: deciders, rule tables, money. No framework, no I/O, no clock. */
export * from './shared/money';
export * from './shared/dates';
export * from './shared/errors';
export * from './shared/report-basis';
export * from './shared/messages';
export { isOrganisationId, ORGANISATION_ID, requireOrganisationId } from './shared/guards';
export * from './rules';
export * from './de-an';
export * from './plan/plan';
export * from './reporting/periodic-reports';
export * from './plan/period-plan';
export * from './deadlines';
export * from './users/users';
