/** The reports of docs/DOMAIN.md (the seven, and the period plan's), by the name the API uses. */
import { byRegionReport } from './by-region.report';
import { fundingReport } from './funding.report';
import { machineryValuationReport } from './machinery-valuation.report';
import { periodPlanReport } from './period-plan.report';
import { pipelineReport } from './pipeline.report';
import { planVsTargetReport } from './plan-vs-target.report';
import { Report } from './report-query';
import { resourcesReport } from './resources.report';
import { resultsReport } from './results.report';

export const REPORTS: readonly Report[] = [
  fundingReport,
  resultsReport,
  planVsTargetReport,
  periodPlanReport,
  resourcesReport,
  byRegionReport,
  pipelineReport,
  machineryValuationReport,
] as Report[];

export const REPORT_NAMES = REPORTS.map((r) => r.name);

export function reportNamed(name: string): Report | undefined {
  return REPORTS.find((r) => r.name === name);
}
