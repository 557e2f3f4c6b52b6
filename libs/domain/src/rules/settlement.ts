/**
 * Settlement (quyết toán): settled support = min(approved support as adjusted,
 * accepted eligible cost × the activity's support share, the cap); the advances paid are
 * deducted: what is left is payable, a negative remainder is recoverable.
 */
import { IN_FORCE } from './legal-texts';
import { ruleTable } from './rule-table';
import { CapDecision } from './support-caps';
import { Dong, minDong, shareOf } from '../shared/money';

export const SETTLEMENT_FORMULA = ruleTable<{ readonly formula: 'min(approved, accepted×share, cap)' }>(
  'settlement-formula',
  'Công thức quyết toán kinh phí hỗ trợ',
  [
    {
      effectiveFrom: IN_FORCE['NĐ 45/2012/NĐ-CP'],
      legalBasis: 'TT 46/2012/TT-BCT (mặc định chính sách: áp dụng công thức của TT 36/2013/TT-BCT Điều 18)',
      policyDefault: true,
      value: { formula: 'min(approved, accepted×share, cap)' },
    },
    {
      effectiveFrom: IN_FORCE['TT 36/2013/TT-BCT'],
      legalBasis: 'TT 36/2013/TT-BCT Điều 18; mức hỗ trợ theo TTLT 26/2014/TTLT-BTC-BCT, từ 11/5/2018 TT 28/2018/TT-BTC Điều 8',
      value: { formula: 'min(approved, accepted×share, cap)' },
    },
  ],
);

export function settlementCeiling(approvedSupport: Dong, acceptedCost: Dong, cap: CapDecision): Dong {
  const candidates = [approvedSupport, shareOf(acceptedCost, cap.shareBps)];
  if (cap.maxAmount !== null) candidates.push(cap.maxAmount);
  return minDong(candidates[0]!, ...candidates.slice(1));
}

export function settlementBalance(settledSupport: Dong, advancesPaid: Dong): { payable: Dong; recoverable: Dong } {
  return settledSupport >= advancesPaid
    ? { payable: settledSupport - advancesPaid, recoverable: 0 }
    : { payable: 0, recoverable: advancesPaid - settledSupport };
}
