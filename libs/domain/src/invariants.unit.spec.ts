/**
 * Property-based invariants. Random sequences of all 21 đề án commands (random-but-plausible data,
 * random actors including the owner, a clock that moves forward) are decided and evolved; in
 * parallel the đề án's plan is kept as the application would keep it: commit on approval, change
 * on a support adjustment, release on stop/withdrawal, record the settlement. A step whose plan
 * commitment would exceed the allocation is refused as a whole.
 *
 * After every step:
 *   settled ≤ approved ≤ requested; advances ≤ 70 % of the approved support; recovery ≤ advances;
 *   plan committed + settled ≤ allocation, and the plan's commitment equals the approved support;
 *   in a terminal state every command throws IllegalTransitionError;
 *   decide only throws DomainErrors, evolve never throws, every event type is a known one.
 */
import fc from 'fast-check';
import {
  Actor,
  ADJUSTMENT_KINDS,
  decide,
  decidePlan,
  DeAnCommand,
  DeAnCommandType,
  DeAnEvent,
  DeAnEventType,
  DeAnState,
  DeAnStatus,
  DEFAULT_RULES,
  DomainError,
  evolve,
  evolvePlan,
  HOLDS_APPROVAL,
  IllegalTransitionError,
  initialState,
  levelRefusal,
  IsoDate,
  PlanCommand,
  PlanEvent,
  PlanState,
  Proposal,
  RuleViolationError,
  shareOf,
  TERMINAL_STATUSES,
  trieu,
} from '.';
import { EXPECTED } from './testing/expected-transitions';
import { actors, COMMAND_TYPES, DataOf, ev, HISTORY, ORG, PROPOSAL, sample, STATUSES } from './testing/fixtures';

const KNOWN_EVENT_TYPES: Readonly<Record<DeAnEventType, true>> = {
  DeAnRegistered: true,
  CouncilAssigned: true,
  ReviewSubmitted: true,
  RevisionRequested: true,
  DeAnRevised: true,
  BaseAppraisalConcluded: true,
  DossierForwarded: true,
  AppraisalConcluded: true,
  DeAnApproved: true,
  DeAnRejected: true,
  ContractSigned: true,
  AdvancePaid: true,
  ProgressReported: true,
  ProgressConfirmed: true,
  AdjustmentRequested: true,
  AdjustmentApproved: true,
  AdjustmentRejected: true,
  InspectionRecorded: true,
  DeAnSuspended: true,
  DeAnResumed: true,
  DeAnStopped: true,
  DeAnWithdrawn: true,
  DeAnCompleted: true,
  BaseAcceptancePassed: true,
  AcceptancePassed: true,
  AcceptanceFailed: true,
  DeAnSettled: true,
  DeadlineMissed: true,
};
/** One event of every type, taken from the fixture histories and a few decisions. */
const allSampleEvents = (): readonly DeAnEvent[] => {
  const fromHistories = Object.values(HISTORY).flat();
  const decided = (status: DeAnStatus, command: DeAnCommand, setup: readonly DeAnEvent[] = []) =>
    decide(command, [...HISTORY[status], ...setup].reduce(evolve, initialState()), DEFAULT_RULES);
  const pending = ev.adjustmentRequested('adj-0', 'extend-next-year', { endDate: '2027-03-31' });
  const all = [
    ...fromHistories,
    pending,
    ...decided('RevisionRequested', sample('ReviseDeAn')),
    ...decided('InImplementation', sample('DecideAdjustment'), [pending]),
    ...decided('InImplementation', sample('DecideAdjustment', { approved: false }), [pending]),
    ...decided('InImplementation', sample('RecordInspection')),
    ...decided('Suspended', sample('ResumeDeAn')),
    {
      type: 'DeadlineMissed',
      data: { deadlineId: 'appraisal@2', kind: 'appraisal', dueAt: '2026-03-01T16:59:59.999Z', legalBasis: 'mặc định chính sách' },
    } as const,
  ];
  return all.filter((e, i) => all.findIndex((x) => x.type === e.type) === i);
};

const isKnownEventType = (type: unknown): boolean => typeof type === 'string' && Object.prototype.hasOwnProperty.call(KNOWN_EVENT_TYPES, type);

const DE_AN = 'DA-PROP-1';
const PLAN = 'KH-PROP';
const ADVANCE_TOTAL_BPS = 7_000;

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------
const DAY_MS = 86_400_000;
const addDays = (day: IsoDate, days: number): IsoDate => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const yearOf = (day: IsoDate): number => Number(day.slice(0, 4));

// ---------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------
const COUNCIL_POOL = ['hd-1', 'hd-2', 'hd-3', 'hd-4', 'hd-5'];
const councilActor = (sub: string): Actor => ({ sub, role: 'council', name: sub });
const ACTOR_POOL: readonly Actor[] = [
  actors.applicant,
  actors.otherApplicant,
  actors.officer,
  actors.approver,
  actors.finance,
  actors.auditor,
  ...COUNCIL_POOL.map(councilActor),
  councilActor('hd-ngoai'),
];

const ACTIVITIES = [
  { contentArea: '1', activity: '1.1' },
  { contentArea: '3', activity: '3.1' },
  { contentArea: '3', activity: '3.3' },
  { contentArea: '4', activity: '4.4' },
  { contentArea: '5', activity: '5.2' },
  { contentArea: '7', activity: '7.4' },
  { contentArea: '3', activity: '3.6' },
] as const;

interface Scenario {
  readonly activity: (typeof ACTIVITIES)[number];
  readonly fundingSource: 'KCQG' | 'KCDP';
  readonly level: 'central' | 'province' | 'district';
  readonly priority: boolean;
  readonly totalCost: number;
  readonly startDay: IsoDate;
  readonly allocation: number;
  readonly otherCommitmentBps: number;
}

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  activity: fc.constantFrom(...ACTIVITIES),
  fundingSource: fc.constantFrom('KCQG' as const, 'KCDP' as const),
  level: fc.constantFrom('central' as const, 'province' as const, 'district' as const),
  priority: fc.boolean(),
  totalCost: fc.oneof(fc.noBias(fc.integer({ min: trieu(20), max: trieu(3_000) })), fc.integer({ min: 1, max: trieu(3_000) })),
  startDay: fc.integer({ min: 0, max: 600 }).map((n) => addDays('2025-01-01', n)),
  allocation: fc.noBias(fc.integer({ min: trieu(50), max: trieu(5_000) })),
  otherCommitmentBps: fc.noBias(fc.integer({ min: 0, max: 9_000 })),
});

interface Step {
  /** 0–6: a step along the main path of the current status; 7: any command the status allows; 8–9: any command at all. */
  readonly mode: number;
  readonly typePick: number;
  readonly rightActor: boolean;
  readonly actorPick: number;
  readonly r: readonly [number, number, number, number];
  readonly flag: boolean;
  readonly advanceDays: number;
}

/** Random fractions in basis points, unbiased (fast-check's default bias towards small values would starve the deep states). */
const bps = fc.noBias(fc.integer({ min: 0, max: 12_000 }));
const stepArb: fc.Arbitrary<Step> = fc.record({
  mode: fc.integer({ min: 0, max: 9 }),
  typePick: fc.nat({ max: 1_000 }),
  rightActor: fc.integer({ min: 0, max: 9 }).map((n) => n < 8),
  actorPick: fc.nat({ max: 1_000 }),
  r: fc.tuple(bps, bps, bps, bps),
  flag: fc.boolean(),
  advanceDays: fc.integer({ min: 0, max: 45 }),
});

// ---------------------------------------------------------------------------------------------
// Building a plausible command from the step's random numbers and the current state
// ---------------------------------------------------------------------------------------------
const dossierOf = (state: DeAnState) => ('dossier' in state ? state.dossier : undefined);
const pick = <T>(items: readonly T[], n: number): T => items[n % items.length] as T;

function defaultActorFor(type: DeAnCommandType, state: DeAnState, step: Step): Actor {
  const dossier = dossierOf(state);
  const members = dossier?.council?.members.map((m) => m.sub) ?? COUNCIL_POOL;
  switch (type) {
    case 'RegisterDeAn':
      return step.flag && step.r[3] < 3_000 ? actors.officer : actors.applicant;
    case 'SubmitReview': {
      const notYet = members.filter((sub) => !dossier?.reviews.some((r) => r.reviewer === sub));
      return councilActor(pick(notYet.length > 0 ? notYet : members, step.actorPick));
    }
    case 'RequestRevision':
    case 'ConcludeAppraisal':
      return step.flag ? actors.officer : councilActor(dossier?.council?.chair ?? 'hd-1');
    case 'ReviseDeAn':
    case 'ReportProgress':
    case 'RequestAdjustment':
    case 'WithdrawDeAn':
    case 'CompleteDeAn':
      return actors.applicant;
    case 'AssignCouncil':
    case 'SignContract':
    case 'ConfirmProgress':
    case 'RecordInspection':
    case 'RecordAcceptance':
      return actors.officer;
    case 'PayAdvance':
    case 'SettleDeAn':
      return actors.finance;
    default:
      return actors.approver;
  }
}

/** The right actor at the đề án's level: the Sở's staff where a KCQG step is the province's, the Ministry's where it is the Ministry's. */
function rightActorFor(type: DeAnCommandType, state: DeAnState, step: Step): Actor {
  const actor = defaultActorFor(type, state, step);
  if (!levelRefusal(type, state, actor, DEFAULT_RULES)) return actor;
  const other = [actors.officer, actors.cuc, actors.approver, actors.provinceApprover, actors.finance, actors.provinceFinance];
  return other.find((a) => a.role === actor.role && !levelRefusal(type, state, a, DEFAULT_RULES)) ?? actor;
}

function buildData(type: DeAnCommandType, state: DeAnState, step: Step, scenario: Scenario, day: IsoDate): DataOf<DeAnCommandType> {
  const [r0, r1, r2, r3] = step.r;
  const dossier = dossierOf(state);
  const approved = dossier?.approvedSupport ?? 0;
  const requested = dossier?.proposal.budget.requestedSupport ?? 0;
  const advances = dossier?.advancesPaid ?? 0;
  const frac = (amount: number, b: number) => shareOf(amount, b);
  switch (type) {
    case 'RegisterDeAn': {
      const requestedSupport = Math.max(1, frac(scenario.totalCost, r0 % 7_000));
      const p: Proposal = {
        ...PROPOSAL,
        ...scenario.activity,
        fundingSource: scenario.fundingSource,
        level: scenario.level,
        priorityArea: scenario.priority,
        planYear: yearOf(day) + (step.flag ? 2 : 1),
        budget: {
          totalCost: scenario.totalCost,
          requestedSupport,
          counterpartFunds: scenario.totalCost - requestedSupport,
          machineryValue: frac(scenario.totalCost, r1 % 10_000),
        },
      };
      return { ...p, deAnId: DE_AN, organisation: ORG, ...(r2 < 1_000 ? { supplementary: { reason: 'Đăng ký bổ sung' } } : {}) };
    }
    case 'AssignCouncil': {
      const size = 1 + (r0 % COUNCIL_POOL.length);
      const members = COUNCIL_POOL.slice(0, size).map((sub) => ({ sub, name: `Thành viên ${sub}` }));
      return { members, chair: pick(members, r1).sub };
    }
    case 'SubmitReview':
      return { score: r0 % 101, recommendation: pick(['approve', 'revise', 'reject'] as const, r1), comments: '', conflictOfInterest: r2 < 2_500 };
    case 'RequestRevision':
      return { items: ['Bổ sung hồ sơ'], dueDate: addDays(day, 10) };
    case 'ReviseDeAn': {
      if (!step.flag || !dossier) return { changes: { locality: `Xã ${r0}` }, note: 'Hoàn thiện' };
      const total = dossier.proposal.budget.totalCost;
      const req = Math.max(1, frac(total, r1 % 7_000));
      return {
        changes: { budget: { totalCost: total, requestedSupport: req, counterpartFunds: total - req, machineryValue: 0 } },
        note: 'Điều chỉnh dự toán',
      };
    }
    case 'ConcludeAppraisal':
      return {
        result: r0 < 8_000 ? 'passed' : 'failed',
        recommendedSupport: frac(requested, r1),
        machineryValuation: frac(requested, r2),
        minutesNo: 'BB-TĐ',
      };
    case 'ForwardToMinistry':
      return { dispatchNo: 'CV-SCT' };
    case 'ApproveDeAn':
      return { decisionNo: 'QĐ-PD', decisionDate: day, approvedSupport: Math.max(1, frac(requested, r0)), planId: PLAN };
    case 'RejectDeAn':
      return { reason: 'Không đạt' };
    case 'SignContract': {
      const decisionDate = (dossier as { approval?: { decisionDate: IsoDate } } | undefined)?.approval?.decisionDate ?? day;
      const signedDate = addDays(decisionDate, (r0 % 40) - 3);
      return { contractNo: 'HĐ', signedDate, endDate: addDays(signedDate, 100 + (r1 % 300)), selection: step.flag ? 'review' : 'tender' };
    }
    case 'ConfirmProgress':
      return { period: dossier?.lastProgressPeriod ?? day.slice(0, 7) };
    case 'PayAdvance':
      return { amount: Math.max(1, frac(approved, r0 % 8_000)), paidDate: day };
    case 'ReportProgress':
      return { period: day.slice(0, 7), percentComplete: r0 % 101, investedAmount: frac(scenario.totalCost, r1 % 10_000), notes: '' };
    case 'RequestAdjustment': {
      const kind = pick(ADJUSTMENT_KINDS, r0);
      // TT 36/2013 Điều 11.2.b: a change of timing ends in the plan year, an extension after it — mostly so
      // (these then get decided), sometimes not (refused)
      const planYear = dossier ? dossier.proposal.planYear : Number(day.slice(0, 4));
      const month = String(1 + (r1 % 12)).padStart(2, '0');
      const endDate =
        r1 % 5 === 0 ? addDays(day, 30 + (r1 % 400)) : kind === 'extend-next-year' ? `${planYear + 1}-${month}-15` : `${planYear}-${month}-15`;
      // a sloppy but plausible form: any field may be filled in, whatever the kind
      const proposed = {
        ...(r1 < 7_000 ? { endDate } : {}),
        ...(r2 < 7_000 || kind.endsWith('support')
          ? { approvedSupport: Math.max(1, frac(r2 % 2 === 0 ? approved : requested, 3_000 + (r2 % 10_000))) }
          : {}),
        ...(r3 < 7_000 ? { changes: { note: `Nội dung ${r3}` } } : {}),
      };
      return { adjustmentId: `adj-${r3 % 4}`, kind, proposed, reason: 'Điều chỉnh' };
    }
    case 'DecideAdjustment': {
      const pending = dossier ? Object.keys(dossier.pendingAdjustments) : [];
      return { adjustmentId: pending.length > 0 ? pick(pending, r0) : 'adj-0', approved: r1 < 7_000, decisionNo: 'QĐ-ĐC' };
    }
    case 'RecordInspection':
      return {
        inspectionId: `kt-${r0}`,
        date: day,
        inspectors: ['Đoàn kiểm tra'],
        result: pick(['satisfactory', 'issues', 'violation'] as const, r1),
        findings: '',
      };
    case 'SuspendDeAn':
    case 'ResumeDeAn':
      return { reason: 'Quyết định', decisionNo: 'QĐ' };
    case 'StopDeAn':
      return { reason: 'Dừng', decisionNo: 'QĐ-DỪNG', recoverAmount: frac(advances, r0) };
    case 'WithdrawDeAn':
      return { reason: 'Rút' };
    case 'CompleteDeAn':
      return { completedDate: day, actualResults: [], actualCost: frac(scenario.totalCost, 5_000 + (r0 % 7_000)), machineryValue: 0 };
    case 'RecordAcceptance': {
      const actual = (dossier as { completion?: { actualCost: number } } | undefined)?.completion?.actualCost ?? scenario.totalCost;
      return {
        result: r0 < 7_500 ? 'passed' : 'failed',
        acceptedResults: [],
        acceptedCost: frac(actual, r1 % 11_000),
        machineryValuation: 0,
        minutesNo: 'BB-NT',
        date: day,
      };
    }
    case 'SettleDeAn':
      return { settledSupport: frac(approved, r0 % 11_000), decisionNo: 'QĐ-QT', date: day };
    default:
      throw new Error(`unknown command type ${String(type)}`);
  }
}

/** The commands that move each status along (side exits stay reachable through the other modes). */
const MAIN_PATH: Readonly<Record<DeAnStatus, readonly DeAnCommandType[]>> = {
  Initial: ['RegisterDeAn'],
  Registered: ['AssignCouncil'],
  UnderAppraisal: ['SubmitReview', 'ConcludeAppraisal'],
  RevisionRequested: ['ReviseDeAn'],
  BaseAppraised: ['ForwardToMinistry'],
  Forwarded: ['AssignCouncil'],
  Appraised: ['ApproveDeAn'],
  Approved: ['SignContract', 'SignContract', 'RequestAdjustment', 'DecideAdjustment'],
  InImplementation: [
    'ReportProgress',
    'ReportProgress',
    'ConfirmProgress',
    'ConfirmProgress',
    'PayAdvance',
    'PayAdvance',
    'PayAdvance',
    'RequestAdjustment',
    'RequestAdjustment',
    'DecideAdjustment',
    'DecideAdjustment',
    'RecordInspection',
    'SuspendDeAn',
    'CompleteDeAn',
  ],
  Suspended: ['ResumeDeAn', 'RequestAdjustment', 'DecideAdjustment', 'RecordInspection'],
  Completed: ['RecordAcceptance'],
  BaseAccepted: ['RecordAcceptance'],
  AcceptanceFailed: ['CompleteDeAn'],
  Accepted: ['SettleDeAn'],
  Settled: [],
  Rejected: [],
  Withdrawn: [],
  Stopped: [],
};

/** In appraisal the main path reviews until the quorum is there, then concludes; adjustments are decided when one is pending. */
function mainPath(state: DeAnState): readonly DeAnCommandType[] {
  if (state.status !== 'UnderAppraisal') {
    const pending = 'dossier' in state && Object.keys(state.dossier.pendingAdjustments).length > 0;
    return MAIN_PATH[state.status].filter((type) => pending || type !== 'DecideAdjustment');
  }
  const { reviews, council } = state.dossier;
  return reviews.filter((r) => !r.conflictOfInterest).length * 2 > council.members.length ? ['ConcludeAppraisal'] : ['SubmitReview'];
}

function chooseType(state: DeAnState, step: Step): DeAnCommandType {
  const { status } = state;
  const main = mainPath(state);
  const allowed = EXPECTED[status];
  if (step.mode < 7 && main.length > 0) return pick(main, step.typePick);
  if (step.mode < 8 && allowed.length > 0) return pick(allowed, step.typePick);
  return pick(COMMAND_TYPES, step.typePick);
}

function buildCommand(state: DeAnState, step: Step, scenario: Scenario, day: IsoDate): DeAnCommand {
  const type = chooseType(state, step);
  const actor = step.rightActor ? rightActorFor(type, state, step) : pick(ACTOR_POOL, step.actorPick);
  return {
    type,
    data: buildData(type, state, step, scenario, day),
    metadata: { now: new Date(`${day}T03:00:00Z`), actor, commandId: `prop-${step.typePick}` },
  } as DeAnCommand;
}

// ---------------------------------------------------------------------------------------------
// The model: a đề án and its plan, kept together as the application keeps them
// ---------------------------------------------------------------------------------------------
interface Model {
  readonly deAn: DeAnState;
  readonly plan: PlanState;
}

const planCmd = (command: Omit<PlanCommand, 'metadata'>): PlanCommand =>
  ({ ...command, metadata: { now: new Date('2026-01-01T03:00:00Z'), actor: actors.officer, commandId: 'plan' } }) as PlanCommand;

function planCommandsFor(events: readonly DeAnEvent[]): PlanCommand[] {
  return events.flatMap((e): PlanCommand[] => {
    switch (e.type) {
      case 'DeAnApproved':
        return [planCmd({ type: 'CommitSupport', data: { deAnId: DE_AN, amount: e.data.approvedSupport } })];
      case 'AdjustmentApproved':
        return e.data.approvedSupport === e.data.previousApprovedSupport
          ? []
          : [planCmd({ type: 'ChangeCommitment', data: { deAnId: DE_AN, amount: e.data.approvedSupport } })];
      case 'DeAnStopped':
      case 'DeAnWithdrawn':
        return [planCmd({ type: 'ReleaseCommitment', data: { deAnId: DE_AN, reason: e.type } })];
      case 'DeAnSettled':
        return [planCmd({ type: 'RecordPlanSettlement', data: { deAnId: DE_AN, settledSupport: e.data.settledSupport } })];
      default:
        return [];
    }
  });
}

function initialModel(scenario: Scenario): Model {
  let plan: PlanState = { status: 'Initial' };
  const apply = (command: PlanCommand) => {
    plan = decidePlan(command, plan).reduce(evolvePlan, plan);
  };
  apply(
    planCmd({
      type: 'CreatePlan',
      data: { planId: PLAN, year: 2026, fundingSource: 'KCQG', level: 'central', targets: [], allocation: scenario.allocation },
    }),
  );
  const other = shareOf(scenario.allocation, scenario.otherCommitmentBps);
  if (other > 0) apply(planCmd({ type: 'CommitSupport', data: { deAnId: 'DA-OTHER', amount: other } }));
  return { deAn: initialState(), plan };
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`invariant violated: ${message}`);
}

/** Coverage of the random walks, checked after the property: every status reached, every event produced. */
const reached = new Set<DeAnStatus>();
const produced = new Set<DeAnEventType>();

const isTerminal = (status: DeAnStatus): boolean => TERMINAL_STATUSES.includes(status);

/** Decide and evolve one command; returns the next model. Fails the property on any non-domain error. */
function step(model: Model, command: DeAnCommand): Model {
  const before = model.deAn;
  let events: DeAnEvent[];
  try {
    events = decide(command, before, DEFAULT_RULES);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    check(
      !isTerminal(before.status) || error instanceof IllegalTransitionError,
      `${command.type} in terminal ${before.status} threw ${error.name}, not IllegalTransitionError`,
    );
    return model;
  }
  if (isTerminal(before.status)) throw new Error(`${command.type} was accepted in terminal state ${before.status}`);
  check(events.length > 0, `${command.type} decided no event`);
  for (const e of events) check(isKnownEventType(e.type), `unknown event type ${String(e.type)}`);
  const deAn = events.reduce(evolve, before);
  for (const e of events) produced.add(e.type);

  let plan = model.plan;
  for (const command of planCommandsFor(events)) {
    try {
      plan = decidePlan(command, plan).reduce(evolvePlan, plan);
    } catch (error) {
      // the only acceptable refusal: the plan has no room left — the whole act is refused
      if (
        error instanceof RuleViolationError &&
        error.ruleId === 'plan-allocation' &&
        (command.type === 'CommitSupport' || command.type === 'ChangeCommitment')
      )
        return model;
      throw error;
    }
  }
  return { deAn, plan };
}

const COMMITTED_STATUSES: readonly DeAnStatus[] = HOLDS_APPROVAL.filter((status) => status !== 'Settled');

function checkInvariants(model: Model): void {
  const { deAn, plan } = model;
  if (plan.status === 'Initial') throw new Error('plan missing');
  const { book } = plan;
  // plan: committed + settled ≤ allocation, committed = Σ commitments
  check(
    book.committed + book.settled <= book.allocation,
    `plan: committed ${book.committed} + settled ${book.settled} > allocation ${book.allocation}`,
  );
  check(book.committed === Object.values(book.commitments).reduce((a, b) => a + b, 0), 'plan: committed ≠ Σ commitments');

  const dossier = dossierOf(deAn);
  const commitment = book.commitments[DE_AN];
  if (!dossier) {
    check(commitment === undefined, `plan holds ${commitment} for a đề án not yet registered`);
    return;
  }
  const requested = dossier.proposal.budget.requestedSupport;
  const approved = dossier.approvedSupport;
  check(Number.isSafeInteger(approved) && approved >= 0, `approved support ${approved} is not integer đồng`);
  check(approved <= requested, `approved ${approved} > requested ${requested}`);
  check(dossier.advancesPaid <= shareOf(approved, ADVANCE_TOTAL_BPS), `advances ${dossier.advancesPaid} > 70 % of approved ${approved}`);
  check(dossier.recoverAmount <= dossier.advancesPaid, `recovery ${dossier.recoverAmount} > advances ${dossier.advancesPaid}`);
  if (deAn.status === 'Settled') {
    const { settledSupport, payable, recoverable } = deAn.dossier.settlement;
    check(settledSupport <= approved, `settled ${settledSupport} > approved ${approved}`);
    check(payable - recoverable === settledSupport - deAn.dossier.advancesPaid, 'payable − recoverable ≠ settled − advances');
    check(payable >= 0 && recoverable >= 0 && (payable === 0 || recoverable === 0), 'payable and recoverable');
    check(book.settledDeAn.includes(DE_AN), 'settlement not recorded in the plan');
  }
  // the plan holds exactly the approved support while the đề án is approved and not yet settled
  if (COMMITTED_STATUSES.includes(deAn.status)) {
    check(approved > 0, `no approved support in ${deAn.status}`);
    check(commitment === approved, `plan commitment ${commitment} ≠ approved support ${approved} in ${deAn.status}`);
  } else {
    check(commitment === undefined, `plan still holds ${commitment} for a đề án in ${deAn.status}`);
  }
}

function checkTerminal(state: DeAnState): void {
  if (!isTerminal(state.status)) return;
  for (const type of COMMAND_TYPES) {
    let error: unknown;
    try {
      decide(sample(type), state, DEFAULT_RULES);
    } catch (e) {
      error = e;
    }
    check(error instanceof IllegalTransitionError, `${type} in terminal ${state.status} did not throw IllegalTransitionError`);
  }
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------
describe('invariants (property-based)', () => {
  it('random command sequences keep the đề án and its plan consistent', () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(stepArb, { minLength: 30, maxLength: 150, size: 'max' }), (scenario, steps) => {
        let model = initialModel(scenario);
        let day = scenario.startDay;
        checkInvariants(model);
        for (const s of steps) {
          day = addDays(day, s.advanceDays);
          const wasTerminal = isTerminal(model.deAn.status);
          model = step(model, buildCommand(model.deAn, s, scenario, day));
          reached.add(model.deAn.status);
          checkInvariants(model);
          if (!wasTerminal) checkTerminal(model.deAn);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('the random sequences reach every status and produce every event type', () => {
    // guards the property above against generators that never get past the first steps
    expect([...reached].sort()).toEqual([...STATUSES].sort());
    // DeadlineMissed is recorded by the deadline scheduler, not decided from a command.
    expect([...produced].sort()).toEqual(
      Object.keys(KNOWN_EVENT_TYPES)
        .filter((t) => t !== 'DeadlineMissed')
        .sort(),
    );
  });

  it('evolve is total: any known event on any state never throws', () => {
    const allEvents = allSampleEvents();
    expect(new Set(allEvents.map((e) => e.type))).toEqual(new Set(Object.keys(KNOWN_EVENT_TYPES)));
    for (const status of STATUSES) {
      const state = HISTORY[status].reduce(evolve, initialState());
      for (const e of allEvents) expect(() => evolve(state, e)).not.toThrow();
    }
  });

  it('the plan alone: random commit/change/release/settle/adjust sequences never exceed the allocation', () => {
    const ids = ['A', 'B', 'C', 'D'];
    const opArb = fc
      .record({
        kind: fc.constantFrom('commit', 'change', 'release', 'settle', 'adjust', 'close'),
        id: fc.constantFrom(...ids),
        bps: fc.noBias(fc.integer({ min: 0, max: 12_000 })),
      })
      .filter((op) => op.kind !== 'close' || op.bps < 500);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: trieu(5_000) }), fc.array(opArb, { maxLength: 60, size: 'max' }), (allocation, ops) => {
        let plan: PlanState = { status: 'Initial' };
        plan = decidePlan(
          planCmd({ type: 'CreatePlan', data: { planId: PLAN, year: 2026, fundingSource: 'KCQG', level: 'central', targets: [], allocation } }),
          plan,
        ).reduce(evolvePlan, plan);
        for (const op of ops) {
          if (plan.status === 'Initial') throw new Error('plan missing');
          const { book } = plan;
          const amount = shareOf(book.allocation, op.bps) / 2;
          const money = Math.max(1, Math.floor(amount));
          const command: PlanCommand =
            op.kind === 'commit'
              ? planCmd({ type: 'CommitSupport', data: { deAnId: op.id, amount: money } })
              : op.kind === 'change'
                ? planCmd({ type: 'ChangeCommitment', data: { deAnId: op.id, amount: money } })
                : op.kind === 'release'
                  ? planCmd({ type: 'ReleaseCommitment', data: { deAnId: op.id, reason: 'Dừng' } })
                  : op.kind === 'settle'
                    ? planCmd({
                        type: 'RecordPlanSettlement',
                        data: { deAnId: op.id, settledSupport: shareOf(book.commitments[op.id] ?? money, op.bps % 11_000) },
                      })
                    : op.kind === 'adjust'
                      ? planCmd({ type: 'AdjustAllocation', data: { allocation: shareOf(book.allocation, op.bps), decisionNo: 'QĐ' } })
                      : planCmd({ type: 'ClosePlan', data: { reason: 'Hết năm' } });
          let events: PlanEvent[] = [];
          try {
            events = decidePlan(command, plan);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
          }
          plan = events.reduce(evolvePlan, plan);
          if (plan.status === 'Initial') throw new Error('plan missing');
          const after = plan.book;
          check(
            after.committed + after.settled <= after.allocation,
            `committed ${after.committed} + settled ${after.settled} > allocation ${after.allocation}`,
          );
          check(after.committed === Object.values(after.commitments).reduce((a, b) => a + b, 0), 'committed ≠ Σ commitments');
          check(
            Object.values(after.commitments).every((v) => Number.isSafeInteger(v) && v > 0),
            'a commitment is not a positive integer',
          );
        }
      }),
      { numRuns: 400 },
    );
  });
});
