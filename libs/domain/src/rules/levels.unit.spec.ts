/**
 * Levels (docs/DOMAIN.md, "Second pass"): central, province, district, commune; the district level
 * ended with the two-tier local government of 01/7/2025; a plan funds đề án of its own level only.
 */
import { decidePlan, evolvePlan, planDecider, PlanEvent, PlanState, RuleViolationError, trieu } from '..';
import { actors, budget, proposal, sample } from '../testing/fixtures';
import { given } from '../testing/given-when-then';

const districtDeAn = proposal({ fundingSource: 'KCDP', level: 'district', province: '52', planYear: 2026, budget: budget(trieu(100), trieu(40)) });

describe('levels (Luật Tổ chức chính quyền địa phương 2025)', () => {
  it('a district-level đề án registered on 30/6/2025 is accepted', () => {
    given([])
      .when(sample('RegisterDeAn', districtDeAn, { now: '2025-06-30T03:00:00Z' }))
      .thenMatches([{ type: 'DeAnRegistered', data: { level: 'district' } }]);
  });

  it('from 01/7/2025 there is no district level: refused, naming the rule', () => {
    given([])
      .when(sample('RegisterDeAn', { ...districtDeAn, province: '37' }, { now: '2025-07-01T03:00:00Z' }))
      .thenViolates('level-in-force', { level: 'district', day: '2025-07-01' });
  });

  it('a commune-level đề án is accepted after the reform', () => {
    given([])
      .when(sample('RegisterDeAn', { ...districtDeAn, level: 'commune', province: '37', planYear: 2026 }, { now: '2025-09-01T03:00:00Z' }))
      .thenMatches([{ type: 'DeAnRegistered', data: { level: 'commune' } }]);
  });

  const plan = (level: 'province' | 'district'): PlanState =>
    [
      {
        type: 'PlanCreated',
        data: { planId: `KH-${level}`, year: 2024, fundingSource: 'KCDP', level, province: '52', targets: [], allocation: trieu(1_000) },
      } as PlanEvent,
    ].reduce<PlanState>(evolvePlan, planDecider.initialState());
  const commit = (level: 'province' | 'district') => ({
    type: 'CommitSupport' as const,
    data: { deAnId: 'd-1', amount: trieu(40), deAn: { fundingSource: 'KCDP' as const, level, planYear: 2024, province: '52' } },
    metadata: { now: new Date('2024-02-01T03:00:00Z'), actor: actors.approver, commandId: 'c-1' },
  });

  it('NĐ 45/2012 Điều 14: a district đề án is funded by the district plan, not the province plan', () => {
    expect(decidePlan(commit('district'), plan('district'))).toEqual([{ type: 'SupportCommitted', data: { deAnId: 'd-1', amount: trieu(40) } }]);
    expect(() => decidePlan(commit('district'), plan('province'))).toThrow(RuleViolationError);
    expect(() => decidePlan(commit('district'), plan('province'))).toThrow(/cấp huyện.*cấp tỉnh/);
  });

  const planOf = (province: string, year: number, createdOn: string): PlanState =>
    [
      {
        type: 'PlanCreated',
        data: {
          planId: `KH-${province}-${year}`,
          year,
          fundingSource: 'KCDP',
          level: 'province',
          province,
          targets: [],
          allocation: trieu(1_000),
          createdOn,
        },
      } as PlanEvent,
    ].reduce<PlanState>(evolvePlan, planDecider.initialState());
  const commitFrom = (province: string, planYear: number) => ({
    type: 'CommitSupport' as const,
    data: { deAnId: 'd-2', amount: trieu(40), deAn: { fundingSource: 'KCDP' as const, level: 'province' as const, planYear, province } },
    metadata: { now: new Date('2026-02-01T03:00:00Z'), actor: actors.approver, commandId: 'c-2' },
  });

  it('NQ 202/2025/QH15: a plan of the merged Gia Lai (52, made after 1/7/2025) funds a đề án registered under old Gia Lai’s code 64', () => {
    expect(decidePlan(commitFrom('64', 2026), planOf('52', 2026, '2025-10-01'))).toEqual([
      { type: 'SupportCommitted', data: { deAnId: 'd-2', amount: trieu(40) } },
    ]);
  });

  it('a plan of the 63-province map funds its own province only: Bình Định’s 2024 plan (52) not old Gia Lai’s (64) đề án', () => {
    expect(() => decidePlan({ ...commitFrom('64', 2024) }, planOf('52', 2024, '2023-11-01'))).toThrow(RuleViolationError);
  });
});
