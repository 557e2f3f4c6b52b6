/**
 * By region and province: the six economic regions of the Ministry's report (seed 001) and their
 * provinces, in the units before 1/7/2025 (`scheme=2004`, default) or the 34 after (`scheme=2025`).
 */
import { Basis, PROVINCES_2004, PROVINCES_2025, REGIONS, regionOf } from '@app/domain';
import { ColumnSpec, HeaderCell, rowsWhere, TableRow } from '../export/report-table';
import { basisOf, deAnFilters, periodYears, Report, subtitles } from './report-query';
import { provinceCodesFor, Scheme, unitOf } from './provinces';

export interface RegionAmounts {
  readonly count: number;
  readonly KCDP: number;
  readonly KCQG: number;
  readonly total: number;
  readonly share: number;
}
export interface ProvinceRow extends RegionAmounts {
  readonly code: string;
  readonly name: string;
}
export interface RegionRow extends RegionAmounts {
  readonly region: string;
  readonly label: string;
  readonly provinces: readonly ProvinceRow[];
}

export interface ByRegionReport {
  readonly basis: Basis;
  readonly scheme: Scheme;
  readonly asOf: string | null;
  readonly regions: readonly RegionRow[];
  readonly totals: RegionAmounts;
}

export const byRegionReport: Report<ByRegionReport> = {
  name: 'by-region',
  title: 'BÁO CÁO KINH PHÍ KHUYẾN CÔNG THEO VÙNG VÀ TỈNH, THÀNH PHỐ',
  async build(sql, schema, query) {
    const scheme: Scheme = query.scheme ?? '2004';
    const basis = basisOf(query);
    const params: unknown[] = [];
    const where = deAnFilters(query, params, provinceCodesFor(query.province, scheme));
    const { rows } = await sql.query<{ province: string; plan_year: number; count: string; kcdp: string; kcqg: string }>(
      `SELECT province, plan_year, count(*) AS count,
              coalesce(sum(${basis.amount}) FILTER (WHERE funding_source = 'KCDP'), 0) AS kcdp,
              coalesce(sum(${basis.amount}) FILTER (WHERE funding_source = 'KCQG'), 0) AS kcqg
       FROM ${schema}.de_an_facts f WHERE ${where} AND f.status = ANY($${params.push(basis.statuses)})
       GROUP BY province, plan_year`,
      params,
    );
    const years = periodYears(query, [...new Set(rows.map((r) => r.plan_year))]);

    const byUnit = new Map<string, { count: number; KCDP: number; KCQG: number }>();
    for (const r of rows.filter((row) => years.includes(row.plan_year))) {
      const unit = unitOf(r.province, scheme);
      const sum = byUnit.get(unit) ?? { count: 0, KCDP: 0, KCQG: 0 };
      byUnit.set(unit, { count: sum.count + Number(r.count), KCDP: sum.KCDP + Number(r.kcdp), KCQG: sum.KCQG + Number(r.kcqg) });
    }
    const grand = [...byUnit.values()].reduce((a, u) => a + u.KCDP + u.KCQG, 0);
    const amounts = (u: { count: number; KCDP: number; KCQG: number }): RegionAmounts => ({
      ...u,
      total: u.KCDP + u.KCQG,
      share: grand ? Math.round(((u.KCDP + u.KCQG) / grand) * 10_000) / 10_000 : 0,
    });
    const units: Record<string, { name: string }> = scheme === '2025' ? PROVINCES_2025 : PROVINCES_2004;
    const regions: RegionRow[] = Object.entries(REGIONS).map(([region, label]) => {
      const provinces = Object.entries(units)
        .filter(([code]) => regionOf(code) === region && byUnit.has(code))
        .map(([code, p]) => ({ code, name: p.name, ...amounts(byUnit.get(code)!) }));
      const sum = provinces.reduce((a, p) => ({ count: a.count + p.count, KCDP: a.KCDP + p.KCDP, KCQG: a.KCQG + p.KCQG }), {
        count: 0,
        KCDP: 0,
        KCQG: 0,
      });
      return { region, label: String(label), ...amounts(sum), provinces };
    });
    const unknown = [...byUnit.entries()].filter(([code]) => !(code in units));
    if (unknown.length) {
      const provinces = unknown.map(([code, u]) => ({ code, name: `Mã ${code}`, ...amounts(u) }));
      const sum = provinces.reduce((a, p) => ({ count: a.count + p.count, KCDP: a.KCDP + p.KCDP, KCQG: a.KCQG + p.KCQG }), {
        count: 0,
        KCDP: 0,
        KCQG: 0,
      });
      regions.push({ region: 'unknown', label: 'Chưa xác định vùng', ...amounts(sum), provinces });
    }
    const totals = amounts(
      regions.reduce((a, r) => ({ count: a.count + r.count, KCDP: a.KCDP + r.KCDP, KCQG: a.KCQG + r.KCQG }), { count: 0, KCDP: 0, KCQG: 0 }),
    );
    const data: ByRegionReport = { basis: query.basis ?? 'approved', scheme, asOf: query.asOf ?? null, regions, totals };

    const header: HeaderCell[][] = [
      [
        { text: 'TT', rowSpan: 2 },
        { text: 'Vùng, tỉnh/thành phố', rowSpan: 2 },
        { text: 'Số đề án', rowSpan: 2 },
        { text: 'Kinh phí khuyến công', colSpan: 3 },
        { text: 'Tỷ lệ (%)', rowSpan: 2 },
      ],
      [{ text: 'KCĐP' }, { text: 'KCQG' }, { text: 'Tổng' }],
    ];
    const columns: ColumnSpec[] = [
      { kind: 'text', width: 5 },
      { kind: 'label', width: 40 },
      { kind: 'count', width: 10 },
      { kind: 'trieu', width: 12 },
      { kind: 'trieu', width: 12 },
      { kind: 'trieu', width: 12 },
      { kind: 'percent', width: 10 },
    ];
    const cells = (tt: string, label: string, a: RegionAmounts) => [tt, label, a.count, a.KCDP, a.KCQG, a.total, a.share];
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const body: TableRow[] = [
      { cells: cells('', 'Tổng cộng', totals), style: 'total' },
      ...regions.flatMap((r, i): TableRow[] => [
        { cells: cells(letters[i] ?? String(i + 1), r.label, r), style: 'group' },
        ...r.provinces.map((p, j) => ({ cells: cells(String(j + 1), p.name, p) })),
      ]),
    ];
    return {
      data,
      table: {
        sheetName: 'Theo vùng',
        title: this.title,
        subtitles: [
          ...subtitles(query, years),
          `Đơn vị hành chính: ${scheme === '2025' ? 'sau sắp xếp từ 01/7/2025 (34 tỉnh, thành phố)' : 'trước 01/7/2025 (63 tỉnh, thành phố)'}`,
          `Cơ sở số liệu: ${basis.label}`,
        ],
        unitNote: 'Đơn vị tính: triệu đồng',
        header,
        columns,
        rows: body,
        chart: {
          label: 1,
          series: [
            { name: 'KCĐP', column: 3 },
            { name: 'KCQG', column: 4 },
          ],
          rows: rowsWhere(body, (r) => r.style === 'group'),
        },
      },
    };
  },
};
