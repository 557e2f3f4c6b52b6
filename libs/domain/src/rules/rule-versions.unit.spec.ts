/**
 * Rules change by date: every rule is data with an effective date and its legal basis, and an
 * act is judged by the version in force when it happened.
 */
import {
  activityInForce,
  APPRAISAL_QUORUM,
  CapSchedule,
  CONTENT_CATALOGUE,
  DEFAULT_RULES,
  NATIONAL_SUPPORT_CAPS,
  quorumReached,
  RuleBook,
  ruleTable,
  RuleViolationError,
  trieu,
  versionInForce,
} from '..';
import { budget, HISTORY, proposal, sample } from '../testing/fixtures';
import { given } from '../testing/given-when-then';

describe('rule versions by effective date', () => {
  describe('ruleTable / versionInForce', () => {
    const table = ruleTable<string>('demo-rule', 'Quy định thử', [
      { effectiveFrom: '2023-07-01', legalBasis: 'Văn bản B', value: 'B' },
      { effectiveFrom: '2020-01-01', legalBasis: 'Văn bản A', value: 'A' },
    ]);

    it('keeps the versions in ascending order of effective date', () => {
      expect(table.versions.map((v) => v.effectiveFrom)).toEqual(['2020-01-01', '2023-07-01']);
    });

    it('the version in force is the latest one that has started', () => {
      expect(versionInForce(table, '2020-01-01').value).toBe('A');
      expect(versionInForce(table, '2023-06-30').value).toBe('A');
      expect(versionInForce(table, '2023-07-01').value).toBe('B');
      expect(versionInForce(table, '2099-12-31').value).toBe('B');
    });

    it('before the first version no rule is in force: rule-not-in-force', () => {
      let caught: unknown;
      try {
        versionInForce(table, '2019-12-31');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(RuleViolationError);
      expect(caught).toMatchObject({ ruleId: 'rule-not-in-force', legalBasis: 'demo-rule', details: { table: 'demo-rule', day: '2019-12-31' } });
    });

    it('refuses two versions taking effect on the same day', () => {
      expect(() =>
        ruleTable('dup', 'Trùng', [
          { effectiveFrom: '2020-01-01', legalBasis: 'A', value: 1 },
          { effectiveFrom: '2020-01-01', legalBasis: 'B', value: 2 },
        ]),
      ).toThrow(/two versions/);
    });

    it('the national caps: TT 28/2018 from 11/5/2018, TTLT 26/2014 from 08/4/2014, a labelled policy default back to NĐ 45/2012 (05/7/2012)', () => {
      expect(versionInForce(NATIONAL_SUPPORT_CAPS, '2018-05-10').legalBasis).toMatch(/^TTLT 26\/2014/);
      expect(versionInForce(NATIONAL_SUPPORT_CAPS, '2013-09-05').policyDefault).toBe(true);
      expect(versionInForce(NATIONAL_SUPPORT_CAPS, '2018-05-11').legalBasis).toContain('TT 28/2018/TT-BTC');
      expect(() => versionInForce(NATIONAL_SUPPORT_CAPS, '2012-07-04')).toThrow(RuleViolationError);
    });
  });

  describe('content catalogue (NĐ 45/2012 Điều 4, amended by NĐ 235/2025 from 15/10/2025)', () => {
    it('activity 3.6 (chuyển đổi số) does not exist on 14/10/2025', () => {
      expect(() => activityInForce('3', '3.6', '2025-10-14')).toThrow(RuleViolationError);
      expect(() => activityInForce('3', '3.6', '2025-10-14')).toThrow(
        'Nội dung 3.6 không thuộc lĩnh vực 3 trong danh mục có hiệu lực ngày 2025-10-14',
      );
    });

    it('activity 3.6 exists from 15/10/2025', () => {
      expect(activityInForce('3', '3.6', '2025-10-15')).toMatchObject({ code: '3.6', kind: 'digital-transformation' });
      expect(activityInForce('3', '3.5', '2025-10-15')).toMatchObject({ kind: 'sustainable-production' });
      expect(versionInForce(CONTENT_CATALOGUE, '2025-10-15').legalBasis).toContain('NĐ 235/2025');
    });

    it('an activity must belong to its content area', () => {
      expect(() => activityInForce('1', '3.3', '2025-10-15')).toThrow(RuleViolationError);
    });

    const digital = proposal({
      fundingSource: 'KCDP',
      level: 'province',
      activity: '3.6',
      title: 'Hỗ trợ chuyển đổi số',
      budget: budget(trieu(400), trieu(200)),
    });

    it('a đề án for 3.6 registered on 14/10/2025 (Vietnam time) violates content-catalogue', () => {
      given([])
        .when(sample('RegisterDeAn', digital, { now: '2025-10-14T16:59:59Z' }))
        .thenViolates('content-catalogue', { activity: '3.6', day: '2025-10-14' });
    });

    it('a đề án for 3.6 registered on 15/10/2025 (Vietnam time) is accepted', () => {
      given([])
        .when(sample('RegisterDeAn', digital, { now: '2025-10-14T17:00:00Z' }))
        .thenMatches([{ type: 'DeAnRegistered', data: { activity: '3.6', registeredOn: '2025-10-15' } }]);
    });
  });

  describe('a custom RuleBook with two versions of the caps judges an approval by its decision date', () => {
    const lowered: CapSchedule = {
      caps: { ...versionInForce(NATIONAL_SUPPORT_CAPS, '2025-01-01').value.caps, machinery: { maxShareBps: 5_000, maxAmount: trieu(200) } },
      priorityFactor: { numerator: 3, denominator: 2 },
    };
    const rules: RuleBook = {
      ...DEFAULT_RULES,
      nationalCaps: ruleTable('support-cap', 'Mức hỗ trợ tối đa', [
        ...NATIONAL_SUPPORT_CAPS.versions,
        { effectiveFrom: '2026-01-01', legalBasis: 'Thông tư sửa đổi giả định (kiểm thử)', value: lowered },
      ]),
    };

    it('on 31/12/2025 the 300 triệu cap applies', () => {
      given(HISTORY.Appraised, { rules })
        .when(sample('ApproveDeAn', { decisionDate: '2025-12-31' }, { now: '2026-01-05' }))
        .thenMatches([{ type: 'DeAnApproved', data: { approvedSupport: trieu(250), capLimit: trieu(300) } }]);
    });

    it('on 01/01/2026 the 200 triệu cap applies', () => {
      const error = given(HISTORY.Appraised, { rules })
        .when(sample('ApproveDeAn', { decisionDate: '2026-01-01' }, { now: '2025-12-20' }))
        .thenViolates('support-cap', { amount: trieu(250), limit: trieu(200) });
      expect(error.legalBasis).toBe('Thông tư sửa đổi giả định (kiểm thử)');
    });
  });

  describe('appraisal quorum (policy default: more than half of the council)', () => {
    it('is a labelled policy default', () => {
      expect(versionInForce(APPRAISAL_QUORUM, '2025-07-10').policyDefault).toBe(true);
    });

    it.each([
      [2, 3, true],
      [1, 3, false],
      [2, 4, false],
      [3, 4, true],
      [1, 1, true],
      [0, 1, false],
      [3, 5, true],
      [2, 5, false],
    ])('%i valid reviews of %i members → %s', (valid, members, reached) => {
      expect(quorumReached(valid, members, versionInForce(APPRAISAL_QUORUM, '2025-07-10').value)).toBe(reached);
    });
  });
});
