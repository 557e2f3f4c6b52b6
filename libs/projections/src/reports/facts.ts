/**
 * Report facts: what the reports need to know of each đề án and plan, folded from its events.
 * Pure (no SQL): the projection stores one row per change, so that every past state stays
 * queryable — a report as of any instant reads the rows in force at that instant.
 */
import { DeAnStatus, isPeriodPlanEventType, PeriodPlanHeader, statusAfter } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { deAnEventOf, planEventOf } from '../typed-events';

export interface ResultLineFact {
  readonly code?: string;
  readonly indicator: string;
  readonly quantity: number;
  readonly unit: string;
}

export interface DeAnFact {
  readonly id: string;
  readonly title: string;
  readonly organisation: string;
  readonly province: string;
  readonly plan_year: number;
  readonly funding_source: string;
  readonly level: string;
  readonly content_area: string;
  readonly activity: string;
  readonly status: DeAnStatus;
  readonly requested_support: number;
  readonly approved_support: number;
  readonly settled_support: number | null;
  readonly counterpart_funds: number;
  readonly total_cost: number;
  readonly plan_id: string | null;
  readonly appraisal_machinery: number | null;
  readonly acceptance_machinery: number | null;
  readonly accepted_results: readonly ResultLineFact[];
  readonly contract_end: string | null;
  readonly missed_deadlines: number;
}

export interface PlanFact {
  readonly id: string;
  readonly year: number;
  readonly funding_source: string;
  readonly level: string;
  readonly province: string | null;
  readonly allocation: number;
  readonly targets: readonly ResultLineFact[];
  readonly status: string;
}

const lines = (value: readonly ResultLineFact[] | undefined): ResultLineFact[] =>
  (value ?? []).map((l) => ({
    ...(typeof l.code === 'string' ? { code: l.code } : {}),
    indicator: String(l.indicator),
    quantity: Number(l.quantity),
    unit: String(l.unit),
  }));

/** The đề án fact after `event`; undefined before registration (an event of an unregistered stream is ignored). */
export function evolveDeAnFact(fact: DeAnFact | undefined, recorded: RecordedEvent, id: string): DeAnFact | undefined {
  const event = deAnEventOf(recorded);
  if (!event) return fact;
  if (event.type === 'DeAnRegistered') {
    const d = event.data;
    return {
      id,
      title: d.title,
      organisation: d.organisation,
      province: d.province,
      plan_year: d.planYear,
      funding_source: d.fundingSource,
      level: d.level,
      content_area: d.contentArea,
      activity: d.activity,
      status: 'Registered',
      requested_support: d.budget.requestedSupport,
      approved_support: 0,
      settled_support: null,
      counterpart_funds: d.budget.counterpartFunds,
      total_cost: d.budget.totalCost,
      plan_id: null,
      appraisal_machinery: null,
      acceptance_machinery: null,
      accepted_results: [],
      contract_end: null,
      missed_deadlines: 0,
    };
  }
  if (!fact) return undefined;
  const next = { ...fact, status: statusAfter(fact.status, event.type) };
  switch (event.type) {
    case 'DeAnRevised': {
      const { budget, title } = event.data.changes;
      return {
        ...next,
        title: title ?? fact.title,
        ...(budget ? { requested_support: budget.requestedSupport, counterpart_funds: budget.counterpartFunds, total_cost: budget.totalCost } : {}),
      };
    }
    case 'AppraisalConcluded':
      return { ...next, appraisal_machinery: event.data.machineryValuation ?? null };
    case 'DeAnApproved':
      return { ...next, approved_support: event.data.approvedSupport, plan_id: event.data.planId };
    case 'ContractSigned':
      return { ...next, contract_end: event.data.endDate };
    case 'AdjustmentApproved':
      return { ...next, approved_support: event.data.approvedSupport, contract_end: event.data.endDate ?? fact.contract_end };
    case 'AcceptancePassed':
      return { ...next, acceptance_machinery: event.data.machineryValuation, accepted_results: lines(event.data.acceptedResults) };
    case 'DeAnSettled':
      return { ...next, settled_support: event.data.settledSupport };
    case 'DeadlineMissed':
      return { ...next, missed_deadlines: fact.missed_deadlines + 1 };
    default:
      return next;
  }
}

/** The plan fact after `event`. */
export function evolvePlanFact(fact: PlanFact | undefined, recorded: RecordedEvent, id: string): PlanFact | undefined {
  const event = planEventOf(recorded);
  if (!event) return fact;
  if (event.type === 'PlanCreated') {
    const d = event.data;
    return {
      id,
      year: d.year,
      funding_source: d.fundingSource,
      level: d.level,
      province: d.province ?? null,
      allocation: d.allocation,
      targets: lines(d.targets),
      status: 'Open',
    };
  }
  if (!fact) return undefined;
  if (event.type === 'AllocationAdjusted') return { ...fact, allocation: event.data.to };
  if (event.type === 'AllocationCarriedOut') return { ...fact, allocation: fact.allocation - event.data.amount };
  if (event.type === 'AllocationCarriedIn') return { ...fact, allocation: fact.allocation + event.data.amount };
  if (event.type === 'PlanClosed') return { ...fact, status: 'Closed' };
  return fact;
}

/** A period plan's fact: its targets and planned funding (period-plan.ts). */
export interface PeriodPlanFact {
  readonly id: string;
  readonly title: string;
  readonly province: string;
  readonly level: string;
  readonly from_year: number;
  readonly to_year: number;
  readonly targets: readonly ResultLineFact[];
  readonly funding: readonly { readonly source: string; readonly year: number; readonly amount: number }[];
}

export function evolvePeriodPlanFact(fact: PeriodPlanFact | undefined, recorded: RecordedEvent, id: string): PeriodPlanFact | undefined {
  if (!isPeriodPlanEventType(recorded.type)) return fact;
  const d = recorded.data as unknown as PeriodPlanHeader;
  return {
    id,
    title: d.title,
    province: d.province,
    level: d.level,
    from_year: d.fromYear,
    to_year: d.toYear,
    targets: lines(d.targets),
    funding: (d.funding ?? []).map(({ source, year, amount }) => ({ source, year, amount })),
  };
}
