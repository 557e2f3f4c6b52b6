/**
 * The product's read models: which projections every process runs (API, worker, CLI) and how the
 * runner for them is built. A new projection is added to `readModelProjections`.
 */
import { DEFAULT_DEADLINE_RULES, DeadlineRules } from '@app/domain';
import { EventStore, SqlClient } from '@app/event-store';
import { deadlinesProjection } from '../deadlines.projection';
import { deAnListProjection } from '../de-an-list.projection';
import { importsProjection } from '../imports.projection';
import { periodicReportsProjection } from '../periodic-reports.projection';
import { planListProjection } from '../plan-list.projection';
import { Projection } from '../projection';
import { reportFactsProjection } from '../reports/report-facts.projection';
import { ProjectionRunner, ProjectionRunnerOptions } from '../projection-runner';
import { usersProjection } from '../users.projection';
import { readingEventCounter, sqlEventCounter } from './event-counter';

export const READ_MODELS_SCHEMA = 'read_models';

/** The read models; the deadlines follow the configured policy and calendar (DEADLINE_POLICY_FILE, WORKING_CALENDAR_FILE). */
export const readModelProjections = (deadlineRules: DeadlineRules = DEFAULT_DEADLINE_RULES): readonly Projection[] => [
  deAnListProjection,
  planListProjection,
  reportFactsProjection,
  deadlinesProjection(deadlineRules),
  importsProjection,
  usersProjection,
  periodicReportsProjection,
];

export interface ReadModelRunnerOptions extends ProjectionRunnerOptions {
  readonly deadlineRules?: DeadlineRules;
}

/** The runner of the read models; the SQL store's events are counted in its table (schema `event_store`, as openStorage opens it). */
export function readModelRunner(store: EventStore, sql: SqlClient, options: ReadModelRunnerOptions = {}): ProjectionRunner {
  const { deadlineRules, ...runnerOptions } = options;
  const counter = store.name === 'kurrentdb' ? readingEventCounter(store) : sqlEventCounter(sql);
  return new ProjectionRunner(store, sql, readModelProjections(deadlineRules), READ_MODELS_SCHEMA, { counter, ...runnerOptions });
}
