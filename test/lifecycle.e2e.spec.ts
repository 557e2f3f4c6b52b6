/**
 * Full lifecycles over HTTP against a real server process: a KCĐP and a KCQG đề án from
 * registration to settlement (advances, an adjustment, an inspection, a failed-then-passed
 * acceptance, payable and recoverable settlements; KCQG through the Sở's and the Ministry's
 * appraisal and acceptance), with idempotent retries, If-Match, and the
 * 409/412/422 answers of the contract.
 */
import { M, planBody, registration } from './support/fixtures';
import { startServer, TestServer } from './support/server';

describe('đề án lifecycle over HTTP (embedded store)', () => {
  let server: TestServer;
  let t: Record<
    'applicant' | 'officer' | 'chair' | 'member' | 'approver' | 'finance' | 'auditor' | 'cuc' | 'minister' | 'financeCuc' | 'boChair' | 'boMember',
    string
  >;

  beforeAll(async () => {
    server = await startServer();
    t = {
      applicant: await server.token({ sub: 'u-htx', role: 'applicant', org: 'htx-an-nhon', name: 'HTX An Nhơn' }),
      officer: await server.token({ sub: 'cb-52', role: 'officer', province: '52' }),
      chair: await server.token({ sub: 'hd-1', role: 'council', name: 'Chủ tịch HĐ' }),
      member: await server.token({ sub: 'hd-2', role: 'council', name: 'Ủy viên' }),
      approver: await server.token({ sub: 'gd-52', role: 'approver', province: '52' }),
      finance: await server.token({ sub: 'kt-52', role: 'finance', province: '52' }),
      auditor: await server.token({ sub: 'ktnn', role: 'auditor' }),
      cuc: await server.token({ sub: 'cuc-cb', role: 'officer' }),
      minister: await server.token({ sub: 'bo-truong', role: 'approver' }),
      financeCuc: await server.token({ sub: 'cuc-kt', role: 'finance' }),
      boChair: await server.token({ sub: 'hd-bo-1', role: 'council', name: 'Chủ tịch HĐ cấp Bộ' }),
      boMember: await server.token({ sub: 'hd-bo-2', role: 'council', name: 'Ủy viên HĐ cấp Bộ' }),
    };
  }, 120_000);
  afterAll(() => server?.stop());

  const ok = async (method: string, path: string, token: string, body?: unknown, headers?: Record<string, string>) => {
    const reply = await server.request(method, path, { token, body, ...(headers ? { headers } : {}) });
    if (reply.status >= 300) throw new Error(`${method} ${path} → ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply;
  };

  async function appraised(opts: { reg?: Record<string, unknown>; registrant?: string } = {}) {
    const created = await ok('POST', '/de-an', opts.registrant ?? t.applicant, registration(opts.reg));
    const id = created.body.id as string;
    await appraisalRound(id, t.officer, { chair: ['hd-1', t.chair], member: ['hd-2', t.member] });
    return id;
  }

  /** A council assigned by `assigner`, both members' reviews and the chair's conclusion. */
  async function appraisalRound(id: string, assigner: string, council: Record<'chair' | 'member', [string, string]>, minutesNo = '12/BB-HĐTĐ') {
    await ok('POST', `/de-an/${id}/council`, assigner, {
      members: [
        { sub: council.chair[0], name: 'Chủ tịch HĐ' },
        { sub: council.member[0], name: 'Ủy viên' },
      ],
      chair: council.chair[0],
    });
    await ok('POST', `/de-an/${id}/reviews`, council.chair[1], { score: 88, recommendation: 'approve', comments: 'Đạt', conflictOfInterest: false });
    await ok('POST', `/de-an/${id}/reviews`, council.member[1], { score: 80, recommendation: 'approve', conflictOfInterest: false });
    return ok('POST', `/de-an/${id}/appraisal`, council.chair[1], {
      result: 'passed',
      recommendedSupport: 300 * M,
      machineryValuation: 590 * M,
      minutesNo,
    });
  }

  it("takes a KCĐP đề án from registration to a payable settlement, keeping the plan's books", async () => {
    const plan = (await ok('POST', '/plans', t.officer, planBody())).body.id as string;
    const created = await ok('POST', '/de-an', t.applicant, registration());
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    const id = created.body.id as string;

    await ok('POST', `/de-an/${id}/council`, t.officer, {
      members: [
        { sub: 'hd-1', name: 'Chủ tịch HĐ' },
        { sub: 'hd-2', name: 'Ủy viên' },
        { sub: 'hd-3', name: 'Ủy viên có xung đột' },
      ],
      chair: 'hd-1',
    });
    await ok('POST', `/de-an/${id}/reviews`, t.chair, { score: 70, recommendation: 'revise', comments: 'Cần báo giá', conflictOfInterest: false });
    await ok('POST', `/de-an/${id}/revision-request`, t.chair, { items: ['Bổ sung 03 báo giá thiết bị'], dueDate: '2026-12-30' });
    await ok('POST', `/de-an/${id}/revision`, t.applicant, {
      changes: { attachments: [{ name: 'bao-gia.pdf', sha256: 'b'.repeat(64) }] },
      note: 'Đã bổ sung',
    });
    await ok('POST', `/de-an/${id}/reviews`, t.chair, { score: 88, recommendation: 'approve', conflictOfInterest: false });
    await ok('POST', `/de-an/${id}/reviews`, t.member, { score: 85, recommendation: 'approve', conflictOfInterest: false });
    // a conflicted review is recorded but does not count towards the quorum (2 of 3 valid)
    await ok('POST', `/de-an/${id}/reviews`, await server.token({ sub: 'hd-3', role: 'council' }), {
      score: 100,
      recommendation: 'approve',
      conflictOfInterest: true,
    });
    const appraisal = await ok('POST', `/de-an/${id}/appraisal`, t.chair, {
      result: 'passed',
      recommendedSupport: 300 * M,
      machineryValuation: 590 * M,
      minutesNo: '12/BB-HĐTĐ',
    });
    expect(appraisal.body.status).toBe('Appraised');
    await ok('POST', `/de-an/${id}/approval`, t.approver, {
      decisionNo: '215/QĐ-SCT',
      decisionDate: '2027-01-20',
      approvedSupport: 300 * M,
      planId: plan,
    });
    expect((await ok('GET', `/plans/${plan}`, t.officer)).body).toMatchObject({ allocation: 3_000 * M, committed: 300 * M, remaining: 2_700 * M });

    await ok('POST', `/de-an/${id}/contract`, t.officer, {
      contractNo: '08/2027/HĐ-KC',
      signedDate: '2027-02-25',
      endDate: '2027-10-31',
      selection: 'review',
    });
    await ok('POST', `/de-an/${id}/progress`, t.applicant, {
      period: '2027-06',
      percentComplete: 75,
      investedAmount: 470 * M,
      notes: 'Đã lắp đặt máy',
    });
    await ok('POST', `/de-an/${id}/progress-confirmation`, t.officer, { period: '2027-06' });
    await ok('POST', `/de-an/${id}/advances`, t.finance, { amount: 210 * M, paidDate: '2027-06-28' });
    await ok('POST', `/de-an/${id}/inspections`, t.officer, {
      date: '2027-07-10',
      inspectors: ['Trần Văn Cán Bộ'],
      result: 'satisfactory',
      findings: 'Đúng tiến độ',
    });
    const adjustment = await ok('POST', `/de-an/${id}/adjustments`, t.applicant, {
      kind: 'change-timing',
      proposed: { endDate: '2027-11-30' },
      reason: 'Chậm giao thiết bị phụ trợ',
    });
    expect(adjustment.body.adjustmentId).toEqual(expect.any(String));
    await ok('POST', `/de-an/${id}/adjustments/${adjustment.body.adjustmentId}/decision`, t.approver, { approved: true, decisionNo: '901/QĐ-SCT' });
    expect((await ok('GET', `/de-an/${id}`, t.applicant)).body.contract.endDate).toBe('2027-11-30');

    const done = {
      completedDate: '2027-11-20',
      actualResults: [{ indicator: 'Cơ sở được hỗ trợ máy móc thiết bị', quantity: 1, unit: 'Cơ sở' }],
      actualCost: 610 * M,
      machineryValue: 595 * M,
    };
    await ok('POST', `/de-an/${id}/completion`, t.applicant, done);
    const failed = await ok('POST', `/de-an/${id}/acceptance`, t.officer, {
      result: 'failed',
      acceptedResults: [],
      acceptedCost: 0,
      machineryValuation: 595 * M,
      minutesNo: '30/BB-NT',
      date: '2027-11-25',
    });
    expect(failed.body.status).toBe('AcceptanceFailed');
    await ok('POST', `/de-an/${id}/completion`, t.applicant, { ...done, completedDate: '2027-12-02' });
    await ok('POST', `/de-an/${id}/acceptance`, t.officer, {
      result: 'passed',
      acceptedResults: done.actualResults,
      acceptedCost: 580 * M,
      machineryValuation: 590 * M,
      minutesNo: '31/BB-NT',
      date: '2027-12-05',
    });
    const settled = await ok('POST', `/de-an/${id}/settlement`, t.finance, { settledSupport: 290 * M, decisionNo: '77/QĐ-QT', date: '2027-12-15' });
    expect(settled.body).toMatchObject({ status: 'Settled', payable: 80 * M, recoverable: 0 });
    expect((await ok('GET', `/plans/${plan}`, t.finance)).body).toMatchObject({ committed: 0, settled: 290 * M, remaining: 2_710 * M });

    const history = (await ok('GET', `/de-an/${id}/history`, t.auditor)).body.events as {
      type: string;
      actor: { sub: string; role: string };
      hash: string;
      decisionNo: string | null;
    }[];
    expect(history.map((e) => e.type)).toEqual([
      'DeAnRegistered',
      'CouncilAssigned',
      'ReviewSubmitted',
      'RevisionRequested',
      'DeAnRevised',
      'ReviewSubmitted',
      'ReviewSubmitted',
      'ReviewSubmitted',
      'AppraisalConcluded',
      'DeAnApproved',
      'ContractSigned',
      'ProgressReported',
      'ProgressConfirmed',
      'AdvancePaid',
      'InspectionRecorded',
      'AdjustmentRequested',
      'AdjustmentApproved',
      'DeAnCompleted',
      'AcceptanceFailed',
      'DeAnCompleted',
      'AcceptancePassed',
      'DeAnSettled',
    ]);
    expect(history[9]).toMatchObject({ actor: { sub: 'gd-52', role: 'approver' }, decisionNo: '215/QĐ-SCT' });
    expect((await ok('GET', `/audit/verify?stream=de-an-${id}`, t.auditor)).body).toEqual({ ok: true, checked: 22 });

    const atApproval = (await ok('GET', `/de-an/${id}?version=10`, t.auditor)).body;
    expect(atApproval).toMatchObject({ status: 'Approved', version: 10, approvedSupport: 300 * M });
  }, 120_000);

  it('takes a KCQG đề án through the Sở’s and the Ministry’s appraisal and acceptance to a settlement where advances exceed the settled support (recoverable)', async () => {
    const plan = (
      await ok(
        'POST',
        '/plans',
        t.cuc,
        planBody({ year: 2028, fundingSource: 'KCQG', level: 'central', province: undefined, allocation: 10_000 * M }),
      )
    ).body.id as string;
    const id = await appraised({
      reg: { fundingSource: 'KCQG', level: 'central', planYear: 2028, schedule: { start: '2028-03-01', end: '2028-10-31' } },
    });
    // the Sở's council concluded the base level (TT 36/2013 Điều 8): the Sở, and only it, may now forward the dossier
    const base = (await ok('GET', `/de-an/${id}`, t.officer)).body;
    expect(base).toMatchObject({ status: 'BaseAppraised', statusLabel: 'Đã thẩm định cấp cơ sở' });
    expect(base.actions.map((a: { name: string }) => a.name)).toEqual(expect.arrayContaining(['forwarding']));
    expect((await ok('GET', `/de-an/${id}`, t.cuc)).body.actions).toEqual([]);
    expect((await server.request('POST', `/de-an/${id}/forwarding`, { token: t.cuc, body: { dispatchNo: '88/SCT-KC' } })).status).toBe(403);
    const forwarded = await ok('POST', `/de-an/${id}/forwarding`, t.officer, { dispatchNo: '88/SCT-KC' });
    expect(forwarded.body.status).toBe('Forwarded');
    // the Ministry's council (TT 36/2013 Điều 9): the Sở may not assign it
    const provinceCouncil = await server.request('POST', `/de-an/${id}/council`, {
      token: t.officer,
      body: { members: [{ sub: 'hd-bo-1', name: 'Chủ tịch HĐ cấp Bộ' }], chair: 'hd-bo-1' },
    });
    expect(provinceCouncil.status).toBe(403);
    const ministry = await appraisalRound(id, t.cuc, { chair: ['hd-bo-1', t.boChair], member: ['hd-bo-2', t.boMember] }, '03/BB-HĐTĐ-BCT');
    expect(ministry.body.status).toBe('Appraised');
    // the Ministry approves a KCQG đề án, not the province's director
    const byProvince = await server.request('POST', `/de-an/${id}/approval`, {
      token: t.approver,
      body: { decisionNo: '9/QĐ-SCT', decisionDate: '2028-01-15', approvedSupport: 300 * M, planId: plan },
    });
    expect(byProvince.status).toBe(403);
    await ok('POST', `/de-an/${id}/approval`, t.minister, {
      decisionNo: '1234/QĐ-BCT',
      decisionDate: '2028-01-15',
      approvedSupport: 300 * M,
      planId: plan,
    });
    await ok('POST', `/de-an/${id}/contract`, t.cuc, {
      contractNo: '01/2028/HĐ-KCQG',
      signedDate: '2028-02-01',
      endDate: '2028-10-31',
      selection: 'tender',
    });
    await ok('POST', `/de-an/${id}/progress`, t.applicant, { period: '2028-05', percentComplete: 80, investedAmount: 500 * M });
    await ok('POST', `/de-an/${id}/progress-confirmation`, t.officer, { period: '2028-05' });
    await ok('POST', `/de-an/${id}/advances`, t.financeCuc, { amount: 210 * M, paidDate: '2028-05-30' });
    await ok('POST', `/de-an/${id}/completion`, t.applicant, {
      completedDate: '2028-10-20',
      actualResults: [],
      actualCost: 400 * M,
      machineryValue: 380 * M,
    });
    // the Sở's base-level acceptance, then the Cục's (TT 36/2013 Điều 17)
    const acceptance = {
      result: 'passed',
      acceptedResults: [],
      acceptedCost: 300 * M,
      machineryValuation: 370 * M,
      minutesNo: '05/BB-NT',
      date: '2028-10-30',
    };
    expect((await server.request('POST', `/de-an/${id}/acceptance`, { token: t.cuc, body: acceptance })).status).toBe(403);
    expect((await ok('POST', `/de-an/${id}/acceptance`, t.officer, acceptance)).body.status).toBe('BaseAccepted');
    expect((await ok('POST', `/de-an/${id}/acceptance`, t.cuc, { ...acceptance, minutesNo: '07/BB-NT-BCT', date: '2028-11-05' })).body.status).toBe(
      'Accepted',
    );
    const history = (await ok('GET', `/de-an/${id}/history`, t.auditor)).body.events.map((e: { type: string }) => e.type);
    expect(history).toEqual(
      expect.arrayContaining(['BaseAppraisalConcluded', 'DossierForwarded', 'AppraisalConcluded', 'BaseAcceptancePassed', 'AcceptancePassed']),
    );
    // ceiling = min(approved 300, accepted 300 × 50 %, cap 300) = 150 triệu
    const tooMuch = await server.request('POST', `/de-an/${id}/settlement`, {
      token: t.financeCuc,
      body: { settledSupport: 151 * M, decisionNo: 'QT-1', date: '2028-11-10' },
    });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body).toMatchObject({ rule: 'settlement-formula', title: 'Vi phạm quy định nghiệp vụ' });
    const settled = await ok('POST', `/de-an/${id}/settlement`, t.financeCuc, { settledSupport: 150 * M, decisionNo: 'QT-1', date: '2028-11-10' });
    expect(settled.body).toMatchObject({ payable: 0, recoverable: 60 * M });
  }, 120_000);

  it('answers a retried command (same Idempotency-Key) with its first result and no new event, also for registration', async () => {
    const first = await ok('POST', '/de-an', t.applicant, registration(), { 'idempotency-key': 'reg-retry-0001' });
    const again = await ok('POST', '/de-an', t.applicant, registration(), { 'idempotency-key': 'reg-retry-0001' });
    expect(again.body).toEqual(first.body);
    expect(again.status).toBe(200);
    const id = first.body.id as string;
    const body = { members: [{ sub: 'hd-1', name: 'Chủ tịch HĐ' }], chair: 'hd-1' };
    const a = await ok('POST', `/de-an/${id}/council`, t.officer, body, { 'idempotency-key': 'council-retry-01' });
    const b = await ok('POST', `/de-an/${id}/council`, t.officer, body, { 'idempotency-key': 'council-retry-01' });
    expect(b.body).toEqual(a.body);
    expect((await ok('GET', `/de-an/${id}/history`, t.officer)).body.events).toHaveLength(2);
  }, 60_000);

  it('refuses an Idempotency-Key reused for another request with 422, without appending; the same body in another key order is still a retry', async () => {
    const first = await ok('POST', '/de-an', t.applicant, registration(), { 'idempotency-key': 'reg-reuse-0001' });
    const other = await server.request('POST', '/de-an', {
      token: t.applicant,
      body: registration({ title: 'Một đề án khác' }),
      headers: { 'idempotency-key': 'reg-reuse-0001' },
    });
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(other.body).toMatchObject({ type: 'urn:khuyen-cong:problem:idempotency-key-reused', title: 'Idempotency-Key đã được dùng', status: 422 });
    const reordered = Object.fromEntries(Object.entries(registration()).reverse());
    expect((await ok('POST', '/de-an', t.applicant, reordered, { 'idempotency-key': 'reg-reuse-0001' })).body).toEqual(first.body);

    // On one đề án, the key of one command sent with another command (another path) or another body.
    const id = first.body.id as string;
    const council = { members: [{ sub: 'hd-1', name: 'Chủ tịch HĐ' }], chair: 'hd-1' };
    const assigned = await ok('POST', `/de-an/${id}/council`, t.officer, council, { 'idempotency-key': 'council-reuse-01' });
    // The same request to the same route, spelled with a trailing slash, is still a retry.
    expect((await ok('POST', `/de-an/${id}/council/`, t.officer, council, { 'idempotency-key': 'council-reuse-01' })).body).toEqual(assigned.body);
    const changed = await server.request('POST', `/de-an/${id}/council`, {
      token: t.officer,
      body: { ...council, chair: 'hd-1', members: [{ sub: 'hd-1', name: 'Người khác' }] },
      headers: { 'idempotency-key': 'council-reuse-01' },
    });
    expect(changed.status).toBe(422);
    const elsewhere = await server.request('POST', `/de-an/${id}/revision-request`, {
      token: t.officer,
      body: { items: ['Bổ sung báo giá thiết bị'], dueDate: '2027-03-15' },
      headers: { 'idempotency-key': 'council-reuse-01' },
    });
    expect(elsewhere.status).toBe(422);
    expect((await ok('GET', `/de-an/${id}/history`, t.officer)).body.events).toHaveLength(2);
  }, 60_000);

  it('racing approvals with one Idempotency-Key and two plans: one plan commits, the other request gets 422 and its plan nothing', async () => {
    const plans = [
      (await ok('POST', '/plans', t.officer, planBody())).body.id as string,
      (await ok('POST', '/plans', t.officer, planBody())).body.id as string,
    ];
    const id = await appraised();
    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        server.request('POST', `/de-an/${id}/approval`, {
          token: t.approver,
          headers: { 'idempotency-key': 'approve-race-0001' },
          body: { decisionNo: '215/QĐ-SCT', decisionDate: '2027-01-20', approvedSupport: 300 * M, planId: plans[i % 2] },
        }),
      ),
    );
    const won = new Set(replies.flatMap((r, i) => (r.status === 200 ? [plans[i % 2]!] : [])));
    expect(won.size).toBe(1);
    replies.forEach((r, i) => expect(r.status).toBe(won.has(plans[i % 2]!) ? 200 : 422));
    const committed = await Promise.all(plans.map(async (plan) => (await ok('GET', `/plans/${plan}`, t.officer)).body.committed as number));
    expect(committed).toEqual(plans.map((plan) => (won.has(plan) ? 300 * M : 0)));
  }, 60_000);

  it('answers 412 to a stale If-Match and 409 to an illegal transition, without appending', async () => {
    const id = (await ok('POST', '/de-an', t.applicant, registration())).body.id as string;
    const stale = await server.request('POST', `/de-an/${id}/council`, {
      token: t.officer,
      body: { members: [{ sub: 'hd-1', name: 'A' }], chair: 'hd-1' },
      headers: { 'if-match': '"7"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    const fresh = await server.request('POST', `/de-an/${id}/council`, {
      token: t.officer,
      body: { members: [{ sub: 'hd-1', name: 'A' }], chair: 'hd-1' },
      headers: { 'if-match': '"1"' },
    });
    expect(fresh.status).toBe(200);
    const illegal = await server.request('POST', `/de-an/${id}/contract`, {
      token: t.officer,
      body: { contractNo: 'HĐ-1', signedDate: '2027-02-01', endDate: '2027-10-01', selection: 'review' },
    });
    expect(illegal.status).toBe(409);
    expect(illegal.body).toMatchObject({ title: 'Xung đột trạng thái', state: 'UnderAppraisal' });
    expect((await ok('GET', `/de-an/${id}/history`, t.officer)).body.events).toHaveLength(2);
  }, 60_000);

  it('a group đề án of three establishments (TT 36/2013 Điều 10–11): caps per establishment, each named in the dossier', async () => {
    const three = [
      { name: 'HTX Cơ khí An Nhơn', kind: 'cooperative', taxCode: '4101234567', support: 300 * M },
      { name: 'Hộ kinh doanh Trần Văn Bình', kind: 'household', support: 250 * M },
      { name: 'Công ty TNHH Gỗ Nhơn Hòa', kind: 'enterprise', taxCode: '4101234568', support: 200 * M },
    ];
    const group = (establishments: unknown[], requestedSupport = 750 * M) =>
      registration({
        budget: { totalCost: 1_600 * M, requestedSupport, counterpartFunds: 1_600 * M - requestedSupport, machineryValue: 1_400 * M },
        establishments,
      });
    const created = await ok('POST', '/de-an', t.applicant, group(three));
    // 750 triệu: above one establishment's 300, within three's
    const state = await ok('GET', `/de-an/${created.body.id as string}`, t.officer);
    expect(state.body).toMatchObject({ establishments: three, budget: { requestedSupport: 750 * M } });

    const over = await server.request('POST', '/de-an', {
      token: t.applicant,
      body: group([{ ...three[0], support: 350 * M }, three[1], { ...three[2], support: 150 * M }]),
    });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ rule: 'support-cap:52', details: { establishment: 0, amount: 350 * M, limit: 300 * M } });
    expect(over.body.detail).toContain('HTX Cơ khí An Nhơn');

    const notAddingUp = await server.request('POST', '/de-an', { token: t.applicant, body: group(three, 700 * M) });
    expect(notAddingUp.status).toBe(400);
    expect(notAddingUp.body.errors).toEqual([expect.objectContaining({ field: 'establishments' })]);
    const noSupport = await server.request('POST', '/de-an', { token: t.applicant, body: group([{ name: 'Hộ A', kind: 'household' }, three[1]]) });
    expect(noSupport.status).toBe(400);
    expect(noSupport.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'establishments[0].support' })]));
  });

  it('an activity without state funding is recorded, approved at 0 into its plan and commits nothing of it', async () => {
    const plan = (await ok('POST', '/plans', t.officer, planBody({ allocation: 500 * M }))).body.id as string;
    const created = await ok(
      'POST',
      '/de-an',
      t.applicant,
      registration({
        title: 'Cán bộ tham gia đoàn công tác của Bộ Công Thương',
        contentArea: '8',
        activity: '8.3',
        budget: { totalCost: 0, requestedSupport: 0, counterpartFunds: 0, machineryValue: 0 },
      }),
    );
    const id = created.body.id as string;
    await ok('POST', `/de-an/${id}/council`, t.officer, { members: [{ sub: 'hd-1', name: 'Chủ tịch HĐ' }], chair: 'hd-1' });
    await ok('POST', `/de-an/${id}/reviews`, t.chair, { score: 80, recommendation: 'approve', conflictOfInterest: false });
    await ok('POST', `/de-an/${id}/appraisal`, t.chair, { result: 'passed', recommendedSupport: 0, machineryValuation: 0, minutesNo: 'BB-0' });
    await ok('POST', `/de-an/${id}/approval`, t.approver, { decisionNo: '12/QĐ-SCT', decisionDate: '2027-01-10', approvedSupport: 0, planId: plan });
    expect((await ok('GET', `/de-an/${id}`, t.officer)).body).toMatchObject({ status: 'Approved', approvedSupport: 0 });
    expect((await ok('GET', `/plans/${plan}`, t.officer)).body).toMatchObject({ committed: 0, remaining: 500 * M, commitments: [] });
  });

  it('answers 422 naming the rule for a cap, a budget and an advance violation', async () => {
    const cap = await server.request('POST', '/de-an', {
      token: t.applicant,
      body: registration({ budget: { totalCost: 1_000 * M, requestedSupport: 400 * M, counterpartFunds: 600 * M, machineryValue: 900 * M } }),
    });
    expect(cap.status).toBe(422);
    // Bình Định's KCĐP: its provincial table, which carries TT 28/2018's figures (libs/domain/src/rules/support-caps.ts)
    expect(cap.body).toMatchObject({ rule: 'support-cap:52', legalBasis: expect.stringContaining('TT 28/2018') });

    const small = (await ok('POST', '/plans', t.officer, planBody({ allocation: 100 * M }))).body.id as string;
    const id = await appraised();
    const budget = await server.request('POST', `/de-an/${id}/approval`, {
      token: t.approver,
      body: { decisionNo: 'QĐ-2', decisionDate: '2027-01-20', approvedSupport: 300 * M, planId: small },
    });
    expect(budget.status).toBe(422);
    expect(budget.body).toMatchObject({ rule: 'plan-allocation' });

    const plan = (await ok('POST', '/plans', t.officer, planBody())).body.id as string;
    await ok('POST', `/de-an/${id}/approval`, t.approver, { decisionNo: 'QĐ-3', decisionDate: '2027-01-20', approvedSupport: 300 * M, planId: plan });
    await ok('POST', `/de-an/${id}/contract`, t.officer, {
      contractNo: 'HĐ-3',
      signedDate: '2027-02-01',
      endDate: '2027-10-01',
      selection: 'review',
    });
    const advance = await server.request('POST', `/de-an/${id}/advances`, { token: t.finance, body: { amount: 100 * M, paidDate: '2027-03-01' } });
    expect(advance.status).toBe(422);
    expect(advance.body).toMatchObject({ rule: 'advance-progress' });
  }, 120_000);
});

describe('lists from the read models (GET /de-an, GET /plans)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  }, 120_000);
  afterAll(() => server?.stop());

  const eventually = async <T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const value = await probe();
      if (done(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it('filters, pages with a cursor, and shows each caller only what they may see', async () => {
    const mine = await server.token({ sub: 'a', role: 'applicant', org: 'org-a' });
    const theirs = await server.token({ sub: 'b', role: 'applicant', org: 'org-b' });
    const officer52 = await server.token({ sub: 'o52', role: 'officer', province: '52' });
    const officer01 = await server.token({ sub: 'o01', role: 'officer', province: '01' });
    for (let i = 0; i < 5; i++)
      expect((await server.request('POST', '/de-an', { token: mine, body: registration({ title: `Đề án ${i}` }) })).status).toBe(201);
    expect((await server.request('POST', '/de-an', { token: theirs, body: registration() })).status).toBe(201);

    const all52 = await eventually(
      () => server.request('GET', '/de-an?province=52', { token: officer52 }),
      (r) => r.body.items?.length === 6,
    );
    expect(all52.body.items).toHaveLength(6);
    const first = await server.request('GET', '/de-an?limit=3', { token: mine });
    expect(first.body.items).toHaveLength(3);
    const second = await server.request('GET', `/de-an?limit=3&cursor=${first.body.nextCursor}`, { token: mine });
    expect(second.body.items).toHaveLength(2);
    expect(second.body.nextCursor).toBeNull();
    expect([...first.body.items, ...second.body.items].every((item: { organisation: string }) => item.organisation === 'org-a')).toBe(true);
    expect((await server.request('GET', '/de-an', { token: officer01 })).body.items).toHaveLength(0);
    expect((await server.request('GET', '/de-an?status=Nope', { token: mine })).status).toBe(400);

    const plan = (await server.request('POST', '/plans', { token: officer52, body: planBody() })).body.id as string;
    const plans = await eventually(
      () => server.request('GET', '/plans?year=2027', { token: officer52 }),
      (r) => r.body.items?.length === 1,
    );
    expect(plans.body.items[0]).toMatchObject({ id: plan, allocation: 3_000 * M, remaining: 3_000 * M });
    expect((await server.request('GET', '/plans', { token: officer01 })).body.items).toHaveLength(0);
  }, 60_000);
});

describe('budget control over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  }, 120_000);
  afterAll(() => server?.stop());

  it('never commits more than the plan allocation under 50 concurrent approvals; the others get 422 naming the rule', async () => {
    const applicant = await server.token({ sub: 'u', role: 'applicant', org: 'htx-an-nhon' });
    const officer = await server.token({ sub: 'o', role: 'officer', province: '52' });
    const chair = await server.token({ sub: 'hd-1', role: 'council' });
    const approver = await server.token({ sub: 'a', role: 'approver', province: '52' });
    const plan = (await server.request('POST', '/plans', { token: officer, body: planBody({ allocation: 2_000 * M }) })).body.id as string;
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const id = (await server.request('POST', '/de-an', { token: applicant, body: registration() })).body.id as string;
      await server.request('POST', `/de-an/${id}/council`, { token: officer, body: { members: [{ sub: 'hd-1', name: 'Chủ tịch' }], chair: 'hd-1' } });
      await server.request('POST', `/de-an/${id}/reviews`, {
        token: chair,
        body: { score: 90, recommendation: 'approve', conflictOfInterest: false },
      });
      const appraised = await server.request('POST', `/de-an/${id}/appraisal`, {
        token: chair,
        body: { result: 'passed', recommendedSupport: 100 * M, machineryValuation: 500 * M, minutesNo: 'BB' },
      });
      expect(appraised.status).toBe(200);
      ids.push(id);
    }
    const replies = await Promise.all(
      ids.map((id) =>
        server.request('POST', `/de-an/${id}/approval`, {
          token: approver,
          body: { decisionNo: 'QĐ', decisionDate: '2027-01-20', approvedSupport: 100 * M, planId: plan },
        }),
      ),
    );
    expect(replies.filter((r) => r.status === 200)).toHaveLength(20);
    const refused = replies.filter((r) => r.status !== 200);
    expect(refused).toHaveLength(30);
    for (const r of refused) expect(r.body).toMatchObject({ status: 422, rule: 'plan-allocation' });
    expect((await server.request('GET', `/plans/${plan}`, { token: officer })).body).toMatchObject({ committed: 2_000 * M, remaining: 0 });
  }, 120_000);
});

describe('idempotency across a restart', () => {
  it('answers a retry after the server restarted with the first result, appending nothing', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dataDir = mkdtempSync(join(tmpdir(), 'kc-restart-'));
    const env = { DATA_DIR: dataDir, JWT_SECRET: 'a-fixed-secret-for-the-restart-test-0123456789' };
    let server = await startServer(env);
    try {
      const applicant = await server.token({ sub: 'u', role: 'applicant', org: 'htx-an-nhon' });
      const first = await server.request('POST', '/de-an', {
        token: applicant,
        body: registration(),
        headers: { 'idempotency-key': 'restart-0001' },
      });
      expect(first.status).toBe(201);
      await server.stop();
      server = await startServer(env);
      const retry = await server.request('POST', '/de-an', {
        token: applicant,
        body: registration(),
        headers: { 'idempotency-key': 'restart-0001' },
      });
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);
      expect((await server.request('GET', `/de-an/${first.body.id}/history`, { token: applicant })).body.events).toHaveLength(1);
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
