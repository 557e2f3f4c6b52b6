/**
 * Registration windows (TT 36/2013/TT-BCT Art. 6, 10): a KCQG đề án for plan year Y is registered
 * before 20/5 of Y−1, counted in Asia/Ho_Chi_Minh time; a late registration needs a supplementary
 * registration by an officer. KCĐP follows the province's calendar, if one is configured.
 */
import { DEFAULT_RULES, InvalidCommandError, KCQG_REGISTRATION_WINDOW, NotPermittedError, RegistrationWindow, RuleBook, ruleTable, trieu } from '..';
import { actors, budget, DE_AN_ID, ORG, proposal, PROPOSAL, sample } from '../testing/fixtures';
import { given } from '../testing/given-when-then';

const LAST_MOMENT = '2025-05-19T16:59:59Z'; // 23:59:59 on 19/05/2025 in Việt Nam
const FIRST_LATE_MOMENT = '2025-05-19T17:00:00Z'; // 00:00:00 on 20/05/2025 in Việt Nam

describe('registration window', () => {
  describe('KCQG: before 20/5 of the year before the plan year (Asia/Ho_Chi_Minh)', () => {
    it('accepts a registration at 23:59:59 Vietnam time on 19/5/2025 for plan year 2026', () => {
      given([])
        .when(sample('RegisterDeAn', {}, { now: LAST_MOMENT }))
        .thenMatches([{ type: 'DeAnRegistered', data: { planYear: 2026, registeredOn: '2025-05-19' } }]);
    });

    it('refuses it at 00:00 Vietnam time on 20/5/2025, naming the deadline', () => {
      const error = given([])
        .when(sample('RegisterDeAn', {}, { now: FIRST_LATE_MOMENT }))
        .thenViolates('registration-window', { deadline: '2025-05-20', registeredOn: '2025-05-20' });
      expect(error.kind).toBe('rule-violation'); // → HTTP 422 at the edge
      expect(error.message).toContain('2025-05-20');
      expect(error.message).toContain('2026');
      expect(error.legalBasis).toBe('TT 36/2013/TT-BCT Điều 6, Điều 10');
    });

    it('the deadline moves with the plan year', () => {
      given([])
        .when(sample('RegisterDeAn', { planYear: 2027 }, { now: FIRST_LATE_MOMENT }))
        .thenMatches([{ type: 'DeAnRegistered' }]);
      given([])
        .when(sample('RegisterDeAn', { planYear: 2027 }, { now: '2026-05-19T17:00:00Z' }))
        .thenViolates('registration-window', { deadline: '2026-05-20' });
    });

    it('accepts a late supplementary registration by an officer, with its reason', () => {
      given([])
        .when(
          sample(
            'RegisterDeAn',
            { supplementary: { reason: 'Đề án cấp bách theo chỉ đạo của UBND tỉnh' } },
            { actor: actors.officer, now: FIRST_LATE_MOMENT },
          ),
        )
        .then([
          {
            type: 'DeAnRegistered',
            data: {
              ...PROPOSAL,
              deAnId: DE_AN_ID,
              organisation: ORG,
              registeredOn: '2025-05-20',
              supplementary: { reason: 'Đề án cấp bách theo chỉ đạo của UBND tỉnh' },
            },
          },
        ]);
    });

    it('refuses a supplementary registration by an applicant', () => {
      given([])
        .when(sample('RegisterDeAn', { supplementary: { reason: 'Xin đăng ký muộn' } }, { actor: actors.applicant, now: FIRST_LATE_MOMENT }))
        .thenThrows(NotPermittedError);
    });

    it('refuses a supplementary registration without a reason', () => {
      given([])
        .when(sample('RegisterDeAn', { supplementary: { reason: ' ' } }, { actor: actors.officer, now: FIRST_LATE_MOMENT }))
        .thenThrows(InvalidCommandError, { field: 'supplementary.reason' });
    });

    it('the window in force on the registration day applies', () => {
      const rules: RuleBook = {
        ...DEFAULT_RULES,
        kcqgRegistration: ruleTable<RegistrationWindow>('registration-window', KCQG_REGISTRATION_WINDOW.title, [
          ...KCQG_REGISTRATION_WINDOW.versions,
          {
            effectiveFrom: '2025-01-01',
            legalBasis: 'Thông tư giả định (kiểm thử)',
            value: { registerBefore: { month: 7, day: 1, yearOffset: -1 } },
          },
        ]),
      };
      given([], { rules })
        .when(sample('RegisterDeAn', {}, { now: FIRST_LATE_MOMENT }))
        .thenMatches([{ type: 'DeAnRegistered' }]);
      const error = given([], { rules })
        .when(sample('RegisterDeAn', {}, { now: '2025-06-30T17:00:00Z' }))
        .thenViolates('registration-window', { deadline: '2025-07-01' });
      expect(error.legalBasis).toBe('Thông tư giả định (kiểm thử)');
    });
  });

  describe('imported history (metadata.importedAt)', () => {
    const imported = (now: string, importedAt: string, overrides: object = {}, actor = actors.officer) => ({
      ...sample('RegisterDeAn', overrides, { actor, now }),
      metadata: { ...sample('RegisterDeAn', overrides, { actor, now }).metadata, importedAt: new Date(importedAt) },
    });

    it('judges a registration of a plan year already over at its historic date', () => {
      given([])
        .when(imported('2024-05-19T16:59:59Z', '2026-12-03T02:00:00Z', { planYear: 2025 }))
        .thenMatches([{ type: 'DeAnRegistered', data: { registeredOn: '2024-05-19' } }]);
    });

    it('does not take a backdated date on trust for a plan year not over yet: the dossier arrives on the day of the import', () => {
      // plan year 2027: the window closed on 20/5/2026; a record dated 10/5/2026 imported on 3/12/2026 is late
      const error = given([])
        .when(imported('2026-05-10T02:00:00Z', '2026-12-03T02:00:00Z', { planYear: 2027 }))
        .thenViolates('registration-window', { deadline: '2026-05-20', registeredOn: '2026-05-10', importedOn: '2026-12-03' });
      expect(error.message).toContain('supplementary');
      // imported while the window was still open, it stands
      given([])
        .when(imported('2026-05-10T02:00:00Z', '2026-05-15T02:00:00Z', { planYear: 2027 }))
        .thenMatches([{ type: 'DeAnRegistered', data: { registeredOn: '2026-05-10' } }]);
      // as a supplementary registration by an officer, with its reason, as a live one would be
      given([])
        .when(imported('2026-05-10T02:00:00Z', '2026-12-03T02:00:00Z', { planYear: 2027, supplementary: { reason: 'Hồ sơ chuyển từ hệ thống cũ' } }))
        .thenMatches([{ type: 'DeAnRegistered', data: { registeredOn: '2026-05-10', supplementary: { reason: 'Hồ sơ chuyển từ hệ thống cũ' } } }]);
    });
  });

  describe('KCĐP', () => {
    const kcdp = (province: string) => proposal({ fundingSource: 'KCDP', level: 'province', province, budget: budget(trieu(1_000), trieu(300)) });

    it('has no window by default', () => {
      given([])
        .when(sample('RegisterDeAn', kcdp('24'), { now: '2026-06-01' }))
        .thenMatches([{ type: 'DeAnRegistered', data: { registeredOn: '2026-06-01' } }]);
    });

    it('follows the province calendar configured in a custom RuleBook', () => {
      const rules: RuleBook = {
        ...DEFAULT_RULES,
        provinceRegistration: {
          '24': ruleTable<RegistrationWindow>('registration-window:24', 'Thời hạn đăng ký KCĐP tỉnh Bắc Giang', [
            {
              effectiveFrom: '2021-01-01',
              legalBasis: 'QĐ của UBND tỉnh Bắc Giang (kiểm thử)',
              value: { registerBefore: { month: 10, day: 31, yearOffset: -1 } },
            },
          ]),
        },
      };
      given([], { rules })
        .when(sample('RegisterDeAn', kcdp('24'), { now: '2025-10-30T16:59:59Z' }))
        .thenMatches([{ type: 'DeAnRegistered' }]);
      const error = given([], { rules })
        .when(sample('RegisterDeAn', kcdp('24'), { now: '2025-10-30T17:00:00Z' }))
        .thenViolates('registration-window:24', { deadline: '2025-10-31' });
      expect(error.message).toContain('2025-10-31');
      // other provinces keep no window; KCQG keeps the national one
      given([], { rules })
        .when(sample('RegisterDeAn', kcdp('82'), { now: '2026-06-01' }))
        .thenMatches([{ type: 'DeAnRegistered' }]);
      given([], { rules })
        .when(sample('RegisterDeAn', {}, { now: FIRST_LATE_MOMENT }))
        .thenViolates('registration-window');
    });
  });
});
