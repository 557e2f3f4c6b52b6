/**
 * Import adopts history and is no back door (issue 11's findings, each reproduced): a province's
 * officer cannot write into another province's đề án, cannot overwrite a stored act, cannot move the
 * books of a plan that is open now, of a plan outside their scope or of a plan not yet created on the
 * act's date, and cannot backdate a registration past the window of a plan year not over; every
 * imported event names who brought it in and the batch. On PGlite and on PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { Actor, deAnDecider, deAnStreamId, PlanCommand, planDecider, planStreamId, remaining, trieu } from '@app/domain';
import { EventStore, PgClient, PGliteClient, SqlClient, SqlEventStore } from '@app/event-store';
import { CommandHandler, fold } from '../command-handler';
import { importedDeAnId, importedPlanId, NATIONAL_SCOPE } from '../ids';
import { HistoryImport } from './import-history';

const decider = deAnDecider();
const NOW = new Date('2026-12-03T03:00:00Z');
const officer52: Actor = { sub: 'cb-52', role: 'officer', province: '52', name: 'Cán bộ Bình Định' };
const officer66: Actor = { sub: 'cb-66', role: 'officer', province: '66', name: 'Cán bộ Đắk Lắk' };
const cuc: Actor = { sub: 'cb-cuc', role: 'officer', name: 'Cán bộ Cục' };
const approver = { sub: 'gd-52', role: 'approver' };
const chair = { sub: 'hd-1', role: 'council' };
const line = { indicator: 'Cơ sở được hỗ trợ máy móc thiết bị', quantity: 1, unit: 'Cơ sở' };

const registration = (overrides: Record<string, unknown> = {}) => ({
  title: 'Hỗ trợ máy chế biến gỗ',
  contentArea: '3',
  activity: '3.3',
  fundingSource: 'KCDP',
  level: 'province',
  planYear: 2016,
  province: '52',
  locality: 'Tây Sơn',
  implementingUnit: 'TTKC Bình Định',
  beneficiary: { name: 'HTX Tây Sơn', kind: 'cooperative' },
  // TTLT 26/2014: ≤ 200 triệu per establishment for machinery, so 300 supports two (a group đề án, TT 36/2013 Điều 10–11)
  establishments: [
    { name: 'HTX Cơ khí Tây Sơn', kind: 'cooperative', support: trieu(150) },
    { name: 'Hộ kinh doanh Tây Sơn', kind: 'household', support: trieu(150) },
  ],
  priorityArea: false,
  prioritySector: false,
  budget: { totalCost: trieu(600), requestedSupport: trieu(300), counterpartFunds: trieu(300), machineryValue: trieu(550) },
  expectedResults: [line],
  schedule: { start: '2016-03-01', end: '2016-10-31' },
  attachments: [],
  organisation: 'htx-tay-son',
  registeredAt: '2015-11-02T03:00:00Z',
  ...overrides,
});

/** Council, review, appraisal, approval (into `plan`) — dated from `year − 1`'s December on. */
const toApproval = (plan: { planId: string } | { planExternalId: string }, year = 2016) => [
  { type: 'council', at: `${year - 1}-12-01T02:00:00Z`, actor: officer52, members: [{ sub: chair.sub, name: 'Chủ tịch' }], chair: chair.sub },
  { type: 'reviews', at: `${year - 1}-12-05T02:00:00Z`, actor: chair, score: 90, recommendation: 'approve', conflictOfInterest: false },
  {
    type: 'appraisal',
    at: `${year - 1}-12-10T02:00:00Z`,
    actor: chair,
    result: 'passed',
    recommendedSupport: trieu(300),
    machineryValuation: trieu(540),
    minutesNo: '15/BB',
  },
  {
    type: 'approval',
    at: `${year}-01-20T02:00:00Z`,
    actor: approver,
    decisionNo: '215/QĐ-SCT',
    decisionDate: `${year}-01-20`,
    approvedSupport: trieu(300),
    ...plan,
  },
];

/**
 * A KCQG đề án's way to its approval: the Sở's round (council, review, conclusion), its forwarding before
 * 15/6, then the Ministry's round and the approval (TT 36/2013/TT-BCT Điều 8–10) — dated from `year − 1`'s April on.
 */
const kcqgToApproval = (plan: { planId: string } | { planExternalId: string }, year: number) => {
  const [council, review, appraisal, approval] = toApproval(plan, year);
  const on = (day: string) => `${year - 1}-${day}T02:00:00Z`;
  return [
    { ...council, at: on('04-20') },
    { ...review, at: on('04-25') },
    { ...appraisal, at: on('04-30') },
    { type: 'forwarding', at: on('05-10'), actor: officer52, dispatchNo: '88/SCT-KC' },
    { ...council, at: on('06-01'), actor: cuc },
    { ...review, at: on('06-05') },
    { ...appraisal, at: on('06-10') },
    approval,
  ];
};

const planRecord = (externalId: string, province: string | undefined, year = 2016) => ({
  kind: 'plan',
  externalId,
  plan: {
    year,
    fundingSource: province ? 'KCDP' : 'KCQG',
    level: province ? 'province' : 'central',
    ...(province ? { province } : {}),
    allocation: trieu(1_000),
    targets: [],
    createdAt: `${year - 1}-10-01T02:00:00Z`,
  },
});

describe.each(['pglite', 'postgres'] as const)('import cannot forge the record (%s)', (kind) => {
  let sql: SqlClient;
  let store: EventStore;
  const schema = `import_forgery_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const importer = (actor: Actor) => new HistoryImport(new CommandHandler(store), decider, { importer: actor, now: () => NOW });

  /** A plan created live, through the API's command path (not imported). */
  async function livePlan(year: number, province?: string): Promise<string> {
    const planId = randomUUID();
    const command = {
      type: 'CreatePlan',
      data: {
        planId,
        year,
        fundingSource: province ? 'KCDP' : 'KCQG',
        level: province ? 'province' : 'central',
        allocation: trieu(1_000),
        targets: [],
        ...(province ? { province } : {}),
      },
      metadata: { actor: province ? officer52 : cuc, now: new Date(`${year - 1}-10-01T02:00:00Z`), commandId: randomUUID() },
    } as PlanCommand;
    await new CommandHandler(store).handle(planDecider, planStreamId(planId), [command]);
    return planId;
  }
  const planOf = async (planId: string) => {
    const state = fold(planDecider, await store.readStream(planStreamId(planId)));
    if (state.status === 'Initial') throw new Error(`no plan ${planId}`);
    return state.book;
  };

  beforeAll(async () => {
    sql = kind === 'pglite' ? await PGliteClient.open() : new PgClient(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
    store = await SqlEventStore.open(sql, { schema });
  }, 120_000);
  afterAll(async () => {
    if (kind === 'postgres') await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await sql.close();
  });

  it('records who imported each event and in which batch, beside the historic actor', async () => {
    const by52 = importer(officer52);
    const [planResult, result] = await by52.importAll([
      { record: planRecord('KH-52-2016', '52') },
      { record: { externalId: 'BD-PROV', registration: registration(), steps: toApproval({ planExternalId: 'KH-52-2016' }) } },
    ]);
    expect([planResult!.status, result!.status]).toEqual(['imported', 'imported']);
    const events = await store.readStream(deAnStreamId(importedDeAnId('52', 'BD-PROV')));
    expect(events.at(-1)).toMatchObject({
      type: 'DeAnApproved',
      metadata: { actor: { sub: 'gd-52', role: 'approver' }, imported: { externalId: 'BD-PROV', batchId: by52.batchId, importedBy: officer52 } },
    });
    const plan = await store.readStream(planStreamId(importedPlanId('52', 'KH-52-2016')));
    for (const event of plan) expect(event.metadata.imported).toMatchObject({ batchId: by52.batchId, importedBy: officer52 });
  });

  it("another province's officer, with the same externalId, writes into a stream of their own, never the first province's", async () => {
    const first = await importer(officer52).importAll([
      { record: planRecord('KH-52-2016-X', '52') },
      { record: { externalId: 'BD-2016-X', registration: registration(), steps: toApproval({ planExternalId: 'KH-52-2016-X' }) } },
    ]);
    expect(first.map((r) => r.status)).toEqual(['imported', 'imported']);
    const deAn52 = importedDeAnId('52', 'BD-2016-X');
    const before = await store.readStream(deAnStreamId(deAn52));
    const bookBefore = await planOf(importedPlanId('52', 'KH-52-2016-X'));

    // the record as the finding sent it: its externalId, a province of their own, a stop by an approver
    const stop = {
      type: 'stop',
      at: '2016-03-01T02:00:00Z',
      actor: { sub: 'gd-66', role: 'approver' },
      reason: 'Dừng',
      decisionNo: '01/QĐ',
      recoverAmount: 0,
    };
    const attack = await importer(officer66).importOne(
      {
        externalId: 'BD-2016-X',
        registration: registration({ province: '66', organisation: 'htx-dak-lak' }),
        steps: [...toApproval({ planExternalId: 'KH-52-2016-X' }).map((s) => ({ ...s, actor: { ...s.actor, province: undefined } })), stop],
      },
      { index: 0 },
    );
    // their own namespace: the approval names a plan of province 66 that does not exist; nothing of 52's moved
    expect(attack).toMatchObject({ status: 'failed', id: importedDeAnId('66', 'BD-2016-X'), error: { status: 422, rule: 'plan-exists' } });
    expect(attack.id).not.toBe(deAn52);
    expect(await store.readStream(deAnStreamId(deAn52))).toEqual(before);
    expect(await planOf(importedPlanId('52', 'KH-52-2016-X'))).toEqual(bookBefore);

    // the record of province 52 itself is refused to them; a registration-only probe tells nothing of 52's
    const refused = await importer(officer66).importOne({ externalId: 'BD-2016-X', registration: registration() }, { index: 0 });
    expect(refused).toMatchObject({ status: 'failed', error: { status: 403 } });
    expect(refused.id).toBeUndefined();
    const probe = await importer(officer66).importOne(
      { externalId: 'BD-2016-X-PROBE', registration: registration({ province: '66', organisation: 'htx-dak-lak' }) },
      { index: 0 },
    );
    expect(probe).toMatchObject({ status: 'imported', id: importedDeAnId('66', 'BD-2016-X-PROBE') });
  });

  it('a stored act sent again with other content is refused (409 naming the act), not skipped', async () => {
    const record = { externalId: 'BD-2016-Y', registration: registration(), steps: toApproval({ planExternalId: 'KH-52-2016-Y' }) };
    await importer(officer52).importAll([{ record: planRecord('KH-52-2016-Y', '52') }, { record }]);
    const stored = await store.readStream(deAnStreamId(importedDeAnId('52', 'BD-2016-Y')));

    const changed = { ...record, steps: record.steps.map((s, i) => (i === 3 ? { ...s, approvedSupport: trieu(200) } : s)) };
    expect(await importer(officer52).importOne(changed, { index: 0 })).toMatchObject({
      status: 'failed',
      completedSteps: 3,
      error: { status: 409, step: 3 },
    });
    const otherRegistration = { ...record, registration: registration({ title: 'Tên khác' }) };
    expect(await importer(officer52).importOne(otherRegistration, { index: 0 })).toMatchObject({
      status: 'failed',
      error: { status: 409, step: 'registration' },
    });
    const otherPlan = { ...planRecord('KH-52-2016-Y', '52'), plan: { ...planRecord('KH-52-2016-Y', '52').plan, allocation: trieu(9_000) } };
    expect(await importer(officer52).importOne(otherPlan, { index: 0 })).toMatchObject({ status: 'failed', kind: 'plan', error: { status: 409 } });
    // the same record again, its keys in another order: the same acts, nothing appended
    const reordered = JSON.parse(
      JSON.stringify({ steps: record.steps, registration: record.registration, externalId: record.externalId }),
    ) as unknown;
    expect(await importer(officer52).importOne(reordered, { index: 0 })).toMatchObject({ status: 'skipped' });
    expect(await store.readStream(deAnStreamId(importedDeAnId('52', 'BD-2016-Y')))).toEqual(stored);
  });

  it('never commits against a plan open now: a forged approval into the live plan of the current year leaves its remaining money as it was', async () => {
    const live2026 = await livePlan(2026, '52');
    const remainingBefore = remaining(await planOf(live2026));
    const forged = {
      externalId: 'BD-2026-FORGED',
      registration: registration({ planYear: 2026, schedule: { start: '2026-03-01', end: '2026-10-31' }, registeredAt: '2025-11-02T03:00:00Z' }),
      steps: [
        ...toApproval({ planId: live2026 }, 2026),
        {
          type: 'contract',
          at: '2026-02-25T02:00:00Z',
          actor: officer52,
          contractNo: '08/HĐ',
          signedDate: '2026-02-25',
          endDate: '2026-10-31',
          selection: 'review',
        },
        { type: 'advances', at: '2026-06-28T02:00:00Z', actor: { sub: 'kt-52', role: 'finance' }, amount: trieu(100), paidDate: '2026-06-28' },
      ],
    };
    const result = await importer(officer52).importOne(forged, { index: 0 });
    expect(result).toMatchObject({ status: 'failed', completedSteps: 3, error: { status: 422, rule: 'import-live-plan', step: 3 } });
    expect(remaining(await planOf(live2026))).toBe(remainingBefore);
    expect((await store.readStream(planStreamId(live2026))).map((e) => e.type)).toEqual(['PlanCreated']);

    // a live plan of a year already over takes history
    const live2015 = await livePlan(2015, '52');
    const past = {
      externalId: 'BD-2015-PAST',
      registration: registration({ planYear: 2015, schedule: { start: '2015-03-01', end: '2015-10-31' }, registeredAt: '2014-11-02T03:00:00Z' }),
      steps: toApproval({ planId: live2015 }, 2015),
    };
    expect(await importer(officer52).importOne(past, { index: 0 })).toMatchObject({ status: 'imported' });
    expect(remaining(await planOf(live2015))).toBe(trieu(700));
  });

  it("never touches a plan outside the importer's scope: the Cục's national plan is, for a province's officer, a plan that does not exist", async () => {
    const national = await livePlan(2017);
    await importer(cuc).importOne(planRecord('KH-KCQG-2017', undefined, 2017), { index: 0 });
    const kcqg = (externalId: string, plan: { planId: string } | { planExternalId: string }) => ({
      externalId,
      registration: registration({
        fundingSource: 'KCQG',
        level: 'central',
        planYear: 2017,
        schedule: { start: '2017-03-01', end: '2017-10-31' },
        registeredAt: '2016-04-10T03:00:00Z',
      }),
      steps: kcqgToApproval(plan, 2017),
    });
    for (const [record, planId] of [
      [kcqg('BD-KCQG-1', { planId: national }), national],
      [kcqg('BD-KCQG-2', { planExternalId: 'KH-KCQG-2017' }), importedPlanId('52', 'KH-KCQG-2017')],
    ] as const) {
      const result = await importer(officer52).importOne(record, { index: 0 });
      expect(result).toMatchObject({
        status: 'failed',
        error: { status: 422, rule: 'plan-exists', step: 7, detail: `Không tìm thấy kế hoạch ${planId}` },
      });
    }
    expect(remaining(await planOf(national))).toBe(trieu(1_000));
    expect(remaining(await planOf(importedPlanId(NATIONAL_SCOPE, 'KH-KCQG-2017')))).toBe(trieu(1_000));
    // the Cục's own officer may import against it
    expect(await importer(cuc).importOne(kcqg('BD-KCQG-3', { planExternalId: 'KH-KCQG-2017' }), { index: 0 })).toMatchObject({ status: 'imported' });
  });

  it('never dates an act before the plan it touches', async () => {
    await importer(officer52).importOne(planRecord('KH-52-2016-LATE', '52'), { index: 0 }); // created 2015-10-01
    const dates = ['2015-09-05', '2015-09-06', '2015-09-07', '2015-09-20'];
    const steps = toApproval({ planExternalId: 'KH-52-2016-LATE' }).map((s, i) => ({ ...s, at: `${dates[i]}T02:00:00Z` }));
    const early = { externalId: 'BD-2016-EARLY', registration: registration({ registeredAt: '2015-09-01T03:00:00Z' }), steps };
    expect(await importer(officer52).importOne(early, { index: 0 })).toMatchObject({
      status: 'failed',
      error: { status: 422, rule: 'import-before-plan', step: 3 },
    });
  });

  it('judges a backdated registration of a plan year not over by the window on the day of the import', async () => {
    const late = {
      externalId: 'BD-2027-BACKDATED',
      registration: registration({
        fundingSource: 'KCQG',
        level: 'central',
        planYear: 2027,
        schedule: { start: '2027-03-01', end: '2027-10-31' },
        registeredAt: '2026-05-10T03:00:00Z',
      }),
    };
    expect(await importer(officer52).importOne(late, { index: 0 })).toMatchObject({
      status: 'failed',
      completedSteps: 0,
      error: { status: 422, rule: 'registration-window', step: 'registration', details: { importedOn: '2026-12-03' } },
    });
    expect(await store.readStream(deAnStreamId(importedDeAnId('52', 'BD-2027-BACKDATED')))).toHaveLength(0);
  });
});
