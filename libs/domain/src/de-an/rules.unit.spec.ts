/**
 * The decider's own business rules, each asserted by its rule id and legal basis:
 * appraisal-quorum, review-once, recommended-within-requested, approved-within-requested,
 * budget-consistency, accepted-cost-within-actual, stop-recovery.
 */
import { DEFAULT_RULES, InvalidCommandError, NATIONAL_SUPPORT_CAPS, ruleTable, trieu } from '..';
import { actors, budget, ev, HISTORY, implementingWith, proposal, sample } from '../testing/fixtures';
import { given } from '../testing/given-when-then';

describe('đề án business rules', () => {
  describe('appraisal-quorum: valid (non-conflicted) reviews from more than half of the council', () => {
    it('refuses a conclusion with 1 review of 3 members', () => {
      given([ev.registered(), ev.councilAssigned(), ev.reviewSubmitted(actors.chair.sub)])
        .when(sample('ConcludeAppraisal'))
        .thenViolates('appraisal-quorum', { validReviews: 1, members: 3 });
    });

    it('refuses a conclusion with no reviews, even a failing one', () => {
      given([ev.registered(), ev.councilAssigned()])
        .when(sample('ConcludeAppraisal', { result: 'failed' }))
        .thenViolates('appraisal-quorum', { validReviews: 0 });
    });

    it('conflicted reviews do not count', () => {
      given([
        ev.registered(),
        ev.councilAssigned(),
        ev.reviewSubmitted(actors.chair.sub, 80, true),
        ev.reviewSubmitted(actors.member2.sub, 80, true),
        ev.reviewSubmitted(actors.member3.sub, 80),
      ])
        .when(sample('ConcludeAppraisal'))
        .thenViolates('appraisal-quorum', { validReviews: 1, members: 3 });
    });

    it('a revision opens a new round: the earlier reviews no longer count', () => {
      given([...HISTORY.RevisionRequested, { type: 'DeAnRevised', data: { changes: {}, note: '', round: 1 } }])
        .when(sample('ConcludeAppraisal'))
        .thenViolates('appraisal-quorum', { validReviews: 0 });
    });
  });

  describe('review-once: a member reviews once per round', () => {
    it('refuses a second review by the same member', () => {
      given(HISTORY.UnderAppraisal)
        .when(sample('SubmitReview', {}, { actor: actors.member2 }))
        .thenViolates('review-once');
    });

    it('a member may review again after a revision', () => {
      given([...HISTORY.RevisionRequested, { type: 'DeAnRevised', data: { changes: {}, note: '', round: 1 } }])
        .when(sample('SubmitReview', {}, { actor: actors.member2 }))
        .thenMatches([{ type: 'ReviewSubmitted', data: { reviewer: actors.member2.sub } }]);
    });

    it('the score is an integer 0–100', () => {
      given(HISTORY.UnderAppraisal)
        .when(sample('SubmitReview', { score: 101 }))
        .thenThrows(InvalidCommandError, { field: 'score' });
      given(HISTORY.UnderAppraisal)
        .when(sample('SubmitReview', { score: 80.5 }))
        .thenThrows(InvalidCommandError, { field: 'score' });
    });
  });

  describe('recommended-within-requested', () => {
    it('the council may not recommend more than was requested', () => {
      given(HISTORY.UnderAppraisal)
        .when(sample('ConcludeAppraisal', { recommendedSupport: trieu(300) + 1 }))
        .thenViolates('recommended-within-requested', { requestedSupport: trieu(300) });
    });
  });

  describe('approved-within-requested', () => {
    it('approves exactly the requested support', () => {
      given(HISTORY.Appraised)
        .when(sample('ApproveDeAn', { approvedSupport: trieu(300) }))
        .thenMatches([{ type: 'DeAnApproved' }]);
    });

    it('refuses to approve more than requested', () => {
      given(HISTORY.Appraised)
        .when(sample('ApproveDeAn', { approvedSupport: trieu(300) + 1 }))
        .thenViolates('approved-within-requested', { approvedSupport: trieu(300) + 1, requestedSupport: trieu(300) });
    });

    it('refuses an increase of support beyond the requested support', () => {
      given([...HISTORY.InImplementation, ev.adjustmentRequested('adj-inc', 'increase-support', { approvedSupport: trieu(300) + 1 })])
        .when(sample('DecideAdjustment', { adjustmentId: 'adj-inc' }))
        .thenViolates('approved-within-requested', { approvedSupport: trieu(300) + 1 });
    });

    it('refuses a zero approval', () => {
      given(HISTORY.Appraised)
        .when(sample('ApproveDeAn', { approvedSupport: 0 }))
        .thenThrows(InvalidCommandError, { field: 'approvedSupport' });
    });
  });

  describe('adjustment decisions (regressions found by the property test)', () => {
    const approvedAdjustment = (adjustmentId: string, kind: 'increase-support', from: number, to: number) => ({
      type: 'AdjustmentApproved' as const,
      data: { adjustmentId, kind, decisionNo: '45/QĐ-BCT', approvedSupport: to, previousApprovedSupport: from },
    });

    it('an adjustment of another kind does not change the approved support, whatever its form carries', () => {
      // a change of location whose form also carries an approvedSupport of 1.000 triệu (> requested 300, > cap 300):
      // refused when requested, and ignored if such a request was ever recorded
      given(HISTORY.InImplementation)
        .when(
          sample('RequestAdjustment', {
            adjustmentId: 'adj-loc',
            kind: 'change-location',
            proposed: { changes: { locality: 'Yên Thế' }, approvedSupport: trieu(1_000) },
          }),
        )
        .thenThrows(InvalidCommandError, { field: 'proposed.approvedSupport' });
      const state = given([
        ...HISTORY.InImplementation,
        ev.adjustmentRequested('adj-loc', 'change-location', { changes: { locality: 'Yên Thế' }, approvedSupport: trieu(1_000) }),
      ])
        .when(sample('DecideAdjustment', { adjustmentId: 'adj-loc' }))
        .thenMatches([
          { type: 'AdjustmentApproved', data: { kind: 'change-location', approvedSupport: trieu(250), previousApprovedSupport: trieu(250) } },
        ]);
      expect(state.status === 'InImplementation' && state.dossier.approvedSupport).toBe(trieu(250));
    });

    it('an extension carrying a lower approvedSupport does not cut the support under the advances paid', () => {
      const state = given([
        ...HISTORY.InImplementation,
        ev.advancePaid(trieu(175)),
        ev.adjustmentRequested('adj-ext', 'extend-next-year', { endDate: '2027-03-31', approvedSupport: trieu(10) }),
      ])
        .when(sample('DecideAdjustment', { adjustmentId: 'adj-ext' }))
        .thenMatches([{ type: 'AdjustmentApproved', data: { approvedSupport: trieu(250), endDate: '2027-03-31' } }]);
      expect(state.status === 'InImplementation' && state.dossier.approvedSupport).toBe(trieu(250));
    });

    it('only an extension or a change of timing moves the contract end date', () => {
      const state = given([
        ...HISTORY.InImplementation,
        ev.adjustmentRequested('adj-p', 'change-partner', { changes: { partner: 'Công ty B' }, endDate: '2030-01-01' }),
      ])
        .when(sample('DecideAdjustment', { adjustmentId: 'adj-p' }))
        .then([
          {
            type: 'AdjustmentApproved',
            data: {
              adjustmentId: 'adj-p',
              kind: 'change-partner',
              decisionNo: '45/QĐ-KCT',
              approvedSupport: trieu(250),
              previousApprovedSupport: trieu(250),
            },
          },
        ]);
      expect(state.status === 'InImplementation' && state.dossier.contract.endDate).toBe('2026-09-30');
    });

    it('a stale increase that would now lower the support is judged against the advances paid', () => {
      // two increases were requested (260, then 300); 300 was decided, advances rose to 210 (70 % of 300);
      // deciding the older request for 260 now lowers the support: 210 > 70 % × 260 = 182
      given([
        ...HISTORY.InImplementation,
        ev.advancePaid(trieu(175)),
        ev.adjustmentRequested('adj-1', 'increase-support', { approvedSupport: trieu(260) }),
        ev.adjustmentRequested('adj-2', 'increase-support', { approvedSupport: trieu(300) }),
        approvedAdjustment('adj-2', 'increase-support', trieu(250), trieu(300)),
        ev.advancePaid(trieu(35), trieu(210)),
      ])
        .when(sample('DecideAdjustment', { adjustmentId: 'adj-1' }))
        .thenViolates('advance-total', { advancesPaid: trieu(210), limit: trieu(182) });
    });

    it('a stale reduction that would now raise the support is judged against the requested support and the cap', () => {
      const capped = proposal({ budget: budget(trieu(1_000), trieu(300)) });
      const history = [
        ...implementingWith(capped, trieu(300)),
        ev.adjustmentRequested('adj-1', 'reduce-support', { approvedSupport: trieu(280) }),
        ev.adjustmentRequested('adj-2', 'reduce-support', { approvedSupport: trieu(100) }),
        {
          type: 'AdjustmentApproved' as const,
          data: {
            adjustmentId: 'adj-2',
            kind: 'reduce-support' as const,
            decisionNo: 'x',
            approvedSupport: trieu(100),
            previousApprovedSupport: trieu(300),
          },
        },
      ];
      // raising 100 → 280 stays within requested 300 and the cap 300: allowed
      given(history)
        .when(sample('DecideAdjustment', { adjustmentId: 'adj-1' }))
        .thenMatches([{ type: 'AdjustmentApproved', data: { approvedSupport: trieu(280), previousApprovedSupport: trieu(100) } }]);
      // under a cap lowered to 200 triệu on the decision day it is refused
      const rules = {
        ...DEFAULT_RULES,
        nationalCaps: ruleTable('support-cap', 'Mức hỗ trợ tối đa', [
          ...NATIONAL_SUPPORT_CAPS.versions,
          {
            effectiveFrom: '2026-01-01',
            legalBasis: 'Thông tư sửa đổi giả định (kiểm thử)',
            value: { caps: { machinery: { maxShareBps: 5_000, maxAmount: trieu(200) } }, priorityFactor: { numerator: 3, denominator: 2 } },
          },
        ]),
      };
      given(history, { rules })
        .when(sample('DecideAdjustment', { adjustmentId: 'adj-1' }))
        .thenViolates('support-cap', { limit: trieu(200) });
    });
  });

  describe('budget-consistency: requested support + counterpart funds ≤ total cost', () => {
    it('refuses an inconsistent budget at registration', () => {
      given([])
        .when(
          sample('RegisterDeAn', {
            budget: { totalCost: trieu(1_000), requestedSupport: trieu(300), counterpartFunds: trieu(700) + 1, machineryValue: 0 },
          }),
        )
        .thenViolates('budget-consistency', { totalCost: trieu(1_000) });
    });

    it('accepts a budget with unallocated cost', () => {
      given([])
        .when(
          sample('RegisterDeAn', {
            budget: { totalCost: trieu(1_000), requestedSupport: trieu(300), counterpartFunds: trieu(600), machineryValue: 0 },
          }),
        )
        .thenMatches([{ type: 'DeAnRegistered' }]);
    });

    it('refuses an inconsistent budget in a revision', () => {
      given(HISTORY.RevisionRequested)
        .when(
          sample('ReviseDeAn', {
            changes: { budget: { totalCost: trieu(900), requestedSupport: trieu(300), counterpartFunds: trieu(700), machineryValue: 0 } },
          }),
        )
        .thenViolates('budget-consistency');
    });

    it('a revision is judged by the caps too', () => {
      given(HISTORY.RevisionRequested)
        .when(sample('ReviseDeAn', { changes: { budget: budget(trieu(500), trieu(300)) } }))
        .thenViolates('support-cap', { limit: trieu(250) });
    });
  });

  describe('accepted-cost-within-actual', () => {
    it('the accepted eligible cost may not exceed the actual cost', () => {
      given(HISTORY.BaseAccepted)
        .when(sample('RecordAcceptance', { acceptedCost: trieu(950) }, { actor: actors.cuc }))
        .thenMatches([{ type: 'AcceptancePassed' }]);
      given(HISTORY.Completed)
        .when(sample('RecordAcceptance', { acceptedCost: trieu(950) + 1 }))
        .thenViolates('accepted-cost-within-actual', { acceptedCost: trieu(950) + 1, actualCost: trieu(950) });
    });
  });

  describe('stop-recovery: what is recovered on a stop never exceeds the advances paid', () => {
    it('refuses to recover more than was advanced', () => {
      given([...HISTORY.InImplementation, ev.advancePaid(trieu(100))])
        .when(sample('StopDeAn', { recoverAmount: trieu(100) + 1 }))
        .thenViolates('stop-recovery', { recoverAmount: trieu(100) + 1, advancesPaid: trieu(100) });
    });

    it('nothing to recover when nothing was advanced', () => {
      given(HISTORY.Approved)
        .when(sample('StopDeAn', { recoverAmount: 1 }))
        .thenViolates('stop-recovery', { advancesPaid: 0 });
    });
  });

  describe('command guards', () => {
    it('money fields are integer đồng', () => {
      given(HISTORY.InImplementation)
        .when(sample('PayAdvance', { amount: 1.5 }))
        .thenThrows(InvalidCommandError, { field: 'amount' });
      given(HISTORY.InImplementation)
        .when(sample('PayAdvance', { amount: -1 }))
        .thenThrows(InvalidCommandError, { field: 'amount' });
    });

    it('dates are real calendar dates', () => {
      given(HISTORY.Approved)
        .when(sample('SignContract', { signedDate: '2025-02-30' }))
        .thenThrows(InvalidCommandError, { field: 'signedDate' });
      given(HISTORY.Approved)
        .when(sample('SignContract', { endDate: '2025-09-30' }))
        .thenThrows(InvalidCommandError, { field: 'endDate' });
    });

    it('a council needs its chair among its members', () => {
      given(HISTORY.Registered)
        .when(sample('AssignCouncil', { chair: 'nobody' }))
        .thenThrows(InvalidCommandError, { field: 'chair' });
    });
  });
});

describe('revision and adjustment forms carry only what their kind may change', () => {
  it('refuses a revision that changes the content area or funding source', () => {
    given(HISTORY.RevisionRequested)
      .when(sample('ReviseDeAn', { changes: { fundingSource: 'KCQG' } as never, note: 'đổi nguồn' }))
      .thenThrows(InvalidCommandError, { field: 'changes.fundingSource' });
  });

  it('refuses an end date on an adjustment that does not move the schedule', () => {
    given(HISTORY.InImplementation)
      .when(
        sample('RequestAdjustment', {
          adjustmentId: 'adj-x',
          kind: 'change-partner',
          proposed: { changes: { partner: 'B' }, endDate: '2030-01-01' },
        }),
      )
      .thenThrows(InvalidCommandError, { field: 'proposed.endDate' });
  });
});
