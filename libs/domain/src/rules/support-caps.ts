/**
 * Support caps (mức hỗ trợ tối đa), national: TTLT 26/2014/TTLT-BTC-BCT (08/4/2014–10/5/2018), then
 * TT 28/2018/TT-BTC Art. 8 (from 11/5/2018), figures as docs/DOMAIN.md gives them. Priority areas and
 * sectors may receive up to 1.5× (NĐ 45/2012 Art. 6). Local (KCĐP) caps are set by each province's
 * HĐND: a province table, where one is configured, replaces the national one for KCĐP đề án of that
 * province; otherwise the national table applies.
 */
import { ActivityKind } from './catalogue';
import { IN_FORCE } from './legal-texts';
import type { Level } from './levels';
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

const PRIORITY_1_5 = { numerator: 3, denominator: 2 } as const;

/**
 * TTLT 26/2014's figures (docs/DOMAIN.md, "Second pass"): lower than TT 28's. A demonstration model
 * that upgrades an existing one had ≤ 100 triệu; the catalogue has no kind for it, so the 500 applies.
 * Kinds the list does not name (enterprise set-up among them) have no ceiling here.
 */
const TTLT26_2014: CapSchedule = {
  caps: {
    'demonstration-model': { maxShareBps: 3_000, maxAmount: trieu(500) },
    'technology-transfer': { maxShareBps: 5_000, maxAmount: trieu(200) },
    machinery: { maxShareBps: 5_000, maxAmount: trieu(200) },
    'ccn-infrastructure': { maxAmount: trieu(3_000) },
    contest: { maxAmount: trieu(100), maxAmountCentral: trieu(200) },
    brand: { maxAmount: trieu(35) },
    consulting: { maxAmount: trieu(35) },
    'ccn-planning': { maxAmount: trieu(500) },
    'ccn-pollution': { maxShareBps: 3_000, maxAmount: trieu(1_500) },
    'facility-pollution': { maxAmount: trieu(300) },
    'fair-participation': { maxShareBps: 8_000 },
  },
  priorityFactor: PRIORITY_1_5,
};

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
  priorityFactor: PRIORITY_1_5,
};

export const NATIONAL_SUPPORT_CAPS = ruleTable<CapSchedule>('support-cap', 'Mức hỗ trợ tối đa', [
  {
    // From NĐ 45/2012 to TTLT 26/2014 the caps were TTLT 125/2009's, whose figures are not at hand:
    // TTLT 26/2014's, the nearest in time, stand in as a labelled policy default.
    effectiveFrom: IN_FORCE['NĐ 45/2012/NĐ-CP'],
    legalBasis:
      'TTLT 125/2009/TTLT-BTC-BCT (mặc định chính sách: áp dụng mức của TTLT 26/2014/TTLT-BTC-BCT); NĐ 45/2012/NĐ-CP Điều 6 (hệ số ưu tiên 1,5)',
    policyDefault: true,
    value: TTLT26_2014,
  },
  {
    effectiveFrom: IN_FORCE['TTLT 26/2014/TTLT-BTC-BCT'],
    legalBasis: 'TTLT 26/2014/TTLT-BTC-BCT (mức hỗ trợ tối đa); NĐ 45/2012/NĐ-CP Điều 6 (hệ số ưu tiên 1,5)',
    value: TTLT26_2014,
  },
  {
    effectiveFrom: IN_FORCE['TT 28/2018/TT-BTC'],
    legalBasis: 'TT 28/2018/TT-BTC Điều 8; NĐ 45/2012/NĐ-CP Điều 6 (hệ số ưu tiên 1,5)',
    value: TT28_2018,
  },
]);

/** Per-province KCĐP cap tables (HĐND resolutions), keyed by province code. Absent = national caps. */
export type ProvinceCapTables = Readonly<Record<string, RuleTable<CapSchedule>>>;

/**
 * Bình Định (52), KCĐP. Its HĐND's levels are not transcribed; the seed shows they differed from the
 * national ceilings for the province's own typical-product contests (one 2016 contest of 279,9 triệu
 * where TTLT 26/2014 capped a regional round at 100). Until the resolution is transcribed: the
 * national figures, without a ceiling for contests — a labelled policy default, derived from the seed.
 */
const { contest: _contest, ...TTLT26_WITHOUT_CONTEST } = TTLT26_2014.caps;
export const PROVINCE_SUPPORT_CAPS: ProvinceCapTables = {
  '52': ruleTable<CapSchedule>('support-cap:52', 'Mức hỗ trợ tối đa (khuyến công địa phương, Bình Định)', [
    {
      effectiveFrom: IN_FORCE['NĐ 45/2012/NĐ-CP'],
      legalBasis:
        'Nghị quyết HĐND tỉnh Bình Định (chưa số hoá; mặc định chính sách: mức của TTLT 26/2014/TTLT-BTC-BCT, bình chọn sản phẩm cấp tỉnh không áp trần)',
      policyDefault: true,
      value: { ...TTLT26_2014, caps: TTLT26_WITHOUT_CONTEST },
    },
    {
      effectiveFrom: IN_FORCE['TT 28/2018/TT-BTC'],
      legalBasis: 'Nghị quyết HĐND tỉnh Bình Định (chưa số hoá; mặc định chính sách: mức của TT 28/2018/TT-BTC Điều 8)',
      policyDefault: true,
      value: TT28_2018,
    },
  ]),
};

export interface CapQuery {
  readonly kind: ActivityKind;
  readonly fundingSource: 'KCQG' | 'KCDP';
  readonly level: Level;
  readonly province: string;
  readonly priority: boolean;
  readonly totalCost: Dong;
  readonly day: IsoDate;
  /** A group đề án (TT 36/2013 Điều 10–11): the amount ceiling holds per establishment. Default 1. */
  readonly establishments?: number;
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
  const perEstablishment = baseAmount === undefined ? null : boost(baseAmount);
  const maxAmount = perEstablishment === null ? null : perEstablishment * Math.max(1, query.establishments ?? 1);
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
