/**
 * A period plan (kế hoạch khuyến công giai đoạn, e.g. Bắc Giang 2021–2025, docs/DOMAIN.md "Period plans"):
 * a province's targets per indicator for the period and its funding per source and year — the KCQG
 * figures are requests to the Ministry, not allocations; the counterpart funds are what the establishments
 * are expected to mobilise. Annual plans name the period plan they sit in; reports measure the period's
 * results and funding against it ("% so với mục tiêu giai đoạn").
 */
import type { Level } from '../rules/levels';
import { requireLevelOn } from '../rules/levels';
import { requireIndicators } from '../rules/indicators';
import { requireProvinceOn } from '../rules/provinces';
import { vietnamDay } from '../shared/dates';
import { IllegalTransitionError, InvalidCommandError } from '../shared/errors';
import { requireInteger, requireResults, requireText } from '../shared/guards';
import { assertNever, Command, Decider, Event, ResultLine } from '../shared/messages';
import { Dong, requireDong } from '../shared/money';

export const PERIOD_FUNDING_SOURCES = ['KCQG', 'KCDP', 'counterpart'] as const;
export type PeriodFundingSource = (typeof PERIOD_FUNDING_SOURCES)[number];

/** How the seed's funding table names each source. */
export const PERIOD_FUNDING_LABELS: Readonly<Record<PeriodFundingSource, string>> = {
  KCQG: 'Đề nghị hỗ trợ từ kinh phí khuyến công quốc gia',
  KCDP: 'Khuyến công địa phương',
  counterpart: 'Đối ứng của các cơ sở công nghiệp nông thôn',
};

export interface PeriodFunding {
  readonly source: PeriodFundingSource;
  readonly year: number;
  readonly amount: Dong;
}

export interface PeriodPlanHeader {
  readonly periodPlanId: string;
  readonly title: string;
  readonly province: string;
  readonly level: Level;
  readonly fromYear: number;
  readonly toYear: number;
  readonly targets: readonly ResultLine[];
  readonly funding: readonly PeriodFunding[];
}

export type CreatePeriodPlan = Command<'CreatePeriodPlan', PeriodPlanHeader>;
export type PeriodPlanCommand = CreatePeriodPlan;
export type PeriodPlanEvent = Event<'PeriodPlanCreated', PeriodPlanHeader>;
export type PeriodPlanState = { readonly status: 'Initial' } | { readonly status: 'Adopted'; readonly header: PeriodPlanHeader };

export const PERIOD_PLAN_STREAM_PREFIX = 'period-plan-';
export const periodPlanStreamId = (id: string): string => `${PERIOD_PLAN_STREAM_PREFIX}${id}`;

export function decidePeriodPlan(command: PeriodPlanCommand, state: PeriodPlanState): PeriodPlanEvent[] {
  switch (command.type) {
    case 'CreatePeriodPlan': {
      if (state.status !== 'Initial') throw new IllegalTransitionError(command.type, state.status, 'kế hoạch giai đoạn');
      const { periodPlanId, title, province, level, fromYear, toYear, targets, funding } = command.data;
      const today = vietnamDay(command.metadata.now);
      requireText(periodPlanId, 'periodPlanId', 100);
      requireText(title, 'title', 500);
      requireProvinceOn(province, today);
      requireLevelOn(level, today);
      requireInteger(fromYear, 'fromYear', 2000, 2100);
      requireInteger(toYear, 'toYear', fromYear, Math.min(2100, fromYear + 9));
      requireResults(targets, 'targets');
      requireIndicators(targets, 'targets', today);
      if (!Array.isArray(funding)) throw new InvalidCommandError('funding', 'phải là danh sách');
      const seen = new Set<string>();
      funding.forEach((f, i) => {
        if (!(PERIOD_FUNDING_SOURCES as readonly string[]).includes(f?.source)) {
          throw new InvalidCommandError(`funding[${i}].source`, `phải là ${PERIOD_FUNDING_SOURCES.join(', ')}`);
        }
        requireInteger(f.year, `funding[${i}].year`, fromYear, toYear);
        requireDong(f.amount, `funding[${i}].amount`);
        if (seen.has(`${f.source}:${f.year}`)) throw new InvalidCommandError(`funding[${i}]`, `nguồn ${f.source} năm ${f.year} đã có`);
        seen.add(`${f.source}:${f.year}`);
      });
      return [{ type: 'PeriodPlanCreated', data: { periodPlanId, title, province, level, fromYear, toYear, targets, funding } }];
    }
    default:
      return assertNever(command.type, 'period plan command');
  }
}

export function evolvePeriodPlan(state: PeriodPlanState, event: PeriodPlanEvent): PeriodPlanState {
  return event.type === 'PeriodPlanCreated' && state.status === 'Initial' ? { status: 'Adopted', header: event.data } : state;
}

export const isPeriodPlanEventType = (type: string): type is PeriodPlanEvent['type'] => type === 'PeriodPlanCreated';

export type PeriodPlanDecider = Decider<PeriodPlanCommand, PeriodPlanEvent, PeriodPlanState>;
export const periodPlanDecider: PeriodPlanDecider = {
  decide: decidePeriodPlan,
  evolve: evolvePeriodPlan,
  initialState: () => ({ status: 'Initial' }),
  isTerminal: () => false,
};
