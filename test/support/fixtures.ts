/** Request bodies for the end-to-end scenarios (money in đồng). */
export const M = 1_000_000;

export function registration(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Hỗ trợ ứng dụng máy cắt CNC trong sản xuất đồ gỗ mỹ nghệ',
    contentArea: '3',
    activity: '3.3',
    fundingSource: 'KCDP',
    level: 'province',
    planYear: 2027,
    province: '52',
    locality: 'Thị xã An Nhơn',
    implementingUnit: 'Trung tâm Khuyến công Bình Định',
    beneficiary: { name: 'HTX Cơ khí An Nhơn', kind: 'cooperative', taxCode: '4101234567' },
    priorityArea: false,
    prioritySector: false,
    budget: { totalCost: 620 * M, requestedSupport: 300 * M, counterpartFunds: 320 * M, machineryValue: 600 * M },
    expectedResults: [{ indicator: 'Cơ sở được hỗ trợ máy móc thiết bị', quantity: 1, unit: 'Cơ sở' }],
    schedule: { start: '2027-03-01', end: '2027-10-31' },
    attachments: [{ name: 'thuyet-minh.pdf', sha256: 'a'.repeat(64) }],
    ...overrides,
  };
}

export const planBody = (overrides: Record<string, unknown> = {}) => ({
  year: 2027,
  fundingSource: 'KCDP',
  level: 'province',
  province: '52',
  allocation: 3_000 * M,
  targets: [{ indicator: 'Cơ sở được hỗ trợ máy móc thiết bị', quantity: 20, unit: 'Cơ sở' }],
  ...overrides,
});

const historyLine = { indicator: 'Cơ sở được hỗ trợ máy móc thiết bị', quantity: 1, unit: 'Cơ sở' };
const historyOfficer = { sub: 'cb-52-cu', role: 'officer', name: 'Cán bộ (hệ thống cũ)' };
const historyChair = { sub: 'hd-1', role: 'council', name: 'Chủ tịch HĐ' };
export const historyApprover = { sub: 'gd-52', role: 'approver' };
export const historyFinance = { sub: 'kt-52', role: 'finance' };
const historyApplicant = { sub: 'u-htx', role: 'applicant' };

/** A plan of 2016 (KCĐP, Bình Định) as the history import takes it. */
export const historyPlan = {
  kind: 'plan',
  externalId: 'KH-KCDP-52-2016',
  plan: {
    year: 2016,
    fundingSource: 'KCDP',
    level: 'province',
    province: '52',
    allocation: 3_000 * M,
    targets: [historyLine],
    createdAt: '2015-10-01T02:00:00Z',
  },
};

/**
 * Before 11/5/2018 machinery support was capped at 200 triệu per establishment (TTLT 26/2014): the
 * historic 300 triệu đề án support two establishments (a group đề án, TT 36/2013 Điều 10–11).
 */
export const HISTORIC_GROUP = [
  { name: 'HTX Cơ khí An Nhơn', kind: 'cooperative', taxCode: '4101234567', support: 150 * M },
  { name: 'Hộ kinh doanh Trần Văn Bình', kind: 'household', support: 150 * M },
];

/** A đề án of 2015–2016 carried to its settlement against historyPlan, as the history import takes it. */
export function historyRecord(externalId: string, settledSupport = 290 * M) {
  return {
    externalId,
    registration: {
      ...registration({ planYear: 2016, schedule: { start: '2016-03-01', end: '2016-10-31' }, establishments: HISTORIC_GROUP }),
      organisation: 'htx-an-nhon',
      registeredAt: '2015-11-02T03:00:00Z',
    },
    steps: [
      {
        type: 'council',
        at: '2015-12-01T02:00:00Z',
        actor: historyOfficer,
        members: [{ sub: historyChair.sub, name: historyChair.name }],
        chair: historyChair.sub,
      },
      { type: 'reviews', at: '2015-12-05T02:00:00Z', actor: historyChair, score: 90, recommendation: 'approve', conflictOfInterest: false },
      {
        type: 'appraisal',
        at: '2015-12-10T02:00:00Z',
        actor: historyChair,
        result: 'passed',
        recommendedSupport: 300 * M,
        machineryValuation: 590 * M,
        minutesNo: '12/BB-HĐTĐ',
      },
      {
        type: 'approval',
        at: '2016-01-20T02:00:00Z',
        actor: historyApprover,
        decisionNo: '215/QĐ-SCT',
        decisionDate: '2016-01-20',
        approvedSupport: 300 * M,
        planExternalId: historyPlan.externalId,
      },
      {
        type: 'contract',
        at: '2016-02-25T02:00:00Z',
        actor: historyOfficer,
        contractNo: '08/2016/HĐ-KC',
        signedDate: '2016-02-25',
        endDate: '2016-10-31',
        selection: 'review',
      },
      { type: 'progress', at: '2016-06-20T02:00:00Z', actor: historyApplicant, period: '2016-06', percentComplete: 80, investedAmount: 500 * M },
      { type: 'progress-confirmation', at: '2016-06-22T02:00:00Z', actor: historyOfficer, period: '2016-06' },
      { type: 'advances', at: '2016-06-28T02:00:00Z', actor: historyFinance, amount: 210 * M, paidDate: '2016-06-28' },
      {
        type: 'completion',
        at: '2016-10-20T02:00:00Z',
        actor: historyApplicant,
        completedDate: '2016-10-20',
        actualResults: [historyLine],
        actualCost: 610 * M,
        machineryValue: 595 * M,
      },
      {
        type: 'acceptance',
        at: '2016-10-28T02:00:00Z',
        actor: historyOfficer,
        result: 'passed',
        acceptedResults: [historyLine],
        acceptedCost: 580 * M,
        machineryValuation: 590 * M,
        minutesNo: '31/BB-NT',
        date: '2016-10-28',
      },
      // ceiling = min(approved 300, 50 % × accepted 580 = 290, cap 300) = 290 triệu
      { type: 'settlement', at: '2016-12-15T02:00:00Z', actor: historyFinance, settledSupport, decisionNo: '77/QĐ-QT', date: '2016-12-15' },
    ],
  };
}
