/**
 * What every report is asked for: a period of plan years, filters, a basis, and an instant to be
 * computed as of. The as-of filter selects the fact versions valid at that instant (see
 * report-facts.projection.ts); without one, the latest versions.
 */
import { Basis, BASIS_LABELS, HOLDS_APPROVAL, Level, LEVEL_LABELS } from '@app/domain';
import type { SqlExecutor } from '@app/event-store';
import type { ReportTable } from '../export/report-table';

export type Source = 'KCDP' | 'KCQG';
export const SOURCES: readonly Source[] = ['KCDP', 'KCQG'];
export const SOURCE_LABELS: Readonly<Record<Source, string>> = { KCDP: 'KCĐP', KCQG: 'KCQG' };

export interface ReportQuery {
  /** First and last plan year of the period (inclusive); default: the years present. */
  readonly from?: number;
  readonly to?: number;
  /** Province code (either the historic or the 2025 scheme). */
  readonly province?: string;
  readonly fundingSource?: Source;
  readonly level?: Level;
  /** approved = the plan as approved (kế hoạch); settled = what was settled (thực hiện); estimated = ước thực hiện. */
  readonly basis?: Basis;
  /** ISO 8601 instant. */
  readonly asOf?: string;
  /** Which timeline `asOf` reads: business time (default) or when the system recorded it. */
  readonly asOfBy?: 'occurred' | 'recorded';
  readonly planId?: string;
  /** The period plan the period-plan report measures (default: the province's latest). */
  readonly periodPlanId?: string;
  /** Machinery valuation: relative difference flagged beyond it (0.1 = 10 %). */
  readonly threshold?: number;
  /** By region: group by the provinces before 1/7/2025 or by the 34 after. */
  readonly scheme?: '2004' | '2025';
}

export interface ReportResult<D = unknown> {
  readonly data: D;
  readonly table: ReportTable;
}

export interface Report<D = unknown> {
  readonly name: string;
  /** Sheet and title in Vietnamese. */
  readonly title: string;
  build(sql: SqlExecutor, schema: string, query: ReportQuery): Promise<ReportResult<D>>;
}

/** Statuses in which a đề án holds an approval (its support counts in the plan). */

/**
 * The WHERE clause selecting the fact versions valid at the query's instant, plus the common
 * filters. Parameters are appended to `params`; the returned text refers to them by number.
 */
export function validAt(query: ReportQuery, params: unknown[], alias = 'f'): string {
  const conditions: string[] = [];
  if (query.asOf) {
    params.push(query.asOf);
    const at = `$${params.length}::timestamptz`;
    const [from, to] = query.asOfBy === 'recorded' ? ['recorded_from', 'recorded_to'] : ['occurred_from', 'occurred_to'];
    conditions.push(`${alias}.${from} <= ${at}`, `(${alias}.${to} IS NULL OR ${alias}.${to} > ${at})`);
  } else {
    conditions.push(`${alias}.next_version IS NULL`);
  }
  return conditions.join(' AND ');
}

export function deAnFilters(query: ReportQuery, params: unknown[], provinces: readonly string[] | undefined, alias = 'f'): string {
  const conditions = [validAt(query, params, alias)];
  if (query.from !== undefined) conditions.push(`${alias}.plan_year >= ${param(params, query.from)}`);
  if (query.to !== undefined) conditions.push(`${alias}.plan_year <= ${param(params, query.to)}`);
  if (query.fundingSource) conditions.push(`${alias}.funding_source = ${param(params, query.fundingSource)}`);
  if (query.level) conditions.push(`${alias}.level = ${param(params, query.level)}`);
  if (provinces) conditions.push(`${alias}.province = ANY(${param(params, provinces)})`);
  return conditions.join(' AND ');
}

export function param(params: unknown[], value: unknown): string {
  params.push(value);
  return `$${params.length}`;
}

/**
 * The amount and the statuses counted under each basis. The estimate (ước thực hiện, written before
 * the year closes) counts what is settled as settled and every other approval at its approved support.
 */
const BASIS: Readonly<Record<Basis, { readonly amount: string; readonly statuses: readonly string[]; readonly label: string }>> = {
  approved: { amount: 'approved_support', statuses: HOLDS_APPROVAL, label: BASIS_LABELS.approved },
  settled: { amount: 'settled_support', statuses: ['Settled'], label: BASIS_LABELS.settled },
  estimated: { amount: 'coalesce(settled_support, approved_support)', statuses: HOLDS_APPROVAL, label: BASIS_LABELS.estimated },
};

/** The amount expression and the statuses counted under the query's basis (approved by default). */
export const basisOf = (query: ReportQuery) => BASIS[query.basis ?? 'approved'];

/** The years of the period: the query's, else those present in the data, else none. */
export function periodYears(query: ReportQuery, present: readonly number[]): number[] {
  const from = query.from ?? (present.length ? Math.min(...present) : undefined);
  const to = query.to ?? (present.length ? Math.max(...present) : undefined);
  if (from === undefined || to === undefined || to < from) return [];
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** "(Giai đoạn 2014 - 2020)" and the as-of line every report title carries. */
export function subtitles(query: ReportQuery, years: readonly number[]): string[] {
  const lines: string[] = [];
  if (years.length === 1) lines.push(`(Năm ${years[0]})`);
  else if (years.length > 1) lines.push(`(Giai đoạn ${years[0]} - ${years.at(-1)})`);
  lines.push(
    query.asOf
      ? `Số liệu tính đến ${vietnamInstant(query.asOf)}${query.asOfBy === 'recorded' ? ' (theo thời điểm ghi nhận)' : ''}`
      : 'Số liệu tính đến thời điểm lập báo cáo',
  );
  if (query.level) lines.push(`Cấp quản lý: ${LEVEL_LABELS[query.level].toLowerCase()}`);
  return lines;
}

/** "31/12/2016 23:59" in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
function vietnamInstant(iso: string): string {
  const local = new Date(Date.parse(iso) + 7 * 3_600_000).toISOString();
  return `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)} ${local.slice(11, 16)}`;
}

/** Integer đồng divided with rounding half away from zero (averages stay integer đồng). */
export function divideDong(amount: number, by: number): number {
  if (by === 0) return 0;
  const q = Math.round(Math.abs(amount) / by);
  return amount < 0 ? -q : q;
}
