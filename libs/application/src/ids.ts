/**
 * Deterministic ids. Event ids derive from their command id, command ids from an Idempotency-Key,
 * and imported history's ids from its externalId (and the step's position), so that a retry or a
 * second import finds the first one's events and appends nothing.
 */
import { createHash } from 'node:crypto';

/** A name-based UUID (version 5 layout, SHA-256 instead of SHA-1): the same name always gives the same id. */
export function nameBasedUuid(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A UUID derived from the caller and their Idempotency-Key (`purpose` tells the đề án, plan or
 * command apart): the same retry always maps to the same id.
 */
export const idempotentId = (actor: { readonly sub: string }, key: string, purpose: string): string =>
  nameBasedUuid(`${purpose}\u0000${actor.sub}\u0000${key}`);

/** The id of the đề án that the import record `externalId` creates. */
export const importedDeAnId = (externalId: string): string => nameBasedUuid(`import:de-an\u0000${externalId}`);

/** The id of the plan that the plan record `externalId` creates (what `planExternalId` resolves to). */
export const importedPlanId = (externalId: string): string => nameBasedUuid(`import:plan\u0000${externalId}`);

/** The command id of one act of a record: its registration, its plan creation, or step `index` (0-based). */
export const importCommandId = (kind: 'de-an' | 'plan', externalId: string, step: number | 'registration' | 'plan'): string =>
  nameBasedUuid(`import:command\u0000${kind}\u0000${externalId}\u0000${step}`);

/** Adjustment and inspection ids the HTTP API would draw at random, derived here from the record and the step. */
export const importEntityId = (what: 'adjustment' | 'inspection', externalId: string, step: number): string =>
  nameBasedUuid(`import:${what}\u0000${externalId}\u0000${step}`);
