/**
 * The state machine of docs/DOMAIN.md's lifecycle, as data: for each event, the statuses it may follow and
 * the status it leads to. `evolve` is gated by it, and the read models take their status from it
 * (`statusAfter`), so no projection re-derives the lifecycle from untyped data.
 */
import { DeAnCommandType } from './commands';
import { DeAnEventType } from './events';
import { DeAnStatus } from './state';

const WITH_DOSSIER: readonly DeAnStatus[] = [
  'Registered',
  'UnderAppraisal',
  'RevisionRequested',
  'BaseAppraised',
  'Forwarded',
  'Appraised',
  'Approved',
  'InImplementation',
  'Suspended',
  'Completed',
  'BaseAccepted',
  'AcceptanceFailed',
  'Accepted',
  'Settled',
  'Rejected',
  'Withdrawn',
  'Stopped',
];
const ADJUSTABLE: readonly DeAnStatus[] = ['Approved', 'InImplementation', 'Suspended'];
/** Either council or the approver may end a dossier before approval; KCQG's two levels each may. */
const REJECTABLE = ['UnderAppraisal', 'BaseAppraised', 'Forwarded', 'Appraised'] as const;
/** A completed đề án awaits acceptance; a KCQG one the Ministry's after the Sở's. */
const ACCEPTABLE = ['Completed', 'BaseAccepted'] as const;

export interface Transition {
  /** The statuses the event may follow; in any other, evolve leaves the state as it is. */
  readonly from: readonly DeAnStatus[];
  /** The status it leads to; absent: the status stays. */
  readonly to?: DeAnStatus;
}

export const TRANSITIONS: { readonly [T in DeAnEventType]: Transition } = {
  DeAnRegistered: { from: ['Initial'], to: 'Registered' },
  // KCQG: the Sở's council (from Registered), then the Ministry's (from Forwarded)
  CouncilAssigned: { from: ['Registered', 'Forwarded'], to: 'UnderAppraisal' },
  ReviewSubmitted: { from: ['UnderAppraisal'] },
  RevisionRequested: { from: ['UnderAppraisal'], to: 'RevisionRequested' },
  DeAnRevised: { from: ['RevisionRequested'], to: 'UnderAppraisal' },
  BaseAppraisalConcluded: { from: ['UnderAppraisal'], to: 'BaseAppraised' },
  DossierForwarded: { from: ['BaseAppraised'], to: 'Forwarded' },
  AppraisalConcluded: { from: ['UnderAppraisal'], to: 'Appraised' },
  DeAnApproved: { from: ['Appraised'], to: 'Approved' },
  DeAnRejected: { from: REJECTABLE, to: 'Rejected' },
  ContractSigned: { from: ['Approved'], to: 'InImplementation' },
  AdvancePaid: { from: ['InImplementation'] },
  ProgressReported: { from: ['InImplementation'] },
  ProgressConfirmed: { from: ['InImplementation'] },
  AdjustmentRequested: { from: ADJUSTABLE },
  AdjustmentApproved: { from: ADJUSTABLE },
  AdjustmentRejected: { from: ADJUSTABLE },
  InspectionRecorded: { from: ['InImplementation', 'Suspended'] },
  DeAnSuspended: { from: ['InImplementation'], to: 'Suspended' },
  DeAnResumed: { from: ['Suspended'], to: 'InImplementation' },
  DeAnStopped: { from: WITH_DOSSIER, to: 'Stopped' },
  DeAnWithdrawn: { from: WITH_DOSSIER, to: 'Withdrawn' },
  DeAnCompleted: { from: ['InImplementation', 'AcceptanceFailed'], to: 'Completed' },
  BaseAcceptancePassed: { from: ['Completed'], to: 'BaseAccepted' },
  AcceptancePassed: { from: ACCEPTABLE, to: 'Accepted' },
  AcceptanceFailed: { from: ACCEPTABLE, to: 'AcceptanceFailed' },
  DeAnSettled: { from: ['Accepted'], to: 'Settled' },
  // A fact for the history and the reports: the đề án's own state does not change.
  DeadlineMissed: { from: ['Initial', ...WITH_DOSSIER] },
};

/** Whether an event of this type applies to a đề án in `status`. */
export const applies = (status: DeAnStatus, type: DeAnEventType): boolean => TRANSITIONS[type].from.includes(status);

/** The status after an event of this type; an event that does not apply leaves it as it was. */
export function statusAfter(status: DeAnStatus, type: DeAnEventType): DeAnStatus {
  const transition = TRANSITIONS[type];
  return transition.from.includes(status) ? (transition.to ?? status) : status;
}

/** Whether a stored event's type is one of the đề án's (the log also holds plans' and may hold others). */
export const isDeAnEventType = (type: string): type is DeAnEventType => Object.hasOwn(TRANSITIONS, type);

/**
 * The statuses in which each command may be sent (docs/DOMAIN.md's lifecycle): the decider refuses it in any
 * other (409), and the API tells a caller which steps are open to them from it.
 */
export const COMMAND_STATUSES = {
  RegisterDeAn: ['Initial'],
  AssignCouncil: ['Registered', 'Forwarded'],
  SubmitReview: ['UnderAppraisal'],
  RequestRevision: ['UnderAppraisal'],
  ReviseDeAn: ['RevisionRequested'],
  ConcludeAppraisal: ['UnderAppraisal'],
  ForwardToMinistry: ['BaseAppraised'],
  ApproveDeAn: ['Appraised'],
  RejectDeAn: REJECTABLE,
  SignContract: ['Approved'],
  PayAdvance: ['InImplementation'],
  ReportProgress: ['InImplementation'],
  ConfirmProgress: ['InImplementation'],
  RequestAdjustment: ['Approved', 'InImplementation', 'Suspended'],
  DecideAdjustment: ['Approved', 'InImplementation', 'Suspended'],
  RecordInspection: ['InImplementation', 'Suspended'],
  SuspendDeAn: ['InImplementation'],
  ResumeDeAn: ['Suspended'],
  StopDeAn: ['Approved', 'InImplementation', 'Suspended', 'AcceptanceFailed'],
  WithdrawDeAn: ['Registered', 'UnderAppraisal', 'RevisionRequested', 'BaseAppraised', 'Forwarded', 'Appraised', 'Approved'],
  CompleteDeAn: ['InImplementation', 'AcceptanceFailed'],
  RecordAcceptance: ACCEPTABLE,
  SettleDeAn: ['Accepted'],
} as const satisfies { readonly [C in DeAnCommandType]: readonly DeAnStatus[] };
