/**
 * A realistic 2014–2020 history for Bình Định (province 52) built from its funding appendix: for
 * every cell, as many đề án as the cell counts, whose approved (and settled) support adds up to the
 * cell's amount, each carried from registration to settlement through the import path — judged by
 * the deciders under the rules of those dates. Deterministic: the same records every run.
 */
import { capFor, ContentArea, FundingSource, IN_FORCE, indicatorOf } from '@app/domain';
import { APPENDIX_CELLS, AppendixCell, cellDong, cellsOfActivity, RESULTS_APPENDIX } from './binh-dinh-appendix';

const PROVINCE = '52';
const TRIEU = 1_000_000;

interface ResultTemplate {
  /** The catalogue's code (libs/domain/src/rules/indicators.ts); absent for an indicator outside it. */
  readonly code?: string;
  readonly indicator: string;
  readonly unit: string;
  readonly quantity: number;
}

/** A result in the catalogue's words. */
const coded = (code: string, quantity: number): ResultTemplate => {
  const indicator = indicatorOf(code, IN_FORCE['NĐ 45/2012/NĐ-CP'])!;
  return { code, indicator: indicator.name, unit: indicator.unit, quantity };
};

/**
 * What each activity produces per đề án where the results appendix gives nothing that lines up with its
 * funding cells (RESULTS_APPENDIX) — synthetic quantities, and labelled so in the demo's output.
 */
export const SYNTHETIC_RESULTS: Readonly<Record<string, ResultTemplate>> = {
  // the Cục's regional fair: not the appendix's IV.1 (the province's and districts' fairs)
  '4.1': { indicator: 'Hội chợ triển lãm cấp khu vực được tổ chức', unit: 'Hội chợ', quantity: 1 },
  '4.5': coded('4.san-pham-cong-nhan', 25),
  '6.3': coded('6.chuong-trinh', 12),
  '6.4': coded('6.an-pham', 4),
  '7.3': coded('7.quy-hoach', 1),
  '7.4': coded('7.ha-tang-ccn', 1),
  '7.5': coded('7.xu-ly-o-nhiem', 1),
  '9.1': coded('9.can-bo-tap-huan', 30),
  '9.6': coded('9.kiem-tra', 4),
  '9.7': coded('9.hoi-nghi', 1),
  '9.8': coded('9.hoi-nghi', 1),
};

/** Total cost as a multiple of the support, by activity: capped shares (models 30 %, machinery 50 %) need counterpart funds. */
const COST_FACTOR: Readonly<Record<string, number>> = { '3.1': 4, '3.3': 2.5, '7.4': 2, '7.5': 3.5, '4.3': 1.5, '4.7': 1.5 };

/**
 * How many establishments a synthetic đề án supports: one, unless its share of the cell is above one
 * establishment's ceiling on its registration day — then a group đề án (TT 36/2013 Điều 10–11) of as
 * many as that ceiling needs. Synthetic like the split itself: the seed gives cells, not đề án.
 */
function establishmentsFor(registration: Parameters<typeof capFor>[0] & { budget: { requestedSupport: number } }, day: string): number {
  const one = capFor({ ...registration, establishments: undefined }, day).maxAmount;
  return one === null ? 1 : Math.max(1, Math.ceil(registration.budget.requestedSupport / one));
}

const TITLES: Readonly<Record<string, string>> = {
  '1.1': 'Đào tạo nghề mây tre đan',
  '3.1': 'Mô hình trình diễn kỹ thuật chế biến hải sản',
  '3.3': 'Ứng dụng máy móc thiết bị tiên tiến trong chế biến gỗ',
  '4.1': 'Hội chợ triển lãm hàng CNNT tiêu biểu khu vực miền Trung - Tây Nguyên',
  '4.2': 'Tham gia hội chợ triển lãm hàng CNNT',
  '4.3': 'Xây dựng, đăng ký thương hiệu sản phẩm',
  '4.4': 'Bình chọn sản phẩm CNNT tiêu biểu cấp tỉnh',
  '4.5': 'Thi thiết kế, chế tác sản phẩm thủ công mỹ nghệ phục vụ du lịch',
  '4.6': 'Trưng bày sản phẩm thủ công mỹ nghệ đạt giải',
  '4.7': 'Đầu tư phòng trưng bày giới thiệu sản phẩm',
  '4.8': 'Thăm cơ sở CNNT tiêu biểu nhân ngày Doanh nhân Việt Nam',
  '5.1': 'Tư vấn lập dự án đầu tư, thiết kế mẫu mã bao bì',
  '6.3': 'Chương trình truyền hình về khuyến công',
  '6.4': 'Tuyên truyền chính sách khuyến công',
  '7.3': 'Lập quy hoạch chi tiết cụm công nghiệp',
  '7.4': 'Hỗ trợ đầu tư hạ tầng cụm công nghiệp',
  '7.5': 'Hệ thống xử lý nước thải tập trung cụm công nghiệp',
  '9.1': 'Tập huấn nghiệp vụ khuyến công',
  '9.2': 'Tham quan học tập kinh nghiệm khuyến công',
  '9.3': 'Đầu tư phương tiện làm việc cho Trung tâm Khuyến công',
  '9.6': 'Kiểm tra, giám sát thực hiện đề án khuyến công',
  '9.7': 'Hội nghị đánh giá 5 năm thực hiện Nghị định 45/2012/NĐ-CP',
  '9.8': 'Hội nghị tổng kết chương trình khuyến công tỉnh giai đoạn 2016-2020',
};

const DISTRICTS = [
  'TP. Quy Nhơn',
  'Thị xã An Nhơn',
  'Huyện Tuy Phước',
  'Huyện Phù Cát',
  'Huyện Tây Sơn',
  'Thị xã Hoài Nhơn',
  'Huyện Phù Mỹ',
  'Huyện Hoài Ân',
];

const officer = { sub: 'ttkc-bd-01', role: 'officer', name: 'Cán bộ Trung tâm Khuyến công Bình Định', province: PROVINCE };
const chair = { sub: 'hd-bd-chu-tich', role: 'council', name: 'Chủ tịch Hội đồng thẩm định' };
const member = { sub: 'hd-bd-uy-vien', role: 'council', name: 'Ủy viên Hội đồng thẩm định' };
const finance = { sub: 'kt-bd-01', role: 'finance', name: 'Kế toán Sở Công Thương', province: PROVINCE };
/** The Ministry's side of a KCQG đề án (TT 36/2013/TT-BCT Điều 8–11, 17): its council, the Cục's officer and accountant. */
const ministry = {
  chair: { sub: 'hd-bct-chu-tich', role: 'council', name: 'Chủ tịch Hội đồng thẩm định cấp Bộ' },
  member: { sub: 'hd-bct-uy-vien', role: 'council', name: 'Ủy viên Hội đồng thẩm định cấp Bộ' },
  officer: { sub: 'cuc-ctdp-01', role: 'officer', name: 'Cán bộ Cục Công Thương địa phương' },
  finance: { sub: 'cuc-ctdp-kt', role: 'finance', name: 'Kế toán Cục Công Thương địa phương' },
};
const approverFor = (source: string, district?: string) =>
  source === 'KCQG'
    ? { sub: 'cuc-ctdp', role: 'approver', name: 'Cục Công Thương địa phương' }
    : district
      ? {
          sub: 'ubnd-cap-huyen-bd',
          role: 'approver',
          name: `UBND ${district.replace(/^(Huyện|Thị xã) /, (m) => m.toLowerCase())}`,
          province: PROVINCE,
        }
      : { sub: 'ubnd-bd', role: 'approver', name: 'UBND tỉnh Bình Định', province: PROVINCE };

const planExternalId = (year: number, source: string, level: DemoLevel) => `BD-KH-${source}${level === 'district' ? '-HUYEN' : ''}-${year}`;
const day = (year: number, month: number, d: number) => new Date(Date.UTC(year, month - 1, d)).toISOString().slice(0, 10);
const at = (date: string, hour = 2) => `${date}T${String(hour).padStart(2, '0')}:00:00Z`;
const shift = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Splits a cell's amount into `count` supports of slightly different sizes (whole 100,000 đồng but the last). */
function split(amount: number, count: number): number[] {
  const weights = Array.from({ length: count }, (_, i) => 10 + ((i * 7) % 5));
  const sum = weights.reduce((a, w) => a + w, 0);
  const parts = weights.slice(0, -1).map((w) => Math.floor((amount * w) / sum / 100_000) * 100_000);
  return [...parts, amount - parts.reduce((a, p) => a + p, 0)];
}

export interface DemoRecords {
  readonly plans: readonly Record<string, unknown>[];
  readonly deAn: readonly Record<string, unknown>[];
}

/**
 * Seed 003, the KCĐP paragraph: "cấp tỉnh 137 đề án; cấp huyện 183 đề án (Hoài Nhơn 26, Phù Cát 21,
 * Vân Canh 11, An Nhơn 125) … 18.134 triệu đồng (cấp tỉnh 14.147 triệu đồng; cấp huyện 3.987 triệu
 * đồng)". Which đề án were the districts' the seed does not say: the split below is synthetic, its
 * totals are the seed's.
 */
export const DISTRICT_LEVEL = { count: 183, amount: 3_987 * TRIEU } as const;
const DISTRICT_UNITS: readonly (readonly [string, number])[] = [
  ['Thị xã An Nhơn', 125],
  ['Huyện Hoài Nhơn', 26],
  ['Huyện Phù Cát', 21],
  ['Huyện Vân Canh', 11],
];

type DemoLevel = 'central' | 'province' | 'district';

interface Entry {
  readonly cell: AppendixCell;
  readonly i: number;
  support: number;
  level: DemoLevel;
  locality?: string;
}

export function binhDinhHistory(): DemoRecords {
  const entries: Entry[] = APPENDIX_CELLS.flatMap((cell) =>
    split(cellDong(cell), cell[3]).map((support, i): Entry => ({ cell, i, support, level: cell[2] === 'KCQG' ? 'central' : 'province' })),
  );
  assignDistricts(entries);
  const deAn = entries.map((e, n) => lifecycle(e, n));
  const byPlan = new Map<string, Entry[]>();
  for (const e of entries) {
    const id = planExternalId(e.cell[1], e.cell[2], e.level);
    byPlan.set(id, [...(byPlan.get(id) ?? []), e]);
  }
  const plans = [...byPlan].map(([externalId, funded]) => {
    const [{ cell, level }] = funded as [Entry];
    const [, year, source] = cell;
    return {
      kind: 'plan',
      externalId,
      plan: {
        year,
        fundingSource: source,
        level,
        ...(source === 'KCDP' ? { province: PROVINCE } : {}),
        // A tenth above what was used: plans are rarely spent to the last đồng.
        allocation: Math.ceil((funded.reduce((a, e) => a + e.support, 0) * 1.1) / TRIEU) * TRIEU,
        targets: aggregateTargets(funded),
        createdAt: at(day(year - 1, 12, 1)),
        actor: source === 'KCQG' ? { sub: 'cuc-kh', role: 'officer', name: 'Cán bộ Cục' } : officer,
      },
    };
  });
  return { plans, deAn };
}

/**
 * Makes DISTRICT_LEVEL.count of the KCĐP đề án district-level, their supports adding up to exactly
 * DISTRICT_LEVEL.amount: the smallest ones first, swapped for larger ones while that brings the sum
 * closer without passing it; the last few đồng are moved inside one appendix cell from a province
 * đề án to a district one, so that every printed cell stays what it is.
 */
function assignDistricts(entries: Entry[]): void {
  const local = entries.filter((e) => e.cell[2] === 'KCDP');
  const chosen = new Set([...local].sort((a, b) => a.support - b.support).slice(0, DISTRICT_LEVEL.count));
  let sum = [...chosen].reduce((a, e) => a + e.support, 0);
  for (;;) {
    let best: [Entry, Entry, number] | undefined;
    for (const a of chosen)
      for (const b of local) {
        const gain = b.support - a.support;
        if (!chosen.has(b) && gain > 0 && gain <= DISTRICT_LEVEL.amount - sum && (!best || gain > best[2])) best = [a, b, gain];
      }
    if (!best) break;
    chosen.delete(best[0]);
    chosen.add(best[1]);
    sum += best[2];
  }
  const residual = DISTRICT_LEVEL.amount - sum;
  if (residual > 0) {
    const pair = [...chosen].flatMap((a) =>
      local.filter((b) => !chosen.has(b) && b.cell === a.cell && b.support > 2 * residual).map((b) => [a, b] as const),
    )[0];
    if (!pair) throw new Error(`demo: no appendix cell to carry the last ${residual} đồng of the district level`);
    pair[0].support += residual;
    pair[1].support -= residual;
  }
  let unit = 0;
  let left = DISTRICT_UNITS[0]![1];
  for (const e of entries.filter((x) => chosen.has(x))) {
    if (left === 0) left = DISTRICT_UNITS[++unit]![1];
    left -= 1;
    e.level = 'district';
    e.locality = DISTRICT_UNITS[unit]![0];
  }
}

/** `total` in `count` whole shares, the first ones one larger: the seed gives a cell's results, not each đề án's. */
const shares = (total: number, count: number) => Array.from({ length: count }, (_, k) => Math.floor(total / count) + (k < total % count ? 1 : 0));

/** A đề án's results: its share of each results-appendix row of its cell, else its activity's synthetic template. */
function resultLines(cell: AppendixCell, i: number): ResultTemplate[] {
  const [activity, year, source, count] = cell;
  const rows = RESULTS_APPENDIX.filter((r) => r.activity === activity);
  if (rows.length === 0) return [SYNTHETIC_RESULTS[activity]!];
  const index = cellsOfActivity(activity).findIndex((c) => c[1] === year && c[2] === source);
  return rows.map((row) => {
    const quantity = shares(row.values[index]!, count)[i]!;
    return 'code' in row.indicator ? coded(row.indicator.code, quantity) : { indicator: row.indicator.name, unit: row.indicator.unit, quantity };
  });
}

/** A plan's targets: the results of the đề án it funds (the seed states no targets for Bình Định: these follow the results). */
function aggregateTargets(entries: readonly Entry[]): ResultTemplate[] {
  const byIndicator = new Map<string, ResultTemplate>();
  for (const r of entries.flatMap((e) => resultLines(e.cell, e.i))) {
    const key = r.code ?? r.indicator + r.unit;
    byIndicator.set(key, { ...r, quantity: (byIndicator.get(key)?.quantity ?? 0) + r.quantity });
  }
  return [...byIndicator.values()];
}

function lifecycle(entry: Entry, n: number): Record<string, unknown> {
  const { cell, support, i, level } = entry;
  const [activity, year, source] = cell;
  // a provincial contest above the 200 triệu of a regional round: a priority area (synthetic, like the split)
  const priority = activity === '4.4' && support > 200 * TRIEU;
  const area = activity.split('.')[0]!;
  const factor = COST_FACTOR[activity] ?? 1.25;
  const totalCost = Math.ceil((support * factor) / 100_000) * 100_000;
  const machinery = activity === '3.3' || activity === '3.1' ? Math.floor((totalCost * 0.85) / 100_000) * 100_000 : 0;
  const lines = resultLines(cell, i).map(({ code, indicator, unit, quantity }) => ({ ...(code ? { code } : {}), indicator, quantity, unit }));
  const k = n % 20;
  // KCQG: registered before 20/5 of the year before (TT 36/2013 Art. 6); KCĐP: in the autumn before.
  const registered = source === 'KCQG' ? day(year - 1, 3, 10 + k) : day(year - 1, 9, 5 + k);
  const council = shift(registered, 20);
  const revised = n % 6 === 0;
  const appraised = shift(council, revised ? 40 : 20);
  const approved = day(year, 1, 8 + k);
  const contract = shift(approved, 25);
  const completed = day(year, 10, 5 + (k % 10));
  const accepted = shift(completed, 15);
  const settled = shift(accepted, 20);
  const beneficiary =
    area === '9' || area === '6' || activity === '4.1' || activity === '4.4' || activity === '4.5' || activity === '7.3'
      ? { name: 'Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Bình Định', kind: 'agency' }
      : {
          name: `Cơ sở CNNT Bình Định số ${n + 1}`,
          kind: n % 3 === 0 ? 'cooperative' : 'household',
          ...(n % 3 === 0 ? { taxCode: String(4_100_000_000 + n) } : {}),
        };
  const valuation = machinery ? machinery : 0;
  // Most acceptances confirm the appraised value within a few per cent; every ninth finds much less.
  const acceptedValuation = machinery ? Math.round((machinery * (n % 9 === 0 ? 82 : 100 - (n % 3) * 2)) / 100 / 100_000) * 100_000 : 0;
  const reviews = (date: string, council = { chair, member }) => [
    { type: 'reviews', at: at(date, 2), actor: council.chair, score: 80 + (n % 15), recommendation: 'approve', conflictOfInterest: false },
    { type: 'reviews', at: at(date, 3), actor: council.member, score: 75 + (n % 20), recommendation: 'approve', conflictOfInterest: false },
  ];
  // KCQG: the Sở appraised it (cấp cơ sở) and forwards it before 15/6; the Ministry's council appraises it again
  const kcqg = source === 'KCQG';
  const forwarded = shift(appraised, 5);
  const ministryRound = kcqg
    ? [
        { type: 'forwarding', at: at(forwarded), actor: officer, dispatchNo: `${n + 1}/SCT-KC` },
        {
          type: 'council',
          at: at(shift(forwarded, 15)),
          actor: ministry.officer,
          members: [
            { sub: ministry.chair.sub, name: ministry.chair.name },
            { sub: ministry.member.sub, name: ministry.member.name },
          ],
          chair: ministry.chair.sub,
        },
        ...reviews(shift(forwarded, 30), ministry),
        {
          type: 'appraisal',
          at: at(shift(forwarded, 35)),
          actor: ministry.chair,
          result: 'passed',
          recommendedSupport: support,
          machineryValuation: valuation,
          minutesNo: `${n + 1}/BB-HĐTĐ-BCT`,
        },
      ]
    : [];
  const acceptance = (date: string, actor: typeof officer | typeof ministry.officer, minutesNo: string) => ({
    type: 'acceptance',
    at: at(date),
    actor,
    result: 'passed',
    acceptedResults: lines,
    acceptedCost: totalCost,
    machineryValuation: acceptedValuation,
    minutesNo,
    date,
  });
  const record = {
    externalId: `BD-${year}-${source}-${activity}-${String(i + 1).padStart(2, '0')}`,
    registration: {
      title: `${TITLES[activity]} (${year})`,
      contentArea: area,
      activity,
      fundingSource: source,
      level,
      planYear: year,
      province: PROVINCE,
      locality: entry.locality ?? DISTRICTS[n % DISTRICTS.length],
      implementingUnit: 'Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Bình Định',
      beneficiary,
      priorityArea: priority,
      prioritySector: false,
      budget: { totalCost, requestedSupport: support, counterpartFunds: totalCost - support, machineryValue: machinery },
      expectedResults: lines,
      schedule: { start: day(year, 2, 1), end: day(year, 10, 31) },
      attachments: [{ name: 'thuyet-minh-de-an.pdf', sha256: n.toString(16).padStart(8, '0').repeat(8) }],
      organisation: `bd-${n + 1}`,
      registeredAt: at(registered),
      actor: officer,
    },
    steps: [
      {
        type: 'council',
        at: at(council),
        actor: officer,
        members: [
          { sub: chair.sub, name: chair.name },
          { sub: member.sub, name: member.name },
        ],
        chair: chair.sub,
      },
      ...(revised
        ? [
            {
              type: 'revision-request',
              at: at(shift(council, 7)),
              actor: chair,
              items: ['Bổ sung báo giá thiết bị, dự toán chi tiết'],
              dueDate: shift(council, 21),
            },
            {
              type: 'revision',
              at: at(shift(council, 15)),
              actor: { sub: `bd-${n + 1}-applicant`, role: 'applicant', name: beneficiary.name, org: `bd-${n + 1}` },
              changes: { attachments: [{ name: 'bo-sung.pdf', sha256: 'e'.repeat(64) }] },
              note: 'Đã bổ sung theo yêu cầu',
            },
          ]
        : []),
      ...reviews(shift(appraised, -3)),
      {
        type: 'appraisal',
        at: at(appraised),
        actor: chair,
        result: 'passed',
        recommendedSupport: support,
        machineryValuation: valuation,
        minutesNo: `${n + 1}/BB-HĐTĐ${kcqg ? '-SCT' : ''}`,
      },
      ...ministryRound,
      {
        type: 'approval',
        at: at(approved),
        actor: approverFor(source, level === 'district' ? entry.locality : undefined),
        decisionNo: `${100 + k}/QĐ-${source === 'KCQG' ? 'BCT' : 'UBND'}`,
        decisionDate: approved,
        approvedSupport: support,
        planExternalId: planExternalId(year, source, level),
        // the priority the registration claims, granted by the authority (NĐ 45/2012 Điều 6)
        ...(priority ? { priorityConfirmed: true } : {}),
      },
      {
        type: 'contract',
        at: at(contract),
        actor: kcqg ? ministry.officer : officer,
        contractNo: `${n + 1}/${year}/HĐ-KC`,
        signedDate: contract,
        endDate: day(year, 10, 31),
        selection: 'review',
      },
      {
        type: 'completion',
        at: at(completed),
        actor: { sub: `bd-${n + 1}-applicant`, role: 'applicant', name: beneficiary.name, org: `bd-${n + 1}` },
        completedDate: completed,
        actualResults: lines,
        actualCost: totalCost,
        machineryValue: machinery,
      },
      // KCQG: the Sở's base-level acceptance, then the Cục's (TT 36/2013/TT-BCT Điều 17)
      ...(kcqg
        ? [acceptance(shift(completed, 10), officer, `${n + 1}/BB-NT-SCT`), acceptance(accepted, ministry.officer, `${n + 1}/BB-NT-BCT`)]
        : [acceptance(accepted, officer, `${n + 1}/BB-NT`)]),
      {
        type: 'settlement',
        at: at(settled),
        actor: kcqg ? ministry.finance : finance,
        settledSupport: support,
        decisionNo: `${n + 1}/QĐ-QT`,
        date: settled,
      },
    ],
  };
  const { contentArea, fundingSource } = record.registration;
  const count = establishmentsFor(
    { ...record.registration, contentArea: contentArea as ContentArea, fundingSource: fundingSource as FundingSource },
    registered,
  );
  if (count === 1) return record;
  const establishments = split(support, count).map((s, e) => ({
    name: `${beneficiary.name} — cơ sở ${e + 1}/${count} (tổng hợp)`,
    kind: 'household',
    support: s,
  }));
  return { ...record, registration: { ...record.registration, establishments } };
}

/**
 * Where the demo's figures come from, as its output tells the reader: what the seed states, and what is
 * synthetic (the split of a cell into đề án, the districts' đề án, results outside the appendix rows that
 * line up, the plans' targets and allocations).
 */
export function demoProvenance(): readonly string[] {
  const seeded = RESULTS_APPENDIX.map((r) => r.row).join(', ');
  const synthetic = Object.keys(SYNTHETIC_RESULTS).join(', ');
  return [
    'Nguồn số liệu: số đề án và kinh phí theo từng ô của phụ lục kinh phí, báo cáo giai đoạn 2014 - 2020 của UBND tỉnh Bình Định; kết quả theo phụ lục kết quả, các dòng ' +
      `${seeded}.`,
    `Số liệu giả lập (minh hoạ): việc chia mỗi ô thành từng đề án, đề án cấp huyện, kết quả của các nội dung ${synthetic}, chỉ tiêu và dự toán của kế hoạch.`,
  ];
}
