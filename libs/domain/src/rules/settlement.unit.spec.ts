/**
 * Settlement (quyết toán): settled support ≤ min(approved as adjusted, accepted cost × the
 * activity's support share, cap); payable = settled − advances, or recoverable when negative.
 */
import { CapDecision, settlementBalance, settlementCeiling, trieu } from '..';
import { ev, HISTORY, sample } from '../testing/fixtures';
import { given } from '../testing/given-when-then';

const machineryCap: CapDecision = {
  limit: trieu(300),
  shareBps: 5_000,
  maxAmount: trieu(300),
  ruleId: 'support-cap',
  legalBasis: 'TT 28/2018/TT-BTC Điều 8',
};

describe('settlement formula', () => {
  describe('ceiling = min(approved, accepted cost × share, cap)', () => {
    it('the approved support binds', () => {
      expect(settlementCeiling(trieu(250), trieu(900), machineryCap)).toBe(trieu(250));
    });

    it('the accepted cost × share binds', () => {
      expect(settlementCeiling(trieu(250), trieu(400), machineryCap)).toBe(trieu(200));
      expect(settlementCeiling(trieu(250), 333_333_333, machineryCap)).toBe(166_666_666); // rounded down
    });

    it('the cap binds', () => {
      expect(settlementCeiling(trieu(450), trieu(2_000), machineryCap)).toBe(trieu(300));
    });

    it('without an amount cap, min(approved, accepted × share)', () => {
      const training: CapDecision = { limit: null, shareBps: 10_000, maxAmount: null, ruleId: 'support-cap', legalBasis: 'x' };
      expect(settlementCeiling(trieu(100), trieu(80), training)).toBe(trieu(80));
      expect(settlementCeiling(trieu(100), trieu(120), training)).toBe(trieu(100));
    });
  });

  describe('payable / recoverable', () => {
    it('payable = settled − advances when the settlement exceeds the advances', () => {
      expect(settlementBalance(trieu(240), trieu(100))).toEqual({ payable: trieu(140), recoverable: 0 });
    });

    it('recoverable = advances − settled when the advances exceed the settlement', () => {
      expect(settlementBalance(trieu(150), trieu(175))).toEqual({ payable: 0, recoverable: trieu(25) });
    });

    it('nothing either way when they are equal', () => {
      expect(settlementBalance(trieu(175), trieu(175))).toEqual({ payable: 0, recoverable: 0 });
    });
  });

  describe('SettleDeAn', () => {
    it('settles exactly at the ceiling', () => {
      given(HISTORY.Accepted)
        .when(sample('SettleDeAn', { settledSupport: trieu(250) }))
        .thenMatches([{ type: 'DeAnSettled', data: { settledSupport: trieu(250), ceiling: trieu(250), payable: trieu(150) } }]);
    });

    it('violates settlement-formula above the ceiling', () => {
      const error = given(HISTORY.Accepted)
        .when(sample('SettleDeAn', { settledSupport: trieu(250) + 1 }))
        .thenViolates('settlement-formula', { ceiling: trieu(250), approvedSupport: trieu(250), acceptedCost: trieu(900) });
      expect(error.legalBasis).toContain('TT 36/2013/TT-BCT');
    });

    it('the accepted cost × 50 % limits a machinery settlement', () => {
      const history = [...HISTORY.InImplementation, ev.advancePaid(trieu(100)), ev.completed(trieu(450)), ev.acceptance('passed', trieu(400))];
      given(history)
        .when(sample('SettleDeAn', { settledSupport: trieu(200) }))
        .thenMatches([{ type: 'DeAnSettled', data: { ceiling: trieu(200), payable: trieu(100), recoverable: 0 } }]);
      given(history)
        .when(sample('SettleDeAn', { settledSupport: trieu(200) + 1 }))
        .thenViolates('settlement-formula', { ceiling: trieu(200) });
    });

    it('the approved support as adjusted is the ceiling', () => {
      const reduced = [
        ...HISTORY.InImplementation,
        ev.adjustmentRequested('adj-red', 'reduce-support', { approvedSupport: trieu(220) }),
        {
          type: 'AdjustmentApproved' as const,
          data: {
            adjustmentId: 'adj-red',
            kind: 'reduce-support' as const,
            decisionNo: 'x',
            approvedSupport: trieu(220),
            previousApprovedSupport: trieu(250),
          },
        },
        ev.completed(),
        ev.acceptance('passed'),
      ];
      given(reduced)
        .when(sample('SettleDeAn', { settledSupport: trieu(220) + 1 }))
        .thenViolates('settlement-formula', { ceiling: trieu(220) });
    });
  });
});
