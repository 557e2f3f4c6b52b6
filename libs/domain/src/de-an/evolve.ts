/**
 * evolve(state, event) → state. Total and pure: an event that does not fit the state leaves it
 * unchanged (decide never produces one; a stream is only written through decide).
 */
import { DeAnEvent } from './events';
import { DeAnState } from './state';
import { assertNever } from '../shared/messages';

export const initialState = (): DeAnState => ({ status: 'Initial' });

export function evolve(state: DeAnState, event: DeAnEvent): DeAnState {
  switch (event.type) {
    case 'DeAnRegistered': {
      if (state.status !== 'Initial') return state;
      const { deAnId, organisation, registeredOn, supplementary: _supplementary, ...proposal } = event.data;
      return {
        status: 'Registered',
        dossier: {
          id: deAnId, organisation, proposal, registeredOn, reviews: [], revisionRounds: 0, approvedSupport: 0,
          advancesPaid: 0, advanceCount: 0, lastProgressPercent: null, pendingAdjustments: {}, inspections: 0, recoverAmount: 0,
        },
      };
    }
    case 'CouncilAssigned':
      if (state.status !== 'Registered') return state;
      return { status: 'UnderAppraisal', dossier: { ...state.dossier, council: event.data, reviews: [] } };
    case 'ReviewSubmitted': {
      if (state.status !== 'UnderAppraisal') return state;
      const { reviewer, score, recommendation, conflictOfInterest } = event.data;
      return { ...state, dossier: { ...state.dossier, reviews: [...state.dossier.reviews, { reviewer, score, recommendation, conflictOfInterest }] } };
    }
    case 'RevisionRequested':
      if (state.status !== 'UnderAppraisal') return state;
      return { status: 'RevisionRequested', dossier: state.dossier, revision: event.data };
    case 'DeAnRevised':
      if (state.status !== 'RevisionRequested') return state;
      return {
        status: 'UnderAppraisal',
        dossier: { ...state.dossier, proposal: { ...state.dossier.proposal, ...event.data.changes }, reviews: [], revisionRounds: event.data.round },
      };
    case 'AppraisalConcluded': {
      if (state.status !== 'UnderAppraisal') return state;
      const { result, recommendedSupport, machineryValuation, minutesNo } = event.data;
      return { status: 'Appraised', dossier: { ...state.dossier, appraisal: { result, recommendedSupport, machineryValuation, minutesNo } } };
    }
    case 'DeAnApproved': {
      if (state.status !== 'Appraised') return state;
      const { decisionNo, decisionDate, planId, approvedSupport } = event.data;
      return { status: 'Approved', dossier: { ...state.dossier, approval: { decisionNo, decisionDate, planId }, approvedSupport } };
    }
    case 'DeAnRejected':
      if (state.status !== 'UnderAppraisal' && state.status !== 'Appraised') return state;
      return { status: 'Rejected', dossier: state.dossier };
    case 'ContractSigned': {
      if (state.status !== 'Approved') return state;
      const { contractNo, signedDate, endDate } = event.data;
      return { status: 'InImplementation', dossier: { ...state.dossier, contract: { contractNo, signedDate, endDate } } };
    }
    case 'AdvancePaid':
      if (state.status !== 'InImplementation') return state;
      return {
        ...state,
        dossier: { ...state.dossier, advancesPaid: event.data.totalAdvanced, advanceCount: state.dossier.advanceCount + 1 },
      };
    case 'ProgressReported':
      if (state.status !== 'InImplementation') return state;
      return { ...state, dossier: { ...state.dossier, lastProgressPercent: event.data.percentComplete } };
    case 'AdjustmentRequested': {
      if (state.status !== 'Approved' && state.status !== 'InImplementation' && state.status !== 'Suspended') return state;
      const { adjustmentId, kind, proposed } = event.data;
      return { ...state, dossier: { ...state.dossier, pendingAdjustments: { ...state.dossier.pendingAdjustments, [adjustmentId]: { kind, proposed } } } } as DeAnState;
    }
    case 'AdjustmentApproved':
    case 'AdjustmentRejected': {
      if (state.status !== 'Approved' && state.status !== 'InImplementation' && state.status !== 'Suspended') return state;
      const { [event.data.adjustmentId]: _decided, ...pendingAdjustments } = state.dossier.pendingAdjustments;
      if (event.type === 'AdjustmentRejected') return { ...state, dossier: { ...state.dossier, pendingAdjustments } } as DeAnState;
      const { approvedSupport, endDate } = event.data;
      if (state.status === 'Approved') return { ...state, dossier: { ...state.dossier, pendingAdjustments, approvedSupport } };
      const contract = endDate ? { ...state.dossier.contract, endDate } : state.dossier.contract;
      return { ...state, dossier: { ...state.dossier, pendingAdjustments, approvedSupport, contract } };
    }
    case 'DeadlineMissed':
      return state; // a fact for the history and the reports; the đề án's own state does not change
    case 'InspectionRecorded':
      if (state.status !== 'InImplementation' && state.status !== 'Suspended') return state;
      return { ...state, dossier: { ...state.dossier, inspections: state.dossier.inspections + 1 } };
    case 'DeAnSuspended':
      if (state.status !== 'InImplementation') return state;
      return { status: 'Suspended', dossier: state.dossier };
    case 'DeAnResumed':
      if (state.status !== 'Suspended') return state;
      return { status: 'InImplementation', dossier: state.dossier };
    case 'DeAnStopped':
      if (!('dossier' in state)) return state;
      return { status: 'Stopped', dossier: { ...state.dossier, recoverAmount: event.data.recoverAmount } };
    case 'DeAnWithdrawn':
      if (!('dossier' in state)) return state;
      return { status: 'Withdrawn', dossier: state.dossier };
    case 'DeAnCompleted': {
      if (state.status === 'InImplementation') return { status: 'Completed', dossier: { ...state.dossier, completion: event.data } };
      if (state.status !== 'AcceptanceFailed') return state;
      const { acceptance: _failed, ...dossier } = state.dossier; // a re-completion awaits a new acceptance
      return { status: 'Completed', dossier: { ...dossier, completion: event.data } };
    }
    case 'AcceptancePassed':
      if (state.status !== 'Completed') return state;
      return { status: 'Accepted', dossier: { ...state.dossier, acceptance: { result: 'passed', ...event.data } } };
    case 'AcceptanceFailed':
      if (state.status !== 'Completed') return state;
      return { status: 'AcceptanceFailed', dossier: { ...state.dossier, acceptance: { result: 'failed', ...event.data } } };
    case 'DeAnSettled': {
      if (state.status !== 'Accepted') return state;
      const { settledSupport, payable, recoverable, decisionNo, date } = event.data;
      return { status: 'Settled', dossier: { ...state.dossier, settlement: { settledSupport, payable, recoverable, decisionNo, date } } };
    }
    default:
      return assertNever(event, 'đề án event');
  }
}
