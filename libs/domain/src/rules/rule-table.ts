/**
 * Every rule the engine applies is data with an effective date and its legal basis
 * (docs/DOMAIN.md: a đề án is judged by the rules in force when the act happened).
 * A table holds versions in ascending `effectiveFrom`; the version in force on a day
 * is the latest one that has started.
 */
import { IsoDate } from '../shared/dates';
import { RuleViolationError } from '../shared/errors';

export interface RuleVersion<T> {
  readonly effectiveFrom: IsoDate;
  readonly legalBasis: string;
  /** True where no legal figure was found and the value is a configurable policy default. */
  readonly policyDefault?: boolean;
  readonly value: T;
}

export interface RuleTable<T> {
  readonly id: string;
  readonly title: string;
  readonly versions: readonly RuleVersion<T>[];
}

export function ruleTable<T>(id: string, title: string, versions: readonly RuleVersion<T>[]): RuleTable<T> {
  const sorted = [...versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.effectiveFrom === sorted[i - 1]!.effectiveFrom) {
      throw new Error(`rule table ${id}: two versions take effect on ${sorted[i]!.effectiveFrom}`);
    }
  }
  return { id, title, versions: sorted };
}

export function versionInForce<T>(table: RuleTable<T>, day: IsoDate): RuleVersion<T> {
  let found: RuleVersion<T> | undefined;
  for (const version of table.versions) {
    if (version.effectiveFrom <= day) found = version;
    else break;
  }
  if (!found) {
    throw new RuleViolationError('rule-not-in-force', table.id, `Không có quy định "${table.title}" có hiệu lực ngày ${day}`, {
      table: table.id,
      day,
    });
  }
  return found;
}
