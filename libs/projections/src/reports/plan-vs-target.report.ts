/**
 * Plan vs target: the targets of the plans in scope (e.g. the Bắc Giang 2021–2025 plan: 8
 * demonstration models, 106 establishments with machinery …) against the results accepted for
 * their đề án, as "% đạt so với mục tiêu"; and the allocation against the support approved and settled.
 */
import type { ColumnSpec, HeaderCell, TableRow } from '../export/report-table';
import { HOLDS_APPROVAL } from '@app/domain';
import { param, periodYears, Report, subtitles, validAt } from './report-query';
import { provinceCodesFor } from './provinces';

export interface TargetRow {
  readonly indicator: string;
  readonly unit: string;
  readonly target: number;
  readonly achieved: number;
  /** achieved ÷ target; null without a target. */
  readonly ratio: number | null;
}

export interface PlanVsTargetReport {
  readonly asOf: string | null;
  readonly plans: readonly { readonly id: string; readonly year: number; readonly fundingSource: string; readonly allocation: number }[];
  readonly money: { readonly allocation: number; readonly approved: number; readonly settled: number };
  readonly rows: readonly TargetRow[];
}

export const planVsTargetReport: Report<PlanVsTargetReport> = {
  name: 'plan-vs-target',
  title: 'BÁO CÁO KẾT QUẢ THỰC HIỆN SO VỚI MỤC TIÊU KẾ HOẠCH KHUYẾN CÔNG',
  async build(sql, schema, query) {
    const planParams: unknown[] = [];
    const planWhere = [validAt(query, planParams, 'p')];
    if (query.planId) planWhere.push(`p.id = ${param(planParams, query.planId)}`);
    if (query.from !== undefined) planWhere.push(`p.year >= ${param(planParams, query.from)}`);
    if (query.to !== undefined) planWhere.push(`p.year <= ${param(planParams, query.to)}`);
    if (query.fundingSource) planWhere.push(`p.funding_source = ${param(planParams, query.fundingSource)}`);
    const provinces = provinceCodesFor(query.province, query.scheme);
    if (provinces) planWhere.push(`p.province = ANY(${param(planParams, provinces)})`);
    const { rows: plans } = await sql.query<{
      id: string;
      year: number;
      funding_source: string;
      allocation: string;
      targets: { code?: string; indicator: string; quantity: number; unit: string }[];
    }>(
      `SELECT id, year, funding_source, allocation, targets FROM ${schema}.plan_facts p WHERE ${planWhere.join(' AND ')} ORDER BY year, id`,
      planParams,
    );
    const ids = plans.map((p) => p.id);

    const params: unknown[] = [];
    const valid = validAt(query, params);
    const idsParam = param(params, ids);
    const { rows: achieved } = await sql.query<{ code: string | null; indicator: string; unit: string; quantity: string }>(
      `SELECT r->>'code' AS code, r->>'indicator' AS indicator, r->>'unit' AS unit, sum((r->>'quantity')::numeric) AS quantity
       FROM ${schema}.de_an_facts f CROSS JOIN LATERAL jsonb_array_elements(f.accepted_results) r
       WHERE ${valid} AND f.plan_id = ANY(${idsParam}) AND f.status IN ('Accepted', 'Settled') GROUP BY 1, 2, 3`,
      params,
    );
    const moneyParams: unknown[] = [];
    const moneyValid = validAt(query, moneyParams);
    const {
      rows: [money],
    } = await sql.query<{ approved: string | null; settled: string | null }>(
      `SELECT sum(approved_support) FILTER (WHERE status = ANY(${param(moneyParams, HOLDS_APPROVAL)})) AS approved,
              sum(settled_support) FILTER (WHERE status = 'Settled') AS settled
       FROM ${schema}.de_an_facts f WHERE ${moneyValid} AND f.plan_id = ANY(${param(moneyParams, ids)})`,
      moneyParams,
    );

    // A target and a result with one code are one indicator (rules/indicators.ts); "other" lines meet by their words.
    const key = (line: { code?: string | null; indicator: string; unit: string }) =>
      line.code ? `code:${line.code}` : `${line.indicator.trim().toLowerCase()}\u0000${line.unit.trim().toLowerCase()}`;
    const rows = new Map<string, { indicator: string; unit: string; target: number; achieved: number }>();
    for (const plan of plans) {
      for (const t of plan.targets) {
        const row = rows.get(key(t)) ?? { indicator: t.indicator, unit: t.unit, target: 0, achieved: 0 };
        rows.set(key(t), { ...row, target: row.target + Number(t.quantity) });
      }
    }
    for (const a of achieved) {
      const row = rows.get(key(a)) ?? { indicator: a.indicator, unit: a.unit, target: 0, achieved: 0 };
      rows.set(key(a), { ...row, achieved: row.achieved + Number(a.quantity) });
    }
    const data: PlanVsTargetReport = {
      asOf: query.asOf ?? null,
      plans: plans.map((p) => ({ id: p.id, year: p.year, fundingSource: p.funding_source, allocation: Number(p.allocation) })),
      money: {
        allocation: plans.reduce((a, p) => a + Number(p.allocation), 0),
        approved: Number(money?.approved ?? 0),
        settled: Number(money?.settled ?? 0),
      },
      rows: [...rows.values()].map((r) => ({ ...r, ratio: r.target > 0 ? Math.round((r.achieved / r.target) * 10_000) / 10_000 : null })),
    };

    const header: HeaderCell[][] = [
      [
        { text: 'TT' },
        { text: 'Chỉ tiêu' },
        { text: 'ĐVT' },
        { text: 'Mục tiêu kế hoạch' },
        { text: 'Kết quả đạt được' },
        { text: '% đạt so với mục tiêu' },
      ],
    ];
    const columns: ColumnSpec[] = [
      { kind: 'text', width: 5 },
      { kind: 'label', width: 46 },
      { kind: 'text', width: 12 },
      { kind: 'number', width: 14 },
      { kind: 'number', width: 14 },
      { kind: 'percent', width: 14 },
    ];
    const allocationRatio = data.money.allocation ? Math.round((data.money.settled / data.money.allocation) * 10_000) / 10_000 : null;
    const body: TableRow[] = [
      {
        cells: [
          '',
          'Kinh phí kế hoạch được giao / đã quyết toán (triệu đồng)',
          'Triệu đồng',
          data.money.allocation / 1_000_000,
          data.money.settled / 1_000_000,
          allocationRatio,
        ],
        style: 'group',
      },
      ...data.rows.map((r, i) => ({ cells: [String(i + 1), r.indicator, r.unit, r.target, r.achieved, r.ratio] })),
    ];
    const years = periodYears(
      query,
      plans.map((p) => p.year),
    );
    return { data, table: { sheetName: 'Mục tiêu', title: this.title, subtitles: subtitles(query, years), header, columns, rows: body } };
  },
};
