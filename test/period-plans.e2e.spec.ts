/**
 * A period plan over HTTP (docs/DOMAIN.md "Period plans"; the Bắc Giang 2021–2025 plan's layout, seed 000):
 * a province's targets per indicator and funding per source and year for 2026–2030; an annual plan sits in
 * it (of its years and province only); a đề án carried to acceptance in that plan; the period-plan report
 * gives targets and funding against what was done, "% so với mục tiêu giai đoạn".
 */
import 'reflect-metadata';
import { M, planBody } from './support/fixtures';
import { startServer, TestServer } from './support/server';
import { deAnAt, expectStatus, until } from './support/e2e-helpers';

/** Funding per source and year, triệu đồng: the Bắc Giang plan's figures, moved to this period's years. */
const FUNDING = {
  KCQG: [2_800, 4_700, 6_900, 6_200, 7_100],
  KCDP: [5_000, 5_500, 6_100, 6_800, 7_500],
  counterpart: [38_800, 47_830, 51_060, 52_200, 61_110],
} as const;
const YEARS = [2026, 2027, 2028, 2029, 2030];

describe('period plans over HTTP', () => {
  let server: TestServer;
  let t: Record<'applicant' | 'officer' | 'otherOfficer' | 'chair' | 'member' | 'approver' | 'auditor', string>;

  beforeAll(async () => {
    server = await startServer();
    t = {
      applicant: await server.token({ sub: 'dn-1', role: 'applicant', org: 'htx-an-nhon' }),
      officer: await server.token({ sub: 'cb-52', role: 'officer', province: '52' }),
      otherOfficer: await server.token({ sub: 'cb-24', role: 'officer', province: '24' }),
      chair: await server.token({ sub: 'hd-1', role: 'council' }),
      member: await server.token({ sub: 'hd-2', role: 'council' }),
      approver: await server.token({ sub: 'gd-52', role: 'approver', province: '52' }),
      auditor: await server.token({ sub: 'ktnn', role: 'auditor' }),
    };
  }, 120_000);
  afterAll(() => server?.stop());

  it('a 2026–2030 plan, an annual plan inside it, a đề án accepted: targets and funding against the period', async () => {
    const body = {
      title: 'Kế hoạch khuyến công tỉnh Bình Định giai đoạn 2026 - 2030',
      province: '52',
      level: 'province',
      fromYear: 2026,
      toYear: 2030,
      targets: [
        { code: '3.mo-hinh', indicator: 'Mô hình trình diễn kỹ thuật', quantity: 8, unit: 'Mô hình' },
        { indicator: 'Cơ sở được hỗ trợ máy móc thiết bị', quantity: 106, unit: 'Cơ sở' },
        { code: '4.nhan-hieu', indicator: 'Nhãn hiệu, thương hiệu được hỗ trợ xây dựng, đăng ký', quantity: 78, unit: 'Nhãn hiệu' },
      ],
      funding: Object.entries(FUNDING).flatMap(([source, amounts]) => amounts.map((amount, i) => ({ source, year: YEARS[i], amount: amount * M }))),
    };
    const created = expectStatus(await server.request('POST', '/period-plans', { token: t.officer, body }), 201, 'POST /period-plans');
    const periodPlanId = created.body.id as string;
    // the list is a read model: a moment behind
    const listed = () =>
      until('the period plan in the list', async () => {
        const items = (await server.request('GET', '/period-plans', { token: t.officer })).body.items as unknown[];
        return items.length > 0 ? items : undefined;
      });
    expect(await listed()).toEqual([{ id: periodPlanId, title: body.title, province: '52', fromYear: 2026, toYear: 2030 }]);
    expect((await server.request('GET', '/period-plans', { token: t.otherOfficer })).body.items).toEqual([]);
    // another province's officer may neither make it for province 52 nor see it
    expect((await server.request('POST', '/period-plans', { token: t.otherOfficer, body })).status).toBe(403);
    expect((await server.request('GET', `/period-plans/${periodPlanId}`, { token: t.otherOfficer })).status).toBe(404);
    const bad = await server.request('POST', '/period-plans', {
      token: t.officer,
      body: { ...body, funding: [{ source: 'KCQG', year: 2031, amount: M }] },
    });
    expect(bad.status).toBe(400);

    // the annual plan sits in it: one of its years, of its province
    const plan = expectStatus(
      await server.request('POST', '/plans', { token: t.officer, body: planBody({ allocation: 5_500 * M, periodPlanId }) }),
      201,
      'POST /plans in the period plan',
    ).body.id as string;
    const outside = await server.request('POST', '/plans', { token: t.officer, body: planBody({ year: 2031, periodPlanId }) });
    expect(outside.status).toBe(422);
    expect(outside.body).toMatchObject({ rule: 'plan-in-period' });
    expect(
      (await server.request('POST', '/plans', { token: t.officer, body: planBody({ periodPlanId: '00000000-0000-4000-8000-000000000000' }) })).body,
    ).toMatchObject({ rule: 'period-plan-exists' });

    // a đề án of 2027 carried to acceptance in that annual plan (300 triệu approved, 320 triệu counterpart)
    await deAnAt(server, 'Accepted', t, { planId: plan, chair: 'hd-1', member: 'hd-2' });

    // the reports read the read models: a moment behind the acceptance
    const report = await until('the accepted results in the report', async () => {
      const reply = await server.request('GET', `/reports/period-plan?periodPlanId=${periodPlanId}`, { token: t.auditor });
      return (reply.body.rows as { achieved: number }[] | undefined)?.some((r) => r.achieved > 0) ? reply : undefined;
    });
    expect(report.status).toBe(200);
    expect(report.body.periodPlan).toMatchObject({ province: '52', fromYear: 2026, toYear: 2030 });
    expect(report.body.rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ indicator: 'Cơ sở được hỗ trợ máy móc thiết bị', target: 106, achieved: 1, ratio: 0.0094 }),
        expect.objectContaining({ code: '3.mo-hinh', target: 8, achieved: 0, ratio: 0 }),
      ]),
    );
    const funding = Object.fromEntries((report.body.funding as { source: string }[]).map((f) => [f.source, f]));
    expect(funding.KCDP).toMatchObject({ planned: 30_900 * M, actual: 300 * M, years: { '2027': { planned: 5_500 * M, actual: 300 * M } } });
    expect(funding.counterpart).toMatchObject({ planned: 251_000 * M, actual: 320 * M, label: 'Đối ứng của các cơ sở công nghiệp nông thôn' });
    expect(funding.KCQG).toMatchObject({ planned: 27_700 * M, actual: 0, label: 'Đề nghị hỗ trợ từ kinh phí khuyến công quốc gia' });

    // the printed layout: the seed's columns, targets then funding, and the period's total (309.600 triệu)
    const table = (await server.request('GET', `/reports/period-plan?periodPlanId=${periodPlanId}&format=table`, { token: t.auditor })).body;
    expect(table.header[0].map((h: { text: string }) => h.text)).toEqual([
      'TT',
      'Nội dung và chỉ tiêu',
      'ĐVT',
      'Mục tiêu giai đoạn 2026 - 2030',
      'Kết quả thực hiện',
      '% so với mục tiêu giai đoạn',
    ]);
    expect(table.rows.at(-1).cells.slice(1, 4)).toEqual(['Tổng cộng', 'Triệu đồng', 309_600]);
  }, 180_000);

  it('NĐ 45/2012 Điều 14.4: unspent money carried over to the next year’s plan, as one act on both plans', async () => {
    const plan = async (year: number, allocation: number) =>
      expectStatus(await server.request('POST', '/plans', { token: t.officer, body: planBody({ year, allocation }) }), 201, `POST /plans ${year}`)
        .body.id as string;
    const [from, next, later] = [await plan(2027, 1_000 * M), await plan(2028, 2_000 * M), await plan(2029, 500 * M)];
    const carry = (to: string, amount: number, key?: string) =>
      server.request('POST', `/plans/${from}/carry-over`, {
        token: t.officer,
        body: { toPlanId: to, amount, decisionNo: '77/QĐ-UBND' },
        ...(key ? { headers: { 'idempotency-key': key } } : {}),
      });
    const done = await carry(next, 400 * M, 'carry-2027-2028');
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ allocation: 600 * M, amount: 400 * M });
    // a retry with the same key carries nothing more
    expect((await carry(next, 400 * M, 'carry-2027-2028')).body).toMatchObject({ allocation: 600 * M });
    expect((await server.request('GET', `/plans/${from}`, { token: t.officer })).body).toMatchObject({ allocation: 600 * M });
    expect((await server.request('GET', `/plans/${next}`, { token: t.officer })).body).toMatchObject({ allocation: 2_400 * M });
    // more than is unspent, to a plan two years on, to a plan that is not there: refused, both plans untouched
    expect((await carry(next, 600 * M + 1)).body).toMatchObject({ status: 422, rule: 'carry-over-next-year', details: { remaining: 600 * M } });
    expect((await carry(later, 100 * M)).body).toMatchObject({ status: 422, rule: 'carry-over-next-year' });
    expect((await carry('00000000-0000-4000-8000-000000000000', 100 * M)).body).toMatchObject({ status: 422, rule: 'plan-exists' });
    expect((await server.request('GET', `/plans/${later}`, { token: t.officer })).body).toMatchObject({ allocation: 500 * M });
    expect((await server.request('GET', `/plans/${from}`, { token: t.otherOfficer })).status).toBe(404);
    expect(
      (await server.request('POST', `/plans/${from}/carry-over`, { token: t.otherOfficer, body: { toPlanId: next, amount: M, decisionNo: 'x' } }))
        .status,
    ).toBe(404);
  }, 120_000);
});
