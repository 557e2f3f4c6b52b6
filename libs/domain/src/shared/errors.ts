/**
 * Domain errors. Each kind maps to exactly one HTTP status at the edge
 * (invalid-command 400, not-permitted 403, illegal-transition 409, rule-violation 422);
 * the domain itself knows nothing of HTTP.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: 'invalid-command' | 'not-permitted' | 'illegal-transition' | 'rule-violation';
}

/** A command whose data is malformed (the edge validates first; this is the domain's own guard). */
export class InvalidCommandError extends DomainError {
  readonly kind = 'invalid-command';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'InvalidCommandError';
  }
}

/** The actor may not perform this act on this đề án (not its owner, not on its council…). */
export class NotPermittedError extends DomainError {
  readonly kind = 'not-permitted';
  constructor(message: string) {
    super(message);
    this.name = 'NotPermittedError';
  }
}

/** The command is not allowed in the current state of the lifecycle (of a đề án, a plan or a user). */
export class IllegalTransitionError extends DomainError {
  readonly kind = 'illegal-transition';
  constructor(
    readonly command: string,
    readonly status: string,
    /** What is in that state, as users read it. */
    readonly subject = 'đề án',
  ) {
    super(`${command} is not allowed when the ${subject} is ${status}`);
    this.name = 'IllegalTransitionError';
  }
}

/** A business rule of the rule tables is violated; carries the rule id and its legal basis. */
export class RuleViolationError extends DomainError {
  readonly kind = 'rule-violation';
  constructor(
    readonly ruleId: string,
    readonly legalBasis: string,
    message: string,
    readonly details: Readonly<Record<string, string | number | boolean>> = {},
  ) {
    super(message);
    this.name = 'RuleViolationError';
  }
}
