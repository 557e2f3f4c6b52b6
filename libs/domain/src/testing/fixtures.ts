/**
 * Test fixtures for the đề án decider: actors, a default proposal, event builders, the event
 * histories that reach every status, and one valid sample command per command type.
 *
 * The default đề án: a KCQG machinery đề án (activity 3.3) of HTX Mỹ nghệ An Phú for plan year
 * 2026, total cost 1.000 triệu, requesting 300 triệu (the 3.3 cap: min(50 % × 1.000, 300)),
 * registered 10/03/2025 (before the KCQG window closes on 20/05/2025), appraised by the Sở and forwarded
 * before 15/06/2025, appraised by the Ministry, approved for 250 triệu; the Sở accepts it, then the Cục.
 */
import { Actor, DeAnCommand, DeAnCommandType, DeAnEvent, DeAnEventType, DeAnStatus, Proposal, trieu } from '..';

// ---------------------------------------------------------------------------------------------
// Actors
// ---------------------------------------------------------------------------------------------
export const ORG = 'htx-my-nghe-an-phu';
export const DE_AN_ID = 'DA-2026-001';
export const PLAN_ID = 'KH-KCQG-2026';

export const actors = {
  applicant: { sub: 'u-an-phu', role: 'applicant', org: ORG, name: 'Nguyễn Văn An' },
  otherApplicant: { sub: 'u-hoa-binh', role: 'applicant', org: 'dn-hoa-binh', name: 'Trần Thị Bình' },
  officer: { sub: 'u-can-bo', role: 'officer', province: '24', name: 'Lê Văn Cán' },
  /** The Ministry's Cục: a KCQG đề án's acts after the Sở forwarded it (no province). */
  cuc: { sub: 'u-cuc', role: 'officer', name: 'Cán bộ Cục' },
  approver: { sub: 'u-giam-doc', role: 'approver', name: 'Phạm Văn Duyệt' },
  /** The Sở's director: decides at a KCQG đề án's base level (declines to forward it). */
  provinceApprover: { sub: 'u-giam-doc-so', role: 'approver', province: '24', name: 'Giám đốc Sở' },
  finance: { sub: 'u-ke-toan', role: 'finance', name: 'Hoàng Thị Toán' },
  provinceFinance: { sub: 'u-ke-toan-so', role: 'finance', province: '24', name: 'Kế toán Sở' },
  chair: { sub: 'hd-chu-tich', role: 'council', name: 'Chủ tịch hội đồng' },
  member2: { sub: 'hd-uv-2', role: 'council', name: 'Ủy viên 2' },
  member3: { sub: 'hd-uv-3', role: 'council', name: 'Ủy viên 3' },
  outsider: { sub: 'hd-ngoai', role: 'council', name: 'Không thuộc hội đồng' },
  auditor: { sub: 'u-kiem-toan', role: 'auditor', name: 'Kiểm toán viên' },
} as const satisfies Record<string, Actor>;

export const COUNCIL = {
  members: [
    { sub: actors.chair.sub, name: 'PGS.TS Chủ Tịch' },
    { sub: actors.member2.sub, name: 'ThS Ủy Viên Hai' },
    { sub: actors.member3.sub, name: 'KS Ủy Viên Ba' },
  ],
  chair: actors.chair.sub,
} as const;

/** An instant; a bare date means 10:00 in Vietnam (03:00 UTC) on that day. */
export const at = (value: string): Date => new Date(value.length === 10 ? `${value}T03:00:00Z` : value);

// ---------------------------------------------------------------------------------------------
// The default proposal
// ---------------------------------------------------------------------------------------------
export const PROPOSAL: Proposal = {
  title: 'Hỗ trợ ứng dụng máy sấy nông sản tiên tiến',
  contentArea: '3',
  activity: '3.3',
  fundingSource: 'KCQG',
  level: 'central',
  planYear: 2026,
  province: '24',
  locality: 'Lục Nam',
  implementingUnit: 'Trung tâm Khuyến công Bắc Giang',
  beneficiary: { name: 'HTX Mỹ nghệ An Phú', kind: 'cooperative', taxCode: '2400123456' },
  priorityArea: false,
  prioritySector: false,
  budget: { totalCost: trieu(1_000), requestedSupport: trieu(300), counterpartFunds: trieu(700), machineryValue: trieu(800) },
  expectedResults: [{ indicator: 'Cơ sở được hỗ trợ máy móc thiết bị', quantity: 1, unit: 'cơ sở' }],
  schedule: { start: '2026-01-01', end: '2026-10-31' },
  attachments: [{ name: 'thuyet-minh.pdf', sha256: 'a'.repeat(64) }],
};

export const proposal = (overrides: Partial<Proposal> = {}): Proposal => ({ ...PROPOSAL, ...overrides });

/** A budget whose counterpart funds make up the rest of the total cost. */
export const budget = (totalCost: number, requestedSupport: number, machineryValue = 0): Proposal['budget'] => ({
  totalCost,
  requestedSupport,
  counterpartFunds: totalCost - requestedSupport,
  machineryValue,
});

export const APPROVED_SUPPORT = trieu(250);
export const DECISION_DATE = '2025-09-15';

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------
export type CommandOf<T extends DeAnCommandType> = Extract<DeAnCommand, { type: T }>;
export type DataOf<T extends DeAnCommandType> = CommandOf<T>['data'];

/** Who issues each command by default (docs/DOMAIN.md roles). */
export const DEFAULT_ACTOR: Readonly<Record<DeAnCommandType, Actor>> = {
  RegisterDeAn: actors.applicant,
  AssignCouncil: actors.officer,
  SubmitReview: actors.member3,
  RequestRevision: actors.chair,
  ReviseDeAn: actors.applicant,
  ConcludeAppraisal: actors.chair,
  ForwardToMinistry: actors.officer,
  ApproveDeAn: actors.approver,
  RejectDeAn: actors.approver,
  SignContract: actors.cuc,
  PayAdvance: actors.finance,
  ReportProgress: actors.applicant,
  ConfirmProgress: actors.officer,
  RequestAdjustment: actors.applicant,
  DecideAdjustment: actors.approver,
  RecordInspection: actors.officer,
  SuspendDeAn: actors.approver,
  ResumeDeAn: actors.approver,
  StopDeAn: actors.approver,
  WithdrawDeAn: actors.applicant,
  CompleteDeAn: actors.applicant,
  RecordAcceptance: actors.officer,
  SettleDeAn: actors.finance,
};

/** When each command is issued by default: a plausible timeline of the default đề án. */
export const DEFAULT_NOW: Readonly<Record<DeAnCommandType, string>> = {
  RegisterDeAn: '2025-03-10',
  AssignCouncil: '2025-06-02',
  SubmitReview: '2025-06-20',
  RequestRevision: '2025-06-25',
  ReviseDeAn: '2025-07-03',
  ConcludeAppraisal: '2025-07-10',
  ForwardToMinistry: '2025-06-10',
  ApproveDeAn: '2025-09-15',
  RejectDeAn: '2025-09-15',
  SignContract: '2025-10-01',
  PayAdvance: '2026-03-05',
  ReportProgress: '2026-03-20',
  ConfirmProgress: '2026-03-25',
  RequestAdjustment: '2026-05-04',
  DecideAdjustment: '2026-05-20',
  RecordInspection: '2026-06-10',
  SuspendDeAn: '2026-06-15',
  ResumeDeAn: '2026-07-01',
  StopDeAn: '2026-07-01',
  WithdrawDeAn: '2025-08-01',
  CompleteDeAn: '2026-09-25',
  RecordAcceptance: '2026-10-10',
  SettleDeAn: '2026-10-25',
};

/**
 * The default actor of a command in a status of the default (KCQG) đề án: the staff of the level the step
 * belongs to — the Cục's officer once the dossier is forwarded or the Sở accepted it, the Sở's approver
 * before it is forwarded.
 */
export function actorFor(type: DeAnCommandType, status: DeAnStatus): Actor {
  const actor = DEFAULT_ACTOR[type];
  if ((status === 'Forwarded' || status === 'BaseAccepted') && actor.role === 'officer') return actors.cuc;
  if (status === 'BaseAppraised' && actor.role === 'approver') return actors.provinceApprover;
  return actor;
}

let commandCounter = 0;

export function command<T extends DeAnCommandType>(type: T, data: DataOf<T>, options: { actor?: Actor; now?: string | Date } = {}): CommandOf<T> {
  const now = options.now ?? DEFAULT_NOW[type];
  commandCounter += 1;
  return {
    type,
    data,
    metadata: { actor: options.actor ?? DEFAULT_ACTOR[type], now: now instanceof Date ? now : at(now), commandId: `cmd-${commandCounter}` },
  } as CommandOf<T>;
}

/** One valid command of each type, valid in the histories below wherever the type is allowed. */
export const SAMPLE_DATA: { readonly [T in DeAnCommandType]: DataOf<T> } = {
  RegisterDeAn: { ...PROPOSAL, deAnId: DE_AN_ID, organisation: ORG },
  AssignCouncil: COUNCIL,
  SubmitReview: { score: 82, recommendation: 'approve', comments: 'Đề án khả thi', conflictOfInterest: false },
  RequestRevision: { items: ['Bổ sung báo giá thiết bị'], dueDate: '2025-07-09' },
  ReviseDeAn: { changes: { locality: 'Lục Ngạn' }, note: 'Đã bổ sung báo giá' },
  ConcludeAppraisal: { result: 'passed', recommendedSupport: trieu(280), machineryValuation: trieu(790), minutesNo: 'BB-TĐ-01' },
  ForwardToMinistry: { dispatchNo: '456/SCT-KC' },
  ApproveDeAn: { decisionNo: '123/QĐ-BCT', decisionDate: DECISION_DATE, approvedSupport: APPROVED_SUPPORT, planId: PLAN_ID },
  RejectDeAn: { reason: 'Không phù hợp định hướng' },
  SignContract: { contractNo: 'HĐ-45/2025', signedDate: '2025-10-01', endDate: '2026-09-30', selection: 'review' },
  PayAdvance: { amount: trieu(100), paidDate: '2026-03-05' },
  ReportProgress: { period: '2026-03', percentComplete: 85, investedAmount: trieu(850), notes: 'Đã lắp đặt máy' },
  ConfirmProgress: { period: '2026-02' },
  RequestAdjustment: {
    adjustmentId: 'adj-1',
    kind: 'change-timing',
    proposed: { endDate: '2026-11-30' },
    reason: 'Thiết bị về chậm',
  },
  DecideAdjustment: { adjustmentId: 'adj-0', approved: true, decisionNo: '45/QĐ-KCT' },
  RecordInspection: {
    inspectionId: 'kt-1',
    date: '2026-06-10',
    inspectors: ['Lê Văn Cán'],
    result: 'satisfactory',
    findings: 'Đúng tiến độ',
  },
  SuspendDeAn: { reason: 'Vi phạm hợp đồng', decisionNo: '50/QĐ-BCT' },
  ResumeDeAn: { reason: 'Đã khắc phục', decisionNo: '51/QĐ-BCT' },
  StopDeAn: { reason: 'Không thể tiếp tục', decisionNo: '52/QĐ-BCT', recoverAmount: 0 },
  WithdrawDeAn: { reason: 'Đơn vị không còn nhu cầu' },
  CompleteDeAn: {
    completedDate: '2026-09-25',
    actualResults: [{ indicator: 'Cơ sở được hỗ trợ máy móc thiết bị', quantity: 1, unit: 'cơ sở' }],
    actualCost: trieu(950),
    machineryValue: trieu(780),
  },
  RecordAcceptance: {
    result: 'passed',
    acceptedResults: [{ indicator: 'Cơ sở được hỗ trợ máy móc thiết bị', quantity: 1, unit: 'cơ sở' }],
    acceptedCost: trieu(900),
    machineryValuation: trieu(770),
    minutesNo: 'BB-NT-01',
    date: '2026-10-10',
  },
  SettleDeAn: { settledSupport: trieu(240), decisionNo: '99/QĐ-KCT', date: '2026-10-25' },
};

export const sample = <T extends DeAnCommandType>(
  type: T,
  overrides: Partial<DataOf<T>> = {},
  options: { actor?: Actor; now?: string | Date } = {},
): CommandOf<T> => command(type, { ...SAMPLE_DATA[type], ...overrides } as unknown as DataOf<T>, options);

export const COMMAND_TYPES: readonly DeAnCommandType[] = Object.keys(DEFAULT_ACTOR) as DeAnCommandType[];

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------
export type EventOf<T extends DeAnEventType> = Extract<DeAnEvent, { type: T }>;
export const event = <T extends DeAnEventType>(type: T, data: EventOf<T>['data']): EventOf<T> => ({ type, data }) as EventOf<T>;

export const ev = {
  registered: (p: Proposal = PROPOSAL) => event('DeAnRegistered', { ...p, deAnId: DE_AN_ID, organisation: ORG, registeredOn: '2025-03-10' }),
  councilAssigned: () => event('CouncilAssigned', COUNCIL),
  reviewSubmitted: (reviewer: string, score = 80, conflictOfInterest = false) =>
    event('ReviewSubmitted', { reviewer, score, recommendation: 'approve', comments: '', conflictOfInterest }),
  revisionRequested: () => event('RevisionRequested', { items: ['Bổ sung báo giá thiết bị'], dueDate: '2025-07-09' }),
  appraisalConcluded: (recommendedSupport = trieu(280)) =>
    event('AppraisalConcluded', {
      result: 'passed',
      recommendedSupport,
      machineryValuation: trieu(790),
      minutesNo: 'BB-TĐ-01',
      validReviews: 2,
      averageScore: 80,
    }),
  approved: (approvedSupport = APPROVED_SUPPORT, decisionDate = DECISION_DATE) =>
    event('DeAnApproved', {
      decisionNo: '123/QĐ-BCT',
      decisionDate,
      approvedSupport,
      planId: PLAN_ID,
      capLimit: trieu(300),
      capRule: 'support-cap',
    }),
  contractSigned: (endDate = '2026-09-30') =>
    event('ContractSigned', { contractNo: 'HĐ-45/2025', signedDate: '2025-10-01', endDate, selection: 'review' }),
  progressReported: (percentComplete: number, period = '2026-02') =>
    event('ProgressReported', { period, percentComplete, investedAmount: trieu(800), notes: '' }),
  progressConfirmed: (percentComplete: number, period = '2026-02') => event('ProgressConfirmed', { period, percentComplete }),
  advancePaid: (amount: number, totalAdvanced = amount) => event('AdvancePaid', { amount, paidDate: '2026-03-01', totalAdvanced }),
  adjustmentRequested: (
    adjustmentId: string,
    kind: EventOf<'AdjustmentRequested'>['data']['kind'],
    proposed: EventOf<'AdjustmentRequested'>['data']['proposed'],
  ) =>
    event('AdjustmentRequested', {
      adjustmentId,
      kind,
      proposed,
      reason: 'Điều chỉnh',
      authority: ['extend-next-year', 'increase-support', 'change-content'].includes(kind) ? 'minister' : 'department',
    }),
  suspended: () => event('DeAnSuspended', { reason: 'Vi phạm hợp đồng', decisionNo: '50/QĐ-BCT' }),
  completed: (actualCost = trieu(950)) =>
    event('DeAnCompleted', {
      completedDate: '2026-09-25',
      actualResults: SAMPLE_DATA.CompleteDeAn.actualResults,
      actualCost,
      machineryValue: trieu(780),
    }),
  baseAppraisalConcluded: (recommendedSupport = trieu(280)) =>
    event('BaseAppraisalConcluded', {
      result: 'passed',
      recommendedSupport,
      machineryValuation: trieu(790),
      minutesNo: 'BB-TĐ-CS-01',
      validReviews: 2,
      averageScore: 80,
    }),
  forwarded: () =>
    event('DossierForwarded', {
      dispatchNo: '456/SCT-KC',
      forwardedOn: '2025-06-10',
      deadline: '2025-06-15',
      legalBasis: 'TT 36/2013/TT-BCT Điều 6, Điều 10',
    }),
  acceptance: (result: 'passed' | 'failed' | 'base', acceptedCost = trieu(900)) =>
    event(result === 'passed' ? 'AcceptancePassed' : result === 'base' ? 'BaseAcceptancePassed' : 'AcceptanceFailed', {
      acceptedResults: SAMPLE_DATA.RecordAcceptance.acceptedResults,
      acceptedCost,
      machineryValuation: trieu(770),
      minutesNo: 'BB-NT-01',
      date: '2026-10-10',
    }),
  settled: () =>
    event('DeAnSettled', {
      settledSupport: trieu(240),
      ceiling: APPROVED_SUPPORT,
      advancesPaid: trieu(100),
      payable: trieu(140),
      recoverable: 0,
      decisionNo: '99/QĐ-KCT',
      date: '2026-10-25',
    }),
  rejected: (stage: 'appraisal' | 'approval' = 'appraisal') => event('DeAnRejected', { reason: 'Không phù hợp', stage }),
  withdrawn: () => event('DeAnWithdrawn', { reason: 'Rút hồ sơ', releasedSupport: 0 }),
  stopped: () => event('DeAnStopped', { reason: 'Dừng', decisionNo: '52/QĐ-BCT', recoverAmount: 0, releasedSupport: APPROVED_SUPPORT }),
};

// ---------------------------------------------------------------------------------------------
// Histories: the events that bring the default đề án into each status
// ---------------------------------------------------------------------------------------------
const registered: DeAnEvent[] = [ev.registered()];
/** The Sở's round of the KCQG đề án: two of three members have reviewed. */
const reviewed = (p: Proposal = PROPOSAL): DeAnEvent[] => [
  ev.registered(p),
  ev.councilAssigned(),
  ev.reviewSubmitted(actors.chair.sub, 85),
  ev.reviewSubmitted(actors.member2.sub, 75),
];
/** A KCQG dossier the Sở appraised and forwarded; KCĐP has one level and goes straight to its council's round. */
const forwardedWith = (p: Proposal): DeAnEvent[] =>
  p.fundingSource === 'KCQG' ? [...reviewed(p), ev.baseAppraisalConcluded(p.budget.requestedSupport), ev.forwarded()] : [ev.registered(p)];
/** The round that leads to approval (the Ministry's for KCQG): two of three members have reviewed, member 3 may still. */
const underAppraisalWith = (p: Proposal): DeAnEvent[] => [
  ...forwardedWith(p),
  ev.councilAssigned(),
  ev.reviewSubmitted(actors.chair.sub, 85),
  ev.reviewSubmitted(actors.member2.sub, 75),
];
const underAppraisal = underAppraisalWith(PROPOSAL);
const appraised: DeAnEvent[] = [...underAppraisal, ev.appraisalConcluded()];
const approved: DeAnEvent[] = [...appraised, ev.approved()];
/** Progress above 70 %, confirmed by the officer: the first advance of a machinery đề án may be paid. */
const inImplementation: DeAnEvent[] = [...approved, ev.contractSigned(), ev.progressReported(80), ev.progressConfirmed(80)];
const completed: DeAnEvent[] = [...inImplementation, ev.advancePaid(trieu(100)), ev.completed()];
const baseAccepted: DeAnEvent[] = [...completed, ev.acceptance('base')];
const accepted: DeAnEvent[] = [...baseAccepted, ev.acceptance('passed')];

export const HISTORY: Readonly<Record<DeAnStatus, readonly DeAnEvent[]>> = {
  Initial: [],
  Registered: registered,
  UnderAppraisal: underAppraisal,
  RevisionRequested: [...underAppraisal, ev.revisionRequested()],
  BaseAppraised: [...reviewed(), ev.baseAppraisalConcluded()],
  Forwarded: forwardedWith(PROPOSAL),
  Appraised: appraised,
  Approved: approved,
  InImplementation: inImplementation,
  Suspended: [...inImplementation, ev.suspended()],
  Completed: completed,
  BaseAccepted: baseAccepted,
  AcceptanceFailed: [...completed, ev.acceptance('failed')],
  Accepted: accepted,
  Settled: [...accepted, ev.settled()],
  Rejected: [...underAppraisal, ev.rejected()],
  Withdrawn: [...registered, ev.withdrawn()],
  Stopped: [...inImplementation, ev.stopped()],
};

export const STATUSES: readonly DeAnStatus[] = Object.keys(HISTORY) as DeAnStatus[];

/** The events that bring a đề án with proposal `p` to Appraised. */
export const appraisedWith = (p: Proposal): DeAnEvent[] => [...underAppraisalWith(p), ev.appraisalConcluded(p.budget.requestedSupport)];

/** The events that bring a đề án with proposal `p` into implementation, optionally with a progress report. */
export const implementingWith = (p: Proposal, approvedSupport: number, progressPercent?: number): DeAnEvent[] => [
  ...appraisedWith(p),
  ev.approved(approvedSupport),
  ev.contractSigned(),
  ...(progressPercent === undefined ? [] : [ev.progressReported(progressPercent), ev.progressConfirmed(progressPercent)]),
];
