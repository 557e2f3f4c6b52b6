/**
 * The generated log of the projections benchmark: `deAn` đề án of plan years 2014–2025 over the 63
 * provinces (codes of the 2004 scheme), both funding sources, every activity of the catalogue in
 * force on the day of registration, each carried from registration to settlement; and the annual
 * plans they are approved against (one KCĐP plan per province and year, one national KCQG plan per
 * year) with the commitments and settlements the product appends next to an approval and a
 * settlement.
 *
 * Written directly as events (not through the deciders): the data is shaped exactly as the domain's
 * events (libs/domain/src/de-an/events.ts, plan/plan.ts) and obeys their rules (support within the
 * cap in force, approved ≤ requested, settled ≤ approved, plans created before their approvals), so
 * the facts projection and the reports compute real figures, which the bench checks against
 * `expected()`. Deterministic: everything but the UUIDs derives from the đề án's number.
 *
 * Log order is time order (to the month, see writeLog): every act is keyed by its business time
 * (`occurredAt`), so, as in a system that ran those years, a page of the log touches hundreds of
 * different đề án, not one lifecycle after another.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Activity, ActivityKind, CONTENT_CATALOGUE, PROVINCES_2004, supportCap, versionInForce } from '@app/domain';
import { ANY, EventStore, JsonObject, NewEvent, StoredMetadata } from '@app/event-store';

/** Bump when the generated log changes: a kept schema (BENCH_KEEP) of another version is not reused. */
export const GENERATOR_VERSION = 3;

export const FIRST_YEAR = 2014;
export const LAST_YEAR = 2025;
const YEARS = LAST_YEAR - FIRST_YEAR + 1;
const PROVINCE_CODES = Object.keys(PROVINCES_2004).sort();
const TRIEU = 1_000_000;
const DAY = 86_400_000;
const MINUTE = 60_000;
/** Share of KCQG đề án (per cent), of đề án failing appraisal (per mille). */
const KCQG_PERCENT = 15;
const REJECTED_PER_MILLE = 50;

// ---------------------------------------------------------------- deterministic draws

function hash(n: number, salt: number): number {
  let h = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}
/** An integer in [lo, hi], drawn for đề án n. */
const draw = (n: number, salt: number, lo: number, hi: number) => lo + (hash(n, salt) % (hi - lo + 1));
const pick = <T>(items: readonly T[], n: number, salt: number): T => items[hash(n, salt) % items.length]!;
const down = (dong: number, unit = 100_000) => Math.floor(dong / unit) * unit;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Office hours in Việt Nam (08:00–16:00, UTC+7) of the day `ms` falls on, at a minute drawn for the act. */
const officeHour = (dayMs: number, n: number, salt: number) => Math.floor(dayMs / DAY) * DAY + draw(n, salt, 60, 540) * MINUTE;
const utc = (year: number, month: number, day: number) => Date.UTC(year, month - 1, day);

// ---------------------------------------------------------------- what each đề án is

/** Support requested by kind, in triệu (before the cap in force). */
const SUPPORT_TRIEU: Readonly<Record<ActivityKind, readonly [number, number]>> = {
  training: [80, 300],
  management: [30, 150],
  'demonstration-model': [300, 1_200],
  'technology-transfer': [100, 300],
  machinery: [150, 300],
  'cleaner-production': [100, 400],
  'fair-organisation': [200, 1_500],
  'fair-participation': [30, 150],
  brand: [50, 200],
  contest: [50, 200],
  showroom: [100, 500],
  consulting: [30, 150],
  'enterprise-setup': [5, 10],
  information: [30, 200],
  association: [50, 200],
  'ccn-planning': [200, 800],
  'ccn-infrastructure': [500, 5_000],
  'ccn-pollution': [500, 3_000],
  'facility-pollution': [200, 1_000],
  international: [100, 500],
  capacity: [30, 300],
  'digital-transformation': [100, 500],
  'sustainable-production': [100, 500],
};

/** Total cost as a multiple of the support (tenths): capped shares need counterpart funds. */
const COST_TENTHS: Partial<Record<ActivityKind, readonly [number, number]>> = {
  'demonstration-model': [34, 45],
  'technology-transfer': [21, 30],
  machinery: [21, 30],
  'ccn-infrastructure': [15, 25],
  'ccn-pollution': [15, 25],
  'facility-pollution': [15, 25],
  brand: [12, 16],
  showroom: [12, 16],
};

const WITH_MACHINERY = new Set<ActivityKind>(['demonstration-model', 'technology-transfer', 'machinery', 'facility-pollution', 'ccn-pollution']);

/** The result line each kind of đề án promises and delivers (results and plan-vs-target reports). */
const RESULT: Readonly<Record<ActivityKind, readonly [string, string, number]>> = {
  training: ['Lao động được đào tạo nghề, truyền nghề', 'Người', 35],
  management: ['Lượt học viên được đào tạo, tập huấn', 'Người', 40],
  'demonstration-model': ['Mô hình trình diễn kỹ thuật', 'Mô hình', 1],
  'technology-transfer': ['Cơ sở được chuyển giao công nghệ', 'Cơ sở', 1],
  machinery: ['Cơ sở được hỗ trợ ứng dụng máy móc thiết bị tiên tiến', 'Cơ sở', 1],
  'cleaner-production': ['Cơ sở được đánh giá sản xuất sạch hơn', 'Cơ sở', 2],
  'fair-organisation': ['Hội chợ, triển lãm được tổ chức', 'Hội chợ', 1],
  'fair-participation': ['Lượt cơ sở tham gia hội chợ, triển lãm', 'Lượt cơ sở', 3],
  brand: ['Thương hiệu được hỗ trợ xây dựng, đăng ký', 'Thương hiệu', 1],
  contest: ['Sản phẩm CNNT tiêu biểu được bình chọn', 'Sản phẩm', 12],
  showroom: ['Phòng trưng bày giới thiệu sản phẩm', 'Phòng', 1],
  consulting: ['Cơ sở được tư vấn', 'Cơ sở', 1],
  'enterprise-setup': ['Doanh nghiệp được hỗ trợ thành lập', 'Doanh nghiệp', 1],
  information: ['Ấn phẩm, chương trình tuyên truyền', 'Ấn phẩm', 4],
  association: ['Hiệp hội, cụm liên kết được hỗ trợ', 'Tổ chức', 1],
  'ccn-planning': ['Quy hoạch chi tiết CCN, làng nghề được lập', 'Quy hoạch', 1],
  'ccn-infrastructure': ['CCN, làng nghề được hỗ trợ hạ tầng', 'Cụm', 1],
  'ccn-pollution': ['Hệ thống xử lý ô nhiễm môi trường tại CCN', 'Hệ thống', 1],
  'facility-pollution': ['Hệ thống xử lý ô nhiễm tại cơ sở CNNT', 'Hệ thống', 1],
  international: ['Hoạt động hợp tác quốc tế', 'Hoạt động', 1],
  capacity: ['Lượt cán bộ khuyến công được tập huấn', 'Người', 30],
  'digital-transformation': ['Cơ sở được hỗ trợ chuyển đổi số', 'Cơ sở', 1],
  'sustainable-production': ['Cơ sở áp dụng sản xuất và tiêu dùng bền vững', 'Cơ sở', 1],
};

const PRODUCTS = [
  'mây tre đan',
  'gốm sứ mỹ nghệ',
  'đồ gỗ mỹ nghệ',
  'nước mắm truyền thống',
  'chè shan tuyết',
  'bánh tráng',
  'chiếu cói',
  'rượu cần',
  'hải sản khô',
  'nón lá',
  'lụa tơ tằm',
  'cà phê bột',
  'gạo hữu cơ',
  'mật ong',
  'đá mỹ nghệ',
];
const DISTRICTS = ['thành phố', 'thị xã', 'huyện miền núi', 'huyện đồng bằng', 'huyện ven biển'];
const PEOPLE = [
  'Nguyễn Thị Hường',
  'Trần Văn Phúc',
  'Lê Minh Đức',
  'Phạm Thị Thuỳ Dương',
  'Hoàng Quốc Việt',
  'Vũ Thị Ngọc Ánh',
  'Đặng Hữu Nghĩa',
  'Bùi Văn Thành',
];
const COMMENTS = [
  'Đề án có tính khả thi cao, phù hợp với định hướng phát triển ngành nghề nông thôn của tỉnh; đề nghị bổ sung thuyết minh về hiệu quả kinh tế.',
  'Dự toán kinh phí còn chưa sát thực tế, cần làm rõ nguồn vốn đối ứng và tiến độ giải ngân; cơ bản đồng ý thông qua.',
  'Máy móc thiết bị đề xuất tiên tiến, giúp giảm ô nhiễm môi trường và nâng cao năng suất lao động tại địa phương.',
];

export type Source = 'KCDP' | 'KCQG';

/** Everything about đề án n, drawn from n. Times in ms (business time). */
export interface DeAnOutline {
  readonly n: number;
  readonly year: number;
  readonly province: string;
  readonly source: Source;
  readonly planKey: string;
  readonly activity: Activity;
  readonly rejected: boolean;
  readonly requested: number;
  readonly approved: number;
  readonly settled: number;
  readonly totalCost: number;
  readonly machinery: number;
  /** Act times: registration, council, review ×2, appraisal, then (unless rejected) approval, contract, completion, acceptance, settlement. */
  readonly at: readonly number[];
}

export const planKeyOf = (year: number, source: Source, province: string) => (source === 'KCQG' ? `KCQG-${year}` : `KCDP-${year}-${province}`);

export function outline(n: number): DeAnOutline {
  const year = FIRST_YEAR + (hash(n, 1) % YEARS);
  const province = pick(PROVINCE_CODES, n, 2);
  const source: Source = hash(n, 3) % 100 < KCQG_PERCENT ? 'KCQG' : 'KCDP';
  // KCQG: registered before 20/5 of the year before the plan year (TT 36/2013 Art. 6); KCĐP: in the autumn before.
  const registered = officeHour(
    source === 'KCQG' ? utc(year - 1, 3, 1) + draw(n, 4, 0, 75) * DAY : utc(year - 1, 8, 1) + draw(n, 4, 0, 75) * DAY,
    n,
    5,
  );
  const activity = pick(versionInForce(CONTENT_CATALOGUE, isoDay(registered)).value, n, 6);
  const council = officeHour(registered + draw(n, 7, 10, 30) * DAY, n, 8);
  const review1 = officeHour(council + draw(n, 9, 10, 25) * DAY, n, 10);
  const review2 = officeHour(review1 + draw(n, 11, 0, 5) * DAY, n, 12) + DAY / 24; // never before the first
  const appraisal = officeHour(review2 + draw(n, 13, 2, 10) * DAY, n, 14);
  const rejected = hash(n, 15) % 1000 < REJECTED_PER_MILLE;

  const kind = activity.kind;
  const [lo, hi] = SUPPORT_TRIEU[kind];
  let requested = down(draw(n, 16, lo * 10, hi * 10) * 100_000);
  const [cLo, cHi] = COST_TENTHS[kind] ?? [12, 14];
  const totalCost = down((requested * draw(n, 17, cLo, cHi)) / 10);
  const cap = supportCap({
    kind,
    fundingSource: source,
    level: source === 'KCQG' ? 'central' : 'province',
    province,
    priority: false,
    totalCost,
    day: isoDay(registered),
  });
  if (cap.limit !== null && requested > cap.limit) requested = Math.max(100_000, down(cap.limit));
  const approved = Math.max(100_000, down((requested * draw(n, 18, 85, 100)) / 100));
  const settled = hash(n, 19) % 10 === 0 ? approved : Math.max(100_000, down((approved * draw(n, 20, 90, 100)) / 100));
  const machinery = WITH_MACHINERY.has(kind) ? down((totalCost * draw(n, 21, 60, 85)) / 100) : 0;

  const at = [registered, council, review1, review2, appraisal];
  if (!rejected) {
    const approval = officeHour(utc(year, 1, 5) + draw(n, 22, 0, 50) * DAY, n, 23);
    const contract = officeHour(approval + draw(n, 24, 10, 40) * DAY, n, 25);
    const completion = officeHour(utc(year, 8, 15) + draw(n, 26, 0, 80) * DAY, n, 27);
    const acceptance = officeHour(completion + draw(n, 28, 7, 25) * DAY, n, 29);
    const settlement = officeHour(acceptance + draw(n, 30, 10, 40) * DAY, n, 31);
    at.push(approval, contract, completion, acceptance, settlement);
  }
  return {
    n,
    year,
    province,
    source,
    planKey: planKeyOf(year, source, province),
    activity,
    rejected,
    requested,
    approved,
    settled,
    totalCost,
    machinery,
    at,
  };
}

/** Events of đề án n's act `step` (0–9), with what its plan receives in the same append. */
export function actEvents(o: DeAnOutline, step: number): { deAn: { type: string; data: JsonObject }[]; plan: { type: string; data: JsonObject }[] } {
  const { n } = o;
  const deAnId = deAnIdOf(n);
  const day = isoDay(o.at[step]!);
  const [indicator, unit, quantity] = RESULT[o.activity.kind];
  const line = { indicator, quantity, unit };
  const members = [0, 1, 2].map((i) => ({ sub: `hd-${o.province}-${(n + i) % 9}`, name: pick(PEOPLE, n, 40 + i) }));
  const review = (i: number) => ({
    type: 'ReviewSubmitted',
    data: {
      reviewer: members[i]!.sub,
      score: draw(n, 41 + i, 62, 96),
      recommendation: 'approve',
      comments: pick(COMMENTS, n, 43 + i),
      conflictOfInterest: false,
    },
  });
  const planId = planIdOf(o.planKey);
  const kcqg = o.source === 'KCQG';
  switch (step) {
    case 0: {
      const product = pick(PRODUCTS, n, 50);
      const place = `${pick(DISTRICTS, n, 51)} ${(n % 12) + 1}, tỉnh ${PROVINCES_2004[o.province]!.name}`;
      const cooperative = hash(n, 52) % 3 === 0;
      return {
        deAn: [
          {
            type: 'DeAnRegistered',
            data: {
              title: `${o.activity.label}: ${product} tại ${place} (${o.year})`,
              contentArea: o.activity.area,
              activity: o.activity.code,
              fundingSource: o.source,
              level: kcqg ? 'central' : 'province',
              planYear: o.year,
              province: o.province,
              locality: place,
              implementingUnit: `Trung tâm Khuyến công tỉnh ${PROVINCES_2004[o.province]!.name}`,
              beneficiary: cooperative
                ? { name: `Hợp tác xã ${product} số ${n + 1}`, kind: 'cooperative', taxCode: String(1_000_000_000 + n) }
                : { name: `Cơ sở CNNT ${product} số ${n + 1}`, kind: 'household' },
              priorityArea: false,
              prioritySector: false,
              budget: {
                totalCost: o.totalCost,
                requestedSupport: o.requested,
                counterpartFunds: o.totalCost - o.requested,
                machineryValue: o.machinery,
              },
              expectedResults: [line],
              schedule: { start: `${o.year}-02-01`, end: `${o.year}-10-31` },
              attachments: [{ name: 'thuyet-minh-de-an.pdf', sha256: n.toString(16).padStart(8, '0').repeat(8) }],
              deAnId,
              organisation: `org-${o.province}-${n % 997}`,
              registeredOn: day,
            },
          },
        ],
        plan: [],
      };
    }
    case 1:
      return { deAn: [{ type: 'CouncilAssigned', data: { members, chair: members[0]!.sub } }], plan: [] };
    case 2:
      return { deAn: [review(0)], plan: [] };
    case 3:
      return { deAn: [review(1)], plan: [] };
    case 4: {
      const minutesNo = `${(n % 900) + 1}/BB-HĐTĐ`;
      const concluded = {
        type: 'AppraisalConcluded',
        data: {
          result: o.rejected ? 'failed' : 'passed',
          recommendedSupport: o.rejected ? 0 : o.requested,
          machineryValuation: down((o.machinery * draw(n, 60, 95, 100)) / 100),
          minutesNo,
          validReviews: 2,
          averageScore: Math.round(((draw(n, 41, 62, 96) + draw(n, 42, 62, 96)) * 10) / 2) / 10,
        },
      };
      return {
        deAn: o.rejected
          ? [concluded, { type: 'DeAnRejected', data: { reason: `Không đạt thẩm định (biên bản ${minutesNo})`, stage: 'appraisal' } }]
          : [concluded],
        plan: [],
      };
    }
    case 5: {
      const cap = supportCap({
        kind: o.activity.kind,
        fundingSource: o.source,
        level: kcqg ? 'central' : 'province',
        province: o.province,
        priority: false,
        totalCost: o.totalCost,
        day,
      });
      return {
        deAn: [
          {
            type: 'DeAnApproved',
            data: {
              decisionNo: `${(n % 4000) + 1}/QĐ-${kcqg ? 'BCT' : 'UBND'}`,
              decisionDate: day,
              approvedSupport: o.approved,
              planId,
              capLimit: cap.limit,
              capRule: cap.ruleId,
            },
          },
        ],
        plan: [{ type: 'SupportCommitted', data: { deAnId, amount: o.approved } }],
      };
    }
    case 6:
      return {
        deAn: [
          {
            type: 'ContractSigned',
            data: { contractNo: `${(n % 700) + 1}/${o.year}/HĐ-KC`, signedDate: day, endDate: `${o.year}-10-31`, selection: 'review' },
          },
        ],
        plan: [],
      };
    case 7:
      return {
        deAn: [{ type: 'DeAnCompleted', data: { completedDate: day, actualResults: [line], actualCost: o.totalCost, machineryValue: o.machinery } }],
        plan: [],
      };
    case 8: {
      const valuation = down((o.machinery * (hash(n, 61) % 9 === 0 ? 82 : draw(n, 62, 94, 100))) / 100);
      return {
        deAn: [
          {
            type: 'AcceptancePassed',
            data: {
              acceptedResults: [line],
              acceptedCost: o.totalCost,
              machineryValuation: valuation,
              minutesNo: `${(n % 900) + 1}/BB-NT`,
              date: day,
            },
          },
        ],
        plan: [],
      };
    }
    case 9:
      return {
        deAn: [
          {
            type: 'DeAnSettled',
            data: {
              settledSupport: o.settled,
              ceiling: o.approved,
              advancesPaid: 0,
              payable: o.settled,
              recoverable: 0,
              decisionNo: `${(n % 3000) + 1}/QĐ-QT`,
              date: day,
            },
          },
        ],
        plan: [{ type: 'PlanSettlementRecorded', data: { deAnId, committed: o.approved, settledSupport: o.settled } }],
      };
    default:
      throw new Error(`no act ${step}`);
  }
}

const ACTORS: readonly (readonly [string, string])[] = [
  ['applicant', 'org'],
  ['officer', 'ttkc'],
  ['council', 'hd'],
  ['council', 'hd'],
  ['council', 'hd'],
  ['approver', 'ubnd'],
  ['officer', 'ttkc'],
  ['applicant', 'org'],
  ['officer', 'ttkc'],
  ['finance', 'kt'],
];

// ---------------------------------------------------------------- ids

let deAnIds: string[] = [];
const planIds = new Map<string, string>();
const deAnIdOf = (n: number) => deAnIds[n]!;
const planIdOf = (key: string) => {
  let id = planIds.get(key);
  if (!id) planIds.set(key, (id = randomUUID()));
  return id;
};

// ---------------------------------------------------------------- plans and the whole log

export interface PlanOutline {
  readonly key: string;
  readonly year: number;
  readonly source: Source;
  readonly province: string | null;
  readonly allocation: number;
  readonly targets: { indicator: string; quantity: number; unit: string }[];
  readonly at: number;
}

export interface LogOutline {
  readonly deAn: number;
  readonly plans: readonly PlanOutline[];
  readonly events: number;
}

export const eventsOf = (o: DeAnOutline) => (o.rejected ? 6 : 12);

export function logOutline(deAn: number): LogOutline {
  const byPlan = new Map<
    string,
    { year: number; source: Source; province: string; approved: number; targets: Map<string, { indicator: string; quantity: number; unit: string }> }
  >();
  let events = 0;
  for (let n = 0; n < deAn; n++) {
    const o = outline(n);
    events += eventsOf(o);
    const plan = byPlan.get(o.planKey) ?? { year: o.year, source: o.source, province: o.province, approved: 0, targets: new Map() };
    byPlan.set(o.planKey, plan);
    if (o.rejected) continue;
    plan.approved += o.approved;
    const [indicator, unit, quantity] = RESULT[o.activity.kind];
    const target = plan.targets.get(indicator + unit) ?? { indicator, unit, quantity: 0 };
    target.quantity += quantity;
    plan.targets.set(indicator + unit, target);
  }
  const plans = [...byPlan]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, p]): PlanOutline => ({
      key,
      year: p.year,
      source: p.source,
      province: p.source === 'KCQG' ? null : p.province,
      // A tenth above what is approved: plans are rarely spent to the last đồng.
      allocation: Math.ceil((p.approved * 1.1) / TRIEU) * TRIEU,
      targets: [...p.targets.values()].sort((a, b) => (a.indicator < b.indicator ? -1 : 1)),
      at: p.source === 'KCQG' ? utc(p.year - 1, 11, 15) + 2 * 3_600_000 : utc(p.year - 1, 12, 1) + 2 * 3_600_000,
    }));
  return { deAn, plans, events: events + plans.length };
}

/** The smallest number of đề án whose log holds at least `events` events. */
export function deAnForEvents(events: number): number {
  const plans = new Set<string>();
  let total = 0;
  let n = 0;
  while (total + plans.size < events) {
    const o = outline(n++);
    total += eventsOf(o);
    plans.add(o.planKey);
  }
  return n;
}

/**
 * Writes the log: acts sorted by business time, cut into calendar months of business time. Within a
 * month `writers` concurrent loops each take the acts of their provinces (a đề án's stream and its
 * province's KCĐP plans belong to one writer; the national KCQG plans are shared, their stream head
 * lock serialises the writers there) and append them in time order, about `batch` events per
 * appendMany (each stream once per call); every writer finishes a month before any starts the next.
 * So a stream's events are appended in their order, a plan is created before its first commitment,
 * and the log is in time order up to the month. Returns the number of events appended.
 */
export async function writeLog(
  store: EventStore,
  log: LogOutline,
  batch: number,
  writers: number,
  progress: (done: number, total: number, seconds: number) => void,
): Promise<number> {
  deAnIds = Array.from({ length: log.deAn }, () => randomUUID());
  planIds.clear();
  // Every act as one number: business minute × 2^24 + (đề án or plan number) × 16 + step, sorted.
  const SHIFT = 2 ** 24;
  if ((log.deAn + log.plans.length) * 16 >= SHIFT) throw new Error('too many đề án for the act encoding');
  const epoch = utc(2010, 1, 1);
  const keys: number[] = [];
  for (let n = 0; n < log.deAn; n++) {
    const o = outline(n);
    o.at.forEach((ms, step) => keys.push(Math.floor((ms - epoch) / MINUTE) * SHIFT + n * 16 + step));
  }
  log.plans.forEach((p, i) => keys.push(Math.floor((p.at - epoch) / MINUTE) * SHIFT + (log.deAn + i) * 16));
  const sorted = Float64Array.from(keys).sort();
  keys.length = 0;
  const monthOf = (key: number) => new Date(epoch + Math.floor(key / SHIFT) * MINUTE).toISOString().slice(0, 7);
  const writerOf = (province: string | null) => (province === null ? 0 : PROVINCE_CODES.indexOf(province) % writers);

  type Append = { streamId: string; type: string; data: JsonObject; metadata: Omit<StoredMetadata, 'recordedAt'> };
  /** The events of one act, and the writer that appends them. */
  const act = (key: number): { writer: number; events: Append[] } => {
    const code = key % SHIFT;
    const n = Math.floor(code / 16);
    const step = code % 16;
    const commandId = randomUUID();
    if (n >= log.deAn) {
      const p = log.plans[n - log.deAn]!;
      const planId = planIdOf(p.key);
      return {
        writer: writerOf(p.province),
        events: [
          {
            streamId: `plan-${planId}`,
            type: 'PlanCreated',
            data: {
              planId,
              year: p.year,
              fundingSource: p.source,
              level: p.source === 'KCQG' ? 'central' : 'province',
              targets: p.targets,
              allocation: p.allocation,
              ...(p.province ? { province: p.province } : {}),
            },
            metadata: {
              actor: {
                sub: p.source === 'KCQG' ? 'cuc-kh' : `ttkc-${p.province}-01`,
                role: 'officer',
                ...(p.province ? { province: p.province } : {}),
              },
              occurredAt: new Date(p.at).toISOString(),
              commandId,
              correlationId: commandId,
              causationId: commandId,
            },
          },
        ],
      };
    }
    const o = outline(n);
    const { deAn, plan } = actEvents(o, step);
    const [role, who] = ACTORS[step]!;
    const metadata = {
      actor:
        who === 'org'
          ? { sub: `u-${n}`, role, org: `org-${o.province}-${n % 997}` }
          : { sub: `${who}-${o.province}-${n % 7}`, role, province: o.province },
      occurredAt: new Date(o.at[step]!).toISOString(),
      commandId,
      correlationId: commandId,
      causationId: commandId,
      ...(step === 5 || step === 9 ? { decisionNo: String((deAn[0]!.data as { decisionNo: string }).decisionNo) } : {}),
    };
    return {
      writer: writerOf(o.province),
      events: [
        ...deAn.map((e) => ({ streamId: `de-an-${deAnIdOf(n)}`, ...e, metadata })),
        ...plan.map((e) => ({ streamId: `plan-${planIdOf(o.planKey)}`, ...e, metadata })),
      ],
    };
  };

  /** One writer's acts of a month, in time order, about `batch` events per appendMany. */
  const writeActs = async (acts: Append[][]) => {
    let pending = new Map<string, NewEvent[]>();
    let count = 0;
    const flush = async () => {
      if (count === 0) return;
      await store.appendMany([...pending].map(([streamId, events]) => ({ streamId, events, expected: ANY })));
      written += count;
      pending = new Map();
      count = 0;
    };
    for (const events of acts) {
      for (const { streamId, type, data, metadata } of events) {
        const list = pending.get(streamId) ?? [];
        list.push({ eventId: randomUUID(), type, data, metadata });
        pending.set(streamId, list);
        count += 1;
      }
      if (count >= batch) await flush();
    }
    await flush();
  };

  const started = performance.now();
  let written = 0;
  let nextReport = Math.floor(log.events / 20);
  for (let i = 0; i < sorted.length;) {
    const month = monthOf(sorted[i]!);
    const queues: Append[][][] = Array.from({ length: writers }, () => []);
    for (; i < sorted.length && monthOf(sorted[i]!) === month; i++) {
      const { writer, events } = act(sorted[i]!);
      queues[writer]!.push(events);
    }
    await Promise.all(queues.map(writeActs));
    if (written >= nextReport || i === sorted.length) {
      progress(written, log.events, (performance.now() - started) / 1000);
      nextReport = written + Math.floor(log.events / 20);
    }
  }
  deAnIds = [];
  return written;
}

// ---------------------------------------------------------------- what the reports must say

export interface Expected {
  /** Đề án holding an approval (approved, not rejected) by source: count and approved support. */
  readonly approved: Record<Source, { count: number; amount: number }>;
  /** Đề án registered by the instant (the pipeline's total). */
  readonly registered: number;
  readonly settled: number;
}

/** The funding report's totals (basis approved) and the pipeline's total as of `at` (ms; undefined = now), optionally in one province. */
export function expected(deAn: number, at?: number, province?: string): Expected {
  const approved: Expected['approved'] = { KCDP: { count: 0, amount: 0 }, KCQG: { count: 0, amount: 0 } };
  let registered = 0;
  let settled = 0;
  for (let n = 0; n < deAn; n++) {
    const o = outline(n);
    if (province && o.province !== province) continue;
    const by = (step: number) => o.at[step] !== undefined && (at === undefined || o.at[step]! <= at);
    if (by(0)) registered += 1;
    if (!o.rejected && by(5)) {
      approved[o.source].count += 1;
      approved[o.source].amount += o.approved;
    }
    if (!o.rejected && by(9)) settled += 1;
  }
  return { approved, registered, settled };
}
