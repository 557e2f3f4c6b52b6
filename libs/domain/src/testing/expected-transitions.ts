/**
 * The commands each status accepts — EXPECTED is written from docs/DOMAIN.md's lifecycle, not from decide.ts:
 *   KCQG first goes through the Sở: its council's conclusion → BaseAppraised ─forward (before 15/6)→ Forwarded ─the
 *   Ministry's council→ UnderAppraisal again; and its acceptance: Completed ─the Sở's→ BaseAccepted ─the Ministry's→ Accepted
 *   Registered ─assign council→ UnderAppraisal ─request revision→ RevisionRequested ─revise→ UnderAppraisal
 *   UnderAppraisal: council members review; the chair/officer concludes (passed → Appraised, failed → Rejected)
 *   Appraised ─approve→ Approved ─sign contract→ InImplementation ─complete→ Completed ─accept→ Accepted ─settle→ Settled
 *   reject: UnderAppraisal / BaseAppraised / Forwarded / Appraised · withdraw: the applicant, before the contract
 *   suspend/resume: InImplementation ⇄ Suspended · stop: Approved / InImplementation / Suspended, and after a failed acceptance
 *   AcceptanceFailed → re-complete or stop
 *   advances, monthly progress reports and the officer's confirmation of them: during implementation (not while suspended)
 *   adjustments (điều chỉnh): from approval until completion — Approved, InImplementation, Suspended
 *   inspections: "any time during implementation" — InImplementation and Suspended
 *   terminal (Settled, Rejected, Withdrawn, Stopped): nothing
 */
import { DeAnCommandType, DeAnStatus } from '..';

export const EXPECTED: Readonly<Record<DeAnStatus, readonly DeAnCommandType[]>> = {
  Initial: ['RegisterDeAn'],
  Registered: ['AssignCouncil', 'WithdrawDeAn'],
  UnderAppraisal: ['SubmitReview', 'RequestRevision', 'ConcludeAppraisal', 'RejectDeAn', 'WithdrawDeAn'],
  RevisionRequested: ['ReviseDeAn', 'WithdrawDeAn'],
  BaseAppraised: ['ForwardToMinistry', 'RejectDeAn', 'WithdrawDeAn'],
  Forwarded: ['AssignCouncil', 'RejectDeAn', 'WithdrawDeAn'],
  Appraised: ['ApproveDeAn', 'RejectDeAn', 'WithdrawDeAn'],
  Approved: ['SignContract', 'RequestAdjustment', 'DecideAdjustment', 'StopDeAn', 'WithdrawDeAn'],
  InImplementation: [
    'PayAdvance',
    'ReportProgress',
    'ConfirmProgress',
    'RequestAdjustment',
    'DecideAdjustment',
    'RecordInspection',
    'SuspendDeAn',
    'StopDeAn',
    'CompleteDeAn',
  ],
  Suspended: ['ResumeDeAn', 'RequestAdjustment', 'DecideAdjustment', 'RecordInspection', 'StopDeAn'],
  Completed: ['RecordAcceptance'],
  BaseAccepted: ['RecordAcceptance'],
  AcceptanceFailed: ['CompleteDeAn', 'StopDeAn'],
  Accepted: ['SettleDeAn'],
  Settled: [],
  Rejected: [],
  Withdrawn: [],
  Stopped: [],
};
