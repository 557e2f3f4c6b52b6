/** Commands of the đề án lifecycle (imperative), one per step and side exit of docs/DOMAIN.md. */
import { ContentArea } from '../rules/catalogue';
import type { Level } from '../rules/levels';
import { IsoDate } from '../shared/dates';
import { Command, ResultLine } from '../shared/messages';
import { Dong } from '../shared/money';

export type FundingSource = 'KCQG' | 'KCDP';
export type BeneficiaryKind = 'enterprise' | 'cooperative' | 'household' | 'agency';

export interface Budget {
  readonly totalCost: Dong;
  readonly requestedSupport: Dong;
  readonly counterpartFunds: Dong;
  readonly machineryValue: Dong;
}

/** One establishment a group đề án supports (TT 36/2013/TT-BCT Điều 10–11), with its share of the support. */
export interface Establishment {
  readonly name: string;
  readonly kind: BeneficiaryKind;
  readonly taxCode?: string;
  readonly support: Dong;
}

export interface Proposal {
  readonly title: string;
  readonly contentArea: ContentArea;
  readonly activity: string;
  readonly fundingSource: FundingSource;
  readonly level: Level;
  readonly planYear: number;
  readonly province: string;
  readonly locality: string;
  readonly implementingUnit: string;
  readonly beneficiary: { readonly name: string; readonly kind: BeneficiaryKind; readonly taxCode?: string };
  /**
   * A group đề án: the establishments it supports (at least two), their supports adding up to the
   * requested support; caps then apply per establishment. Absent: the beneficiary is the one.
   */
  readonly establishments?: readonly Establishment[];
  readonly priorityArea: boolean;
  readonly prioritySector: boolean;
  readonly budget: Budget;
  readonly expectedResults: readonly ResultLine[];
  readonly schedule: { readonly start: IsoDate; readonly end: IsoDate };
  readonly attachments: readonly { readonly name: string; readonly sha256: string }[];
}

/** The fields a revision may change (content area, source and plan year stay as registered). */
export const REVISABLE_FIELDS = [
  'title',
  'locality',
  'implementingUnit',
  'beneficiary',
  'establishments',
  'priorityArea',
  'prioritySector',
  'budget',
  'expectedResults',
  'schedule',
  'attachments',
] as const satisfies readonly (keyof Proposal)[];
export type RevisableFields = Partial<Pick<Proposal, (typeof REVISABLE_FIELDS)[number]>>;

export type CouncilMember = { readonly sub: string; readonly name: string };
export type Recommendation = 'approve' | 'revise' | 'reject';
/** The kinds of adjustment (TT 36/2013 Art. 11): the first three are decided at minister level, the rest by the Cục. */
export const MINISTER_LEVEL_ADJUSTMENTS = ['extend-next-year', 'increase-support', 'change-content'] as const;
export const ADJUSTMENT_KINDS = [
  ...MINISTER_LEVEL_ADJUSTMENTS,
  'change-location',
  'change-beneficiary',
  'change-partner',
  'change-timing',
  'reduce-support',
] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];

export interface AdjustmentProposal {
  readonly endDate?: IsoDate;
  readonly approvedSupport?: Dong;
  readonly changes?: Readonly<Record<string, string>>;
}

export type RegisterDeAn = Command<
  'RegisterDeAn',
  Proposal & {
    readonly deAnId: string;
    /** The applicant organisation that owns the đề án. */
    readonly organisation: string;
    /** Registration outside the window, only by an officer, with a reason. */
    readonly supplementary?: { readonly reason: string };
  }
>;
export type AssignCouncil = Command<'AssignCouncil', { readonly members: readonly CouncilMember[]; readonly chair: string }>;
export type SubmitReview = Command<
  'SubmitReview',
  {
    readonly score: number;
    readonly recommendation: Recommendation;
    readonly comments: string;
    readonly conflictOfInterest: boolean;
  }
>;
export type RequestRevision = Command<'RequestRevision', { readonly items: readonly string[]; readonly dueDate: IsoDate }>;
export type ReviseDeAn = Command<'ReviseDeAn', { readonly changes: RevisableFields; readonly note: string }>;
export type ConcludeAppraisal = Command<
  'ConcludeAppraisal',
  {
    readonly result: 'passed' | 'failed';
    readonly recommendedSupport: Dong;
    readonly machineryValuation: Dong;
    readonly minutesNo: string;
  }
>;
/** KCQG: the Sở sends the base-appraised dossier to the Cục, on the day of the act (its dispatch's number). */
export type ForwardToMinistry = Command<'ForwardToMinistry', { readonly dispatchNo: string }>;
export type ApproveDeAn = Command<
  'ApproveDeAn',
  {
    readonly decisionNo: string;
    readonly decisionDate: IsoDate;
    readonly approvedSupport: Dong;
    readonly planId: string;
    /**
     * Whether the authority grants the priority (up to 1.5×, NĐ 45/2012 Điều 6) the applicant claimed:
     * a claim alone does not raise the cap. Only meaningful when the proposal claims priority.
     */
    readonly priorityConfirmed?: boolean;
  }
>;
export type RejectDeAn = Command<'RejectDeAn', { readonly reason: string }>;
export type SignContract = Command<
  'SignContract',
  {
    readonly contractNo: string;
    readonly signedDate: IsoDate;
    readonly endDate: IsoDate;
    readonly selection: 'review' | 'tender';
  }
>;
export type PayAdvance = Command<'PayAdvance', { readonly amount: Dong; readonly paidDate: IsoDate }>;
export type ReportProgress = Command<
  'ReportProgress',
  {
    readonly period: string;
    readonly percentComplete: number;
    readonly investedAmount: Dong;
    readonly notes: string;
  }
>;
/** TT 36/2013/TT-BCT Điều 23.3.a: the officer confirms the volume a progress report states (what unlocks an advance). */
export type ConfirmProgress = Command<'ConfirmProgress', { readonly period: string }>;
export type RequestAdjustment = Command<
  'RequestAdjustment',
  {
    readonly adjustmentId: string;
    readonly kind: AdjustmentKind;
    readonly proposed: AdjustmentProposal;
    readonly reason: string;
  }
>;
export type DecideAdjustment = Command<
  'DecideAdjustment',
  {
    readonly adjustmentId: string;
    readonly approved: boolean;
    readonly decisionNo: string;
  }
>;
export type RecordInspection = Command<
  'RecordInspection',
  {
    readonly inspectionId: string;
    readonly date: IsoDate;
    readonly inspectors: readonly string[];
    readonly result: 'satisfactory' | 'issues' | 'violation';
    readonly findings: string;
  }
>;
export type SuspendDeAn = Command<'SuspendDeAn', { readonly reason: string; readonly decisionNo: string }>;
export type ResumeDeAn = Command<'ResumeDeAn', { readonly reason: string; readonly decisionNo: string }>;
export type StopDeAn = Command<'StopDeAn', { readonly reason: string; readonly decisionNo: string; readonly recoverAmount: Dong }>;
export type WithdrawDeAn = Command<'WithdrawDeAn', { readonly reason: string }>;
export type CompleteDeAn = Command<
  'CompleteDeAn',
  {
    readonly completedDate: IsoDate;
    readonly actualResults: readonly ResultLine[];
    readonly actualCost: Dong;
    readonly machineryValue: Dong;
  }
>;
export type RecordAcceptance = Command<
  'RecordAcceptance',
  {
    readonly result: 'passed' | 'failed';
    readonly acceptedResults: readonly ResultLine[];
    readonly acceptedCost: Dong;
    readonly machineryValuation: Dong;
    readonly minutesNo: string;
    readonly date: IsoDate;
  }
>;
export type SettleDeAn = Command<'SettleDeAn', { readonly settledSupport: Dong; readonly decisionNo: string; readonly date: IsoDate }>;

export type DeAnCommand =
  | RegisterDeAn
  | AssignCouncil
  | SubmitReview
  | RequestRevision
  | ReviseDeAn
  | ConcludeAppraisal
  | ForwardToMinistry
  | ApproveDeAn
  | RejectDeAn
  | SignContract
  | PayAdvance
  | ReportProgress
  | ConfirmProgress
  | RequestAdjustment
  | DecideAdjustment
  | RecordInspection
  | SuspendDeAn
  | ResumeDeAn
  | StopDeAn
  | WithdrawDeAn
  | CompleteDeAn
  | RecordAcceptance
  | SettleDeAn;

export type DeAnCommandType = DeAnCommand['type'];
