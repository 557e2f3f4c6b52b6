import { DeAnCommand } from './commands';
import { decide } from './decide';
import { DeAnEvent } from './events';
import { evolve, initialState } from './evolve';
import { DeAnState, TERMINAL_STATUSES } from './state';
import { PlanEffect, planEffects, planMovedBy } from './plan-effects';
import { DEFAULT_RULES, RuleBook } from '../rules';
import { Decider } from '../shared/messages';

export * from './commands';
export * from './events';
export * from './state';
export * from './status';
export { decide, evolve, initialState };
export { capFor, withoutPriority } from './caps';
export { levelRefusal, twoLevel } from './two-level';
export type { CappedProposal } from './caps';
export * from './plan-effects';

export const DE_AN_STREAM_PREFIX = 'de-an-';
export const deAnStreamId = (deAnId: string): string => `${DE_AN_STREAM_PREFIX}${deAnId}`;

/** The đề án decider, with what its events mean for plans' books (the application appends both at once). */
export interface DeAnDecider extends Decider<DeAnCommand, DeAnEvent, DeAnState> {
  planEffects(state: DeAnState, events: readonly DeAnEvent[]): PlanEffect[];
  planOf(command: DeAnCommand, state: DeAnState): string | undefined;
}

/** The đề án decider bound to a rule book (a deployment's own tables, or the defaults). */
export const deAnDecider = (rules: RuleBook = DEFAULT_RULES): DeAnDecider => ({
  decide: (command, state) => decide(command, state, rules),
  evolve,
  initialState,
  isTerminal: (state) => TERMINAL_STATUSES.includes(state.status),
  planEffects,
  planOf: planMovedBy,
});
