/**
 * Reports over HTTP: JSON, CSV and XLSX of a live store, as of an instant, scoped to the caller's
 * province, and clear 4xx problems for bad queries.
 */
import ExcelJS from 'exceljs';
import { TestServer } from './support/server';
import { commandBody, deAnAt, expectStatus, LifecycleActors, startKeyedServer } from './support/e2e-helpers';
import { M, planBody } from './support/fixtures';

const CHAIR = 'hd-chair';
const MEMBER = 'hd-member';

describe('reports over HTTP', () => {
  let server: TestServer;
  let officer = '';
  let auditor = '';
  let applicant = '';
  let otherProvince = '';
  const beforeAnything = new Date(Date.now() - 60_000).toISOString();
  let actorsOf: LifecycleActors;
  let refsOf: { planId: string; chair: string; member: string };

  const get = (path: string, token = auditor) => server.request('GET', path, { token });
  const download = async (path: string, token = auditor) => {
    const response = await fetch(`${server.base}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      disposition: response.headers.get('content-disposition'),
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  };

  beforeAll(async () => {
    const keyed = await startKeyedServer();
    server = keyed.server;
    officer = await keyed.mint({ sub: 'cb-52', role: 'officer', province: '52' });
    auditor = await keyed.mint({ sub: 'kt-vien', role: 'auditor' });
    applicant = await keyed.mint({ sub: 'dn-1', role: 'applicant', org: 'htx-an-nhon' });
    otherProvince = await keyed.mint({ sub: 'cb-79', role: 'officer', province: '79' });
    const actors = {
      applicant,
      officer,
      approver: await keyed.mint({ sub: 'ubnd-52', role: 'approver', province: '52' }),
      chair: await keyed.mint({ sub: CHAIR, role: 'council' }),
      member: await keyed.mint({ sub: MEMBER, role: 'council' }),
    };
    const planId = expectStatus(
      await server.request('POST', '/plans', { token: officer, body: planBody({ allocation: 10_000 * M }) }),
      201,
      'POST /plans',
    ).body.id as string;
    const refs = { planId, chair: CHAIR, member: MEMBER };
    actorsOf = actors;
    refsOf = refs;
    const settled = await deAnAt(server, 'Accepted', actors, refs);
    expectStatus(
      await server.request('POST', `/de-an/${settled.id}/settlement`, {
        token: await keyed.mint({ sub: 'kt-52', role: 'finance', province: '52' }),
        body: commandBody('settlement', refs),
      }),
      200,
      'settlement',
    );
    await deAnAt(server, 'Approved', actors, refs);
    // The read models follow the log within a poll or two.
    for (let i = 0; i < 100; i += 1) {
      const reply = await get('/reports/funding');
      if (reply.body?.totals?.total?.KCDP?.count === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 180_000);

  afterAll(() => server?.stop());

  it('the chart each table declares draws its own cells: money or counts against the rows it names, never the total', async () => {
    type Table = {
      header: { text: string }[][];
      columns: { kind: string }[];
      rows: { cells: (string | number | null)[]; style?: string }[];
      chart?: { label: number; series: { name: string; column: number }[]; rows: number[] };
    };
    const charted: string[] = [];
    for (const name of ['funding', 'results', 'plan-vs-target', 'resources', 'by-region', 'pipeline', 'machinery-valuation']) {
      const table = expectStatus(await get(`/reports/${name}?format=table`), 200, name).body as Table;
      if (!table.chart) continue;
      charted.push(name);
      expect(['label', 'text']).toContain(table.columns[table.chart.label]!.kind);
      for (const { column } of table.chart.series) expect(['trieu', 'count']).toContain(table.columns[column]!.kind);
      expect(table.chart.rows.length).toBeGreaterThan(0);
      for (const row of table.chart.rows) expect(table.rows[row]!.style).not.toBe('total');
    }
    expect(charted).toEqual(['funding', 'resources', 'by-region', 'pipeline']);
    // Funding: the period's total by source, per content area — 2 đề án of area 3 approved at 300 triệu each.
    const funding = (await get('/reports/funding?format=table')).body as Table;
    const { chart } = funding;
    expect(chart!.series.map((s) => s.name)).toEqual(['KCĐP', 'KCQG']);
    const area3 = funding.rows[chart!.rows.find((i) => funding.rows[i]!.cells[0] === 'III')!]!;
    expect(area3.cells[chart!.series[0]!.column]).toBe(600 * M);
    expect(funding.header[0]!.some((h) => h.text.startsWith('Tổng giai đoạn'))).toBe(true);
  });

  it('funding JSON: rows by content area and activity, totals per year and source, basis approved or settled', async () => {
    const approved = await get('/reports/funding');
    expect(approved.status).toBe(200);
    expect(approved.body.years).toEqual([2027]);
    expect(approved.body.totals.years['2027'].KCDP).toEqual({ count: 2, amount: 600 * M });
    const machinery = approved.body.rows.find((r: { activity: string }) => r.activity === '3.3');
    expect(machinery.total.KCDP).toEqual({ count: 2, amount: 600 * M });
    const settled = await get('/reports/funding?basis=settled');
    expect(settled.body.totals.total.KCDP).toEqual({ count: 1, amount: 290 * M });
    // ước thực hiện: the settled one at its 290, the one still in implementation at its approved 300
    const estimated = await get('/reports/funding?basis=estimated&format=table');
    expect(estimated.body.subtitles).toContain('Cơ sở số liệu: Ước thực hiện');
    expect((await get('/reports/funding?basis=estimated')).body.totals.total.KCDP).toEqual({ count: 2, amount: 590 * M });
  });

  it('as of an instant before anything happened: empty; as of a day (end of that day, Vietnam time): everything', async () => {
    expect((await get(`/reports/funding?asOf=${beforeAnything}`)).body.totals.total.KCDP).toEqual({ count: 0, amount: 0 });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await get(`/reports/funding?asOf=${tomorrow}`)).body.totals.total.KCDP.count).toBe(2);
    const pipeline = await get(`/reports/pipeline?asOf=${beforeAnything}`);
    expect(pipeline.body.total).toBe(0);
  });

  it('the other six reports answer with their figures', async () => {
    const results = await get('/reports/results');
    expect(results.body.rows).toEqual([
      expect.objectContaining({ indicator: 'Cơ sở được hỗ trợ máy móc thiết bị', unit: 'Cơ sở', total: { KCDP: 1, KCQG: 0 } }),
    ]);
    const target = await get('/reports/plan-vs-target');
    expect(target.body.rows[0]).toMatchObject({ target: 20, achieved: 1, ratio: 0.05 });
    const resources = await get('/reports/resources');
    expect(resources.body.totals).toMatchObject({ count: 2, state: { KCDP: 600 * M, KCQG: 0, total: 600 * M }, counterpart: 640 * M });
    const regions = await get('/reports/by-region');
    const central = regions.body.regions.find((r: { region: string }) => r.region === 'btb-dhmt');
    expect(central.provinces).toEqual([expect.objectContaining({ code: '52', count: 2, KCDP: 600 * M, share: 1 })]);
    const merged = await get('/reports/by-region?scheme=2025');
    expect(merged.body.regions.flatMap((r: { provinces: { name: string }[] }) => r.provinces.map((p) => p.name))).toEqual(['Gia Lai']);
    const pipeline = await get('/reports/pipeline');
    expect(
      pipeline.body.rows.filter((r: { count: number }) => r.count > 0).map((r: { status: string; count: number }) => [r.status, r.count]),
    ).toEqual([
      ['Approved', 1],
      ['Settled', 1],
    ]);
    const valuation = await get('/reports/machinery-valuation');
    expect(valuation.body.rows).toEqual([expect.objectContaining({ appraisal: expect.any(Number), acceptance: 590 * M })]);
  });

  it('CSV and XLSX downloads with Vietnamese headers; /reports/all as one workbook, a sheet per report', async () => {
    const csv = await download('/reports/funding?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.disposition).toContain('bao-cao-funding.csv');
    expect(csv.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.bytes.toString('utf8')).toContain('BÁO CÁO TÌNH HÌNH THỰC HIỆN KẾ HOẠCH KINH PHÍ KHUYẾN CÔNG');

    const xlsx = await download('/reports/all?format=xlsx');
    expect(xlsx.status).toBe(200);
    expect(xlsx.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual([
      'Kinh phí',
      'Kết quả',
      'Mục tiêu',
      'Kế hoạch giai đoạn',
      'Nguồn lực',
      'Theo vùng',
      'Tiến độ xử lý',
      'Định giá máy móc',
    ]);
  });

  it('province staff see their own province only; applicants may not read reports', async () => {
    expect((await get('/reports/funding', otherProvince)).body.totals.total.KCDP.count).toBe(0);
    expect((await get('/reports/funding?province=52', otherProvince)).body.totals.total.KCDP.count).toBe(0);
    expect((await get('/reports/funding', officer)).body.totals.total.KCDP.count).toBe(2);
    expect((await get('/reports/funding', applicant)).status).toBe(403);
  });

  it.each([
    ['/reports/funding?from=2020&to=2010', 'to'],
    ['/reports/funding?asOf=yesterday', 'asOf'],
    ['/reports/funding?asOf=2026-02-30', 'asOf'],
    ['/reports/funding?format=pdf', 'format'],
    ['/reports/funding?basis=planned', 'basis'],
    ['/reports/machinery-valuation?threshold=abc', 'threshold'],
    ['/reports/by-region?scheme=1990', 'scheme'],
  ])('%s → 400 naming %s', async (path, field) => {
    const reply = await get(path);
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(reply.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it("an Appraised đề án is found by the list's status filter and counted in the pipeline's Appraised row", async () => {
    const { id } = await deAnAt(server, 'Appraised', actorsOf, refsOf);
    let listed: { id: string; status: string }[] = [];
    for (let i = 0; i < 100 && !listed.some((d) => d.id === id); i += 1) {
      listed = (await get('/de-an?status=Appraised')).body.items;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(listed).toEqual([expect.objectContaining({ id, status: 'Appraised', statusLabel: 'Đã thẩm định' })]);
    const pipeline = await get('/reports/pipeline');
    expect(pipeline.body.rows.find((r: { status: string }) => r.status === 'Appraised')).toMatchObject({ count: 1, label: 'Đã thẩm định' });
  });

  it('an unknown report is a 404 problem naming the reports there are', async () => {
    const reply = await get('/reports/tong-hop');
    expect(reply.status).toBe(404);
    expect(reply.body.detail).toContain('funding');
  });
});
