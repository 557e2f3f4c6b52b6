/**
 * Period plans (docs/DOMAIN.md "Period plans"): targets per indicator and funding per source and year of a
 * province's period; annual plans sit inside one (NĐ 45/2012 Điều 14).
 */
import {
  Actor,
  decidePeriodPlan,
  decidePlan,
  evolvePlan,
  InvalidCommandError,
  PeriodPlanCommand,
  PlanCommand,
  planDecider,
  PlanState,
  RuleViolationError,
  trieu,
} from '..';

const officer: Actor = { sub: 'cb-24', role: 'officer', province: '24' };
const now = new Date('2026-12-04T03:00:00Z');
const header = {
  periodPlanId: 'KH-GD-24',
  title: 'Kế hoạch khuyến công tỉnh Bắc Giang giai đoạn 2021 - 2025',
  province: '24',
  level: 'province' as const,
  fromYear: 2021,
  toYear: 2025,
  targets: [{ code: '3.may-moc', indicator: 'Cơ sở được hỗ trợ ứng dụng máy móc thiết bị tiên tiến', quantity: 106, unit: 'Cơ sở' }],
  funding: [
    { source: 'KCQG' as const, year: 2021, amount: trieu(2_800) },
    { source: 'KCDP' as const, year: 2021, amount: trieu(5_000) },
    { source: 'counterpart' as const, year: 2021, amount: trieu(38_800) },
  ],
};
const create = (data: object = {}) =>
  ({ type: 'CreatePeriodPlan', data: { ...header, ...data }, metadata: { actor: officer, now, commandId: 'c1' } }) as PeriodPlanCommand;
const annual = (year: number, province = '24') =>
  ({
    type: 'CreatePlan',
    data: {
      planId: `KH-${year}`,
      year,
      fundingSource: 'KCDP',
      level: 'province',
      province,
      targets: [],
      allocation: trieu(5_000),
      periodPlan: { periodPlanId: 'KH-GD-24', fromYear: 2021, toYear: 2025, province: '24' },
    },
    metadata: { actor: officer, now, commandId: `p-${year}` },
  }) as PlanCommand;

describe('period plans', () => {
  it('records the targets and the funding per source and year, the KCQG figures as requests, counterpart funds beside them', () => {
    expect(decidePeriodPlan(create(), { status: 'Initial' })).toEqual([{ type: 'PeriodPlanCreated', data: header }]);
  });

  it('refuses funding outside its years, one source twice in a year, and a period beyond ten years', () => {
    expect(() => decidePeriodPlan(create({ funding: [{ source: 'KCDP', year: 2026, amount: 1 }] }), { status: 'Initial' })).toThrow(
      InvalidCommandError,
    );
    expect(() => decidePeriodPlan(create({ funding: [header.funding[1], header.funding[1]] }), { status: 'Initial' })).toThrow(InvalidCommandError);
    expect(() => decidePeriodPlan(create({ funding: [{ source: 'ngan-sach', year: 2021, amount: 1 }] }), { status: 'Initial' })).toThrow(
      InvalidCommandError,
    );
    expect(() => decidePeriodPlan(create({ toYear: 2031 }), { status: 'Initial' })).toThrow(InvalidCommandError);
  });

  it('NĐ 45/2012 Điều 14: an annual plan sits in the period plan of its province and years only', () => {
    expect(decidePlan(annual(2023), { status: 'Initial' })[0]).toMatchObject({ type: 'PlanCreated', data: { periodPlanId: 'KH-GD-24', year: 2023 } });
    expect(() => decidePlan(annual(2026), { status: 'Initial' })).toThrow(RuleViolationError);
    expect(() => decidePlan(annual(2023, '52'), { status: 'Initial' })).toThrow(RuleViolationError);
  });
});

describe('carry-over (NĐ 45/2012 Điều 14.4)', () => {
  const open = (year: number, allocation = trieu(1_000)) =>
    decidePlan({ ...annual(year), data: { ...annual(year).data, planId: `KH-${year}`, allocation, periodPlan: undefined } } as PlanCommand, {
      status: 'Initial',
    }).reduce(evolvePlan, { status: 'Initial' } as PlanState);
  const carry = (amount: number, toPlanId = 'KH-2024') =>
    ({
      type: 'CarryOverAllocation',
      data: { toPlanId, amount, decisionNo: '77/QĐ-UBND' },
      metadata: { actor: officer, now, commandId: 'co' },
    }) as PlanCommand;

  it('NĐ 45/2012 Điều 14.4: what is unspent leaves this plan and the next year’s plan of the same kind receives it', () => {
    const from = open(2023);
    const [out] = decidePlan(carry(trieu(400)), from);
    expect(out).toEqual({ type: 'AllocationCarriedOut', data: { toPlanId: 'KH-2024', amount: trieu(400), decisionNo: '77/QĐ-UBND' } });
    expect(evolvePlan(from, out!)).toMatchObject({ book: { allocation: trieu(600) } });
    const [effect] = planDecider.planEffects(from, [out!]);
    const [received] = decidePlan({ ...effect!.command, metadata: { actor: officer, now, commandId: 'co' } } as PlanCommand, open(2024));
    expect(received).toEqual({ type: 'AllocationCarriedIn', data: { fromPlanId: 'KH-2023', amount: trieu(400), decisionNo: '77/QĐ-UBND' } });
    expect(evolvePlan(open(2024), received!)).toMatchObject({ book: { allocation: trieu(1_400) } });
  });

  it('NĐ 45/2012 Điều 14.4: never more than is unspent, never to a plan that is not the next year’s', () => {
    expect(() => decidePlan(carry(trieu(1_000) + 1), open(2023))).toThrow(RuleViolationError);
    const [out] = decidePlan(carry(trieu(100)), open(2023));
    const [effect] = planDecider.planEffects(open(2023), [out!]);
    expect(() => decidePlan({ ...effect!.command, metadata: { actor: officer, now, commandId: 'co' } } as PlanCommand, open(2025))).toThrow(
      RuleViolationError,
    );
  });
});
