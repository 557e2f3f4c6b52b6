/**
 * evolve(state, event) → state. Total and pure: an event that does not fit the state leaves it
 * unchanged (decide never produces one; a stream is only written through decide).
 */
import { withoutPriority } from './caps';
import { DeAnEvent } from './events';
import { DeAnState } from './state';
import { applies, statusAfter } from './status';
import { assertNever } from '../shared/messages';

export const initialState = (): DeAnState => ({ status: 'Initial' });

export function evolve(state: DeAnState, event: DeAnEvent): DeAnState {
  if (!applies(state.status, event.type)) return state;
  if (event.type === 'DeAnRegistered') {
    const { deAnId, organisation, registeredOn, supplementary: _supplementary, ...proposal } = event.data;
    return {
      status: 'Registered',
      dossier: {
        id: deAnId,
        organisation,
        proposal,
        registeredOn,
        reviews: [],
        revisionRounds: 0,
        approvedSupport: 0,
        advancesPaid: 0,
        advanceCount: 0,
        lastProgressPercent: null,
        lastProgressPeriod: null,
        confirmedProgressPercent: null,
        pendingAdjustments: {},
        inspections: 0,
        recoverAmount: 0,
      },
    };
  }
  if (state.status === 'Initial') return state; // only registration (and a deadline's miss) applies to no đề án yet
  // The status the transition table gives; each case adds what the event changes in the dossier.
  const status = statusAfter(state.status, event.type);
  const { dossier } = state;
  // The table let the event through, so the dossier has what the new status requires; what belonged to
  // the old status only (the revision asked for) goes with it.
  const next = (changes: object = {}, extra: object = {}) =>
    ({ ...(status === state.status ? state : {}), ...extra, status, dossier: { ...dossier, ...changes } }) as DeAnState;
  switch (event.type) {
    case 'CouncilAssigned':
      return next({ council: event.data, reviews: [] });
    case 'ReviewSubmitted': {
      const { reviewer, score, recommendation, conflictOfInterest } = event.data;
      return next({ reviews: [...dossier.reviews, { reviewer, score, recommendation, conflictOfInterest }] });
    }
    case 'RevisionRequested':
      return next({}, { revision: event.data });
    case 'DeAnRevised':
      return next({ proposal: { ...dossier.proposal, ...event.data.changes }, reviews: [], revisionRounds: event.data.round });
    case 'BaseAppraisalConcluded':
    case 'AppraisalConcluded': {
      const { result, recommendedSupport, machineryValuation, minutesNo } = event.data;
      const appraisal = { result, recommendedSupport, machineryValuation, minutesNo };
      return next(event.type === 'AppraisalConcluded' ? { appraisal } : { baseAppraisal: appraisal });
    }
    case 'DossierForwarded': {
      const { dispatchNo, forwardedOn } = event.data;
      return next({ forwarding: { dispatchNo, forwardedOn } });
    }
    case 'DeAnApproved': {
      const { decisionNo, decisionDate, planId, approvedSupport, priorityConfirmed } = event.data;
      // A priority the authority did not grant is no longer the đề án's: later caps are the plain ones.
      const proposal = priorityConfirmed === false ? withoutPriority(dossier.proposal) : dossier.proposal;
      return next({ approval: { decisionNo, decisionDate, planId }, approvedSupport, proposal });
    }
    case 'ContractSigned': {
      const { contractNo, signedDate, endDate } = event.data;
      return next({ contract: { contractNo, signedDate, endDate } });
    }
    case 'AdvancePaid':
      return next({ advancesPaid: event.data.totalAdvanced, advanceCount: dossier.advanceCount + 1 });
    case 'ProgressReported':
      return next({ lastProgressPercent: event.data.percentComplete, lastProgressPeriod: event.data.period });
    case 'ProgressConfirmed':
      return next({ confirmedProgressPercent: event.data.percentComplete });
    case 'AdjustmentRequested': {
      const { adjustmentId, kind, proposed } = event.data;
      return next({ pendingAdjustments: { ...dossier.pendingAdjustments, [adjustmentId]: { kind, proposed } } });
    }
    case 'AdjustmentApproved':
    case 'AdjustmentRejected': {
      const { [event.data.adjustmentId]: _decided, ...pendingAdjustments } = dossier.pendingAdjustments;
      if (event.type === 'AdjustmentRejected') return next({ pendingAdjustments });
      const { approvedSupport, endDate } = event.data;
      // Before the contract there is no end date to move.
      const contract = 'contract' in dossier && endDate ? { contract: { ...dossier.contract, endDate } } : {};
      return next({ pendingAdjustments, approvedSupport, ...contract });
    }
    case 'InspectionRecorded':
      return next({ inspections: dossier.inspections + 1 });
    case 'DeAnStopped':
      return next({ recoverAmount: event.data.recoverAmount });
    case 'DeAnCompleted': {
      // A re-completion after a failed acceptance awaits a new acceptance.
      const { acceptance: _failed, baseAcceptance: _base, ...rest } = dossier as typeof dossier & { acceptance?: unknown; baseAcceptance?: unknown };
      return { status, dossier: { ...rest, completion: event.data } } as DeAnState;
    }
    case 'BaseAcceptancePassed':
      return next({ baseAcceptance: { result: 'passed', ...event.data } });
    case 'AcceptancePassed':
      return next({ acceptance: { result: 'passed', ...event.data } });
    case 'AcceptanceFailed':
      return next({ acceptance: { result: 'failed', ...event.data } });
    case 'DeAnSettled': {
      const { settledSupport, payable, recoverable, decisionNo, date } = event.data;
      return next({ settlement: { settledSupport, payable, recoverable, decisionNo, date } });
    }
    case 'DeAnRejected':
    case 'DeAnSuspended':
    case 'DeAnResumed':
    case 'DeAnWithdrawn':
    case 'DeadlineMissed':
      return next();
    default:
      return assertNever(event, 'đề án event');
  }
}
