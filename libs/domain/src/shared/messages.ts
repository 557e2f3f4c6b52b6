/** What every decider speaks: plain data discriminated by `type`, time and actor arriving with the command. */
import type { IsoDate } from './dates';

/** The roles a user (a token) may have. */
export const ROLES = ['applicant', 'officer', 'council', 'approver', 'finance', 'auditor', 'admin'] as const;
/** Plus `system`: the engine itself (the deadline scheduler), never a user — no token can claim it. */
export type Role = (typeof ROLES)[number] | 'system';

export interface Actor {
  readonly sub: string;
  readonly role: Role;
  /** The applicant's organisation; absent for staff. */
  readonly org?: string;
  /** Province code of a province-scoped officer or approver; absent for national staff. */
  readonly province?: string;
  readonly name?: string;
}

export interface CommandMetadata {
  /** Business time of the act (occurredAt): server time for live commands, the historic date for imports. */
  readonly now: Date;
  readonly actor: Actor;
  readonly commandId: string;
  /**
   * When an imported act was brought into the system (absent for live acts, whose `now` is the time
   * they were recorded). A rule about when something reached the office (the registration window)
   * cannot take a historic date on trust for a đề án whose plan year is not over yet.
   */
  readonly importedAt?: Date;
}

export interface Command<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
}

export interface Event<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
}

export interface Decider<C extends Command<string, unknown>, E extends Event<string, unknown>, S> {
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState(): S;
  isTerminal(state: S): boolean;
}

export interface ResultLine {
  /** The indicator's code in the catalogue (rules/indicators.ts); absent: a free-text "other" line. */
  readonly code?: string;
  readonly indicator: string;
  readonly quantity: number;
  readonly unit: string;
}

export type { IsoDate };

export function assertNever(value: never, what: string): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
