/**
 * Pipeline: đề án per state, those overdue (contract end date passed while still in implementation,
 * plus deadlines recorded as missed), and the time spent per stage — the seeds complain of dossiers
 * "stopped, adjusted and supplemented many times".
 */
import { LIFECYCLE_STATUSES, STATUS_LABELS } from '@app/domain';
import type { ColumnSpec, HeaderCell, TableRow } from '../export/report-table';
import { deAnFilters, param, Report, ReportQuery, subtitles } from './report-query';
import { provinceCodesFor } from './provinces';

export interface PipelineRow {
  readonly status: string;
  readonly label: string;
  /** Đề án in this state at the instant. */
  readonly count: number;
  /** Of those, past their contract end date (implementation states only). */
  readonly overdue: number;
  /** Đề án that have been in this state at some time up to the instant. */
  readonly entered: number;
  /** Mean days spent in this state per đề án that entered it (time so far for those still there). */
  readonly averageDays: number | null;
}

export interface PipelineReport {
  readonly asOf: string | null;
  readonly rows: readonly PipelineRow[];
  readonly total: number;
  readonly missedDeadlines: number;
}

export const pipelineReport: Report<PipelineReport> = {
  name: 'pipeline',
  title: 'BÁO CÁO TÌNH HÌNH XỬ LÝ ĐỀ ÁN KHUYẾN CÔNG',
  async build(sql, schema, query) {
    const provinces = provinceCodesFor(query.province, query.scheme);
    const params: unknown[] = [];
    const where = deAnFilters(query, params, provinces);
    const at = query.asOf ?? new Date().toISOString();
    const day = vietnamDay(at);
    const { rows: now } = await sql.query<{ status: string; count: string; overdue: string; missed: string }>(
      `SELECT status, count(*) AS count,
              count(*) FILTER (WHERE status IN ('InImplementation', 'Suspended') AND contract_end < ${param(params, day)}) AS overdue,
              sum(missed_deadlines) AS missed
       FROM ${schema}.de_an_facts f WHERE ${where} GROUP BY status`,
      params,
    );

    const stage = stageQuery(query, at, provinces);
    const { rows: stages } = await sql.query<{ status: string; entered: string; seconds: string }>(
      `SELECT status, count(DISTINCT id) AS entered, sum(extract(epoch FROM (least(coalesce(${stage.to}, ${stage.at}), ${stage.at}) - ${stage.from}))) AS seconds
       FROM ${schema}.de_an_facts f WHERE ${stage.where} GROUP BY status`,
      stage.params,
    );

    const rows = LIFECYCLE_STATUSES.map((status): PipelineRow => {
      const n = now.find((r) => r.status === status);
      const s = stages.find((r) => r.status === status);
      const entered = Number(s?.entered ?? 0);
      return {
        status,
        label: STATUS_LABELS[status],
        count: Number(n?.count ?? 0),
        overdue: Number(n?.overdue ?? 0),
        entered,
        averageDays: entered ? Math.round((Number(s!.seconds) / 86_400 / entered) * 10) / 10 : null,
      };
    });
    const data: PipelineReport = {
      asOf: query.asOf ?? null,
      rows,
      total: rows.reduce((a, r) => a + r.count, 0),
      missedDeadlines: now.reduce((a, r) => a + Number(r.missed ?? 0), 0),
    };
    const header: HeaderCell[][] = [
      [
        { text: 'TT' },
        { text: 'Trạng thái' },
        { text: 'Số đề án hiện tại' },
        { text: 'Trong đó quá hạn' },
        { text: 'Số đề án đã qua bước này' },
        { text: 'Thời gian trung bình ở bước (ngày)' },
      ],
    ];
    const columns: ColumnSpec[] = [
      { kind: 'text', width: 5 },
      { kind: 'label', width: 30 },
      { kind: 'count', width: 12 },
      { kind: 'count', width: 12 },
      { kind: 'count', width: 14 },
      { kind: 'number', width: 16 },
    ];
    const body: TableRow[] = [
      ...rows.map((r, i) => ({ cells: [String(i + 1), r.label, r.count, r.overdue || null, r.entered, r.averageDays] })),
      { cells: ['', 'Tổng số', data.total, rows.reduce((a, r) => a + r.overdue, 0), null, null], style: 'total' },
      { cells: ['', 'Số lần trễ hạn đã ghi nhận', data.missedDeadlines, null, null, null] },
    ];
    return {
      data,
      table: {
        sheetName: 'Tiến độ xử lý',
        title: this.title,
        subtitles: subtitles(query, []),
        header,
        columns,
        rows: body,
        chart: { label: 1, series: [{ name: 'Số đề án hiện tại', column: 2 }], rows: rows.map((_, i) => i) },
      },
    };
  },
};

/** Every version that began by the instant, on the query's timeline, with the common filters. */
function stageQuery(query: ReportQuery, at: string, provinces: readonly string[] | undefined) {
  const params: unknown[] = [at];
  const [from, to] = query.asOfBy === 'recorded' ? ['f.recorded_from', 'f.recorded_to'] : ['f.occurred_from', 'f.occurred_to'];
  const conditions = [`${from} <= $1::timestamptz`];
  if (query.from !== undefined) conditions.push(`f.plan_year >= ${param(params, query.from)}`);
  if (query.to !== undefined) conditions.push(`f.plan_year <= ${param(params, query.to)}`);
  if (query.fundingSource) conditions.push(`f.funding_source = ${param(params, query.fundingSource)}`);
  if (provinces) conditions.push(`f.province = ANY(${param(params, provinces)})`);
  return { params, where: conditions.join(' AND '), from, to, at: '$1::timestamptz' };
}

function vietnamDay(iso: string): string {
  return new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 10);
}
