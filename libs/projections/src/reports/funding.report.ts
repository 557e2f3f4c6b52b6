/**
 * Funding (Báo cáo tình hình thực hiện kế hoạch kinh phí khuyến công), laid out like the Bình Định
 * appendix: content areas I–IX with their activity sub-rows; per year KCĐP and KCQG (number of
 * đề án, amount); then the period total and the period's yearly average.
 */
import { Basis, AREA_LABELS, CONTENT_AREAS, CONTENT_CATALOGUE, ContentArea, Level, LEVEL_LABELS, LEVELS, ROMAN, versionInForce } from '@app/domain';
import type { SqlExecutor } from '@app/event-store';
import { ColumnSpec, HeaderCell, rowsWhere, TableRow } from '../export/report-table';
import { basisOf, deAnFilters, divideDong, periodYears, Report, ReportQuery, SOURCE_LABELS, SOURCES, Source, subtitles } from './report-query';
import { provinceCodesFor } from './provinces';

export interface Cell {
  readonly count: number;
  readonly amount: number;
}
export type BySource = Record<Source, Cell>;
/** The period average: count with one decimal, amount rounded to the đồng. */
export type AverageBySource = Record<Source, Cell>;

export interface FundingRow {
  readonly contentArea: string;
  /** null on a content-area row. */
  readonly activity: string | null;
  readonly label: string;
  readonly years: Record<string, BySource>;
  readonly total: BySource;
  readonly average: AverageBySource;
}

export interface FundingReport {
  readonly basis: Basis;
  /** KCĐP over the period by level (cấp tỉnh, cấp huyện, cấp xã), as the provinces' reports state it. */
  readonly localByLevel: Partial<Record<Level, Cell>>;
  readonly asOf: string | null;
  readonly years: readonly number[];
  readonly rows: readonly FundingRow[];
  readonly totals: Omit<FundingRow, 'contentArea' | 'activity' | 'label'>;
}

const empty = (): BySource => ({ KCDP: { count: 0, amount: 0 }, KCQG: { count: 0, amount: 0 } });

export const fundingReport: Report<FundingReport> = {
  name: 'funding',
  title: 'BÁO CÁO TÌNH HÌNH THỰC HIỆN KẾ HOẠCH KINH PHÍ KHUYẾN CÔNG',
  async build(sql: SqlExecutor, schema: string, query: ReportQuery) {
    const basis = basisOf(query);
    const params: unknown[] = [];
    const where = deAnFilters(query, params, provinceCodesFor(query.province, query.scheme));
    const { rows: cells } = await sql.query<{
      content_area: string;
      activity: string;
      plan_year: number;
      funding_source: Source;
      level: Level;
      count: string;
      amount: string;
    }>(
      `SELECT content_area, activity, plan_year, funding_source, level, count(*) AS count, sum(${basis.amount}) AS amount
       FROM ${schema}.de_an_facts f WHERE ${where} AND f.status = ANY($${params.push(basis.statuses)})
       GROUP BY content_area, activity, plan_year, funding_source, level`,
      params,
    );

    const years = periodYears(query, [...new Set(cells.map((c) => c.plan_year))]);
    const inPeriod = cells.filter((c) => years.includes(c.plan_year));
    const lastDay = `${years.at(-1) ?? new Date().getUTCFullYear()}-12-31`;
    const catalogue = versionInForce(CONTENT_CATALOGUE, lastDay).value;

    const line = (contentArea: string, activity: string | null, label: string, match: (c: (typeof inPeriod)[number]) => boolean): FundingRow => {
      const byYear: Record<string, BySource> = Object.fromEntries(years.map((y) => [String(y), empty()]));
      const total = empty();
      for (const c of inPeriod.filter(match)) {
        const count = Number(c.count);
        const amount = Number(c.amount);
        add(byYear[String(c.plan_year)]![c.funding_source], count, amount);
        add(total[c.funding_source], count, amount);
      }
      return { contentArea, activity, label, years: byYear, total, average: average(total, years.length) };
    };

    const rows: FundingRow[] = [];
    for (const area of CONTENT_AREAS) {
      rows.push(line(area, null, AREA_LABELS[area], (c) => c.content_area === area));
      const known = catalogue.filter((a) => a.area === area);
      const extra = [...new Set(inPeriod.filter((c) => c.content_area === area && !known.some((a) => a.code === c.activity)).map((c) => c.activity))];
      for (const activity of known) rows.push(line(area, activity.code, activity.label, (c) => c.activity === activity.code));
      for (const code of extra.sort()) rows.push(line(area, code, `Hoạt động ${code}`, (c) => c.activity === code));
    }
    const all = line('', null, 'Tổng số kinh phí', () => true);
    const localByLevel: Partial<Record<Level, Cell>> = {};
    for (const c of inPeriod.filter((c) => c.funding_source === 'KCDP'))
      add((localByLevel[c.level] ??= { count: 0, amount: 0 }), Number(c.count), Number(c.amount));
    const data: FundingReport = {
      basis: query.basis ?? 'approved',
      localByLevel,
      asOf: query.asOf ?? null,
      years,
      rows,
      totals: { years: all.years, total: all.total, average: all.average },
    };
    return { data, table: fundingTable(query, data, all) };
  },
};

function add(cell: Cell, count: number, amount: number): void {
  (cell as { count: number }).count += count;
  (cell as { amount: number }).amount += amount;
}

function average(total: BySource, years: number): AverageBySource {
  const of = (cell: Cell): Cell => ({ count: years ? Math.round((cell.count / years) * 10) / 10 : 0, amount: divideDong(cell.amount, years) });
  return { KCDP: of(total.KCDP), KCQG: of(total.KCQG) };
}

/** "Khuyến công địa phương: cấp tỉnh 137 đề án, 14.147 triệu đồng; cấp huyện 183 đề án, 3.987 triệu đồng" (seed 003's wording). */
function localByLevelLine(byLevel: Partial<Record<Level, Cell>>): string[] {
  const parts = LEVELS.filter((l) => byLevel[l]).map(
    (l) => `${LEVEL_LABELS[l].toLowerCase()} ${byLevel[l]!.count} đề án, ${trieuText(byLevel[l]!.amount)} triệu đồng`,
  );
  return parts.length > 0 ? [`Khuyến công địa phương: ${parts.join('; ')}`] : [];
}

/** Whole triệu, as the reports' prose writes these totals (the table's cells keep one decimal). */
const trieuText = (amount: number) => new Intl.NumberFormat('vi-VN').format(Math.round(amount / 1_000_000));

function fundingTable(query: ReportQuery, data: FundingReport, all: FundingRow) {
  const { years } = data;
  const period = years.length > 1 ? `${years[0]} - ${years.at(-1)}` : String(years[0] ?? '');
  const blocks = [...years.map((y) => `Năm ${y}`), `Tổng giai đoạn ${period}`, `Trung bình giai đoạn ${period}`];
  const header: HeaderCell[][] = [
    [{ text: 'TT', rowSpan: 3 }, { text: 'Nội dung và chỉ tiêu', rowSpan: 3 }, ...blocks.map((text) => ({ text, colSpan: 4 }))],
    blocks.flatMap(() => SOURCES.map((s) => ({ text: SOURCE_LABELS[s], colSpan: 2 }))),
    blocks.flatMap(() => SOURCES.flatMap(() => [{ text: 'Số đề án' }, { text: 'Số kinh phí' }])),
  ];
  const columns: ColumnSpec[] = [
    { kind: 'text', width: 6 },
    { kind: 'label', width: 48 },
    ...blocks.flatMap(() =>
      SOURCES.flatMap((): ColumnSpec[] => [
        { kind: 'count', width: 7 },
        { kind: 'trieu', width: 10 },
      ]),
    ),
  ];
  const values = (row: FundingRow) =>
    [...years.map((y) => row.years[String(y)]!), row.total, row.average].flatMap((b) =>
      SOURCES.flatMap((s) => [b[s].count || null, b[s].amount || null]),
    );
  const subIndex = new Map<string, number>();
  const body: TableRow[] = [
    { cells: ['', all.label, ...values(all)], style: 'total' },
    ...data.rows.map((row): TableRow => {
      if (row.activity === null) return { cells: [ROMAN[row.contentArea as ContentArea], row.label, ...values(row)], style: 'group' };
      const n = (subIndex.get(row.contentArea) ?? 0) + 1;
      subIndex.set(row.contentArea, n);
      return { cells: [String(n), row.label, ...values(row)] };
    }),
  ];
  return {
    sheetName: 'Kinh phí',
    title: fundingReport.title,
    subtitles: [...subtitles(query, years), `Cơ sở số liệu: ${basisOf(query).label}`, ...localByLevelLine(data.localByLevel)],
    unitNote: 'Đơn vị tính: triệu đồng',
    header,
    columns,
    rows: body,
    // The period's total by source, per content area.
    chart: {
      label: 1,
      series: SOURCES.map((s, i) => ({ name: SOURCE_LABELS[s], column: 2 + years.length * 4 + i * 2 + 1 })),
      rows: rowsWhere(body, (r) => r.style === 'group'),
    },
  };
}
