/**
 * Appraisal quorum: a conclusion needs reviews, not conflicted, from more than half of the
 * council (policy default; TT 36/2013/TT-BCT Art. 9 sets the criteria, not the quorum).
 */
import { IN_FORCE } from './legal-texts';
import { ruleTable } from './rule-table';

export const APPRAISAL_QUORUM = ruleTable<{ readonly minValidReviewsNumerator: number; readonly denominator: number }>(
  'appraisal-quorum',
  'Số phiếu thẩm định hợp lệ tối thiểu',
  [
    // Đề án of plan year 2014 were appraised in 2013, under NĐ 45/2012 and TT 46/2012/TT-BCT: the same default.
    {
      effectiveFrom: IN_FORCE['NĐ 45/2012/NĐ-CP'],
      legalBasis: 'mặc định chính sách (NĐ 45/2012/NĐ-CP; TT 46/2012/TT-BCT)',
      policyDefault: true,
      value: { minValidReviewsNumerator: 1, denominator: 2 },
    },
    {
      effectiveFrom: IN_FORCE['TT 36/2013/TT-BCT'],
      legalBasis: 'mặc định chính sách (TT 36/2013/TT-BCT Điều 9)',
      policyDefault: true,
      value: { minValidReviewsNumerator: 1, denominator: 2 },
    },
  ],
);

/** More than numerator/denominator of the members. */
export const quorumReached = (valid: number, members: number, rule: { minValidReviewsNumerator: number; denominator: number }): boolean =>
  valid * rule.denominator > members * rule.minValidReviewsNumerator;
