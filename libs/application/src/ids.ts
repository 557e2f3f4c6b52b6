/**
 * Deterministic ids. Event ids derive from their command id, command ids from an Idempotency-Key,
 * and imported history's ids from its externalId (and the step's position), so that a retry or a
 * second import finds the first one's events and appends nothing.
 */
import { createHash } from 'node:crypto';
import { Actor } from '@app/domain';

/** A name-based UUID (version 5 layout, SHA-256 instead of SHA-1): the same name always gives the same id. */
export function nameBasedUuid(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

type Principal = Pick<Actor, 'sub' | 'role' | 'org' | 'province'>;

/**
 * Who a caller is, as far as their ids go: role, organisation, province and subject together, so
 * that the same `sub` in another organisation or role is another caller.
 */
const principal = (actor: Principal): string => [actor.role ?? '', actor.org ?? '', actor.province ?? '', actor.sub].join('\u0000');

/**
 * A UUID derived from the caller and their Idempotency-Key (`purpose` tells the đề án, plan or
 * command apart): the same retry always maps to the same id, and no other caller's key reaches it.
 */
export const idempotentId = (actor: Principal, key: string, purpose: string): string =>
  nameBasedUuid(`${purpose}\u0000${principal(actor)}\u0000${key}`);

/**
 * Imported ids live in the namespace of the province whose history they are (`national` for the
 * Cục's plans): an externalId of one province can never name another province's đề án or plan.
 */
export type ImportScope = string;
export const NATIONAL_SCOPE: ImportScope = 'national';

/** The id of the đề án that the import record `externalId` of province `scope` creates. */
export const importedDeAnId = (scope: ImportScope, externalId: string): string => nameBasedUuid(`import:de-an\u0000${scope}\u0000${externalId}`);

/** The id of the plan that the plan record `externalId` of `scope` creates (what `planExternalId` resolves to). */
export const importedPlanId = (scope: ImportScope, externalId: string): string => nameBasedUuid(`import:plan\u0000${scope}\u0000${externalId}`);

/** The command id of one act of a record: its registration, its plan creation, or step `index` (0-based). */
export const importCommandId = (kind: 'de-an' | 'plan', scope: ImportScope, externalId: string, step: number | 'registration' | 'plan'): string =>
  nameBasedUuid(`import:command\u0000${kind}\u0000${scope}\u0000${externalId}\u0000${step}`);

/** Adjustment and inspection ids the HTTP API would draw at random, derived here from the record and the step. */
export const importEntityId = (what: 'adjustment' | 'inspection', scope: ImportScope, externalId: string, step: number): string =>
  nameBasedUuid(`import:${what}\u0000${scope}\u0000${externalId}\u0000${step}`);
