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
type AppraisalData = {
  readonly result: 'passed' | 'failed';
  readonly recommendedSupport: Dong;
  readonly machineryValuation: Dong;
  readonly minutesNo: string;
  readonly validReviews: number;
  readonly averageScore: number | null;
};
/** The appraisal that lets the đề án be approved: KCĐP's one level, or the Ministry's (cấp Bộ) for KCQG. */
export type AppraisalConcluded = Event<'AppraisalConcluded', AppraisalData>;
/** KCQG's first level (TT 36/2013/TT-BCT Điều 8): the Sở Công Thương's council appraised the dossier. */
export type BaseAppraisalConcluded = Event<'BaseAppraisalConcluded', AppraisalData>;
/** KCQG: the Sở sent the base-appraised dossier to the Ministry's Cục (TT 36/2013/TT-BCT Điều 10, before 15/6). */
export type DossierForwarded = Event<
  'DossierForwarded',
  { readonly dispatchNo: string; readonly forwardedOn: IsoDate; readonly deadline: IsoDate; readonly legalBasis: string }
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
/** The officer confirmed the progress report of a month (TT 36/2013/TT-BCT Điều 23.3.a). */
export type ProgressConfirmed = Event<'ProgressConfirmed', { readonly period: string; readonly percentComplete: number }>;
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
/** The acceptance that closes the đề án's results: KCĐP's one, or the Ministry's after the Sở's for KCQG. */
export type AcceptancePassed = Event<'AcceptancePassed', AcceptanceData>;
/** KCQG's base-level acceptance (nghiệm thu cơ sở) by the Sở, before the Ministry's (TT 36/2013/TT-BCT Điều 17). */
export type BaseAcceptancePassed = Event<'BaseAcceptancePassed', AcceptanceData>;
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
  | BaseAppraisalConcluded
  | DossierForwarded
  | AppraisalConcluded
  | DeAnApproved
  | DeAnRejected
  | ContractSigned
  | AdvancePaid
  | ProgressReported
  | ProgressConfirmed
  | AdjustmentRequested
  | AdjustmentApproved
  | AdjustmentRejected
  | InspectionRecorded
  | DeAnSuspended
  | DeAnResumed
  | DeAnStopped
  | DeAnWithdrawn
  | DeAnCompleted
  | BaseAcceptancePassed
  | AcceptancePassed
  | AcceptanceFailed
  | DeAnSettled
  | DeadlineMissed;

export type DeAnEventType = DeAnEvent['type'];

/** What each event is called where users see it (the history, the audit). */
export const EVENT_LABELS: Readonly<Record<DeAnEventType, string>> = {
  DeAnRegistered: 'Đăng ký đề án',
  CouncilAssigned: 'Thành lập hội đồng',
  ReviewSubmitted: 'Ý kiến thành viên hội đồng',
  RevisionRequested: 'Yêu cầu bổ sung',
  DeAnRevised: 'Bổ sung, hoàn thiện hồ sơ',
  BaseAppraisalConcluded: 'Kết luận thẩm định cấp cơ sở (Sở Công Thương)',
  DossierForwarded: 'Gửi hồ sơ về Bộ Công Thương',
  AppraisalConcluded: 'Kết luận thẩm định',
  DeAnApproved: 'Phê duyệt',
  DeAnRejected: 'Không phê duyệt',
  ContractSigned: 'Ký hợp đồng',
  AdvancePaid: 'Tạm ứng',
  ProgressReported: 'Báo cáo tiến độ',
  ProgressConfirmed: 'Xác nhận khối lượng thực hiện',
  AdjustmentRequested: 'Đề nghị điều chỉnh',
  AdjustmentApproved: 'Chấp thuận điều chỉnh',
  AdjustmentRejected: 'Không chấp thuận điều chỉnh',
  InspectionRecorded: 'Kiểm tra',
  DeAnSuspended: 'Tạm dừng',
  DeAnResumed: 'Tiếp tục thực hiện',
  DeAnStopped: 'Dừng thực hiện',
  DeAnWithdrawn: 'Rút đề án',
  DeAnCompleted: 'Hoàn thành',
  BaseAcceptancePassed: 'Nghiệm thu cấp cơ sở đạt (Sở Công Thương)',
  AcceptancePassed: 'Nghiệm thu đạt',
  AcceptanceFailed: 'Nghiệm thu không đạt',
  DeAnSettled: 'Quyết toán',
  DeadlineMissed: 'Quá hạn',
};
