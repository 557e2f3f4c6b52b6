/**
 * Group đề án (TT 36/2013/TT-BCT Điều 10–11): one đề án supports several establishments; the amount
 * ceiling holds per establishment, the share ceiling on the đề án's total cost.
 */
import { deAnDecider, Establishment, InvalidCommandError, trieu } from '..';
import { appraisedWith, budget, proposal, sample } from '../testing/fixtures';
import { given } from '../testing/given-when-then';

const est = (name: string, support: number, taxCode?: string): Establishment => ({
  name,
  kind: 'household',
  support,
  ...(taxCode ? { taxCode } : {}),
});
// Machinery under TT 28/2018: 50 % of the cost, ≤ 300 triệu per establishment.
const three = [est('Hộ Nguyễn Văn A', trieu(300), '4100000001'), est('Hộ Trần Thị B', trieu(250), '4100000002'), est('Hộ Lê Văn C', trieu(200))];
const group = proposal({ budget: budget(trieu(1_600), trieu(750), trieu(1_400)), establishments: three });
const REGISTERED_ON = '2025-03-01T03:00:00Z';

describe('group đề án (TT 36/2013/TT-BCT Điều 10–11)', () => {
  it('three establishments: 750 triệu in all, above one establishment’s 300 but within 3 × 300, is registered', () => {
    given([])
      .when(sample('RegisterDeAn', group, { now: REGISTERED_ON }))
      .thenMatches([{ type: 'DeAnRegistered', data: { establishments: three, budget: { requestedSupport: trieu(750) } } }]);
  });

  it('TT 28/2018 Điều 8: one establishment above its own 300 triệu is refused, named', () => {
    const over = [est('Hộ A', trieu(350)), est('Hộ B', trieu(200)), est('Hộ C', trieu(200))];
    given([])
      .when(sample('RegisterDeAn', { ...group, establishments: over }, { now: REGISTERED_ON }))
      .thenViolates('support-cap', { establishment: 0, amount: trieu(350), limit: trieu(300) });
  });

  it('TT 28/2018 Điều 8: the 50 % share still holds on the whole đề án', () => {
    given([])
      .when(sample('RegisterDeAn', { ...group, budget: budget(trieu(1_400), trieu(750), trieu(1_200)) }, { now: REGISTERED_ON }))
      .thenViolates('support-cap', { amount: trieu(750), limit: trieu(700) });
  });

  it('the supports of the establishments must add up to the requested support', () => {
    given([])
      .when(sample('RegisterDeAn', { ...group, budget: budget(trieu(1_600), trieu(700), trieu(1_400)) }, { now: REGISTERED_ON }))
      .thenThrows(InvalidCommandError, { field: 'establishments' });
  });

  it('an empty list is no group: the beneficiary is the one establishment, and the event carries no list', () => {
    const state = given([])
      .when(sample('RegisterDeAn', proposal({ establishments: [] }), { now: REGISTERED_ON }))
      .thenMatches([{ type: 'DeAnRegistered' }]);
    expect(state.status === 'Registered' && state.dossier.proposal.establishments).toBeUndefined();
  });

  it('a group has two establishments at least, and no tax code twice', () => {
    given([])
      .when(
        sample('RegisterDeAn', { ...group, budget: budget(trieu(600), trieu(300), trieu(500)), establishments: [three[0]!] }, { now: REGISTERED_ON }),
      )
      .thenThrows(InvalidCommandError, { field: 'establishments' });
    const twice = [three[0]!, { ...three[1]!, taxCode: three[0]!.taxCode! }, three[2]!];
    given([])
      .when(sample('RegisterDeAn', { ...group, establishments: twice }, { now: REGISTERED_ON }))
      .thenThrows(InvalidCommandError, { field: 'establishments[1].taxCode' });
  });

  it('approval judges by the same ceilings: 750 approved; the cap min(50 % of 1.600, 3 × 300) = 800 recorded', () => {
    given(appraisedWith(group))
      .when(sample('ApproveDeAn', { approvedSupport: trieu(750) }))
      .thenMatches([{ type: 'DeAnApproved', data: { approvedSupport: trieu(750), capLimit: trieu(800) } }]);
  });
});

describe('activities without state funding (docs/DOMAIN.md, "Second pass")', () => {
  // a staff member joining a Ministry delegation abroad: recorded and reported, the Ministry pays
  const delegation = proposal({ contentArea: '8', activity: '8.3', budget: budget(trieu(0), 0) });

  it('is registered with zero support', () => {
    given([])
      .when(sample('RegisterDeAn', delegation, { now: REGISTERED_ON }))
      .thenMatches([{ type: 'DeAnRegistered', data: { budget: { requestedSupport: 0 } } }]);
  });

  it('is approved at 0 into its plan, committing nothing of it', () => {
    const history = [...appraisedWith(delegation)];
    const before = history.reduce((s, e) => deAnDecider().evolve(s, e), deAnDecider().initialState());
    const approved = deAnDecider().decide(sample('ApproveDeAn', { approvedSupport: 0 }), before);
    expect(approved).toMatchObject([{ type: 'DeAnApproved', data: { approvedSupport: 0 } }]);
    expect(deAnDecider().planEffects!(before, approved)).toEqual([]);
  });

  it('and at nothing but 0', () => {
    given(appraisedWith(delegation))
      .when(sample('ApproveDeAn', { approvedSupport: trieu(10) }))
      .thenThrows(InvalidCommandError, { field: 'approvedSupport' });
  });
});
