/**
 * NĐ 45/2012/NĐ-CP Điều 6: priority areas and sectors may receive "không quá 1,5 lần" the support —
 * decided by the approving authority. The applicant's claim raises the cap at registration (the
 * dossier may ask for it); only the approval's confirmation lets the approved support use it.
 */
import { InvalidCommandError, trieu } from '..';
import { appraisedWith, budget, HISTORY, proposal, sample } from '../testing/fixtures';
import { given } from '../testing/given-when-then';

// Machinery under TT 28/2018: 50 % and ≤ 300 triệu; 1.5×: 75 % and ≤ 450.
const claimed = proposal({ priorityArea: true, budget: budget(trieu(1_000), trieu(450)) });

describe('priority 1.5× is the approving authority’s decision (NĐ 45/2012 Điều 6)', () => {
  it('the claim lets the registration ask for 450 triệu', () => {
    given([])
      .when(sample('RegisterDeAn', claimed, { now: '2025-03-10T03:00:00Z' }))
      .thenMatches([{ type: 'DeAnRegistered' }]);
  });

  it('approved with the priority confirmed: 450 triệu within the 1.5× cap', () => {
    given(appraisedWith(claimed))
      .when(sample('ApproveDeAn', { approvedSupport: trieu(450), priorityConfirmed: true }))
      .thenMatches([{ type: 'DeAnApproved', data: { approvedSupport: trieu(450), capLimit: trieu(450), priorityConfirmed: true } }]);
  });

  it('approved without the confirmation: the plain cap, 300 triệu, and 450 is refused', () => {
    const error = given(appraisedWith(claimed))
      .when(sample('ApproveDeAn', { approvedSupport: trieu(450) }))
      .thenViolates('support-cap', { amount: trieu(450), limit: trieu(300) });
    expect(error.message).toContain('ưu tiên chưa được xác nhận');
  });

  it('a priority not granted is dropped from the dossier: later caps are the plain ones', () => {
    const state = given(appraisedWith(claimed))
      .when(sample('ApproveDeAn', { approvedSupport: trieu(300), priorityConfirmed: false }))
      .thenMatches([{ type: 'DeAnApproved', data: { capLimit: trieu(300), priorityConfirmed: false } }]);
    expect(state.status === 'Approved' && state.dossier.proposal.priorityArea).toBe(false);
  });

  it('a đề án that claims no priority records no confirmation', () => {
    const plain = proposal({ budget: budget(trieu(1_000), trieu(300)) });
    const state = given(appraisedWith(plain))
      .when(sample('ApproveDeAn', { approvedSupport: trieu(300), priorityConfirmed: true }))
      .thenMatches([{ type: 'DeAnApproved', data: { capLimit: trieu(300) } }]);
    expect(state.status === 'Approved' && state.dossier.proposal.priorityArea).toBe(false);
  });
});

describe('adjustments of timing (TT 36/2013/TT-BCT Điều 11.2.b)', () => {
  // the default proposal's plan year is 2026
  it('the Cục changes the timing within the financial year', () => {
    given(HISTORY.InImplementation)
      .when(sample('RequestAdjustment', { kind: 'change-timing', proposed: { endDate: '2026-12-15' } }))
      .thenMatches([{ type: 'AdjustmentRequested', data: { authority: 'department' } }]);
  });

  it('a change of timing into the next year is refused: that is the Minister’s extension', () => {
    given(HISTORY.InImplementation)
      .when(sample('RequestAdjustment', { kind: 'change-timing', proposed: { endDate: '2027-01-15' } }))
      .thenViolates('timing-within-year', { endDate: '2027-01-15', planYear: 2026 });
  });

  it('an extension into the next year goes to the Minister; one inside the year is not an extension', () => {
    given(HISTORY.InImplementation)
      .when(sample('RequestAdjustment', { kind: 'extend-next-year', proposed: { endDate: '2027-03-31' } }))
      .thenMatches([{ type: 'AdjustmentRequested', data: { authority: 'minister' } }]);
    given(HISTORY.InImplementation)
      .when(sample('RequestAdjustment', { kind: 'extend-next-year', proposed: { endDate: '2026-12-31' } }))
      .thenThrows(InvalidCommandError, { field: 'proposed.endDate' });
  });
});
