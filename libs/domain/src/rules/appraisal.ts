/**
 * Appraisal quorum: a conclusion needs reviews, not conflicted, from more than half of the
 * council (policy default; TT 36/2013/TT-BCT Art. 9 sets the criteria, not the quorum).
 */
import { ruleTable } from './rule-table';

export const APPRAISAL_QUORUM = ruleTable<{ readonly minValidReviewsNumerator: number; readonly denominator: number }>(
  'appraisal-quorum',
  'Số phiếu thẩm định hợp lệ tối thiểu',
  [{ effectiveFrom: '2014-01-01', legalBasis: 'mặc định chính sách (TT 36/2013/TT-BCT Điều 9)', policyDefault: true, value: { minValidReviewsNumerator: 1, denominator: 2 } }],
);

/** More than numerator/denominator of the members. */
export const quorumReached = (valid: number, members: number, rule: { minValidReviewsNumerator: number; denominator: number }): boolean =>
  valid * rule.denominator > members * rule.minValidReviewsNumerator;
