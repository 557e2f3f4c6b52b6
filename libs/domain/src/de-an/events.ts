/** Events of the đề án lifecycle (past tense). The stored type is this explicit string. */
import { AdjustmentKind, AdjustmentProposal, CouncilMember, Proposal, Recommendation, RevisableFields } from './commands';
import type { DeadlineKind } from '../rules/deadline-policy';
import { IsoDate } from '../shared/dates';
import { Event, ResultLine } from '../shared/messages';
import { Dong } from '../shared/money';

export type DeAnRegistered = Event<
  'DeAnRegistered',
  Proposal & {
    readonly deAnId: string;
    readonly organisation: string;
    readonly registeredOn: IsoDate;
    readonly supplementary?: { readonly reason: string };
  }
>;
export type CouncilAssigned = Event<'CouncilAssigned', { readonly members: readonly CouncilMember[]; readonly chair: string }>;
export type ReviewSubmitted = Event<
  'ReviewSubmitted',
  {
    readonly reviewer: string;
    readonly score: number;
    readonly recommendation: Recommendation;
    readonly comments: string;
    readonly conflictOfInterest: boolean;
  }
>;
export type RevisionRequested = Event<'RevisionRequested', { readonly items: readonly string[]; readonly dueDate: IsoDate }>;
export type DeAnRevised = Event<'DeAnRevised', { readonly changes: RevisableFields; readonly note: string; readonly round: number }>;
export type AppraisalConcluded = Event<
  'AppraisalConcluded',
  {
    readonly result: 'passed' | 'failed';
    readonly recommendedSupport: Dong;
    readonly machineryValuation: Dong;
    readonly minutesNo: string;
    readonly validReviews: number;
    readonly averageScore: number | null;
  }
>;
export type DeAnApproved = Event<
  'DeAnApproved',
  {
    readonly decisionNo: string;
    readonly decisionDate: IsoDate;
    readonly approvedSupport: Dong;
    readonly planId: string;
    readonly capLimit: Dong | null;
    readonly capRule: string;
    /** Present when the proposal claimed priority: whether the authority granted it (false: the claim is dropped). */
    readonly priorityConfirmed?: boolean;
  }
>;
export type DeAnRejected = Event<'DeAnRejected', { readonly reason: string; readonly stage: 'appraisal' | 'approval' }>;
export type ContractSigned = Event<
  'ContractSigned',
  {
    readonly contractNo: string;
    readonly signedDate: IsoDate;
    readonly endDate: IsoDate;
    readonly selection: 'review' | 'tender';
  }
>;
export type AdvancePaid = Event<'AdvancePaid', { readonly amount: Dong; readonly paidDate: IsoDate; readonly totalAdvanced: Dong }>;
export type ProgressReported = Event<
  'ProgressReported',
  {
    readonly period: string;
    readonly percentComplete: number;
    readonly investedAmount: Dong;
    readonly notes: string;
  }
>;
export type AdjustmentRequested = Event<
  'AdjustmentRequested',
  {
    readonly adjustmentId: string;
    readonly kind: AdjustmentKind;
    readonly authority: 'minister' | 'department';
    readonly proposed: AdjustmentProposal;
    readonly reason: string;
  }
>;
export type AdjustmentApproved = Event<
  'AdjustmentApproved',
  {
    readonly adjustmentId: string;
    readonly kind: AdjustmentKind;
    readonly decisionNo: string;
    readonly approvedSupport: Dong;
    readonly previousApprovedSupport: Dong;
    readonly endDate?: IsoDate;
  }
>;
export type AdjustmentRejected = Event<'AdjustmentRejected', { readonly adjustmentId: string; readonly decisionNo: string }>;
export type InspectionRecorded = Event<
  'InspectionRecorded',
  {
    readonly inspectionId: string;
    readonly date: IsoDate;
    readonly inspectors: readonly string[];
    readonly result: 'satisfactory' | 'issues' | 'violation';
    readonly findings: string;
  }
>;
export type DeAnSuspended = Event<'DeAnSuspended', { readonly reason: string; readonly decisionNo: string }>;
export type DeAnResumed = Event<'DeAnResumed', { readonly reason: string; readonly decisionNo: string }>;
export type DeAnStopped = Event<
  'DeAnStopped',
  {
    readonly reason: string;
    readonly decisionNo: string;
    readonly recoverAmount: Dong;
    readonly releasedSupport: Dong;
  }
>;
export type DeAnWithdrawn = Event<'DeAnWithdrawn', { readonly reason: string; readonly releasedSupport: Dong }>;
export type DeAnCompleted = Event<
  'DeAnCompleted',
  {
    readonly completedDate: IsoDate;
    readonly actualResults: readonly ResultLine[];
    readonly actualCost: Dong;
    readonly machineryValue: Dong;
  }
>;
type AcceptanceData = {
  readonly acceptedResults: readonly ResultLine[];
  readonly acceptedCost: Dong;
  readonly machineryValuation: Dong;
  readonly minutesNo: string;
  readonly date: IsoDate;
};
export type AcceptancePassed = Event<'AcceptancePassed', AcceptanceData>;
export type AcceptanceFailed = Event<'AcceptanceFailed', AcceptanceData>;
export type DeAnSettled = Event<
  'DeAnSettled',
  {
    readonly settledSupport: Dong;
    readonly ceiling: Dong;
    readonly advancesPaid: Dong;
    readonly payable: Dong;
    readonly recoverable: Dong;
    readonly decisionNo: string;
    readonly date: IsoDate;
  }
>;

/** Recorded by the deadline scheduler when a deadline of the policy passed while still open. */
export type DeadlineMissed = Event<
  'DeadlineMissed',
  {
    readonly deadlineId: string;
    readonly kind: DeadlineKind;
    readonly dueAt: string;
    readonly legalBasis: string;
  }
>;

export type DeAnEvent =
  | DeAnRegistered
  | CouncilAssigned
  | ReviewSubmitted
  | RevisionRequested
  | DeAnRevised
  | AppraisalConcluded
  | DeAnApproved
  | DeAnRejected
  | ContractSigned
  | AdvancePaid
  | ProgressReported
  | AdjustmentRequested
  | AdjustmentApproved
  | AdjustmentRejected
  | InspectionRecorded
  | DeAnSuspended
  | DeAnResumed
  | DeAnStopped
  | DeAnWithdrawn
  | DeAnCompleted
  | AcceptancePassed
  | AcceptanceFailed
  | DeAnSettled
  | DeadlineMissed;

export type DeAnEventType = DeAnEvent['type'];
