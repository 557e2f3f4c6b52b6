/**
 * A province's periodic reports over HTTP (NĐ 45/2012 Điều 16.1.i): the province's officer submits the
 * last quarter's report — its figures as of that instant, hashed, checked again on reading —, the quarter
 * before it, never submitted, is recorded missed by the scheduler once its due day is over, and the
 * Ministry's officers see both, a province's officer only its own. The due days are set relative to today
 * (DEADLINE_POLICY_FILE), so that the last quarter is on time and the one before it overdue whenever this runs.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { periodsEndingBetween, vietnamDay } from '@app/domain';
import { TestServer, startServer } from './support/server';
import { registerDeAn, until } from './support/e2e-helpers';

const DAY = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY);

describe('periodic reports of a province over HTTP', () => {
  let server: TestServer;
  const dir = mkdtempSync(join(tmpdir(), 'kc-periodic-'));
  const today = vietnamDay(new Date());
  // the last two quarters that have ended: the last is submitted on time, the one before is missed
  const [before, last] = periodsEndingBetween('quarterly', new Date(Date.now() - 200 * DAY).toISOString().slice(0, 10), today).slice(-2) as [
    ReturnType<typeof periodsEndingBetween>[number],
    ReturnType<typeof periodsEndingBetween>[number],
  ];
  const daysAfter = daysBetween(last.end, today) + 30;
  let t: Record<'applicant' | 'officer' | 'otherOfficer' | 'cuc' | 'auditor', string>;

  beforeAll(async () => {
    const policy = join(dir, 'policy.json');
    writeFileSync(policy, JSON.stringify({ 'quarterly-report': { due: { kind: 'periodic', months: 3, daysAfter } } }));
    server = await startServer({ DEADLINE_POLICY_FILE: policy, REPORTING_SINCE: before.start, REPORT_SWEEP_MS: '500' });
    t = {
      applicant: await server.token({ sub: 'dn-1', role: 'applicant', org: 'htx-an-nhon' }),
      officer: await server.token({ sub: 'cb-52', role: 'officer', province: '52', name: 'Trần Văn Cán Bộ' }),
      otherOfficer: await server.token({ sub: 'cb-01', role: 'officer', province: '01' }),
      cuc: await server.token({ sub: 'cuc-1', role: 'officer', name: 'Cán bộ Cục' }),
      auditor: await server.token({ sub: 'ktnn', role: 'auditor' }),
    };
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the officer submits the last quarter on time, the quarter before is recorded missed; the Ministry sees both', async () => {
    // a đề án makes province 52 one that reports
    await registerDeAn(server, t.applicant);

    const submitted = await server.request('POST', '/periodic-reports', { token: t.officer, body: { type: 'quarterly', period: last.period } });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ province: '52', type: 'quarterly', period: last.period, late: false });
    expect(submitted.body.snapshotHash).toMatch(/^[0-9a-f]{64}$/);

    // once only; not a quarter still running; not by the Ministry's officer; the period's form is checked
    expect((await server.request('POST', '/periodic-reports', { token: t.officer, body: { type: 'quarterly', period: last.period } })).status).toBe(
      409,
    );
    const running = periodsEndingBetween('quarterly', today, `${Number(today.slice(0, 4)) + 1}-12-31`)[0]!;
    const early = await server.request('POST', '/periodic-reports', { token: t.officer, body: { type: 'quarterly', period: running.period } });
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ rule: 'report-period-open' });
    expect((await server.request('POST', '/periodic-reports', { token: t.cuc, body: { type: 'quarterly', period: last.period } })).status).toBe(403);
    const malformed = await server.request('POST', '/periodic-reports', { token: t.officer, body: { type: 'quarterly', period: '2026-Q9' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'period' })]);

    // the scheduler records the quarter before as missed (its due day passed with nothing submitted)
    const rows = await until('the missed quarter', async () => {
      const items = (await server.request('GET', '/periodic-reports?type=quarterly', { token: t.cuc })).body.items as Record<string, unknown>[];
      return items.some((r) => r.period === before.period && r.status === 'missed') && items.some((r) => r.period === last.period)
        ? items
        : undefined;
    });
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          province: '52',
          period: last.period,
          status: 'submitted',
          statusLabel: 'Đã nộp đúng hạn',
          signedBy: 'Trần Văn Cán Bộ',
        }),
        expect.objectContaining({ province: '52', period: before.period, status: 'missed', statusLabel: 'Quá hạn, chưa nộp', submittedAt: null }),
      ]),
    );
    // another province's officer sees none of province 52's
    expect((await server.request('GET', '/periodic-reports', { token: t.otherOfficer })).body.items).toEqual([]);

    // what was submitted is kept whole: the figures as of the instant, their hash recomputed on reading
    const one = await server.request('GET', `/periodic-reports/52/quarterly/${last.period}`, { token: t.auditor });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ snapshotHash: submitted.body.snapshotHash, hashVerified: true, late: false, signedBy: { sub: 'cb-52' } });
    expect(Object.keys(one.body.snapshot.reports)).toEqual(['funding', 'results']);
    expect((await server.request('GET', `/periodic-reports/52/quarterly/${before.period}`, { token: t.otherOfficer })).status).toBe(404);

    // a late report is still taken, and marked late
    const late = await server.request('POST', '/periodic-reports', { token: t.officer, body: { type: 'quarterly', period: before.period } });
    expect(late.body).toMatchObject({ late: true });
  }, 120_000);
});
