/**
 * Advance rules (tạm ứng): TT 36/2013/TT-BCT Art. 12–14 as amended by TT 17/2018/TT-BCT.
 * The first advance's share and its progress precondition depend on the kind of activity;
 * total advances never exceed 70 % of the approved support (TTLT 26/2014 Art. 8.2.b; before it was
 * in force, the same figure as a labelled policy default).
 */
import { ActivityKind } from './catalogue';
import { IN_FORCE } from './legal-texts';
import { ruleTable } from './rule-table';
import { BasisPoints } from '../shared/money';

export interface FirstAdvanceRule {
  /** Largest first advance as a share of the approved support; 0 = paid only after acceptance. */
  readonly maxShareBps: BasisPoints;
  /** The last progress report must show strictly more than this percent complete (null = none). */
  readonly progressAbovePercent: number | null;
}

export interface AdvancePolicy {
  readonly firstAdvance: Readonly<Record<'standard' | 'investment' | 'ccn' | 'after-acceptance', FirstAdvanceRule>>;
  readonly classOf: Readonly<Partial<Record<ActivityKind, 'investment' | 'ccn' | 'after-acceptance'>>>;
  readonly totalMaxShareBps: BasisPoints;
}

const TT36_ADVANCES: AdvancePolicy = {
  firstAdvance: {
    // training, consulting, fairs, media; cleaner-production assessments (TT 36 Art. 13.2.b: 70 % up front)
    standard: { maxShareBps: 7_000, progressAbovePercent: null },
    // demonstration models and machinery: once more than 70 % of the investment is done
    investment: { maxShareBps: 7_000, progressAbovePercent: 70 },
    // CCN infrastructure and CCN pollution works: once progress exceeds 50 %
    ccn: { maxShareBps: 3_000, progressAbovePercent: 50 },
    // enterprise set-up support is paid after acceptance
    'after-acceptance': { maxShareBps: 0, progressAbovePercent: null },
  },
  classOf: {
    'demonstration-model': 'investment',
    'technology-transfer': 'investment',
    machinery: 'investment',
    'sustainable-production': 'investment',
    'digital-transformation': 'investment',
    'facility-pollution': 'investment',
    'ccn-infrastructure': 'ccn',
    'ccn-pollution': 'ccn',
    'enterprise-setup': 'after-acceptance',
  },
  totalMaxShareBps: 7_000,
};

export const ADVANCE_RULES = ruleTable<AdvancePolicy>('advance', 'Tạm ứng kinh phí khuyến công', [
  {
    // Before TT 36/2013 (TT 46/2012's rules, not transcribed) and before TTLT 26/2014 set the 70 % total.
    effectiveFrom: IN_FORCE['NĐ 45/2012/NĐ-CP'],
    legalBasis: 'TT 46/2012/TT-BCT (mặc định chính sách: áp dụng TT 36/2013/TT-BCT Điều 12–14 và tổng tạm ứng ≤ 70 %)',
    policyDefault: true,
    value: TT36_ADVANCES,
  },
  {
    effectiveFrom: IN_FORCE['TT 36/2013/TT-BCT'],
    legalBasis: 'TT 36/2013/TT-BCT Điều 12–14; tổng tạm ứng ≤ 70 % (mặc định chính sách đến khi TTLT 26/2014/TTLT-BTC-BCT có hiệu lực)',
    policyDefault: true,
    value: TT36_ADVANCES,
  },
  {
    effectiveFrom: IN_FORCE['TTLT 26/2014/TTLT-BTC-BCT'],
    legalBasis: 'TT 36/2013/TT-BCT Điều 12–14, sửa đổi bởi TT 17/2018/TT-BCT; TTLT 26/2014/TTLT-BTC-BCT Điều 8.2.b (tổng tạm ứng ≤ 70 %)',
    value: TT36_ADVANCES,
  },
]);
