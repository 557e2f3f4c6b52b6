/**
 * Advance rules (tạm ứng): TT 36/2013/TT-BCT Art. 12–14 as amended by TT 17/2018/TT-BCT.
 * The first advance's share and its progress precondition depend on the kind of activity;
 * total advances never exceed 70 % of the approved support (policy default from TTLT 26/2014).
 */
import { ActivityKind } from './catalogue';
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

export const ADVANCE_RULES = ruleTable<AdvancePolicy>('advance', 'Tạm ứng kinh phí khuyến công', [
  {
    effectiveFrom: '2014-01-01',
    legalBasis: 'TT 36/2013/TT-BCT Điều 12–14, sửa đổi bởi TT 17/2018/TT-BCT; tổng tạm ứng ≤ 70 % (mặc định chính sách theo TTLT 26/2014)',
    value: {
      firstAdvance: {
        // training, consulting, fairs, media
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
        'cleaner-production': 'investment',
        'sustainable-production': 'investment',
        'digital-transformation': 'investment',
        'facility-pollution': 'investment',
        'ccn-infrastructure': 'ccn',
        'ccn-pollution': 'ccn',
        'enterprise-setup': 'after-acceptance',
      },
      totalMaxShareBps: 7_000,
    },
  },
]);
