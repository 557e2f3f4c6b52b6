/**
 * The state of a đề án: a tagged union by status. What a status guarantees is in its type —
 * an InImplementation đề án always has its approval and contract — so the decider cannot
 * reach for data a state does not have.
 */
import { AdjustmentKind, AdjustmentProposal, CouncilMember, Proposal, Recommendation } from './commands';
import { IsoDate } from '../shared/dates';
import { ResultLine } from '../shared/messages';
import { Dong } from '../shared/money';

export interface Review {
  readonly reviewer: string;
  readonly score: number;
  readonly recommendation: Recommendation;
  readonly conflictOfInterest: boolean;
}
export interface Appraisal {
  readonly result: 'passed' | 'failed';
  readonly recommendedSupport: Dong;
  readonly machineryValuation: Dong;
  readonly minutesNo: string;
}
/** KCQG: the Sở's dispatch of the base-appraised dossier to the Cục. */
export interface Forwarding {
  readonly dispatchNo: string;
  readonly forwardedOn: IsoDate;
}
export interface Approval {
  readonly decisionNo: string;
  readonly decisionDate: IsoDate;
  readonly planId: string;
}
export interface Contract {
  readonly contractNo: string;
  readonly signedDate: IsoDate;
  readonly endDate: IsoDate;
}
export interface Completion {
  readonly completedDate: IsoDate;
  readonly actualResults: readonly ResultLine[];
  readonly actualCost: Dong;
  readonly machineryValue: Dong;
}
export interface Acceptance {
  readonly result: 'passed' | 'failed';
  readonly acceptedResults: readonly ResultLine[];
  readonly acceptedCost: Dong;
  readonly machineryValuation: Dong;
  readonly minutesNo: string;
  readonly date: IsoDate;
}
export interface Settlement {
  readonly settledSupport: Dong;
  readonly payable: Dong;
  readonly recoverable: Dong;
  readonly decisionNo: string;
  readonly date: IsoDate;
}
export interface PendingAdjustment {
  readonly kind: AdjustmentKind;
  readonly proposed: AdjustmentProposal;
}

/** What every registered đề án carries. */
export interface Dossier {
  readonly id: string;
  readonly organisation: string;
  readonly proposal: Proposal;
  readonly registeredOn: IsoDate;
  readonly council?: { readonly members: readonly CouncilMember[]; readonly chair: string };
  /** Reviews of the current appraisal round (a revision opens a new round). */
  readonly reviews: readonly Review[];
  readonly revisionRounds: number;
  /** Approved support as adjusted; 0 until approved. */
  readonly approvedSupport: Dong;
  readonly advancesPaid: Dong;
  readonly advanceCount: number;
  readonly lastProgressPercent: number | null;
  /** The month of the last progress report. */
  readonly lastProgressPeriod: string | null;
  /** The volume the officer confirmed last (TT 36/2013/TT-BCT Điều 23.3.a): what the first advance is judged by. */
  readonly confirmedProgressPercent: number | null;
  readonly pendingAdjustments: Readonly<Record<string, PendingAdjustment>>;
  readonly inspections: number;
  /** Advances to recover after a stop; settlement fields once settled. */
  readonly recoverAmount: Dong;
}

type Council = Required<Pick<Dossier, 'council'>>;
/** KCQG's first level behind it: the Sở's appraisal (its council is replaced by the Ministry's). */
type BaseAppraised = Dossier & Council & { readonly baseAppraisal: Appraisal };
type Forwarded = BaseAppraised & { readonly forwarding: Forwarding };
type Appraised = Dossier & Council & { readonly appraisal: Appraisal };
type Approved = Appraised & { readonly approval: Approval };
type Contracted = Approved & { readonly contract: Contract };
type Completed = Contracted & { readonly completion: Completion };
type Accepted = Completed & { readonly acceptance: Acceptance };

export type DeAnState =
  | { readonly status: 'Initial' }
  | { readonly status: 'Registered'; readonly dossier: Dossier }
  | { readonly status: 'UnderAppraisal'; readonly dossier: Dossier & Council }
  | {
      readonly status: 'RevisionRequested';
      readonly dossier: Dossier & Council;
      readonly revision: { readonly items: readonly string[]; readonly dueDate: IsoDate };
    }
  | { readonly status: 'BaseAppraised'; readonly dossier: BaseAppraised }
  | { readonly status: 'Forwarded'; readonly dossier: Forwarded }
  | { readonly status: 'Appraised'; readonly dossier: Appraised }
  | { readonly status: 'Approved'; readonly dossier: Approved }
  | { readonly status: 'InImplementation'; readonly dossier: Contracted }
  | { readonly status: 'Suspended'; readonly dossier: Contracted }
  | { readonly status: 'Completed'; readonly dossier: Completed }
  | { readonly status: 'BaseAccepted'; readonly dossier: Completed & { readonly baseAcceptance: Acceptance } }
  | { readonly status: 'AcceptanceFailed'; readonly dossier: Completed & { readonly acceptance: Acceptance } }
  | { readonly status: 'Accepted'; readonly dossier: Accepted }
  | { readonly status: 'Settled'; readonly dossier: Accepted & { readonly settlement: Settlement } }
  | { readonly status: 'Rejected'; readonly dossier: Dossier }
  | { readonly status: 'Withdrawn'; readonly dossier: Dossier }
  | { readonly status: 'Stopped'; readonly dossier: Dossier };

export type DeAnStatus = DeAnState['status'];
export type StateOf<S extends DeAnStatus> = Extract<DeAnState, { status: S }>;

export const TERMINAL_STATUSES: readonly DeAnStatus[] = ['Settled', 'Rejected', 'Withdrawn', 'Stopped'];

export const STATUS_LABELS: Readonly<Record<DeAnStatus, string>> = {
  Initial: 'Chưa đăng ký',
  Registered: 'Đã đăng ký',
  UnderAppraisal: 'Đang thẩm định',
  RevisionRequested: 'Yêu cầu bổ sung, hoàn thiện',
  BaseAppraised: 'Đã thẩm định cấp cơ sở',
  Forwarded: 'Đã gửi Bộ Công Thương',
  Appraised: 'Đã thẩm định',
  Approved: 'Đã phê duyệt',
  InImplementation: 'Đang thực hiện',
  Suspended: 'Tạm dừng',
  Completed: 'Đã hoàn thành',
  BaseAccepted: 'Đã nghiệm thu cấp cơ sở',
  AcceptanceFailed: 'Nghiệm thu không đạt',
  Accepted: 'Đã nghiệm thu',
  Settled: 'Đã quyết toán',
  Rejected: 'Không phê duyệt',
  Withdrawn: 'Đã rút',
  Stopped: 'Đã dừng thực hiện',
};

/** The statuses a registered đề án may have, in the order of the lifecycle (reports list them so). */
export const LIFECYCLE_STATUSES: readonly Exclude<DeAnStatus, 'Initial'>[] = (Object.keys(STATUS_LABELS) as DeAnStatus[]).filter(
  (status): status is Exclude<DeAnStatus, 'Initial'> => status !== 'Initial',
);

/** The statuses in which a đề án holds its approved support: from approval to settlement (reports count them so). */
export const HOLDS_APPROVAL: readonly DeAnStatus[] = LIFECYCLE_STATUSES.slice(
  LIFECYCLE_STATUSES.indexOf('Approved'),
  LIFECYCLE_STATUSES.indexOf('Settled') + 1,
);
