/**
 * Machinery valuation: the value the appraisal council put on the machinery against the value
 * accepted at nghiệm thu, flagged when they differ by more than a threshold (the Bình Định report
 * names loose valuation as a weakness).
 */
import type { ColumnSpec, HeaderCell, TableRow } from '../export/report-table';
import { deAnFilters, Report, subtitles } from './report-query';
import { provinceCodesFor } from './provinces';

export const DEFAULT_VALUATION_THRESHOLD = 0.1;

export interface ValuationRow {
  readonly deAnId: string;
  readonly title: string;
  readonly province: string;
  readonly planYear: number;
  readonly fundingSource: string;
  readonly appraisal: number;
  readonly acceptance: number;
  readonly difference: number;
  /** difference ÷ appraisal. */
  readonly ratio: number;
  readonly flagged: boolean;
}

export interface MachineryValuationReport {
  readonly asOf: string | null;
  readonly threshold: number;
  readonly rows: readonly ValuationRow[];
  readonly flagged: number;
}

export const machineryValuationReport: Report<MachineryValuationReport> = {
  name: 'machinery-valuation',
  title: 'BÁO CÁO SO SÁNH GIÁ TRỊ MÁY MÓC, THIẾT BỊ KHI THẨM ĐỊNH VÀ KHI NGHIỆM THU',
  async build(sql, schema, query) {
    const threshold = query.threshold ?? DEFAULT_VALUATION_THRESHOLD;
    const params: unknown[] = [];
    const where = deAnFilters(query, params, provinceCodesFor(query.province, query.scheme));
    const { rows } = await sql.query<{
      id: string;
      title: string;
      province: string;
      plan_year: number;
      funding_source: string;
      appraisal: string;
      acceptance: string;
    }>(
      `SELECT id, title, province, plan_year, funding_source, appraisal_machinery AS appraisal, acceptance_machinery AS acceptance
       FROM ${schema}.de_an_facts f
       WHERE ${where} AND appraisal_machinery > 0 AND acceptance_machinery IS NOT NULL
       ORDER BY abs(acceptance_machinery - appraisal_machinery)::numeric / appraisal_machinery DESC, id`,
      params,
    );
    const valued = rows.map((r): ValuationRow => {
      const appraisal = Number(r.appraisal);
      const acceptance = Number(r.acceptance);
      const ratio = (acceptance - appraisal) / appraisal;
      return {
        deAnId: r.id,
        title: r.title,
        province: r.province,
        planYear: r.plan_year,
        fundingSource: r.funding_source,
        appraisal,
        acceptance,
        difference: acceptance - appraisal,
        ratio: Math.round(ratio * 10_000) / 10_000,
        flagged: Math.abs(ratio) > threshold,
      };
    });
    const data: MachineryValuationReport = { asOf: query.asOf ?? null, threshold, rows: valued, flagged: valued.filter((r) => r.flagged).length };
    const header: HeaderCell[][] = [
      [
        { text: 'TT' },
        { text: 'Đề án' },
        { text: 'Tỉnh' },
        { text: 'Năm KH' },
        { text: 'Nguồn' },
        { text: 'Giá trị khi thẩm định' },
        { text: 'Giá trị khi nghiệm thu' },
        { text: 'Chênh lệch' },
        { text: 'Tỷ lệ chênh lệch (%)' },
        { text: `Vượt ngưỡng ${Math.round(threshold * 1000) / 10} %` },
      ],
    ];
    const columns: ColumnSpec[] = [
      { kind: 'text', width: 5 },
      { kind: 'label', width: 40 },
      { kind: 'text', width: 6 },
      { kind: 'text', width: 7 },
      { kind: 'text', width: 7 },
      { kind: 'trieu', width: 12 },
      { kind: 'trieu', width: 12 },
      { kind: 'trieu', width: 12 },
      { kind: 'percent', width: 10 },
      { kind: 'text', width: 10 },
    ];
    const body: TableRow[] = valued.map((r, i) => ({
      cells: [
        String(i + 1),
        r.title,
        r.province,
        String(r.planYear),
        r.fundingSource === 'KCDP' ? 'KCĐP' : 'KCQG',
        r.appraisal,
        r.acceptance,
        r.difference,
        r.ratio,
        r.flagged ? 'x' : '',
      ],
    }));
    return {
      data,
      table: {
        sheetName: 'Định giá máy móc',
        title: this.title,
        subtitles: [...subtitles(query, []), `Số đề án vượt ngưỡng: ${data.flagged}/${valued.length}`],
        unitNote: 'Đơn vị tính: triệu đồng',
        header,
        columns,
        rows: body,
      },
    };
  },
};
