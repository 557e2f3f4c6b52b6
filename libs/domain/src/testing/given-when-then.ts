/**
 * A tiny Emmett-style specification helper for the đề án decider:
 *
 *   given(events).when(command).then(expectedEvents)
 *   given(events).when(command).thenThrows(ErrorClass, partialMatch?)
 *   given(events).when(command).thenViolates(ruleId, partialDetails?)
 *
 * `given` folds the events with `evolve` from the initial state; `when` runs `decide` against
 * that state; `then` asserts the exact events and returns the state they lead to.
 * Only meant to run inside jest (it uses `expect`).
 */
import { expect } from '@jest/globals';
import { deAnDecider, DeAnCommand, DeAnEvent, DeAnState, DomainError, RuleBook, RuleViolationError } from '..';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ErrorClass<E extends Error> = abstract new (...args: any[]) => E;

export const stateOf = (events: readonly DeAnEvent[], rules?: RuleBook): DeAnState => {
  const decider = deAnDecider(rules);
  return events.reduce((state, e) => decider.evolve(state, e), decider.initialState());
};

export interface Then {
  /** The decider returns exactly these events; returns the state after evolving them. */
  then(expected: readonly DeAnEvent[]): DeAnState;
  /** The decider returns events matching these partial events (same count, same order). */
  thenMatches(expected: readonly { type: DeAnEvent['type']; data?: object }[]): DeAnState;
  /** The decider throws an instance of `errorClass` whose fields match `partial`. */
  thenThrows<E extends Error>(errorClass: ErrorClass<E>, partial?: Record<string, unknown>): E;
  /** The decider throws a RuleViolationError of `ruleId` carrying a non-empty legal basis. */
  thenViolates(ruleId: string, details?: Record<string, unknown>): RuleViolationError;
}

export function given(events: readonly DeAnEvent[] = [], options: { rules?: RuleBook } = {}) {
  const decider = deAnDecider(options.rules);
  const state = events.reduce((s, e) => decider.evolve(s, e), decider.initialState());
  const evolveAll = (produced: readonly DeAnEvent[]) => produced.reduce((s, e) => decider.evolve(s, e), state);

  return {
    state,
    when(command: DeAnCommand): Then {
      const run = (): DeAnEvent[] => decider.decide(command, state);
      const thenThrows = <E extends Error>(errorClass: ErrorClass<E>, partial?: Record<string, unknown>): E => {
        let produced: DeAnEvent[] | undefined;
        let caught: unknown;
        try {
          produced = run();
        } catch (error) {
          caught = error;
        }
        if (caught === undefined) {
          throw new Error(`expected ${errorClass.name} but the decider returned ${JSON.stringify(produced?.map((e) => e.type))}`);
        }
        expect(caught).toBeInstanceOf(errorClass);
        expect(caught).toBeInstanceOf(DomainError);
        if (partial) expect(caught).toMatchObject(partial);
        return caught as E;
      };
      return {
        then(expected) {
          const produced = run();
          expect(produced).toEqual(expected);
          return evolveAll(produced);
        },
        thenMatches(expected) {
          const produced = run();
          expect(produced).toMatchObject([...expected] as Record<string, unknown>[]);
          return evolveAll(produced);
        },
        thenThrows,
        thenViolates(ruleId, details) {
          const error = thenThrows(RuleViolationError, details ? { ruleId, details } : { ruleId });
          expect(error.legalBasis.trim()).not.toHaveLength(0);
          expect(error.kind).toBe('rule-violation');
          return error;
        },
      };
    },
  };
}
