/**
 * Import of history over HTTP against a real server process: a batch with a plan, a đề án from
 * 2015–2016 carried to its settlement, and bad records reported one by one while the others import;
 * the same batch again appends nothing.
 */
import { historyApprover, historyFinance, historyPlan as plan, historyRecord as deAn, M } from './support/fixtures';
import { startServer, TestServer } from './support/server';

describe('history import over HTTP (embedded store)', () => {
  let server: TestServer;
  let t: Record<'officer' | 'otherProvince' | 'applicant' | 'auditor', string>;

  beforeAll(async () => {
    server = await startServer();
    t = {
      officer: await server.token({ sub: 'cb-52', role: 'officer', province: '52' }),
      otherProvince: await server.token({ sub: 'cb-01', role: 'officer', province: '01' }),
      applicant: await server.token({ sub: 'u-htx', role: 'applicant', org: 'htx-an-nhon' }),
      auditor: await server.token({ sub: 'ktnn', role: 'auditor' }),
    };
  }, 120_000);
  afterAll(() => server?.stop());

  const post = (body: unknown, token = t.officer) => server.request('POST', '/import/de-an', { token, body });

  it('imports a batch record by record, judged at the historic dates, and a second time appends nothing', async () => {
    const malformed = {
      ...deAn('BD-2015-003'),
      steps: [
        { ...deAn('BD-2015-003').steps[0]!, members: [] },
        { type: 'payment', at: '2015-12-02T02:00:00Z', actor: historyFinance },
      ],
    };
    const batch = [deAn('BD-2015-001'), deAn('BD-2015-002', 295 * M), plan, malformed];
    const started = Date.now();
    const reply = await post(batch);
    expect(reply.status).toBe(200);
    expect(reply.body.summary).toEqual({ imported: 2, skipped: 0, failed: 2 });
    const [good, tooHigh, planResult, bad] = reply.body.results;
    expect(good).toMatchObject({ externalId: 'BD-2015-001', index: 0, kind: 'de-an', status: 'imported', version: 12, completedSteps: 11 });
    expect(planResult).toMatchObject({ externalId: 'KH-KCDP-52-2016', index: 2, kind: 'plan', status: 'imported', version: 1 });
    // the settlement above the ceiling fails; the ten steps before it are valid history and stay
    expect(tooHigh).toMatchObject({
      index: 1,
      status: 'failed',
      completedSteps: 10,
      version: 11,
      error: { status: 422, rule: 'settlement-formula', step: 10, title: 'Vi phạm quy định nghiệp vụ' },
    });
    // the malformed record is refused with the API's own field messages, before anything is written
    expect(bad).toMatchObject({ index: 3, status: 'failed', completedSteps: 0, error: { status: 400, step: 0 } });
    expect(bad.error.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'steps[0].members' }), expect.objectContaining({ field: 'steps[1].type' })]),
    );
    expect(bad.id).toBeUndefined();

    const state = await server.request('GET', `/de-an/${good.id}`, { token: t.officer });
    expect(state.body).toMatchObject({ status: 'Settled', registeredOn: '2015-11-02', advancesPaid: 210 * M });
    const history = (await server.request('GET', `/de-an/${good.id}/history`, { token: t.auditor })).body.events as {
      type: string;
      at: string;
      recordedAt: string;
      imported: unknown;
      actor: unknown;
    }[];
    expect(history).toHaveLength(12);
    expect(history[0]).toMatchObject({
      type: 'DeAnRegistered',
      at: '2015-11-02T03:00:00.000Z',
      imported: { externalId: 'BD-2015-001' },
      actor: { sub: 'import', role: 'officer' },
    });
    expect(reply.body.batchId).toMatch(/^[0-9a-f-]{36}$/);
    expect(history[6]).toMatchObject({ type: 'ProgressReported', actor: { sub: 'u-htx', role: 'applicant', org: 'htx-an-nhon' } });
    for (const event of history) {
      // who brought it in, and in which batch, beside the historic actor
      expect(event.imported).toEqual({
        externalId: 'BD-2015-001',
        batchId: reply.body.batchId,
        importedBy: { sub: 'cb-52', role: 'officer', province: '52' },
      });
      expect(new Date(event.recordedAt).getTime()).toBeGreaterThanOrEqual(started - 1_000);
    }
    expect(history.at(-1)).toMatchObject({ type: 'DeAnSettled', at: '2016-12-15T02:00:00.000Z' });
    // as it stood on 1 July 2016: in implementation, one advance paid
    const asOf = await server.request('GET', `/de-an/${good.id}?asOf=2016-07-01T00:00:00Z`, { token: t.officer });
    expect(asOf.body).toMatchObject({ status: 'InImplementation', advancesPaid: 210 * M });

    const planView = await server.request('GET', `/plans/${planResult.id}`, { token: t.officer });
    // BD-2015-001 settled at 290; BD-2015-002 approved at 300 and still committed
    expect(planView.body).toMatchObject({ allocation: 3_000 * M, settled: 290 * M, committed: 300 * M });

    const events = (await server.request('GET', '/audit/verify', { token: t.auditor })).body.checked as number;
    const again = await post(batch);
    expect(again.status).toBe(200);
    expect(again.body.summary).toEqual({ imported: 0, skipped: 2, failed: 2 });
    expect(again.body.results[0]).toMatchObject({ status: 'skipped', id: good.id, version: 12 });
    expect(again.body.results[2]).toMatchObject({ status: 'skipped', id: planResult.id });
    expect((await server.request('GET', '/audit/verify', { token: t.auditor })).body).toMatchObject({ ok: true, checked: events });
  });

  it("takes one record as well as an array; a province's officer imports only that province", async () => {
    const single = await post(deAn('BD-2015-010'));
    expect(single.status).toBe(200);
    expect(single.body.results).toHaveLength(1);
    expect(single.body.results[0]).toMatchObject({ index: 0, status: 'imported' });

    const elsewhere = await post(deAn('BD-2015-011'), t.otherProvince);
    expect(elsewhere.body.results[0]).toMatchObject({ status: 'failed', error: { status: 403 } });
  });

  it('another province cannot reach an imported đề án through its externalId; an auditor lists every batch, its importer and its events', async () => {
    const first = await post([plan, deAn('BD-2015-030')]);
    const deAnId = first.body.results[1].id as string;
    const before = (await server.request('GET', `/de-an/${deAnId}/history`, { token: t.auditor })).body.events;
    const stop = { type: 'stop', at: '2016-03-01T02:00:00Z', actor: historyApprover, reason: 'Dừng', decisionNo: '01/QĐ', recoverAmount: 0 };
    const record = deAn('BD-2015-030');
    const attack = await post(
      { ...record, registration: { ...record.registration, province: '01' }, steps: [...record.steps.slice(0, 4), stop] },
      t.otherProvince,
    );
    expect(attack.body.results[0].id).not.toBe(deAnId);
    expect((await server.request('GET', `/de-an/${deAnId}/history`, { token: t.auditor })).body.events).toEqual(before);
    expect((await server.request('GET', '/audit/verify', { token: t.auditor })).body.ok).toBe(true);

    // the batches, newest first, with who imported them; the auditor waits for the read model to catch up
    let batches: { batchId: string; importedBy: unknown; events: number; records: number }[] = [];
    for (let tries = 0; tries < 100 && !batches.some((b) => b.batchId === attack.body.batchId); tries++) {
      batches = (await server.request('GET', '/audit/imports', { token: t.auditor })).body.items;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const ours = batches.find((b) => b.batchId === first.body.batchId)!;
    // the plan was there already (skipped): the batch holds the đề án's 12 events and the 2 they made in the plan
    expect(ours).toMatchObject({ importedBy: { sub: 'cb-52', role: 'officer', province: '52' }, records: 1, events: 14, streams: 2 });
    expect(batches.find((b) => b.batchId === attack.body.batchId)).toMatchObject({ importedBy: { sub: 'cb-01', province: '01' } });
    const byOfficer = (await server.request('GET', '/audit/imports?importedBy=cb-01', { token: t.auditor })).body.items;
    expect(byOfficer.every((b: { importedBy: { sub: string } }) => b.importedBy.sub === 'cb-01')).toBe(true);

    const events = await server.request('GET', `/audit/imports/${first.body.batchId}/events?limit=5`, { token: t.auditor });
    expect(events.status).toBe(200);
    expect(events.body.items).toHaveLength(5);
    expect(events.body.items[0]).toMatchObject({
      streamId: `de-an-${deAnId}`,
      version: 1,
      externalId: 'BD-2015-030',
      actor: { sub: 'import' },
      importedBy: { sub: 'cb-52' },
    });
    const next = await server.request('GET', `/audit/imports/${first.body.batchId}/events?limit=100&cursor=${events.body.nextCursor}`, {
      token: t.auditor,
    });
    expect(next.body.items).toHaveLength(9);
    expect(next.body.nextCursor).toBeNull();
    expect((await server.request('GET', '/audit/imports', { token: t.officer })).status).toBe(403);
    expect((await server.request('GET', '/audit/imports/not-a-batch/events', { token: t.auditor })).status).toBe(404);
  });

  it('answers 403 to other roles and 400 to a body that is not one record or 1–1,000 records', async () => {
    expect((await post(deAn('BD-2015-020'), t.applicant)).status).toBe(403);
    for (const body of [[], Array.from({ length: 1_001 }, () => ({}))]) {
      const reply = await post(body);
      expect(reply.status).toBe(400);
      expect(reply.headers.get('content-type')).toContain('application/problem+json');
      expect(reply.body.errors[0].field).toBe('body');
    }
  });
});
