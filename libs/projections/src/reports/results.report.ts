/**
 * Results (Báo cáo kết quả thực hiện): the accepted results of đề án, per indicator and unit (ĐVT),
 * per plan year and source — workers trained, models built, establishments supported, brands …
 */
import type { ColumnSpec, HeaderCell, TableRow } from '../export/report-table';
import { deAnFilters, periodYears, Report, SOURCE_LABELS, SOURCES, Source, subtitles } from './report-query';
import { provinceCodesFor } from './provinces';

export interface ResultsRow {
  readonly indicator: string;
  readonly unit: string;
  readonly years: Record<string, Record<Source, number>>;
  readonly total: Record<Source, number>;
  /** Number of đề án that reported this indicator. */
  readonly deAnCount: number;
}

export interface ResultsReport {
  readonly asOf: string | null;
  readonly years: readonly number[];
  readonly rows: readonly ResultsRow[];
}

export const resultsReport: Report<ResultsReport> = {
  name: 'results',
  title: 'BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KHUYẾN CÔNG',
  async build(sql, schema, query) {
    const params: unknown[] = [];
    const where = deAnFilters(query, params, provinceCodesFor(query.province, query.scheme));
    const { rows } = await sql.query<{ indicator: string; unit: string; plan_year: number; funding_source: Source; quantity: string; de_an: string }>(
      `SELECT r->>'indicator' AS indicator, r->>'unit' AS unit, plan_year, funding_source,
              sum((r->>'quantity')::numeric) AS quantity, count(DISTINCT f.id) AS de_an
       FROM ${schema}.de_an_facts f CROSS JOIN LATERAL jsonb_array_elements(f.accepted_results) r
       WHERE ${where} AND f.status IN ('Accepted', 'Settled')
       GROUP BY 1, 2, 3, 4 ORDER BY 1, 2`,
      params,
    );
    const years = periodYears(query, [...new Set(rows.map((r) => r.plan_year))]);
    const byKey = new Map<string, ResultsRow>();
    for (const r of rows.filter((row) => years.includes(row.plan_year))) {
      const key = `${r.indicator}\u0000${r.unit}`;
      const row = byKey.get(key) ?? {
        indicator: r.indicator,
        unit: r.unit,
        deAnCount: 0,
        total: { KCDP: 0, KCQG: 0 },
        years: Object.fromEntries(years.map((y) => [String(y), { KCDP: 0, KCQG: 0 }])),
      };
      row.years[String(r.plan_year)]![r.funding_source] += Number(r.quantity);
      row.total[r.funding_source] += Number(r.quantity);
      byKey.set(key, { ...row, deAnCount: row.deAnCount + Number(r.de_an) });
    }
    const data: ResultsReport = { asOf: query.asOf ?? null, years, rows: [...byKey.values()] };

    const blocks = [...years.map((y) => `Năm ${y}`), 'Tổng giai đoạn'];
    const header: HeaderCell[][] = [
      [{ text: 'TT', rowSpan: 2 }, { text: 'Chỉ tiêu', rowSpan: 2 }, { text: 'ĐVT', rowSpan: 2 }, ...blocks.map((text) => ({ text, colSpan: 2 }))],
      blocks.flatMap(() => SOURCES.map((s) => ({ text: SOURCE_LABELS[s] }))),
    ];
    const columns: ColumnSpec[] = [
      { kind: 'text', width: 5 },
      { kind: 'label', width: 44 },
      { kind: 'text', width: 10 },
      ...blocks.flatMap((): ColumnSpec[] => [
        { kind: 'number', width: 9 },
        { kind: 'number', width: 9 },
      ]),
    ];
    const body: TableRow[] = data.rows.map((row, i) => ({
      cells: [
        String(i + 1),
        row.indicator,
        row.unit,
        ...[...years.map((y) => row.years[String(y)]!), row.total].flatMap((b) => SOURCES.map((s) => b[s] || null)),
      ],
    }));
    return { data, table: { sheetName: 'Kết quả', title: this.title, subtitles: subtitles(query, years), header, columns, rows: body } };
  },
};
