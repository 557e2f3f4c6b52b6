/**
 * KCQG's two levels (TT 36/2013/TT-BCT Điều 8–10, 17): the Sở Công Thương appraises the dossier and
 * forwards it before 15/6; the Ministry's council appraises it again; the Ministry approves, the Cục signs
 * the contract; the Sở's base-level acceptance comes before the Cục's. KCĐP stays one level.
 */
import { NotPermittedError, trieu } from '..';
import { actors, appraisedWith, ev, HISTORY, implementingWith, proposal, sample } from '../testing/fixtures';
import { given } from '../testing/given-when-then';

const BASE_ROUND = [ev.registered(), ev.councilAssigned(), ev.reviewSubmitted(actors.chair.sub, 85), ev.reviewSubmitted(actors.member2.sub, 75)];

describe('two-level KCQG appraisal (TT 36/2013/TT-BCT Điều 8–10)', () => {
  it('TT 36/2013 Điều 8: the Sở council’s conclusion of a KCQG đề án is the base level — it goes on to the Ministry, not to approval', () => {
    const state = given(BASE_ROUND)
      .when(sample('ConcludeAppraisal', {}, { now: '2025-06-05' }))
      .thenMatches([{ type: 'BaseAppraisalConcluded', data: { result: 'passed', minutesNo: 'BB-TĐ-01' } }]);
    expect(state.status).toBe('BaseAppraised');
    given(BASE_ROUND)
      .when(sample('ConcludeAppraisal', {}, { actor: actors.cuc }))
      .thenThrows(NotPermittedError);
  });

  it('TT 36/2013 Điều 8: a dossier failing the base level is rejected there', () => {
    const state = given(BASE_ROUND)
      .when(sample('ConcludeAppraisal', { result: 'failed' }))
      .thenMatches([
        { type: 'BaseAppraisalConcluded', data: { result: 'failed' } },
        { type: 'DeAnRejected', data: { stage: 'appraisal' } },
      ]);
    expect(state.status).toBe('Rejected');
  });

  it('TT 36/2013 Điều 10: the Sở forwards it before 15/6 of the year before the plan year; on 15/6 it is too late', () => {
    const state = given(HISTORY.BaseAppraised)
      .when(sample('ForwardToMinistry', {}, { now: '2025-06-14' }))
      .then([
        {
          type: 'DossierForwarded',
          data: { dispatchNo: '456/SCT-KC', forwardedOn: '2025-06-14', deadline: '2025-06-15', legalBasis: 'TT 36/2013/TT-BCT Điều 6, Điều 10' },
        },
      ]);
    expect(state.status).toBe('Forwarded');
    given(HISTORY.BaseAppraised)
      .when(sample('ForwardToMinistry', {}, { now: '2025-06-15' }))
      .thenViolates('forward-deadline', { deadline: '2025-06-15', forwardedOn: '2025-06-15' });
  });

  it('TT 36/2013 Điều 10: only the Sở forwards; the Sở may also decline to (reject) before forwarding', () => {
    given(HISTORY.BaseAppraised)
      .when(sample('ForwardToMinistry', {}, { actor: actors.cuc }))
      .thenThrows(NotPermittedError);
    given(HISTORY.BaseAppraised)
      .when(sample('RejectDeAn', {}, { actor: actors.provinceApprover }))
      .thenMatches([{ type: 'DeAnRejected' }]);
    given(HISTORY.BaseAppraised)
      .when(sample('RejectDeAn', {}, { actor: actors.approver }))
      .thenThrows(NotPermittedError);
  });

  it('TT 36/2013 Điều 9: the Ministry assigns its own council to the forwarded dossier; the Sở may not', () => {
    const state = given(HISTORY.Forwarded)
      .when(sample('AssignCouncil', {}, { actor: actors.cuc }))
      .thenMatches([{ type: 'CouncilAssigned' }]);
    expect(state.status).toBe('UnderAppraisal');
    // the Sở's appraisal stays on the dossier behind the Ministry's round
    expect(state.status === 'UnderAppraisal' && 'baseAppraisal' in state.dossier).toBe(true);
    given(HISTORY.Forwarded)
      .when(sample('AssignCouncil', {}, { actor: actors.officer }))
      .thenThrows(NotPermittedError);
  });

  it('TT 36/2013 Điều 9–10: the Ministry council’s conclusion is the one that leads to approval, by the Ministry only', () => {
    const state = given(HISTORY.UnderAppraisal)
      .when(sample('ConcludeAppraisal'))
      .thenMatches([{ type: 'AppraisalConcluded' }]);
    expect(state.status).toBe('Appraised');
    given(HISTORY.Appraised)
      .when(sample('ApproveDeAn', {}, { actor: actors.provinceApprover }))
      .thenThrows(NotPermittedError);
    given(HISTORY.Appraised)
      .when(sample('ApproveDeAn'))
      .thenMatches([{ type: 'DeAnApproved' }]);
  });

  it('TT 36/2013 Điều 11: the Cục signs the contract of a KCQG đề án, not the Sở', () => {
    given(HISTORY.Approved)
      .when(sample('SignContract', {}, { actor: actors.officer }))
      .thenThrows(NotPermittedError);
    given(HISTORY.Approved)
      .when(sample('SignContract', {}, { actor: actors.cuc }))
      .thenMatches([{ type: 'ContractSigned' }]);
  });

  it('TT 36/2013 Điều 23: the Sở still inspects a KCQG đề án in its province', () => {
    given(HISTORY.InImplementation)
      .when(sample('RecordInspection', {}, { actor: actors.officer }))
      .thenMatches([{ type: 'InspectionRecorded' }]);
  });
});

describe('two-level KCQG acceptance (TT 36/2013/TT-BCT Điều 17)', () => {
  it('TT 36/2013 Điều 17: the Sở’s base-level acceptance comes first, then the Cục’s closes the results', () => {
    const base = given(HISTORY.Completed)
      .when(sample('RecordAcceptance'))
      .thenMatches([{ type: 'BaseAcceptancePassed', data: { minutesNo: 'BB-NT-01' } }]);
    expect(base.status).toBe('BaseAccepted');
    given(HISTORY.Completed)
      .when(sample('RecordAcceptance', {}, { actor: actors.cuc }))
      .thenThrows(NotPermittedError);
    given(HISTORY.BaseAccepted)
      .when(sample('RecordAcceptance', {}, { actor: actors.officer }))
      .thenThrows(NotPermittedError);
    const accepted = given(HISTORY.BaseAccepted)
      .when(sample('RecordAcceptance', { minutesNo: 'BB-NT-BCT' }, { actor: actors.cuc }))
      .thenMatches([{ type: 'AcceptancePassed', data: { minutesNo: 'BB-NT-BCT' } }]);
    expect(accepted.status).toBe('Accepted');
  });

  it('TT 36/2013 Điều 17: the Ministry may fail what the Sở accepted; a re-completion starts over at the base level', () => {
    const failed = given(HISTORY.BaseAccepted)
      .when(sample('RecordAcceptance', { result: 'failed' }, { actor: actors.cuc }))
      .thenMatches([{ type: 'AcceptanceFailed' }]);
    expect(failed.status).toBe('AcceptanceFailed');
    given([...HISTORY.BaseAccepted, ev.acceptance('failed'), ev.completed()])
      .when(sample('RecordAcceptance'))
      .thenMatches([{ type: 'BaseAcceptancePassed' }]);
  });
});

describe('KCĐP stays one level in the province', () => {
  const local = proposal({
    fundingSource: 'KCDP',
    level: 'province',
    activity: '3.3',
    budget: { ...proposal().budget, requestedSupport: trieu(250), counterpartFunds: trieu(750) },
  });

  it('its council’s conclusion leads to approval, by the province’s own staff', () => {
    const [registered, ...round] = appraisedWith(local).slice(0, -1);
    given([registered!, ...round])
      .when(sample('ConcludeAppraisal', { recommendedSupport: trieu(250) }, { actor: actors.officer }))
      .thenMatches([{ type: 'AppraisalConcluded' }]);
    given(appraisedWith(local))
      .when(sample('ApproveDeAn', {}, { actor: actors.provinceApprover }))
      .thenMatches([{ type: 'DeAnApproved' }]);
    given([...appraisedWith(local), ev.approved(trieu(250))])
      .when(sample('SignContract', {}, { actor: actors.officer }))
      .thenMatches([{ type: 'ContractSigned' }]);
    given([...implementingWith(local, trieu(250)), ev.completed()])
      .when(sample('RecordAcceptance', {}, { actor: actors.officer }))
      .thenMatches([{ type: 'AcceptancePassed' }]);
  });
});
