/**
 * The demo history of Bình Định 2014–2020, imported through the import path, gives back the funding
 * appendix of seed 003 row by row; and every report as of the end of each year equals the report
 * computed from a log holding only the events that had occurred by then.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deAnDecider } from '@app/domain';
import { CommandHandler } from '../command-handler';
import { HistoryImport } from '../import';
import { PGliteClient, RecordedEvent, SqlClient, SqlEventStore } from '@app/event-store';
import { FundingReport, FundingRow, REPORTS, reportFactsProjection, ReportQuery, ResultsReport } from '@app/projections';
import {
  APPENDIX_CELLS,
  APPENDIX_YEARS,
  cellDong,
  cellsOfActivity,
  PRINTED_AREAS,
  PRINTED_TOTAL,
  RESULTS_APPENDIX,
  YEARLY_CELLS_WITHOUT,
} from './binh-dinh-appendix';
import { binhDinhHistory, demoProvenance } from './binh-dinh-history';

jest.setTimeout(600_000);

/** Đồng → tenths of a triệu, rounded half up as the printed table rounds. */
const tenths = (dong: number) => Math.floor((dong + 50_000) / 100_000);
const wholeTrieu = (dong: number) => Math.floor((dong + 500_000) / 1_000_000);

/** Replays `events` into a fresh schema: what a projection built from only those events holds. */
async function replay(sql: SqlClient, schema: string, events: readonly RecordedEvent[]): Promise<void> {
  await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await sql.query(`CREATE SCHEMA ${schema}`);
  await reportFactsProjection.migrate(sql, schema);
  for (let i = 0; i < events.length; i += 1_000) {
    await sql.transaction((tx) => reportFactsProjection.apply(tx, schema, events.slice(i, i + 1_000)));
  }
}

describe('demo: Bình Định 2014–2020 through the import path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'binh-dinh-'));
  let sql: PGliteClient;
  let store: SqlEventStore;
  let log: RecordedEvent[] = [];
  let funding: FundingReport;

  beforeAll(async () => {
    sql = await PGliteClient.open(join(dir, 'db'));
    store = await SqlEventStore.open(sql);
    const importer = new HistoryImport(new CommandHandler(store), deAnDecider(), { importer: { sub: 'qt', role: 'admin' } });
    const { plans, deAn } = binhDinhHistory();
    const results = await importer.importAll([...plans, ...deAn].map((record, index) => ({ record, index })));
    expect(results.filter((r) => r.status !== 'imported').map((r) => [r.externalId, r.error])).toEqual([]);
    for (
      let batch = await store.readAll({ limit: 5_000 });
      batch.length > 0;
      batch = await store.readAll({ after: batch.at(-1)!.position, limit: 5_000 })
    ) {
      log = log.concat(batch);
    }
    await replay(sql, 'live', log);
    funding = (await REPORTS[0]!.build(sql, 'live', {})).data as FundingReport;
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports 341 đề án and 21 plans: per year the Cục’s, the province’s and the districts’ KCĐP', () => {
    const { deAn, plans } = binhDinhHistory();
    expect(deAn).toHaveLength(341);
    expect(plans.map((p) => (p.plan as { level: string }).level).sort()).toEqual([
      ...Array(7).fill('central'),
      ...Array(7).fill('district'),
      ...Array(7).fill('province'),
    ]);
    expect(funding.years).toEqual([...APPENDIX_YEARS]);
  });

  it('results by the indicator catalogue: coded lines in its order, the others grouped after them', async () => {
    const results = await REPORTS.find((r) => r.name === 'results')!.build(sql, 'live', {});
    const rows = (results.data as { rows: { code: string | null; indicator: string }[] }).rows;
    expect(rows.find((r) => r.code === '3.may-moc')?.indicator).toBe('Cơ sở được hỗ trợ ứng dụng máy móc thiết bị tiên tiến');
    expect(
      rows
        .filter((r) => r.code === null)
        .map((r) => r.indicator)
        .sort(),
    ).toEqual([
      'Cán bộ được tham quan khảo sát học tập kinh nghiệm trong nước',
      'Cơ sở CNNT tiêu biểu được thăm nhân ngày Doanh nhân Việt Nam',
      'Hội chợ triển lãm cấp khu vực được tổ chức',
      'Đề án đầu tư cơ sở vật chất, phương tiện làm việc cho Trung tâm Khuyến công',
    ]);
    expect(rows.findIndex((r) => r.code === null)).toBe(rows.length - 4);
    expect(results.table.rows.map((r) => r.cells[1])).toContain('Chỉ tiêu khác (ngoài danh mục)');
  });

  it.each(RESULTS_APPENDIX.map((row) => [row.row, row] as const))(
    'the results appendix row %s as the seed prints it: each year and source, and the period totals',
    async (_name, row) => {
      // the transcription: one value per funding cell of the activity, adding up to the printed totals
      const cells = cellsOfActivity(row.activity);
      expect(row.values).toHaveLength(cells.length);
      for (const source of ['KCDP', 'KCQG'] as const) {
        expect(row.values.filter((_, i) => cells[i]![2] === source).reduce((a, v) => a + v, 0)).toBe(row.total[source]);
      }
      const report = (await REPORTS.find((r) => r.name === 'results')!.build(sql, 'live', {})).data as ResultsReport;
      const found = report.rows.find((r) => ('code' in row.indicator ? r.code === row.indicator.code : r.indicator === row.indicator.name));
      expect(found?.total).toEqual(row.total);
      cells.forEach(([, year, source], i) => expect([year, source, found!.years[year]?.[source]]).toEqual([year, source, row.values[i]]));
    },
  );

  it('says what is the seed’s and what is synthetic', () => {
    const [seed, synthetic] = demoProvenance();
    expect(seed).toContain('III.3');
    expect(synthetic).toMatch(/^Số liệu giả lập \(minh hoạ\)/);
    expect(synthetic).toContain('7.4');
  });

  it('splits KCĐP by level as the seed states it: cấp tỉnh 137 đề án, 14.147 triệu; cấp huyện 183 đề án, 3.987 triệu', async () => {
    expect(funding.localByLevel.district).toEqual({ count: 183, amount: 3_987_000_000 });
    expect(funding.localByLevel.province!.count).toBe(137);
    expect(wholeTrieu(funding.localByLevel.province!.amount)).toBe(14_147);
    const built = await REPORTS[0]!.build(sql, 'live', {});
    expect(built.table.subtitles).toContain('Khuyến công địa phương: cấp tỉnh 137 đề án, 14.147 triệu đồng; cấp huyện 183 đề án, 3.987 triệu đồng');
    // level= filters every report: the districts' own funding table
    const districts = (await REPORTS[0]!.build(sql, 'live', { level: 'district' })).data as FundingReport;
    expect(districts.totals.total.KCDP).toEqual({ count: 183, amount: 3_987_000_000 });
    expect(districts.totals.total.KCQG.count).toBe(0);
    // the districts the seed names, with its counts: An Nhơn 125, Hoài Nhơn 26, Phù Cát 21, Vân Canh 11
    const localities = binhDinhHistory()
      .deAn.map((r) => r.registration as { level: string; locality: string })
      .filter((r) => r.level === 'district')
      .reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.locality]: (acc[r.locality] ?? 0) + 1 }), {});
    expect(localities).toEqual({ 'Thị xã An Nhơn': 125, 'Huyện Hoài Nhơn': 26, 'Huyện Phù Cát': 21, 'Huyện Vân Canh': 11 });
  });

  const row = (activity: string) => funding.rows.find((r) => r.activity === activity)!;
  const area = (code: string) => funding.rows.find((r) => r.contentArea === code && r.activity === null)!;

  it('every activity sub-row equals the appendix, cell by cell (count and amount to 0,1 triệu)', () => {
    for (const activityRow of funding.rows.filter((r) => r.activity !== null)) {
      for (const year of APPENDIX_YEARS) {
        for (const source of ['KCDP', 'KCQG'] as const) {
          const printed = APPENDIX_CELLS.find(([a, y, s]) => a === activityRow.activity && y === year && s === source);
          const cell = activityRow.years[String(year)]![source];
          expect([activityRow.activity, year, source, cell.count, tenths(cell.amount)]).toEqual([
            activityRow.activity,
            year,
            source,
            printed?.[3] ?? 0,
            printed?.[4] ?? 0,
          ]);
        }
      }
    }
  });

  /** The printed yearly cells of area IV and of the total row leave out sub-row IV.8 (see binh-dinh-appendix.ts). */
  const withoutIv8 = (r: FundingRow, year: number, source: 'KCDP' | 'KCQG') => {
    const iv8 = row(YEARLY_CELLS_WITHOUT).years[String(year)]![source];
    const cell = r.years[String(year)]![source];
    return { count: cell.count - iv8.count, amount: cell.amount - iv8.amount };
  };

  it('every content-area row equals the appendix: years, period total and yearly average', () => {
    for (const [code, printed] of Object.entries(PRINTED_AREAS)) {
      const r = area(code);
      for (const year of APPENDIX_YEARS) {
        const kcdp = code === '4' ? withoutIv8(r, year, 'KCDP') : r.years[String(year)]!.KCDP;
        const kcqg = r.years[String(year)]!.KCQG;
        expect([code, year, kcdp.count, tenths(kcdp.amount), kcqg.count, tenths(kcqg.amount)]).toEqual([
          code,
          year,
          ...(printed.years[year] ?? [0, 0, 0, 0]),
        ]);
      }
      expect([code, r.total.KCDP.count, tenths(r.total.KCDP.amount), r.total.KCQG.count, tenths(r.total.KCQG.amount)]).toEqual([
        code,
        ...printed.total,
      ]);
      if (printed.average) {
        const a = r.average;
        expect([code, Math.round(a.KCDP.count), wholeTrieu(a.KCDP.amount), Math.round(a.KCQG.count), wholeTrieu(a.KCQG.amount)]).toEqual([
          code,
          ...printed.average,
        ]);
      }
    }
    for (const code of ['2', '8']) expect(area(code).total).toEqual({ KCDP: { count: 0, amount: 0 }, KCQG: { count: 0, amount: 0 } });
  });

  it('the total row: KCĐP 320 đề án 18.134 triệu, KCQG 21 đề án 9.719 triệu; years and average as printed', () => {
    const t = funding.totals;
    expect([t.total.KCDP.count, wholeTrieu(t.total.KCDP.amount), t.total.KCQG.count, wholeTrieu(t.total.KCQG.amount)]).toEqual([
      320, 18_134, 21, 9_719,
    ]);
    expect(t.total.KCDP.amount + t.total.KCQG.amount).toBe(APPENDIX_CELLS.reduce((sum, cell) => sum + cellDong(cell), 0));
    const totalRow = { ...t, contentArea: '', activity: null, label: '' } as FundingRow;
    for (const year of APPENDIX_YEARS) {
      const kcdp = withoutIv8(totalRow, year, 'KCDP');
      const kcqg = t.years[String(year)]!.KCQG;
      expect([year, kcdp.count, tenths(kcdp.amount), kcqg.count, tenths(kcqg.amount)]).toEqual([year, ...PRINTED_TOTAL.years[year]!]);
    }
    expect([
      Math.round(t.average.KCDP.count),
      wholeTrieu(t.average.KCDP.amount),
      Math.round(t.average.KCQG.count),
      wholeTrieu(t.average.KCQG.amount),
    ]).toEqual([...PRINTED_TOTAL.average!]);
  });

  it('settled basis equals approved here: every đề án of the demo was settled at its approved support', async () => {
    const settled = (await REPORTS[0]!.build(sql, 'live', { basis: 'settled' })).data as FundingReport;
    expect(settled.totals).toEqual(funding.totals);
  });

  it.each(APPENDIX_YEARS.map((y) => [y]))('every report as of the end of %i equals the reports of a log cut at that instant', async (year) => {
    // The end of the year in Asia/Ho_Chi_Minh.
    const asOf = new Date(Date.parse(`${year}-12-31T23:59:59.999+07:00`)).toISOString();
    await replay(
      sql,
      'cut',
      log.filter((e) => Date.parse(e.metadata.occurredAt) <= Date.parse(asOf)),
    );
    for (const report of REPORTS) {
      const query: ReportQuery = { asOf };
      const live = await report.build(sql, 'live', query);
      const cut = await report.build(sql, 'cut', report.name === 'pipeline' ? query : {});
      expect({ report: report.name, data: { ...(live.data as object), asOf: null } }).toEqual({
        report: report.name,
        data: { ...(cut.data as object), asOf: null },
      });
      expect(live.table.rows).toEqual(cut.table.rows);
    }
  });
});
