/**
 * Realistic events for the store benchmark: one đề án lifecycle = 10 events of one stream
 * (registration → council → 3 reviews → appraisal → approval → contract → advance → progress),
 * JSON payloads of a few hundred bytes with Vietnamese text, metadata as the command handler
 * writes it (actor {sub, role, org}, occurredAt, commandId, correlationId, causationId) and
 * random UUID event ids.
 */
import { randomUUID } from 'node:crypto';
import type { JsonObject, NewEvent } from '@app/event-store';

export const LIFECYCLE_LENGTH = 10;

const PROVINCES = ['Thái Bình', 'Nghệ An', 'Bắc Giang', 'Quảng Nam', 'Đắk Lắk', 'Cần Thơ', 'Lào Cai', 'Hà Tĩnh', 'Bình Định', 'Sóc Trăng'];
const LOCALITIES = [
  'xã Vũ Hội, huyện Vũ Thư',
  'xã Nghĩa Đồng, huyện Tân Kỳ',
  'thị trấn Đồi Ngô, huyện Lục Nam',
  'xã Điện Phương, thị xã Điện Bàn',
  'xã Ea Kao, thành phố Buôn Ma Thuột',
];
const PRODUCTS = [
  'chiếu cói',
  'mây tre đan xuất khẩu',
  'gốm sứ mỹ nghệ',
  'nước mắm truyền thống',
  'chè shan tuyết',
  'bánh đa nem',
  'đồ gỗ mỹ nghệ',
  'gạo hữu cơ',
];
const BENEFICIARIES = [
  'Hợp tác xã Thủ công mỹ nghệ Đồng Tiến',
  'Công ty TNHH Sản xuất và Thương mại Hưng Thịnh',
  'Cơ sở sản xuất Nguyễn Văn Đức',
  'Hợp tác xã Nông nghiệp Phúc Lộc',
];
const PEOPLE = ['Nguyễn Thị Hường', 'Trần Văn Phúc', 'Lê Minh Đức', 'Phạm Thị Thuỳ Dương', 'Hoàng Quốc Việt', 'Vũ Thị Ngọc Ánh', 'Đặng Hữu Nghĩa'];
const COMMENTS = [
  'Đề án có tính khả thi cao, phù hợp với định hướng phát triển ngành nghề nông thôn của tỉnh; đề nghị bổ sung thuyết minh về hiệu quả kinh tế.',
  'Dự toán kinh phí còn chưa sát thực tế, cần làm rõ nguồn vốn đối ứng và tiến độ giải ngân; cơ bản đồng ý thông qua.',
  'Máy móc thiết bị đề xuất tiên tiến, giúp giảm ô nhiễm môi trường và nâng cao năng suất lao động tại địa phương.',
];
const NOTES = [
  'Đã lắp đặt xong dây chuyền, đang chạy thử; đào tạo 25 lao động vận hành máy, sản phẩm đạt tiêu chuẩn chất lượng.',
  'Hoàn thành 60% khối lượng; chậm tiến độ do thời tiết mưa bão kéo dài, đơn vị cam kết hoàn thành đúng hạn hợp đồng.',
];

const pick = <T>(items: readonly T[], i: number): T => items[i % items.length]!;
const iso = (year: number, month: number, day: number) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** Event types and data of the lifecycle (index 0..9) of the đề án number `n`. */
function lifecycleData(n: number, deAnId: string): { type: string; data: JsonObject }[] {
  const province = pick(PROVINCES, n);
  const product = pick(PRODUCTS, n);
  const support = 300_000_000 + (n % 50) * 10_000_000;
  const reviewers = [0, 1, 2].map((i) => `council-${(n + i) % 40}`);
  const members = [0, 1, 2, 3, 4].map((i) => ({ sub: `council-${(n + i) % 40}`, name: pick(PEOPLE, n + i) }));
  const review = (i: number) => ({
    type: 'ReviewSubmitted',
    data: {
      reviewer: reviewers[i]!,
      score: 70 + ((n + i * 7) % 30),
      recommendation: 'approve',
      comments: pick(COMMENTS, n + i),
      conflictOfInterest: false,
    },
  });
  return [
    {
      type: 'DeAnRegistered',
      data: {
        deAnId,
        organisation: `org-${n % 500}`,
        registeredOn: iso(2026, 3, 1 + (n % 28)),
        title: `Ứng dụng máy móc thiết bị tiên tiến vào sản xuất ${product} tại tỉnh ${province}`,
        contentArea: '3',
        activity: '3.3',
        fundingSource: 'KCDP',
        level: 'province',
        planYear: 2027,
        province,
        locality: pick(LOCALITIES, n),
        implementingUnit: `Trung tâm Khuyến công tỉnh ${province}`,
        beneficiary: { name: pick(BENEFICIARIES, n), kind: 'cooperative', taxCode: String(1000000000 + n) },
        budget: { totalCost: support * 3, requestedSupport: support, counterpartFunds: support * 2, machineryValue: support * 2 },
        schedule: { start: '2027-03-01', end: '2027-11-30' },
      },
    },
    { type: 'CouncilAssigned', data: { members, chair: members[0]!.sub } },
    review(0),
    review(1),
    review(2),
    {
      type: 'AppraisalConcluded',
      data: {
        result: 'passed',
        recommendedSupport: support,
        machineryValuation: support * 2,
        minutesNo: `${n % 900}/BB-HĐTĐ`,
        validReviews: 3,
        averageScore: 84.5,
      },
    },
    {
      type: 'DeAnApproved',
      data: {
        decisionNo: `${1000 + (n % 9000)}/QĐ-UBND`,
        decisionDate: '2026-12-15',
        approvedSupport: support,
        planId: `plan-2027-${province}`,
        capLimit: 1_500_000_000,
        capRule: 'NĐ 45/2012 Điều 5 khoản 3 — mô hình trình diễn',
      },
    },
    { type: 'ContractSigned', data: { contractNo: `${n % 700}/2027/HĐ-KC`, signedDate: '2027-02-20', endDate: '2027-11-30', selection: 'review' } },
    { type: 'AdvancePaid', data: { amount: Math.round(support * 0.3), paidDate: '2027-03-10', totalAdvanced: Math.round(support * 0.3) } },
    { type: 'ProgressReported', data: { period: '2027-Q2', percentComplete: 60, investedAmount: support, notes: pick(NOTES, n) } },
  ];
}

/** One stream's worth of events: the lifecycle of đề án number `n`, as one append. */
export function lifecycle(n: number, base: Date): { streamId: string; events: NewEvent[] } {
  const deAnId = randomUUID();
  const streamId = `de-an-${deAnId}`;
  const correlationId = randomUUID();
  let previousCommand = correlationId;
  const events = lifecycleData(n, deAnId).map(({ type, data }, i): NewEvent => {
    const commandId = i === 0 ? correlationId : randomUUID();
    const causationId = previousCommand;
    previousCommand = commandId;
    const role = i === 0 ? 'applicant' : i <= 4 ? (i === 1 ? 'officer' : 'council') : i === 6 ? 'approver' : i === 8 ? 'finance' : 'officer';
    return {
      eventId: randomUUID(),
      type,
      data,
      metadata: {
        actor: { sub: `user-${(n * 7 + i) % 2000}`, role, org: i === 0 ? `org-${n % 500}` : `so-cong-thuong-${n % 63}` },
        occurredAt: new Date(base.getTime() + n * 60_000 + i * 1000).toISOString(),
        commandId,
        correlationId,
        causationId,
      },
    };
  });
  return { streamId, events };
}

/** The appends of one phase: `count` lifecycles numbered from `first`. */
export function lifecycles(first: number, count: number): { streamId: string; events: NewEvent[] }[] {
  const base = new Date('2026-03-01T01:00:00.000Z');
  return Array.from({ length: count }, (_, i) => lifecycle(first + i, base));
}
