/**
 * Results (Báo cáo kết quả thực hiện): the accepted results of đề án, per indicator and unit (ĐVT),
 * per plan year and source — workers trained, models built, establishments supported, brands …
 */
import { INDICATOR_CATALOGUE, versionInForce } from '@app/domain';
import type { ColumnSpec, HeaderCell, TableRow } from '../export/report-table';
import { deAnFilters, periodYears, Report, SOURCE_LABELS, SOURCES, Source, subtitles } from './report-query';
import { provinceCodesFor } from './provinces';

export interface ResultsRow {
  /** The catalogue's code; null for an "other" (free-text) line, grouped by its words. */
  readonly code: string | null;
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
    // A coded line is its indicator whatever its words; an "other" line is its words and unit.
    const { rows } = await sql.query<{
      code: string | null;
      indicator: string;
      unit: string;
      plan_year: number;
      funding_source: Source;
      quantity: string;
      de_an: string;
    }>(
      `SELECT r->>'code' AS code, CASE WHEN r ? 'code' THEN '' ELSE r->>'indicator' END AS indicator,
              CASE WHEN r ? 'code' THEN '' ELSE r->>'unit' END AS unit, plan_year, funding_source,
              sum((r->>'quantity')::numeric) AS quantity, count(DISTINCT f.id) AS de_an
       FROM ${schema}.de_an_facts f CROSS JOIN LATERAL jsonb_array_elements(f.accepted_results) r
       WHERE ${where} AND f.status IN ('Accepted', 'Settled')
       GROUP BY 1, 2, 3, 4, 5 ORDER BY 2, 3`,
      params,
    );
    const years = periodYears(query, [...new Set(rows.map((r) => r.plan_year))]);
    const catalogue = versionInForce(INDICATOR_CATALOGUE, `${years.at(-1) ?? new Date().getUTCFullYear()}-12-31`).value;
    const byKey = new Map<string, ResultsRow>();
    for (const r of rows.filter((row) => years.includes(row.plan_year))) {
      const known = r.code === null ? undefined : catalogue.find((x) => x.code === r.code);
      const key = r.code ?? `${r.indicator}\u0000${r.unit}`;
      const row = byKey.get(key) ?? {
        code: r.code,
        indicator: known?.name ?? (r.indicator || r.code!),
        unit: known?.unit ?? r.unit,
        deAnCount: 0,
        total: { KCDP: 0, KCQG: 0 },
        years: Object.fromEntries(years.map((y) => [String(y), { KCDP: 0, KCQG: 0 }])),
      };
      row.years[String(r.plan_year)]![r.funding_source] += Number(r.quantity);
      row.total[r.funding_source] += Number(r.quantity);
      byKey.set(key, { ...row, deAnCount: row.deAnCount + Number(r.de_an) });
    }
    // the catalogue's indicators in its order, then the "other" lines
    const rank = (row: ResultsRow) => (row.code === null ? catalogue.length : catalogue.findIndex((x) => x.code === row.code));
    const ordered = [...byKey.values()].sort((a, b) => rank(a) - rank(b));
    const data: ResultsReport = { asOf: query.asOf ?? null, years, rows: ordered };

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
    const cells = (row: ResultsRow, n: number) => [
      String(n),
      row.indicator,
      row.unit,
      ...[...years.map((y) => row.years[String(y)]!), row.total].flatMap((b) => SOURCES.map((s) => b[s] || null)),
    ];
    const coded = data.rows.filter((r) => r.code !== null);
    const other = data.rows.filter((r) => r.code === null);
    const body: TableRow[] = [
      ...coded.map((row, i) => ({ cells: cells(row, i + 1) })),
      ...(other.length > 0
        ? [
            { cells: ['', 'Chỉ tiêu khác (ngoài danh mục)', '', ...blocks.flatMap(() => SOURCES.map(() => null))], style: 'group' as const },
            ...other.map((row, i) => ({ cells: cells(row, i + 1) })),
          ]
        : []),
    ];
    return { data, table: { sheetName: 'Kết quả', title: this.title, subtitles: subtitles(query, years), header, columns, rows: body } };
  },
};
