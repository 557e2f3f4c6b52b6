/**
 * Report facts: what the reports need to know of each đề án and plan, folded from its events.
 * Pure (no SQL): the projection stores one row per change, so that every past state stays
 * queryable — a report as of any instant reads the rows in force at that instant.
 */
import type { RecordedEvent } from '@app/event-store';

export interface ResultLineFact {
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
  readonly status: string;
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

/** The status each event leads to (events absent here leave the status as it was). */
export const STATUS_AFTER: Readonly<Record<string, string>> = {
  DeAnRegistered: 'Registered', CouncilAssigned: 'UnderAppraisal', RevisionRequested: 'RevisionRequested',
  DeAnRevised: 'UnderAppraisal', DeAnApproved: 'Approved', DeAnRejected: 'Rejected', ContractSigned: 'InImplementation',
  DeAnSuspended: 'Suspended', DeAnResumed: 'InImplementation', DeAnStopped: 'Stopped', DeAnWithdrawn: 'Withdrawn',
  DeAnCompleted: 'Completed', AcceptancePassed: 'Accepted', AcceptanceFailed: 'AcceptanceFailed', DeAnSettled: 'Settled',
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- event data is validated JSON written by our deciders
type Data = Record<string, any>;

const lines = (value: unknown): ResultLineFact[] =>
  Array.isArray(value) ? value.map((l: Data) => ({ indicator: String(l.indicator), quantity: Number(l.quantity), unit: String(l.unit) })) : [];

/** The đề án fact after `event`; undefined before registration (an event of an unregistered stream is ignored). */
export function evolveDeAnFact(fact: DeAnFact | undefined, event: RecordedEvent, id: string): DeAnFact | undefined {
  const d = event.data as Data;
  if (event.type === 'DeAnRegistered') {
    return {
      id, title: d.title, organisation: d.organisation, province: d.province, plan_year: d.planYear, funding_source: d.fundingSource,
      level: d.level, content_area: d.contentArea, activity: d.activity, status: 'Registered',
      requested_support: d.budget.requestedSupport, approved_support: 0, settled_support: null,
      counterpart_funds: d.budget.counterpartFunds, total_cost: d.budget.totalCost, plan_id: null,
      appraisal_machinery: null, acceptance_machinery: null, accepted_results: [], contract_end: null, missed_deadlines: 0,
    };
  }
  if (!fact) return undefined;
  const next = { ...fact, status: STATUS_AFTER[event.type] ?? fact.status };
  switch (event.type) {
    case 'DeAnRevised': {
      const budget = d.changes?.budget as Data | undefined;
      return {
        ...next, title: d.changes?.title ?? fact.title,
        ...(budget ? { requested_support: budget.requestedSupport, counterpart_funds: budget.counterpartFunds, total_cost: budget.totalCost } : {}),
      };
    }
    case 'AppraisalConcluded':
      return { ...next, appraisal_machinery: d.machineryValuation ?? null };
    case 'DeAnApproved':
      return { ...next, approved_support: d.approvedSupport, plan_id: d.planId };
    case 'ContractSigned':
      return { ...next, contract_end: d.endDate };
    case 'AdjustmentApproved':
      return { ...next, approved_support: d.approvedSupport, contract_end: d.endDate ?? fact.contract_end };
    case 'AcceptancePassed':
      return { ...next, acceptance_machinery: d.machineryValuation, accepted_results: lines(d.acceptedResults) };
    case 'DeAnSettled':
      return { ...next, settled_support: d.settledSupport };
    case 'DeadlineMissed':
      return { ...next, missed_deadlines: fact.missed_deadlines + 1 };
    default:
      return next;
  }
}

/** The plan fact after `event`. */
export function evolvePlanFact(fact: PlanFact | undefined, event: RecordedEvent, id: string): PlanFact | undefined {
  const d = event.data as Data;
  if (event.type === 'PlanCreated') {
    return { id, year: d.year, funding_source: d.fundingSource, level: d.level, province: d.province ?? null, allocation: d.allocation, targets: lines(d.targets), status: 'Open' };
  }
  if (!fact) return undefined;
  if (event.type === 'AllocationAdjusted') return { ...fact, allocation: d.to };
  if (event.type === 'PlanClosed') return { ...fact, status: 'Closed' };
  return fact;
}
