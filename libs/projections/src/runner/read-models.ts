/**
 * The product's read models: which projections every process runs (API, worker, CLI) and how the
 * runner for them is built. A new projection is added to `readModelProjections`.
 */
import { EventStore, SqlClient } from '@app/event-store';
import { deAnListProjection } from '../de-an-list.projection';
import { planListProjection } from '../plan-list.projection';
import { Projection } from '../projection';
import { reportFactsProjection } from '../reports/report-facts.projection';
import { ProjectionRunner, ProjectionRunnerOptions } from '../projection-runner';
import { readingEventCounter, sqlEventCounter } from './event-counter';

export const READ_MODELS_SCHEMA = 'read_models';

export const readModelProjections: readonly Projection[] = [deAnListProjection, planListProjection, reportFactsProjection];

/** The runner of the read models; the SQL store's events are counted in its table (schema `event_store`, as openStorage opens it). */
export function readModelRunner(store: EventStore, sql: SqlClient, options: ProjectionRunnerOptions = {}): ProjectionRunner {
  const counter = store.name === 'kurrentdb' ? readingEventCounter(store) : sqlEventCounter(sql);
  return new ProjectionRunner(store, sql, readModelProjections, READ_MODELS_SCHEMA, { counter, ...options });
}
