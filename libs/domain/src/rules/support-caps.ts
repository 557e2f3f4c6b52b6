/**
 * Support caps (mức hỗ trợ tối đa). National values: TT 28/2018/TT-BTC Art. 8 (in force 11/5/2018).
 * Priority areas and sectors may receive up to 1.5× (NĐ 45/2012 Art. 6). Local (KCĐP) caps are set
 * by each province's HĐND: a province table, where one is configured, replaces the national one
 * for KCĐP đề án of that province; otherwise the national table applies.
 */
import { ActivityKind } from './catalogue';
import { RuleTable, ruleTable, versionInForce } from './rule-table';
import { IsoDate } from '../shared/dates';
import { BasisPoints, Dong, minDong, scale, shareOf, trieu, WHOLE } from '../shared/money';

export interface Cap {
  /** Largest share of the total cost the state may support. */
  readonly maxShareBps?: BasisPoints;
  /** Largest amount per đề án (per establishment, per cluster, per round as the text says). */
  readonly maxAmount?: Dong;
  /** For contests: a national-level round has its own ceiling. */
  readonly maxAmountCentral?: Dong;
}

export interface CapSchedule {
  readonly caps: Readonly<Partial<Record<ActivityKind, Cap>>>;
  /** Multiplier for priority areas/sectors, as a fraction (3/2 = 1.5×). */
  readonly priorityFactor: { readonly numerator: number; readonly denominator: number };
}

const TT28_2018: CapSchedule = {
  caps: {
    'demonstration-model': { maxShareBps: 3_000, maxAmount: trieu(1_000) },
    'technology-transfer': { maxShareBps: 5_000, maxAmount: trieu(300) },
    machinery: { maxShareBps: 5_000, maxAmount: trieu(300) },
    'ccn-infrastructure': { maxAmount: trieu(6_000) },
    contest: { maxAmount: trieu(200), maxAmountCentral: trieu(400) },
    'enterprise-setup': { maxAmount: trieu(10) },
    'fair-participation': { maxShareBps: WHOLE },
  },
  priorityFactor: { numerator: 3, denominator: 2 },
};

export const NATIONAL_SUPPORT_CAPS = ruleTable<CapSchedule>('support-cap', 'Mức hỗ trợ tối đa', [
  {
    // No transcription of the figures of TTLT 125/2009 and TTLT 26/2014 is at hand: the TT 28/2018
    // values stand in as a labelled policy default so that history since NĐ 45/2012 (10/7/2012) can
    // be judged (đề án of plan year 2014 were registered in 2013).
    effectiveFrom: '2012-07-10',
    legalBasis: 'TTLT 125/2009/TTLT-BTC-BCT, TTLT 26/2014/TTLT-BTC-BCT (mặc định chính sách: áp dụng mức của TT 28/2018/TT-BTC)',
    policyDefault: true,
    value: TT28_2018,
  },
  { effectiveFrom: '2018-05-11', legalBasis: 'TT 28/2018/TT-BTC Điều 8; NĐ 45/2012/NĐ-CP Điều 6 (hệ số ưu tiên 1,5)', value: TT28_2018 },
]);

/** Per-province KCĐP cap tables (HĐND resolutions), keyed by province code. Empty = national caps. */
export type ProvinceCapTables = Readonly<Record<string, RuleTable<CapSchedule>>>;

export interface CapQuery {
  readonly kind: ActivityKind;
  readonly fundingSource: 'KCQG' | 'KCDP';
  readonly level: 'central' | 'province' | 'district';
  readonly province: string;
  readonly priority: boolean;
  readonly totalCost: Dong;
  readonly day: IsoDate;
}

export interface CapDecision {
  /** The most the state may support; null where the texts set no ceiling for this kind. */
  readonly limit: Dong | null;
  /** Share of eligible cost the state supports (used by settlement). */
  readonly shareBps: BasisPoints;
  readonly maxAmount: Dong | null;
  readonly ruleId: string;
  readonly legalBasis: string;
}

export function supportCap(
  query: CapQuery,
  provinceTables: ProvinceCapTables = {},
  nationalTable: RuleTable<CapSchedule> = NATIONAL_SUPPORT_CAPS,
): CapDecision {
  const local = query.fundingSource === 'KCDP' ? provinceTables[query.province] : undefined;
  const table = local ?? nationalTable;
  const version = versionInForce(table, query.day);
  const cap = version.value.caps[query.kind] ?? {};
  const { numerator, denominator } = version.value.priorityFactor;
  const boost = (amount: Dong): Dong => (query.priority ? scale(amount, numerator, denominator) : amount);

  const baseAmount = query.level === 'central' && cap.maxAmountCentral !== undefined ? cap.maxAmountCentral : cap.maxAmount;
  const maxAmount = baseAmount === undefined ? null : boost(baseAmount);
  const shareBps = cap.maxShareBps === undefined ? WHOLE : Math.min(WHOLE, boost(cap.maxShareBps));
  const byShare = cap.maxShareBps === undefined ? null : shareOf(query.totalCost, shareBps);
  const limits = [byShare, maxAmount].filter((x): x is Dong => x !== null);
  return {
    limit: limits.length === 0 ? null : minDong(limits[0]!, ...limits.slice(1)),
    shareBps,
    maxAmount,
    ruleId: local ? `support-cap:${query.province}` : table.id,
    legalBasis: version.legalBasis,
  };
}
