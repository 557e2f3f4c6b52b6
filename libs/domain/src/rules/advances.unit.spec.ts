/**
 * Advances (tạm ứng), TT 36/2013/TT-BCT Art. 12–14 as amended by TT 17/2018/TT-BCT:
 * the first advance's share and progress precondition by kind of activity, and the total
 * of all advances ≤ 70 % of the approved support.
 */
import { ADVANCE_RULES, InvalidCommandError, trieu, versionInForce } from '..';
import { budget, ev, HISTORY, implementingWith, proposal, sample } from '../testing/fixtures';
import { given } from '../testing/given-when-then';

const pay = (amount: number) => sample('PayAdvance', { amount });

describe('advances (TT 36/2013/TT-BCT Điều 12–14, TT 17/2018/TT-BCT)', () => {
  it('the policy in force carries its legal basis', () => {
    const policy = versionInForce(ADVANCE_RULES, '2026-03-05');
    expect(policy.legalBasis).toContain('TT 36/2013/TT-BCT');
    expect(policy.value.totalMaxShareBps).toBe(7_000);
  });

  describe('standard activities (training, consulting, fairs, media): first advance up to 70 %', () => {
    const training = proposal({ contentArea: '1', activity: '1.1', budget: budget(trieu(150), trieu(100)) });
    const history = implementingWith(training, trieu(100));

    it('pays 70 % at once without any progress report', () => {
      given(history)
        .when(pay(trieu(70)))
        .thenMatches([{ type: 'AdvancePaid', data: { totalAdvanced: trieu(70) } }]);
    });

    it('refuses a first advance above 70 %', () => {
      given(history)
        .when(pay(trieu(70) + 1))
        .thenViolates('advance-first-share', { limit: trieu(70) });
    });
  });

  describe('TT 36/2013 Art. 13.2.b: a cleaner-production (SXSH) assessment gets its 70 % up front, without the progress condition', () => {
    const assessment = proposal({ contentArea: '3', activity: '3.4', budget: budget(trieu(150), trieu(100)) });
    const history = implementingWith(assessment, trieu(100));

    it('pays 70 % before any progress report', () => {
      given(history)
        .when(pay(trieu(70)))
        .thenMatches([{ type: 'AdvancePaid', data: { totalAdvanced: trieu(70) } }]);
    });

    it('and not a đồng more', () => {
      given(history)
        .when(pay(trieu(70) + 1))
        .thenViolates('advance-first-share', { limit: trieu(70) });
    });
  });

  it('TTLT 26/2014 Art. 8.2.b sets the 70 % total from 08/4/2014; before it the same figure is a labelled policy default', () => {
    expect(versionInForce(ADVANCE_RULES, '2014-04-07').policyDefault).toBe(true);
    expect(versionInForce(ADVANCE_RULES, '2014-04-08').policyDefault).toBeUndefined();
    expect(versionInForce(ADVANCE_RULES, '2014-04-08').legalBasis).toContain('TTLT 26/2014/TTLT-BTC-BCT Điều 8.2.b');
    expect(versionInForce(ADVANCE_RULES, '2014-02-10').legalBasis).toMatch(/^TT 36\/2013/);
    expect(versionInForce(ADVANCE_RULES, '2014-02-09').legalBasis).toMatch(/^TT 46\/2012/);
  });

  describe('demonstration models and machinery: 70 % once more than 70 % of the investment is done', () => {
    const noProgress = HISTORY.Approved.concat([ev.contractSigned()]);

    it('refuses the first advance before any progress report', () => {
      given(noProgress)
        .when(pay(trieu(100)))
        .thenViolates('advance-progress', { progressPercent: 0, requiredAbove: 70 });
    });

    it('refuses it at exactly 70 % done', () => {
      given([...noProgress, ev.progressReported(70), ev.progressConfirmed(70)])
        .when(pay(trieu(100)))
        .thenViolates('advance-progress', { progressPercent: 70 });
    });

    it('pays it once progress is above 70 %', () => {
      given([...noProgress, ev.progressReported(71), ev.progressConfirmed(71)])
        .when(pay(trieu(100)))
        .thenMatches([{ type: 'AdvancePaid' }]);
    });

    it('TT 36/2013 Điều 23.3.a: the volume counts once the officer confirmed it, not as the beneficiary reported it', () => {
      given([...noProgress, ev.progressReported(85)])
        .when(pay(trieu(100)))
        .thenViolates('advance-progress', { progressPercent: 0, reportedPercent: 85 });
      // the officer confirms the latest report only, at the volume it states
      given([...noProgress, ev.progressReported(85)])
        .when(sample('ConfirmProgress', { period: '2026-01' }))
        .thenThrows(InvalidCommandError, { field: 'period' });
      given([...noProgress, ev.progressReported(85)])
        .when(sample('ConfirmProgress'))
        .thenMatches([{ type: 'ProgressConfirmed', data: { period: '2026-02', percentComplete: 85 } }]);
      given(noProgress).when(sample('ConfirmProgress')).thenThrows(InvalidCommandError, { field: 'period' });
      // a later, lower report does not lower what was confirmed until it is confirmed in its turn
      given([...noProgress, ev.progressReported(85), ev.progressConfirmed(85), ev.progressReported(60, '2026-03')])
        .when(pay(trieu(100)))
        .thenMatches([{ type: 'AdvancePaid' }]);
    });

    it('the first advance is still at most 70 % of the approved support', () => {
      given(HISTORY.InImplementation)
        .when(pay(trieu(175)))
        .thenMatches([{ type: 'AdvancePaid', data: { totalAdvanced: trieu(175) } }]);
      given(HISTORY.InImplementation)
        .when(pay(trieu(175) + 1))
        .thenViolates('advance-first-share', { limit: trieu(175) });
    });

    it('applies to demonstration models (3.1) too', () => {
      const model = proposal({ activity: '3.1', budget: budget(trieu(2_000), trieu(600)) });
      given(implementingWith(model, trieu(600), 60))
        .when(pay(trieu(100)))
        .thenViolates('advance-progress');
    });
  });

  describe('CCN infrastructure 7.4: first advance 30 % once progress exceeds 50 %', () => {
    const ccn = proposal({ contentArea: '7', activity: '7.4', budget: budget(trieu(3_000), trieu(1_000)) });

    it('refuses it at 50 % done', () => {
      given(implementingWith(ccn, trieu(1_000), 50))
        .when(pay(trieu(300)))
        .thenViolates('advance-progress', { requiredAbove: 50 });
    });

    it('pays 30 % above 50 % done, and not 1 đồng more', () => {
      given(implementingWith(ccn, trieu(1_000), 51))
        .when(pay(trieu(300)))
        .thenMatches([{ type: 'AdvancePaid' }]);
      given(implementingWith(ccn, trieu(1_000), 51))
        .when(pay(trieu(300) + 1))
        .thenViolates('advance-first-share', { limit: trieu(300) });
    });

    it('later advances may bring the total to 70 %', () => {
      const afterFirst = [...implementingWith(ccn, trieu(1_000), 60), ev.advancePaid(trieu(300))];
      given(afterFirst)
        .when(pay(trieu(400)))
        .thenMatches([{ type: 'AdvancePaid', data: { totalAdvanced: trieu(700) } }]);
      given(afterFirst)
        .when(pay(trieu(400) + 1))
        .thenViolates('advance-total', { limit: trieu(700) });
    });

    it('CCN pollution works 7.5 follow the same rule', () => {
      const works = proposal({ contentArea: '7', activity: '7.5', budget: budget(trieu(3_000), trieu(1_000)) });
      given(implementingWith(works, trieu(1_000), 80))
        .when(pay(trieu(300) + 1))
        .thenViolates('advance-first-share');
    });
  });

  describe('enterprise set-up 5.2: paid after acceptance, never advanced', () => {
    it('refuses any advance', () => {
      const setup = proposal({ contentArea: '5', activity: '5.2', budget: budget(trieu(30), trieu(10)) });
      given(implementingWith(setup, trieu(10), 100))
        .when(pay(1_000_000))
        .thenViolates('advance-after-acceptance');
    });
  });

  describe('total advances ≤ 70 % of the approved support', () => {
    it('allows advances up to 70 % in total and refuses 1 đồng more', () => {
      const afterFirst = [...HISTORY.InImplementation, ev.advancePaid(trieu(100))];
      given(afterFirst)
        .when(pay(trieu(75)))
        .thenMatches([{ type: 'AdvancePaid', data: { totalAdvanced: trieu(175) } }]);
      given(afterFirst)
        .when(pay(trieu(75) + 1))
        .thenViolates('advance-total', { advancesPaid: trieu(100), limit: trieu(175) });
    });

    it('a reduction of the approved support may not leave the advances above 70 % of it', () => {
      const reduce = ev.adjustmentRequested('adj-red', 'reduce-support', { approvedSupport: trieu(200) });
      given([...HISTORY.InImplementation, ev.advancePaid(trieu(175)), reduce])
        .when(sample('DecideAdjustment', { adjustmentId: 'adj-red' }))
        .thenViolates('advance-total', { advancesPaid: trieu(175), limit: trieu(140) });
      given([...HISTORY.InImplementation, ev.advancePaid(trieu(140)), reduce])
        .when(sample('DecideAdjustment', { adjustmentId: 'adj-red' }))
        .thenMatches([{ type: 'AdjustmentApproved', data: { approvedSupport: trieu(200) } }]);
    });
  });
});
