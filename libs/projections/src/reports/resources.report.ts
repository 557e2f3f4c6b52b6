/**
 * Resources mobilised: state support by source against the beneficiaries' counterpart funds, and
 * the leverage ratio (đồng of counterpart funds per đồng of state support; the national figure for
 * 2014–2020 was about 5.5).
 */
import type { Basis } from '@app/domain';
import { ColumnSpec, HeaderCell, rowsWhere, TableRow } from '../export/report-table';
import { basisOf, deAnFilters, periodYears, Report, subtitles } from './report-query';
import { provinceCodesFor } from './provinces';

export interface ResourcesRow {
  /** null on the totals row. */
  readonly year: number | null;
  readonly count: number;
  readonly state: { readonly KCDP: number; readonly KCQG: number; readonly total: number };
  readonly counterpart: number;
  readonly totalCost: number;
  /** counterpart ÷ state support; null when no state support. */
  readonly leverage: number | null;
}

export interface ResourcesReport {
  readonly basis: Basis;
  readonly asOf: string | null;
  readonly rows: readonly ResourcesRow[];
  readonly totals: ResourcesRow;
}

export const resourcesReport: Report<ResourcesReport> = {
  name: 'resources',
  title: 'BÁO CÁO NGUỒN LỰC HUY ĐỘNG CHO HOẠT ĐỘNG KHUYẾN CÔNG',
  async build(sql, schema, query) {
    const basis = basisOf(query);
    const params: unknown[] = [];
    const where = deAnFilters(query, params, provinceCodesFor(query.province, query.scheme));
    const { rows } = await sql.query<{ plan_year: number; count: string; kcdp: string; kcqg: string; counterpart: string; total_cost: string }>(
      `SELECT plan_year, count(*) AS count,
              coalesce(sum(${basis.amount}) FILTER (WHERE funding_source = 'KCDP'), 0) AS kcdp,
              coalesce(sum(${basis.amount}) FILTER (WHERE funding_source = 'KCQG'), 0) AS kcqg,
              sum(counterpart_funds) AS counterpart, sum(total_cost) AS total_cost
       FROM ${schema}.de_an_facts f WHERE ${where} AND f.status = ANY($${params.push(basis.statuses)})
       GROUP BY plan_year ORDER BY plan_year`,
      params,
    );
    const years = periodYears(
      query,
      rows.map((r) => r.plan_year),
    );
    const row = (year: number | null, count: number, kcdp: number, kcqg: number, counterpart: number, totalCost: number): ResourcesRow => ({
      year,
      count,
      state: { KCDP: kcdp, KCQG: kcqg, total: kcdp + kcqg },
      counterpart,
      totalCost,
      leverage: kcdp + kcqg > 0 ? Math.round((counterpart / (kcdp + kcqg)) * 100) / 100 : null,
    });
    const yearly = years.map((y) => {
      const r = rows.find((x) => x.plan_year === y);
      return row(y, Number(r?.count ?? 0), Number(r?.kcdp ?? 0), Number(r?.kcqg ?? 0), Number(r?.counterpart ?? 0), Number(r?.total_cost ?? 0));
    });
    const sum = (f: (r: ResourcesRow) => number) => yearly.reduce((a, r) => a + f(r), 0);
    const totals = row(
      null,
      sum((r) => r.count),
      sum((r) => r.state.KCDP),
      sum((r) => r.state.KCQG),
      sum((r) => r.counterpart),
      sum((r) => r.totalCost),
    );
    const data: ResourcesReport = { basis: query.basis ?? 'approved', asOf: query.asOf ?? null, rows: yearly, totals };

    const header: HeaderCell[][] = [
      [
        { text: 'Năm', rowSpan: 2 },
        { text: 'Số đề án', rowSpan: 2 },
        { text: 'Kinh phí nhà nước hỗ trợ', colSpan: 3 },
        { text: 'Vốn đối ứng của cơ sở', rowSpan: 2 },
        { text: 'Tổng vốn thực hiện', rowSpan: 2 },
        { text: 'Vốn đối ứng / 1 đồng vốn nhà nước', rowSpan: 2 },
      ],
      [{ text: 'KCĐP' }, { text: 'KCQG' }, { text: 'Cộng' }],
    ];
    const columns: ColumnSpec[] = [
      { kind: 'text', width: 10 },
      { kind: 'count', width: 9 },
      { kind: 'trieu', width: 12 },
      { kind: 'trieu', width: 12 },
      { kind: 'trieu', width: 12 },
      { kind: 'trieu', width: 14 },
      { kind: 'trieu', width: 14 },
      { kind: 'number', width: 14 },
    ];
    const cells = (r: ResourcesRow, label: string) => [
      label,
      r.count,
      r.state.KCDP,
      r.state.KCQG,
      r.state.total,
      r.counterpart,
      r.totalCost,
      r.leverage,
    ];
    const body: TableRow[] = [
      ...yearly.map((r) => ({ cells: cells(r, `Năm ${r.year}`) })),
      { cells: cells(totals, 'Tổng cộng'), style: 'total' as const },
    ];
    return {
      data,
      table: {
        sheetName: 'Nguồn lực',
        title: this.title,
        subtitles: [...subtitles(query, years), `Cơ sở số liệu: ${basis.label}`],
        unitNote: 'Đơn vị tính: triệu đồng',
        header,
        columns,
        rows: body,
        // Per year, what the state gave and what the establishments put in: together, the total invested.
        chart: {
          label: 0,
          series: [
            { name: 'KCĐP', column: 2 },
            { name: 'KCQG', column: 3 },
            { name: 'Vốn đối ứng của cơ sở', column: 5 },
          ],
          rows: rowsWhere(body, (r) => r.style !== 'total'),
        },
      },
    };
  },
};
