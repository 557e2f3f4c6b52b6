/**
 * Money is integer đồng: shares are exact (BigInt, rounded down) for any safe integer, and
 * reports show triệu đồng with one decimal in Vietnamese notation, rounded half up.
 */
import fc from 'fast-check';
import { formatTrieu, InvalidCommandError, isDong, minDong, requireDong, scale, shareOf, sumDong, trieu, TRIEU, WHOLE } from '..';

describe('money (integer đồng)', () => {
  describe('shareOf(amount, bps) = floor(amount × bps / 10.000), exact', () => {
    it('computes ordinary shares', () => {
      expect(shareOf(trieu(250), 7_000)).toBe(trieu(175));
      expect(shareOf(trieu(1_000), 3_000)).toBe(trieu(300));
      expect(shareOf(333_333_333, 5_000)).toBe(166_666_666);
      expect(shareOf(1, 9_999)).toBe(0);
      expect(shareOf(0, WHOLE)).toBe(0);
    });

    it('is exact for amounts near Number.MAX_SAFE_INTEGER, where float arithmetic is not', () => {
      const max = Number.MAX_SAFE_INTEGER; // 9.007.199.254.740.991 đồng
      expect((max * 7_000) / 10_000).toBe(6_305_039_478_318_694); // the float result is off by one …
      expect(shareOf(max, 7_000)).toBe(6_305_039_478_318_693); // … the exact floor is not
      expect(shareOf(9_000_000_000_000_001, 5_000)).toBe(4_500_000_000_000_000);
      expect(shareOf(max, WHOLE)).toBe(max);
    });

    it('never exceeds the exact share and is within 1 đồng of it (property)', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: WHOLE }), (amount, bps) => {
          const share = shareOf(amount, bps);
          expect(Number.isSafeInteger(share)).toBe(true);
          const exact = BigInt(amount) * BigInt(bps);
          expect(BigInt(share) * 10_000n <= exact).toBe(true);
          expect(exact - BigInt(share) * 10_000n < 10_000n).toBe(true);
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('scale(amount, n, d) = floor(amount × n / d), exact', () => {
    it('applies the 1.5× priority factor', () => {
      expect(scale(trieu(300), 3, 2)).toBe(trieu(450));
      expect(scale(3_000, 3, 2)).toBe(4_500);
      expect(scale(1, 3, 2)).toBe(1);
    });

    it('is exact for large amounts', () => {
      const max = Number.MAX_SAFE_INTEGER;
      expect((max * 2) / 3).toBe(6_004_799_503_160_661);
      expect(scale(max, 2, 3)).toBe(6_004_799_503_160_660);
      expect(scale(6_000_000_000_000_001, 3, 2)).toBe(9_000_000_000_000_001);
    });
  });

  describe('formatTrieu: triệu đồng, one decimal, Vietnamese separators, half up at 100.000 đồng', () => {
    it.each([
      [1_389_600_000, '1.389,6'],
      [1_389_550_000, '1.389,6'],
      [1_389_549_999, '1.389,5'],
      [0, '0,0'],
      [49_999, '0,0'],
      [50_000, '0,1'],
      [trieu(300), '300,0'],
      [trieu(6_000), '6.000,0'],
      [1_234_567_890_000, '1.234.567,9'],
      [-1_389_550_000, '-1.389,6'],
    ])('%i đồng → "%s"', (amount, text) => {
      expect(formatTrieu(amount)).toBe(text);
    });
  });

  describe('requireDong: a non-negative safe integer of đồng', () => {
    it('accepts integer đồng', () => {
      expect(requireDong(0, 'x')).toBe(0);
      expect(requireDong(trieu(300), 'x')).toBe(trieu(300));
      expect(requireDong(Number.MAX_SAFE_INTEGER, 'x')).toBe(Number.MAX_SAFE_INTEGER);
    });

    it.each([
      ['a float', 1.5],
      ['a negative amount', -1],
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['an unsafe integer', Number.MAX_SAFE_INTEGER + 1],
      ['a numeric string', '1000'],
      ['null', null],
      ['undefined', undefined],
    ])('rejects %s', (_label, value) => {
      expect(() => requireDong(value, 'budget.totalCost')).toThrow(InvalidCommandError);
      expect(() => requireDong(value, 'budget.totalCost')).toThrow(/^budget\.totalCost: /);
      expect(isDong(value)).toBe(false);
    });
  });

  describe('helpers', () => {
    it('trieu() takes whole millions', () => {
      expect(trieu(1)).toBe(TRIEU);
      expect(() => trieu(1.5)).toThrow(RangeError);
    });

    it('minDong and sumDong', () => {
      expect(minDong(5, 3, 9)).toBe(3);
      expect(minDong(7)).toBe(7);
      expect(sumDong([trieu(1), trieu(2), 3])).toBe(3_000_003);
      expect(sumDong([])).toBe(0);
    });
  });
});
