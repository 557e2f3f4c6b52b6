/**
 * Support caps (mức hỗ trợ tối đa), TT 28/2018/TT-BTC Art. 8, the 1.5× priority factor of
 * NĐ 45/2012 Art. 6, and per-province KCĐP tables that replace the national caps for KCĐP only.
 */
import { CapSchedule, DEFAULT_RULES, RuleBook, ruleTable, supportCap, trieu } from '..';
import { budget, HISTORY, proposal, sample } from '../testing/fixtures';
import { given } from '../testing/given-when-then';

/** Register a đề án (KCQG plan year 2026, registered 10/03/2025, inside the window). */
const register = (overrides: Parameters<typeof proposal>[0], rules?: RuleBook) => {
  const p = proposal(overrides);
  return given([], { rules }).when(sample('RegisterDeAn', p));
};

describe('support caps (TT 28/2018/TT-BTC Điều 8)', () => {
  describe('machinery 3.3: ≤ 50 % of cost and ≤ 300 triệu', () => {
    it('accepts 300 triệu of a 1.000 triệu đề án (the amount cap binds)', () => {
      register({ budget: budget(trieu(1_000), trieu(300)) }).thenMatches([{ type: 'DeAnRegistered' }]);
    });

    it('refuses 1 đồng above 300 triệu', () => {
      const error = register({ budget: budget(trieu(1_000), trieu(300) + 1) }).thenViolates('support-cap', {
        amount: trieu(300) + 1,
        limit: trieu(300),
      });
      expect(error.legalBasis).toContain('TT 28/2018/TT-BTC');
      expect(error.message).toContain('300,0 triệu đồng');
    });

    it('refuses more than 50 % of a 500 triệu đề án (the share cap binds)', () => {
      register({ budget: budget(trieu(500), trieu(250)) }).thenMatches([{ type: 'DeAnRegistered' }]);
      register({ budget: budget(trieu(500), trieu(250) + 1) }).thenViolates('support-cap', { limit: trieu(250) });
    });

    it('3.2 technology transfer has the same caps', () => {
      register({ activity: '3.2', budget: budget(trieu(1_000), trieu(301)) }).thenViolates('support-cap', { limit: trieu(300) });
    });
  });

  describe('demonstration model 3.1: ≤ 30 % of cost and ≤ 1.000 triệu', () => {
    it('binds at 30 % of a 2.000 triệu đề án', () => {
      register({ activity: '3.1', budget: budget(trieu(2_000), trieu(600)) }).thenMatches([{ type: 'DeAnRegistered' }]);
      register({ activity: '3.1', budget: budget(trieu(2_000), trieu(601)) }).thenViolates('support-cap', { limit: trieu(600) });
    });

    it('binds at 1.000 triệu for a 5.000 triệu đề án', () => {
      register({ activity: '3.1', budget: budget(trieu(5_000), trieu(1_000)) }).thenMatches([{ type: 'DeAnRegistered' }]);
      register({ activity: '3.1', budget: budget(trieu(5_000), trieu(1_000) + 1) }).thenViolates('support-cap', { limit: trieu(1_000) });
    });
  });

  describe('priority areas and sectors: up to 1.5× (NĐ 45/2012 Điều 6)', () => {
    it('raises the machinery cap to 75 % and 450 triệu', () => {
      register({ priorityArea: true, budget: budget(trieu(1_000), trieu(450)) }).thenMatches([{ type: 'DeAnRegistered' }]);
      register({ prioritySector: true, budget: budget(trieu(1_000), trieu(450)) }).thenMatches([{ type: 'DeAnRegistered' }]);
      register({ priorityArea: true, budget: budget(trieu(1_000), trieu(450) + 1) }).thenViolates('support-cap', { limit: trieu(450) });
      register({ priorityArea: true, budget: budget(trieu(400), trieu(300) + 1) }).thenViolates('support-cap', { limit: trieu(300) });
    });

    it('the same amount without priority is over the cap', () => {
      register({ budget: budget(trieu(1_000), trieu(450)) }).thenViolates('support-cap', { limit: trieu(300) });
    });

    it('raises the demonstration-model cap to 45 % and 1.500 triệu', () => {
      const cap = supportCap({
        kind: 'demonstration-model',
        fundingSource: 'KCQG',
        level: 'central',
        province: '24',
        priority: true,
        totalCost: trieu(2_000),
        day: '2025-03-10',
      });
      expect(cap).toMatchObject({ limit: trieu(900), shareBps: 4_500, maxAmount: trieu(1_500), ruleId: 'support-cap' });
    });
  });

  describe('typical-product contest 4.4: central round 400 triệu, regional 200 triệu', () => {
    it('a central round may receive 400 triệu', () => {
      register({ contentArea: '4', activity: '4.4', level: 'central', budget: budget(trieu(600), trieu(400)) }).thenMatches([
        { type: 'DeAnRegistered' },
      ]);
      register({ contentArea: '4', activity: '4.4', level: 'central', budget: budget(trieu(600), trieu(400) + 1) }).thenViolates('support-cap', {
        limit: trieu(400),
      });
    });

    it('a province round is capped at 200 triệu', () => {
      register({ contentArea: '4', activity: '4.4', level: 'province', budget: budget(trieu(600), trieu(200)) }).thenMatches([
        { type: 'DeAnRegistered' },
      ]);
      register({ contentArea: '4', activity: '4.4', level: 'province', budget: budget(trieu(600), trieu(201)) }).thenViolates('support-cap', {
        limit: trieu(200),
      });
    });
  });

  describe('enterprise set-up 5.2: ≤ 10 triệu per enterprise', () => {
    it('accepts 10 triệu and refuses 1 đồng more', () => {
      register({ contentArea: '5', activity: '5.2', budget: budget(trieu(30), trieu(10)) }).thenMatches([{ type: 'DeAnRegistered' }]);
      register({ contentArea: '5', activity: '5.2', budget: budget(trieu(30), trieu(10) + 1) }).thenViolates('support-cap', { limit: trieu(10) });
    });
  });

  describe('activities without a cap', () => {
    it('training has no ceiling; foreign-fair participation may reach 100 %', () => {
      const base = { fundingSource: 'KCQG', level: 'central', province: '24', priority: false, totalCost: trieu(500), day: '2025-03-10' } as const;
      expect(supportCap({ ...base, kind: 'training' })).toMatchObject({ limit: null, shareBps: 10_000, maxAmount: null });
      expect(supportCap({ ...base, kind: 'fair-participation' })).toMatchObject({ limit: trieu(500), shareBps: 10_000 });
    });
  });

  describe('per-province KCĐP tables (HĐND resolutions) in a custom RuleBook', () => {
    const dongThap: CapSchedule = {
      caps: { machinery: { maxShareBps: 4_000, maxAmount: trieu(200) } },
      priorityFactor: { numerator: 1, denominator: 1 },
    };
    const generous: CapSchedule = {
      caps: { machinery: { maxShareBps: 6_000, maxAmount: trieu(500) } },
      priorityFactor: { numerator: 3, denominator: 2 },
    };
    const rules: RuleBook = {
      ...DEFAULT_RULES,
      provinceCaps: {
        '82': ruleTable('support-cap:82', 'Mức hỗ trợ KCĐP tỉnh Đồng Tháp', [
          { effectiveFrom: '2024-07-01', legalBasis: 'NQ 08/2024/NQ-HĐND tỉnh Đồng Tháp', value: dongThap },
        ]),
        '66': ruleTable('support-cap:66', 'Mức hỗ trợ KCĐP tỉnh Đắk Lắk', [
          { effectiveFrom: '2025-01-01', legalBasis: 'NQ HĐND tỉnh Đắk Lắk 2025', value: generous },
        ]),
      },
    };
    const kcdp = (province: string, requested: number) =>
      register({ fundingSource: 'KCDP', level: 'province', province, budget: budget(trieu(1_000), requested) }, rules);

    it('a KCĐP đề án of the province is judged by the province table', () => {
      kcdp('82', trieu(200)).thenMatches([{ type: 'DeAnRegistered' }]);
      const error = kcdp('82', trieu(200) + 1).thenViolates('support-cap:82', { limit: trieu(200) });
      expect(error.legalBasis).toBe('NQ 08/2024/NQ-HĐND tỉnh Đồng Tháp');
    });

    it('a province table may also set caps above the national ones', () => {
      kcdp('66', trieu(500)).thenMatches([{ type: 'DeAnRegistered' }]);
      kcdp('66', trieu(500) + 1).thenViolates('support-cap:66', { limit: trieu(500) });
    });

    it('a KCQG đề án in the same province keeps the national caps', () => {
      register({ fundingSource: 'KCQG', province: '82', budget: budget(trieu(1_000), trieu(300)) }, rules).thenMatches([{ type: 'DeAnRegistered' }]);
      register({ fundingSource: 'KCQG', province: '82', budget: budget(trieu(1_000), trieu(301)) }, rules).thenViolates('support-cap');
    });

    it('a KCĐP đề án of a province without a table keeps the national caps', () => {
      kcdp('24', trieu(300)).thenMatches([{ type: 'DeAnRegistered' }]);
      kcdp('24', trieu(301)).thenViolates('support-cap', { limit: trieu(300) });
    });
  });

  describe('at approval', () => {
    it('records the cap that was applied on the decision date', () => {
      given(HISTORY.Appraised)
        .when(sample('ApproveDeAn'))
        .thenMatches([{ type: 'DeAnApproved', data: { capLimit: trieu(300), capRule: 'support-cap' } }]);
    });
  });
});
