/**
 * The step catalogue: every act of the đề án's lifecycle, once. For each step its name (the import's
 * step type), its route below /de-an/:id, its command, the roles that may send it and who of them the
 * decider lets act, the body it takes (a DTO) and how the body becomes the command's data. The HTTP
 * routes and their OpenAPI operations, the import's validation and replay, the CLI walkthrough and the
 * authorization tests are all generated from this table: adding a step is an entry here, its case in
 * the decider and its tests.
 */
import { ClassConstructor } from 'class-transformer';
import { DeAnCommand, DeAnCommandType, PeriodPlanHeader, Proposal, ResultLine, REVISABLE_FIELDS, Role } from '@app/domain';
import {
  AcceptanceDto,
  AdjustmentDecisionDto,
  AdjustmentDto,
  AdvanceDto,
  AppraisalDto,
  ApprovalDto,
  AssignCouncilDto,
  CompletionDto,
  ContractDto,
  CreatePlanDto,
  DecisionDto,
  ForwardingDto,
  ProgressConfirmationDto,
  InspectionDto,
  ProgressDto,
  ReasonDto,
  RegisterDeAnDto,
  RevisionDto,
  RevisionRequestDto,
  SettlementDto,
  StopDto,
  SubmitReviewDto,
} from './dto';

type DataOf<T extends DeAnCommandType> = Extract<DeAnCommand, { type: T }>['data'];

/** Ids a step's command needs besides its body: new ones (random when live, derived from the record when imported), or the one its route names. */
export interface StepIds {
  /** A new id for the adjustment or inspection the step creates. */
  readonly entity: (kind: 'adjustment' | 'inspection') => string;
  /** The adjustment a decision is about (the route's :adjustmentId, or the import's). */
  readonly adjustmentId?: string;
}

/**
 * Who of the allowed roles the decider lets act (on top of the access policy's scope): the đề án's own
 * organisation for an applicant, the council's chair, or an assigned member of the council.
 */
export type StepRule = 'owner' | 'council-chair' | 'council-member';

/** A step as its definition checks it: the body its DTO gives, the data its command takes. */
interface TypedStep<T extends DeAnCommandType, D extends object> {
  /** The route below /de-an/:id; the step's name when absent. */
  readonly route?: string;
  readonly summary: string;
  readonly command: T;
  readonly roles: readonly Role[];
  readonly rule?: StepRule;
  readonly dto: ClassConstructor<D>;
  /** The validated body as the command's data. */
  toCommand(body: D, ids: StepIds): DataOf<T>;
  /** What the answer adds to `{id, version, status}`, from the events the command appended. */
  answer?(events: readonly { readonly type: string; readonly data: unknown }[]): Readonly<Record<string, unknown>>;
}

type Definition = TypedStep<DeAnCommandType, object> & { toCommand(body: object, ids: StepIds): DeAnCommand['data'] };

/** A step of the table, as its users take it: a body its DTO validated becomes one đề án command's data. */
export type Step = Definition & {
  /** The import's step type: its key in the table. */
  readonly name: StepName;
  readonly route: string;
};

/** Checks an entry against its own command and DTO, and files it in the table. */
const step = <T extends DeAnCommandType, D extends object>(definition: TypedStep<T, D>): Definition => definition as unknown as Definition;

/** Only the keys with a value (an optional DTO field left out stays out of the event). */
const defined = <V extends object>(value: V): V => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as V;
const lines = (results: readonly ResultLine[]): ResultLine[] =>
  results.map(({ code, indicator, quantity, unit }) => ({ ...(code !== undefined ? { code } : {}), indicator, quantity, unit }));
const dataOf = (events: readonly { readonly type: string; readonly data: unknown }[], type: string) =>
  events.find((e) => e.type === type)?.data as Record<string, unknown> | undefined;

/** The table, keyed by the step's name (the import's step type): one entry a step. */
const CATALOGUE = {
  council: step({
    summary: 'Phân công hội đồng thẩm định',
    command: 'AssignCouncil',
    roles: ['officer'],
    dto: AssignCouncilDto,
    toCommand: (b) => ({ members: b.members.map(({ sub, name }) => ({ sub, name })), chair: b.chair }),
  }),
  reviews: step({
    summary: 'Gửi phiếu thẩm định (kèm khai báo xung đột lợi ích)',
    command: 'SubmitReview',
    roles: ['council'],
    rule: 'council-member',
    dto: SubmitReviewDto,
    toCommand: (b) => ({ score: b.score, recommendation: b.recommendation, comments: b.comments ?? '', conflictOfInterest: b.conflictOfInterest }),
  }),
  'revision-request': step({
    summary: 'Yêu cầu bổ sung, hoàn thiện hồ sơ',
    command: 'RequestRevision',
    roles: ['officer', 'council'],
    rule: 'council-chair',
    dto: RevisionRequestDto,
    toCommand: (b) => ({ items: b.items, dueDate: b.dueDate }),
  }),
  revision: step({
    summary: 'Nộp hồ sơ bổ sung, hoàn thiện',
    command: 'ReviseDeAn',
    roles: ['applicant'],
    rule: 'owner',
    dto: RevisionDto,
    toCommand: (b) => ({ changes: defined(b.changes) as Partial<Proposal>, note: b.note ?? '' }),
  }),
  appraisal: step({
    summary: 'Kết luận thẩm định',
    command: 'ConcludeAppraisal',
    roles: ['officer', 'council'],
    rule: 'council-chair',
    dto: AppraisalDto,
    toCommand: (b) => ({
      result: b.result,
      recommendedSupport: b.recommendedSupport,
      machineryValuation: b.machineryValuation,
      minutesNo: b.minutesNo,
    }),
  }),
  forwarding: step({
    summary: 'Gửi hồ sơ về Bộ Công Thương (đề án khuyến công quốc gia, trước 15/6)',
    command: 'ForwardToMinistry',
    roles: ['officer'],
    dto: ForwardingDto,
    toCommand: (b) => ({ dispatchNo: b.dispatchNo }),
  }),
  approval: step({
    summary: 'Phê duyệt đề án vào kế hoạch',
    command: 'ApproveDeAn',
    roles: ['approver'],
    dto: ApprovalDto,
    toCommand: (b) => ({
      decisionNo: b.decisionNo,
      decisionDate: b.decisionDate,
      approvedSupport: b.approvedSupport,
      planId: b.planId,
      ...(b.priorityConfirmed !== undefined ? { priorityConfirmed: b.priorityConfirmed } : {}),
    }),
  }),
  rejection: step({
    summary: 'Không phê duyệt đề án',
    command: 'RejectDeAn',
    roles: ['approver'],
    dto: ReasonDto,
    toCommand: (b) => ({ reason: b.reason }),
  }),
  contract: step({
    summary: 'Ký hợp đồng thực hiện',
    command: 'SignContract',
    roles: ['officer'],
    dto: ContractDto,
    toCommand: (b) => ({ contractNo: b.contractNo, signedDate: b.signedDate, endDate: b.endDate, selection: b.selection }),
  }),
  advances: step({
    summary: 'Tạm ứng kinh phí',
    command: 'PayAdvance',
    roles: ['finance'],
    dto: AdvanceDto,
    toCommand: (b) => ({ amount: b.amount, paidDate: b.paidDate }),
  }),
  progress: step({
    summary: 'Báo cáo tiến độ hằng tháng',
    command: 'ReportProgress',
    roles: ['applicant'],
    rule: 'owner',
    dto: ProgressDto,
    toCommand: (b) => ({ period: b.period, percentComplete: b.percentComplete, investedAmount: b.investedAmount, notes: b.notes ?? '' }),
  }),
  'progress-confirmation': step({
    summary: 'Xác nhận khối lượng thực hiện (báo cáo tiến độ gần nhất)',
    command: 'ConfirmProgress',
    roles: ['officer'],
    dto: ProgressConfirmationDto,
    toCommand: (b) => ({ period: b.period }),
  }),
  adjustments: step({
    summary: 'Đề nghị điều chỉnh',
    command: 'RequestAdjustment',
    roles: ['applicant', 'officer'],
    rule: 'owner',
    dto: AdjustmentDto,
    toCommand: (b, ids) => ({ adjustmentId: ids.entity('adjustment'), kind: b.kind, proposed: defined(b.proposed), reason: b.reason }),
    answer: (events) => ({ adjustmentId: dataOf(events, 'AdjustmentRequested')?.adjustmentId }),
  }),
  'adjustment-decision': step({
    route: 'adjustments/:adjustmentId/decision',
    summary: 'Quyết định về đề nghị điều chỉnh',
    command: 'DecideAdjustment',
    roles: ['approver'],
    dto: AdjustmentDecisionDto,
    toCommand: (b, ids) => ({ adjustmentId: ids.adjustmentId!, approved: b.approved, decisionNo: b.decisionNo }),
  }),
  inspections: step({
    summary: 'Ghi nhận kiểm tra, giám sát',
    command: 'RecordInspection',
    roles: ['officer'],
    dto: InspectionDto,
    toCommand: (b, ids) => ({
      inspectionId: ids.entity('inspection'),
      date: b.date,
      inspectors: b.inspectors,
      result: b.result,
      findings: b.findings ?? '',
    }),
  }),
  suspension: step({
    summary: 'Tạm dừng thực hiện',
    command: 'SuspendDeAn',
    roles: ['approver'],
    dto: DecisionDto,
    toCommand: (b) => ({ reason: b.reason, decisionNo: b.decisionNo }),
  }),
  resumption: step({
    summary: 'Cho tiếp tục thực hiện',
    command: 'ResumeDeAn',
    roles: ['approver'],
    dto: DecisionDto,
    toCommand: (b) => ({ reason: b.reason, decisionNo: b.decisionNo }),
  }),
  stop: step({
    summary: 'Dừng thực hiện (thu hồi tạm ứng)',
    command: 'StopDeAn',
    roles: ['approver'],
    dto: StopDto,
    toCommand: (b) => ({ reason: b.reason, decisionNo: b.decisionNo, recoverAmount: b.recoverAmount }),
  }),
  withdrawal: step({
    summary: 'Rút đề án',
    command: 'WithdrawDeAn',
    roles: ['applicant'],
    rule: 'owner',
    dto: ReasonDto,
    toCommand: (b) => ({ reason: b.reason }),
  }),
  completion: step({
    summary: 'Báo cáo hoàn thành',
    command: 'CompleteDeAn',
    roles: ['applicant'],
    rule: 'owner',
    dto: CompletionDto,
    toCommand: (b) => ({
      completedDate: b.completedDate,
      actualResults: lines(b.actualResults),
      actualCost: b.actualCost,
      machineryValue: b.machineryValue,
    }),
  }),
  acceptance: step({
    summary: 'Nghiệm thu',
    command: 'RecordAcceptance',
    roles: ['officer'],
    dto: AcceptanceDto,
    toCommand: (b) => ({
      result: b.result,
      acceptedResults: lines(b.acceptedResults),
      acceptedCost: b.acceptedCost,
      machineryValuation: b.machineryValuation,
      minutesNo: b.minutesNo,
      date: b.date,
    }),
  }),
  settlement: step({
    summary: 'Quyết toán (số phải trả hoặc thu hồi)',
    command: 'SettleDeAn',
    roles: ['finance'],
    dto: SettlementDto,
    toCommand: (b) => ({ settledSupport: b.settledSupport, decisionNo: b.decisionNo, date: b.date }),
    answer: (events) => ({ payable: dataOf(events, 'DeAnSettled')?.payable, recoverable: dataOf(events, 'DeAnSettled')?.recoverable }),
  }),
} satisfies Readonly<Record<string, Definition>>;

export type StepName = keyof typeof CATALOGUE;

export const STEPS: readonly Step[] = (Object.entries(CATALOGUE) as [StepName, Definition][]).map(([name, definition]) => ({
  ...definition,
  name,
  route: definition.route ?? name,
}));
export const STEP_NAMES: readonly StepName[] = STEPS.map((s) => s.name);

/** The step of a name (the import's step type), or undefined. */
export const stepNamed = (name: string): Step | undefined => STEPS.find((s) => s.name === name);

/**
 * The fields of a proposal: what RegisterDeAn carries besides the đề án's id and owner — those fixed at
 * registration, then those a revision may change (in the order the events have always carried them).
 */
const PROPOSAL_FIELDS = [
  'title',
  'contentArea',
  'activity',
  'fundingSource',
  'level',
  'planYear',
  'province',
  ...REVISABLE_FIELDS.filter((field) => field !== 'title'),
] as const satisfies readonly (keyof Proposal)[];

/** Registration: POST /de-an (it creates the đề án, so it has no /de-an/:id route). */
export const REGISTRATION = {
  name: 'registration',
  summary: 'Đăng ký đề án',
  command: 'RegisterDeAn',
  roles: ['applicant', 'officer'] as readonly Role[],
  dto: RegisterDeAnDto,
  toCommand: (b: RegisterDeAnDto, ids: { readonly deAnId: string; readonly organisation: string }): DataOf<'RegisterDeAn'> => ({
    deAnId: ids.deAnId,
    organisation: ids.organisation,
    ...(Object.fromEntries(PROPOSAL_FIELDS.filter((key) => b[key] !== undefined).map((key) => [key, b[key]])) as unknown as Proposal),
    ...(b.supplementary ? { supplementary: { reason: b.supplementary.reason } } : {}),
  }),
} as const;

/** A plan: POST /plans. */
export const PLAN_CREATION = {
  name: 'plan',
  summary: 'Lập kế hoạch',
  roles: ['officer', 'admin'] as readonly Role[],
  dto: CreatePlanDto,
  toCommand: (
    b: CreatePlanDto,
    ids: { readonly planId: string; readonly periodPlan?: Pick<PeriodPlanHeader, 'periodPlanId' | 'fromYear' | 'toYear' | 'province'> },
  ) => ({
    planId: ids.planId,
    ...(ids.periodPlan ? { periodPlan: ids.periodPlan } : {}),
    year: b.year,
    fundingSource: b.fundingSource,
    level: b.level,
    allocation: b.allocation,
    targets: lines(b.targets ?? []),
    ...(b.province ? { province: b.province } : {}),
  }),
} as const;
