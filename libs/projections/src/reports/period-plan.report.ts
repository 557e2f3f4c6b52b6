/**
 * A period plan against what was done (the Bắc Giang 2021–2025 plan's layout, seed 000): its targets per
 * indicator against the results accepted for the province's đề án of the period's years, and its funding
 * per source against the support approved (KCQG, KCĐP) and the counterpart funds of those đề án, each as
 * "% so với mục tiêu giai đoạn". The period plan is the query's `periodPlanId`, else the province's latest.
 */
import { HOLDS_APPROVAL, PERIOD_FUNDING_LABELS, PERIOD_FUNDING_SOURCES, PeriodFundingSource } from '@app/domain';
import type { ColumnSpec, HeaderCell, TableRow } from '../export/report-table';
import { param, Report, validAt } from './report-query';
import { provinceCodesFor } from './provinces';

export interface PeriodTargetRow {
  readonly code: string | null;
  readonly indicator: string;
  readonly unit: string;
  readonly target: number;
  readonly achieved: number;
  /** achieved ÷ target; null without a target. */
  readonly ratio: number | null;
}

export interface PeriodFundingRow {
  readonly source: PeriodFundingSource;
  readonly label: string;
  /** year → planned and done, in đồng. */
  readonly years: Readonly<Record<string, { readonly planned: number; readonly actual: number }>>;
  readonly planned: number;
  readonly actual: number;
  readonly ratio: number | null;
}

export interface PeriodPlanReport {
  readonly asOf: string | null;
  readonly periodPlan: {
    readonly id: string;
    readonly title: string;
    readonly province: string;
    readonly fromYear: number;
    readonly toYear: number;
  } | null;
  readonly rows: readonly PeriodTargetRow[];
  readonly funding: readonly PeriodFundingRow[];
}

const ratioOf = (done: number, target: number) => (target > 0 ? Math.round((done / target) * 10_000) / 10_000 : null);
const TRIEU = 1_000_000;

export const periodPlanReport: Report<PeriodPlanReport> = {
  name: 'period-plan',
  title: 'BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH KHUYẾN CÔNG GIAI ĐOẠN',
  async build(sql, schema, query) {
    const planParams: unknown[] = [];
    const where = [validAt(query, planParams, 'p')];
    if (query.periodPlanId) where.push(`p.id = ${param(planParams, query.periodPlanId)}`);
    const provinces = provinceCodesFor(query.province, query.scheme);
    if (provinces) where.push(`p.province = ANY(${param(planParams, provinces)})`);
    const {
      rows: [plan],
    } = await sql.query<{
      id: string;
      title: string;
      province: string;
      from_year: number;
      to_year: number;
      targets: { code?: string; indicator: string; quantity: number; unit: string }[];
      funding: { source: PeriodFundingSource; year: number; amount: number }[];
    }>(`SELECT * FROM ${schema}.period_plan_facts p WHERE ${where.join(' AND ')} ORDER BY p.from_year DESC, p.id LIMIT 1`, planParams);

    const data: PeriodPlanReport = plan ? await measure(plan) : { asOf: query.asOf ?? null, periodPlan: null, rows: [], funding: [] };

    async function measure(p: NonNullable<typeof plan>): Promise<PeriodPlanReport> {
      const params: unknown[] = [];
      const of = `${validAt(query, params)} AND f.province = ${param(params, p.province)} AND f.plan_year BETWEEN ${param(params, p.from_year)} AND ${param(params, p.to_year)}`;
      const { rows: achieved } = await sql.query<{ code: string | null; indicator: string; unit: string; quantity: string }>(
        `SELECT r->>'code' AS code, r->>'indicator' AS indicator, r->>'unit' AS unit, sum((r->>'quantity')::numeric) AS quantity
         FROM ${schema}.de_an_facts f CROSS JOIN LATERAL jsonb_array_elements(f.accepted_results) r
         WHERE ${of} AND f.status IN ('Accepted', 'Settled') GROUP BY 1, 2, 3`,
        params,
      );
      const statuses = param(params, HOLDS_APPROVAL);
      const { rows: money } = await sql.query<{ plan_year: number; funding_source: string; approved: string; counterpart: string }>(
        `SELECT f.plan_year, f.funding_source, sum(f.approved_support) AS approved, sum(f.counterpart_funds) AS counterpart
         FROM ${schema}.de_an_facts f WHERE ${of} AND f.status = ANY(${statuses}) GROUP BY 1, 2`,
        params,
      );

      // a target and a result with one code are one indicator (rules/indicators.ts); "other" lines meet by their words
      const key = (line: { code?: string | null; indicator: string; unit: string }) =>
        line.code ? `code:${line.code}` : `${line.indicator.trim().toLowerCase()}\u0000${line.unit.trim().toLowerCase()}`;
      const rows = new Map<string, { code: string | null; indicator: string; unit: string; target: number; achieved: number }>();
      for (const t of p.targets) {
        const row = rows.get(key(t)) ?? { code: t.code ?? null, indicator: t.indicator, unit: t.unit, target: 0, achieved: 0 };
        rows.set(key(t), { ...row, target: row.target + Number(t.quantity) });
      }
      for (const a of achieved) {
        const row = rows.get(key(a)) ?? { code: a.code, indicator: a.indicator, unit: a.unit, target: 0, achieved: 0 };
        rows.set(key(a), { ...row, achieved: row.achieved + Number(a.quantity) });
      }

      const years = Array.from({ length: p.to_year - p.from_year + 1 }, (_, i) => p.from_year + i);
      const actualOf = (source: PeriodFundingSource, year: number) =>
        money
          .filter((m) => m.plan_year === year && (source === 'counterpart' || m.funding_source === source))
          .reduce((a, m) => a + Number(source === 'counterpart' ? m.counterpart : m.approved), 0);
      const funding = PERIOD_FUNDING_SOURCES.map((source): PeriodFundingRow => {
        const byYear = Object.fromEntries(
          years.map((year) => [
            String(year),
            { planned: p.funding.find((f) => f.source === source && f.year === year)?.amount ?? 0, actual: actualOf(source, year) },
          ]),
        );
        const planned = Object.values(byYear).reduce((a, y) => a + y.planned, 0);
        const actual = Object.values(byYear).reduce((a, y) => a + y.actual, 0);
        return { source, label: PERIOD_FUNDING_LABELS[source], years: byYear, planned, actual, ratio: ratioOf(actual, planned) };
      });
      return {
        asOf: query.asOf ?? null,
        periodPlan: { id: p.id, title: p.title, province: p.province, fromYear: p.from_year, toYear: p.to_year },
        rows: [...rows.values()].map((r) => ({ ...r, ratio: ratioOf(r.achieved, r.target) })),
        funding,
      };
    }

    const period = data.periodPlan ? `${data.periodPlan.fromYear} - ${data.periodPlan.toYear}` : '';
    const header: HeaderCell[][] = [
      [
        { text: 'TT' },
        { text: 'Nội dung và chỉ tiêu' },
        { text: 'ĐVT' },
        { text: `Mục tiêu giai đoạn ${period}`.trim() },
        { text: 'Kết quả thực hiện' },
        { text: '% so với mục tiêu giai đoạn' },
      ],
    ];
    const columns: ColumnSpec[] = [
      { kind: 'text', width: 5 },
      { kind: 'label', width: 50 },
      { kind: 'text', width: 12 },
      { kind: 'number', width: 16 },
      { kind: 'number', width: 16 },
      { kind: 'percent', width: 16 },
    ];
    const total = data.funding.reduce((a, f) => ({ planned: a.planned + f.planned, actual: a.actual + f.actual }), { planned: 0, actual: 0 });
    const body: TableRow[] = data.periodPlan
      ? [
          { cells: ['A', 'KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU', '', null, null, null], style: 'group' },
          ...data.rows.map((r, i) => ({ cells: [String(i + 1), r.indicator, r.unit, r.target, r.achieved, r.ratio] })),
          { cells: ['B', 'KINH PHÍ THỰC HIỆN', 'Triệu đồng', null, null, null], style: 'group' },
          ...data.funding.map((f, i) => ({ cells: [String(i + 1), f.label, 'Triệu đồng', f.planned / TRIEU, f.actual / TRIEU, f.ratio] })),
          {
            cells: ['', 'Tổng cộng', 'Triệu đồng', total.planned / TRIEU, total.actual / TRIEU, ratioOf(total.actual, total.planned)],
            style: 'total',
          },
        ]
      : [];
    const subtitles = data.periodPlan
      ? [
          `${data.periodPlan.title} (Giai đoạn ${period})`,
          'Kinh phí khuyến công quốc gia trong kế hoạch giai đoạn là số đề nghị hỗ trợ; thực hiện: kinh phí được phê duyệt',
          query.asOf ? `Số liệu tính đến ${query.asOf}` : 'Số liệu tính đến thời điểm lập báo cáo',
        ]
      : ['Chưa có kế hoạch giai đoạn trong phạm vi báo cáo'];
    return { data, table: { sheetName: 'Kế hoạch giai đoạn', title: this.title, subtitles, header, columns, rows: body } };
  },
};
