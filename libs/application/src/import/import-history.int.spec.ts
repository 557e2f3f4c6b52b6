import { randomUUID } from 'node:crypto';
import { deAnDecider, deAnStreamId, PlanCommand, planDecider, planStreamId, trieu } from '@app/domain';
import { EventStore, PgClient, PGliteClient, SqlClient, SqlEventStore } from '@app/event-store';
import { CommandHandler, fold } from '../command-handler';
import { importedDeAnId, importedPlanId, NATIONAL_SCOPE } from '../ids';
import { HistoryImport, ImportResult, summarize } from './import-history';

const decider = deAnDecider();
/** The Cục's importing officer (national scope). */
const CUC = { sub: 'cb-cuc-nhap', role: 'officer', name: 'Cán bộ Cục (nhập lịch sử)' } as const;

const applicant = { sub: 'u-htx-tay-son', role: 'applicant', name: 'HTX Cơ khí Tây Sơn' };
const officer = { sub: 'cb-cuc-01', role: 'officer', name: 'Cán bộ Cục' };
/** The Sở's officer: a KCQG đề án's base level (TT 36/2013/TT-BCT Điều 8–10, 17). */
const soOfficer = { sub: 'cb-sct-52', role: 'officer', province: '52', name: 'Cán bộ Sở Công Thương' };
const boChair = { sub: 'hd-bo-01', role: 'council', name: 'Chủ tịch HĐ cấp Bộ' };
const boMember = { sub: 'hd-bo-02', role: 'council', name: 'Ủy viên HĐ cấp Bộ' };
const chair = { sub: 'hd-01', role: 'council', name: 'Chủ tịch HĐ' };
const member = { sub: 'hd-02', role: 'council', name: 'Ủy viên HĐ' };
const approver = { sub: 'bo-truong', role: 'approver', name: 'Bộ trưởng BCT' };
const finance = { sub: 'kt-cuc', role: 'finance', name: 'Kế toán Cục' };
const line = { indicator: 'Cơ sở được hỗ trợ máy móc thiết bị', quantity: 1, unit: 'Cơ sở' };

const planRecord = (externalId = 'KH-KCQG-2017', allocation = trieu(5_000)) => ({
  kind: 'plan',
  externalId,
  plan: { year: 2017, fundingSource: 'KCQG', level: 'central', allocation, targets: [line], createdAt: '2016-01-05T02:00:00Z' },
});

/**
 * A KCQG đề án for plan year 2017, registered 10/04/2016 — inside the window of that year (before
 * 20/05/2016) —, appraised by the Sở and forwarded before 15/06/2016, appraised by the Ministry, and
 * carried to its settlement in December 2017 (the Sở's acceptance before the Cục's).
 */
function lifecycle2016(externalId: string, overrides: { settledSupport?: number; stepsAfter?: Record<string, unknown>[] } = {}) {
  return {
    externalId,
    registration: {
      title: 'Hỗ trợ ứng dụng máy chế biến gỗ',
      contentArea: '3',
      activity: '3.3',
      fundingSource: 'KCQG',
      level: 'central',
      planYear: 2017,
      province: '52',
      locality: 'Huyện Tây Sơn',
      implementingUnit: 'Trung tâm Khuyến công Bình Định',
      beneficiary: { name: 'HTX Cơ khí Tây Sơn', kind: 'cooperative', taxCode: '4100123456' },
      // TTLT 26/2014: ≤ 200 triệu per establishment for machinery, so 300 supports two (a group đề án, TT 36/2013 Điều 10–11)
      establishments: [
        { name: 'HTX Cơ khí Tây Sơn', kind: 'cooperative', support: trieu(150) },
        { name: 'Hộ kinh doanh Tây Sơn', kind: 'household', support: trieu(150) },
      ],
      priorityArea: false,
      prioritySector: false,
      budget: { totalCost: trieu(600), requestedSupport: trieu(300), counterpartFunds: trieu(300), machineryValue: trieu(550) },
      expectedResults: [line],
      schedule: { start: '2017-02-01', end: '2017-10-31' },
      attachments: [{ name: 'thuyet-minh.pdf', sha256: 'c'.repeat(64) }],
      organisation: 'htx-tay-son',
      registeredAt: '2016-04-10T03:00:00Z',
    },
    steps: [
      {
        type: 'council',
        at: '2016-04-20T02:00:00Z',
        actor: soOfficer,
        members: [
          { sub: chair.sub, name: chair.name },
          { sub: member.sub, name: member.name },
        ],
        chair: chair.sub,
      },
      {
        type: 'reviews',
        at: '2016-05-02T02:00:00Z',
        actor: chair,
        score: 70,
        recommendation: 'revise',
        comments: 'Cần báo giá',
        conflictOfInterest: false,
      },
      { type: 'revision-request', at: '2016-05-03T02:00:00Z', actor: chair, items: ['Bổ sung 03 báo giá thiết bị'], dueDate: '2016-05-20' },
      {
        type: 'revision',
        at: '2016-05-10T02:00:00Z',
        actor: applicant,
        changes: { attachments: [{ name: 'bao-gia.pdf', sha256: 'd'.repeat(64) }] },
        note: 'Đã bổ sung',
      },
      { type: 'reviews', at: '2016-05-20T02:00:00Z', actor: chair, score: 85, recommendation: 'approve', conflictOfInterest: false },
      { type: 'reviews', at: '2016-05-20T03:00:00Z', actor: member, score: 80, recommendation: 'approve', conflictOfInterest: false },
      {
        type: 'appraisal',
        at: '2016-05-25T02:00:00Z',
        actor: chair,
        result: 'passed',
        recommendedSupport: trieu(300),
        machineryValuation: trieu(540),
        minutesNo: '09/BB-HĐTĐ-SCT',
      },
      { type: 'forwarding', at: '2016-06-06T02:00:00Z', actor: soOfficer, dispatchNo: '612/SCT-KC' },
      {
        type: 'council',
        at: '2016-06-20T02:00:00Z',
        actor: officer,
        members: [
          { sub: boChair.sub, name: boChair.name },
          { sub: boMember.sub, name: boMember.name },
        ],
        chair: boChair.sub,
      },
      { type: 'reviews', at: '2016-07-01T02:00:00Z', actor: boChair, score: 85, recommendation: 'approve', conflictOfInterest: false },
      { type: 'reviews', at: '2016-07-01T03:00:00Z', actor: boMember, score: 80, recommendation: 'approve', conflictOfInterest: false },
      {
        type: 'appraisal',
        at: '2016-07-05T02:00:00Z',
        actor: boChair,
        result: 'passed',
        recommendedSupport: trieu(300),
        machineryValuation: trieu(540),
        minutesNo: '15/BB-HĐTĐ',
      },
      {
        type: 'approval',
        at: '2016-12-20T02:00:00Z',
        actor: approver,
        decisionNo: '5012/QĐ-BCT',
        decisionDate: '2016-12-20',
        approvedSupport: trieu(280),
        planExternalId: 'KH-KCQG-2017',
      },
      {
        type: 'contract',
        at: '2017-02-10T02:00:00Z',
        actor: officer,
        contractNo: '12/2017/HĐ-KCQG',
        signedDate: '2017-02-10',
        endDate: '2017-10-31',
        selection: 'review',
      },
      {
        type: 'progress',
        at: '2017-06-20T02:00:00Z',
        actor: applicant,
        period: '2017-06',
        percentComplete: 75,
        investedAmount: trieu(450),
        notes: 'Đã lắp đặt máy',
      },
      { type: 'progress-confirmation', at: '2017-06-22T02:00:00Z', actor: soOfficer, period: '2017-06' },
      { type: 'advances', at: '2017-06-28T02:00:00Z', actor: finance, amount: trieu(196), paidDate: '2017-06-28' },
      {
        type: 'inspections',
        at: '2017-07-10T02:00:00Z',
        actor: officer,
        date: '2017-07-10',
        inspectors: ['Cán bộ Cục'],
        result: 'satisfactory',
        findings: 'Đúng tiến độ',
      },
      {
        type: 'adjustments',
        at: '2017-08-01T02:00:00Z',
        actor: applicant,
        kind: 'change-timing',
        proposed: { endDate: '2017-11-30' },
        reason: 'Chậm giao thiết bị',
      },
      { type: 'adjustment-decision', at: '2017-08-10T02:00:00Z', actor: approver, approved: true, decisionNo: '901/QĐ-BCT' },
      {
        type: 'completion',
        at: '2017-11-20T02:00:00Z',
        actor: applicant,
        completedDate: '2017-11-20',
        actualResults: [line],
        actualCost: trieu(590),
        machineryValue: trieu(545),
      },
      {
        type: 'acceptance',
        at: '2017-11-25T02:00:00Z',
        actor: soOfficer,
        result: 'passed',
        acceptedResults: [line],
        acceptedCost: trieu(560),
        machineryValuation: trieu(540),
        minutesNo: '28/BB-NT-SCT',
        date: '2017-11-25',
      },
      {
        type: 'acceptance',
        at: '2017-11-28T02:00:00Z',
        actor: officer,
        result: 'passed',
        acceptedResults: [line],
        acceptedCost: trieu(560),
        machineryValuation: trieu(540),
        minutesNo: '31/BB-NT',
        date: '2017-11-28',
      },
      // ceiling = min(approved 280, 50 % × accepted 560, cap 300) = 280 triệu
      {
        type: 'settlement',
        at: '2017-12-15T02:00:00Z',
        actor: finance,
        settledSupport: overrides.settledSupport ?? trieu(280),
        decisionNo: '77/QĐ-QT',
        date: '2017-12-15',
      },
      ...(overrides.stepsAfter ?? []),
    ],
  };
}

// One embedded database for the file (opening one is slow); each describe has its own schema.
let pglite: PGliteClient;
beforeAll(async () => {
  pglite = await PGliteClient.open();
}, 120_000);
afterAll(() => pglite.close());

describe('import of history (PGlite in memory)', () => {
  let store: EventStore;
  let importer: HistoryImport;
  beforeAll(async () => {
    store = await SqlEventStore.open(pglite);
    importer = new HistoryImport(new CommandHandler(store), decider, { importer: CUC });
  });

  const byExternalId = (results: readonly ImportResult[], externalId: string) => results.find((r) => r.externalId === externalId)!;

  it('imports a plan and a 2016–2017 lifecycle through the deciders, judged by the rules of those dates, marked imported', async () => {
    const started = Date.now();
    // the đề án comes first in the file: plans are imported first all the same
    const results = await importer.importAll([
      { record: lifecycle2016('BD-2016-001'), line: 1 },
      { record: planRecord(), line: 2 },
    ]);
    expect(results.map((r) => [r.externalId, r.line, r.status])).toEqual([
      ['BD-2016-001', 1, 'imported'],
      ['KH-KCQG-2017', 2, 'imported'],
    ]);
    const deAnId = importedDeAnId('52', 'BD-2016-001');
    expect(results[0]).toMatchObject({ id: deAnId, completedSteps: 24, kind: 'de-an' });

    const events = await store.readStream(deAnStreamId(deAnId));
    expect(results[0]!.version).toBe(events.length);
    expect(fold(decider, events).status).toBe('Settled');
    expect(events.map((e) => e.type)).toEqual([
      'DeAnRegistered',
      'CouncilAssigned',
      'ReviewSubmitted',
      'RevisionRequested',
      'DeAnRevised',
      'ReviewSubmitted',
      'ReviewSubmitted',
      'BaseAppraisalConcluded',
      'DossierForwarded',
      'CouncilAssigned',
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
      'BaseAcceptancePassed',
      'AcceptancePassed',
      'DeAnSettled',
    ]);
    // business time is the historic instant; recordedAt is the server's now
    expect(events[0]!.metadata.occurredAt).toBe('2016-04-10T03:00:00.000Z');
    expect(events[0]!.data.registeredOn).toBe('2016-04-10');
    expect(events.at(-1)!.metadata.occurredAt).toBe('2017-12-15T02:00:00.000Z');
    for (const event of events) {
      expect(event.metadata.imported).toEqual({ externalId: 'BD-2016-001', batchId: importer.batchId, importedBy: CUC });
      const recordedAt = new Date(event.metadata.recordedAt).getTime();
      expect(recordedAt).toBeGreaterThanOrEqual(started - 1_000);
      expect(recordedAt).toBeLessThanOrEqual(Date.now() + 1_000);
    }
    // the actors are the historic ones; an applicant acts for the record's organisation
    expect(events[3]!.metadata.actor).toEqual({ sub: 'hd-01', role: 'council', name: 'Chủ tịch HĐ' });
    expect(events[4]!.metadata.actor).toMatchObject({ sub: 'u-htx-tay-son', role: 'applicant', org: 'htx-tay-son' });
    expect(events[0]!.metadata.actor).toEqual({ sub: 'import', role: 'officer' });
    // the adjustment decision without an id decided the pending change of timing
    expect(events[20]!.data).toMatchObject({ kind: 'change-timing', endDate: '2017-11-30' });
    expect(events.at(-1)!.data).toMatchObject({ settledSupport: trieu(280), advancesPaid: trieu(196), payable: trieu(84) });

    // the plan's books moved with the đề án, in the same imported history
    const planEvents = await store.readStream(planStreamId(importedPlanId(NATIONAL_SCOPE, 'KH-KCQG-2017')));
    expect(planEvents.map((e) => e.type)).toEqual(['PlanCreated', 'SupportCommitted', 'PlanSettlementRecorded']);
    expect(planEvents[0]!.metadata).toMatchObject({
      occurredAt: '2016-01-05T02:00:00.000Z',
      imported: { externalId: 'KH-KCQG-2017', importedBy: CUC },
    });
    expect(planEvents[1]!.metadata).toMatchObject({
      occurredAt: '2016-12-20T02:00:00.000Z',
      imported: { externalId: 'BD-2016-001', importedBy: CUC },
    });
    const plan = fold(planDecider, planEvents);
    expect(plan.status === 'Open' && [plan.book.committed, plan.book.settled]).toEqual([0, trieu(280)]);
    expect((await store.verify({ streamId: deAnStreamId(deAnId) })).ok).toBe(true);
  });

  it('is a no-op the second time: the earlier command ids are found and nothing is appended', async () => {
    const records = [
      { record: planRecord('KH-KCQG-2017-B') },
      {
        record: {
          ...lifecycle2016('BD-2016-002'),
          steps: lifecycle2016('BD-2016-002').steps.map((s) => (s.type === 'approval' ? { ...s, planExternalId: 'KH-KCQG-2017-B' } : s)),
        },
      },
    ];
    const first = await importer.importAll(records);
    expect(first.map((r) => r.status)).toEqual(['imported', 'imported']);
    const before = await store.readAll();

    const again = await importer.importAll(records);
    expect(again.map((r) => r.status)).toEqual(['skipped', 'skipped']);
    expect(again[1]).toMatchObject({ id: first[1]!.id, version: first[1]!.version, completedSteps: 24 });
    expect(again[0]).toMatchObject({ id: first[0]!.id, version: 1 });
    const after = await store.readAll();
    expect(after).toHaveLength(before.length);
    expect(after.map((e) => e.eventId)).toEqual(before.map((e) => e.eventId));
  });

  it('reports bad records with their line and reason and imports the others', async () => {
    const withActivity36 = lifecycle2016('BD-2016-005');
    const results = await importer.importAll([
      { record: planRecord('KH-KCQG-2017-C'), line: 1 },
      // settlement above the ceiling (290 > 280 triệu): the 16 steps before it stay
      { record: withPlan(lifecycle2016('BD-2016-003', { settledSupport: trieu(290) }), 'KH-KCQG-2017-C'), line: 2 },
      // an unknown step type: refused before anything is written
      {
        record: withPlan(
          lifecycle2016('BD-2016-004', { stepsAfter: [{ type: 'payment', at: '2017-12-20T02:00:00Z', actor: finance }] }),
          'KH-KCQG-2017-C',
        ),
        line: 3,
      },
      // activity 3.6 (digital transformation) did not exist in 2016 (NĐ 235/2025, in force 15/10/2025)
      { record: { ...withActivity36, registration: { ...withActivity36.registration, activity: '3.6' } }, line: 4 },
      // a malformed body: refused by the API's DTO before anything of the record is written
      {
        record: withPlan(lifecycle2016('BD-2016-006', { stepsAfter: [] }), 'KH-KCQG-2017-C', (steps) =>
          steps.map((s) => (s.type === 'advances' ? { ...s, amount: '196000000' } : s)),
        ),
        line: 5,
      },
      // not an instant
      {
        record: { ...lifecycle2016('BD-2016-007'), registration: { ...lifecycle2016('BD-2016-007').registration, registeredAt: '10/04/2016' } },
        line: 6,
      },
      { record: 'not a record', line: 7 },
      // a KCQG đề án for 2017 registered on 25/05/2016, after 20/05: outside the window in force that year
      {
        record: {
          ...lifecycle2016('BD-2016-008'),
          steps: [],
          registration: { ...lifecycle2016('BD-2016-008').registration, registeredAt: '2016-05-25T03:00:00Z' },
        },
        line: 8,
      },
      { record: withPlan(lifecycle2016('BD-2016-009'), 'KH-KCQG-2017-C'), line: 9 },
      // an approval against a plan that was never imported
      { record: withPlan(lifecycle2016('BD-2016-012'), 'KH-KHONG-CO'), line: 10 },
    ]);
    expect(summarize(results)).toEqual({ imported: 2, skipped: 0, failed: 8 });

    expect(byExternalId(results, 'BD-2016-003')).toMatchObject({
      line: 2,
      status: 'failed',
      id: importedDeAnId('52', 'BD-2016-003'),
      version: 24,
      completedSteps: 23,
      error: { status: 422, rule: 'settlement-formula', step: 23, details: { ceiling: trieu(280), settledSupport: trieu(290) } },
    });
    expect(fold(decider, await store.readStream(deAnStreamId(importedDeAnId('52', 'BD-2016-003')))).status).toBe('Accepted');

    expect(byExternalId(results, 'BD-2016-004')).toMatchObject({ line: 3, status: 'failed', completedSteps: 0, error: { status: 400, step: 24 } });
    expect(byExternalId(results, 'BD-2016-004').error!.errors![0]!.field).toBe('steps[24].type');
    expect(await store.readStream(deAnStreamId(importedDeAnId('52', 'BD-2016-004')))).toHaveLength(0);

    expect(byExternalId(results, 'BD-2016-005')).toMatchObject({
      line: 4,
      status: 'failed',
      error: { status: 422, rule: 'content-catalogue', step: 'registration' },
    });
    expect(byExternalId(results, 'BD-2016-005').id).toBeUndefined();

    expect(byExternalId(results, 'BD-2016-006')).toMatchObject({
      line: 5,
      status: 'failed',
      completedSteps: 0,
      error: { status: 400, step: 16 },
    });
    expect(byExternalId(results, 'BD-2016-006').error!.errors).toContainEqual({ field: 'steps[16].amount', message: 'phải là số nguyên đồng' });
    expect(await store.readStream(deAnStreamId(importedDeAnId('52', 'BD-2016-006')))).toHaveLength(0);
    expect(byExternalId(results, 'BD-2016-007')).toMatchObject({
      line: 6,
      status: 'failed',
      error: { status: 400, errors: [{ field: 'registration.registeredAt' }] },
    });
    expect(results[6]).toMatchObject({ externalId: null, line: 7, status: 'failed', error: { status: 400 } });
    expect(byExternalId(results, 'BD-2016-008')).toMatchObject({
      status: 'failed',
      error: { status: 422, rule: 'registration-window', details: { deadline: '2016-05-20' } },
    });
    expect(byExternalId(results, 'BD-2016-009')).toMatchObject({ line: 9, status: 'imported', completedSteps: 24 });
    expect(byExternalId(results, 'BD-2016-012')).toMatchObject({
      line: 10,
      status: 'failed',
      completedSteps: 12,
      error: { status: 422, rule: 'plan-exists', step: 12 },
    });
  });

  it('resumes a failed record once it is fixed: the stored steps are recognised, the rest appended', async () => {
    const bad = withPlan(lifecycle2016('BD-2016-010', { settledSupport: trieu(290) }), 'KH-KCQG-2017-C');
    expect((await importer.importOne(bad, { index: 0 })).status).toBe('failed');
    const fixed = withPlan(lifecycle2016('BD-2016-010'), 'KH-KCQG-2017-C');
    const result = await importer.importOne(fixed, { index: 0 });
    expect(result).toMatchObject({ status: 'imported', completedSteps: 24, version: 25 });
    const events = await store.readStream(deAnStreamId(importedDeAnId('52', 'BD-2016-010')));
    expect(events.filter((e) => e.type === 'DeAnRegistered')).toHaveLength(1);
    expect(fold(decider, events).status).toBe('Settled');
  });

  it('checks structure, order in time, roles, the present, and a province-scoped importer', async () => {
    const scoped = new HistoryImport(new CommandHandler(store), decider, {
      importer: { sub: 'cb-01', role: 'officer', province: '01' },
      now: () => new Date('2026-01-01T00:00:00Z'),
    });
    const record = lifecycle2016('BD-2016-011');
    expect(await scoped.importOne(withPlan(record, 'KH-KCQG-2017-C'), { index: 3 })).toMatchObject({
      index: 3,
      status: 'failed',
      error: { status: 403 },
    });

    const steps = record.steps;
    const outOfOrder = { ...record, steps: [steps[0], { ...steps[1]!, at: '2016-04-15T00:00:00Z' }] };
    const wrongRole = { ...record, steps: [{ ...steps[0]!, actor: finance }] };
    const future = { ...record, steps: [{ ...steps[0]!, at: '2031-01-01T00:00:00Z' }] };
    const decisionWithoutRequest = {
      ...record,
      steps: [...steps.slice(0, 14), { type: 'adjustment-decision', at: '2017-03-01T00:00:00Z', actor: approver, approved: true, decisionNo: 'x' }],
    };
    const results = await importer.importAll(
      [outOfOrder, wrongRole, future, withPlan(decisionWithoutRequest, 'KH-KCQG-2017-C')].map((r, i) => ({
        record: { ...r, externalId: `BD-2016-02${i}` },
      })),
    );
    expect(results[0]!.error!.errors).toEqual([{ field: 'steps[1].at', message: expect.stringContaining('steps[0].at') }]);
    expect(results[1]!.error!.errors).toEqual([{ field: 'steps[0].actor.role', message: expect.stringContaining('officer') }]);
    expect(results[2]!.error!.errors).toEqual([{ field: 'steps[0].at', message: expect.stringContaining('hiện tại') }]);
    expect(results[3]).toMatchObject({
      status: 'failed',
      completedSteps: 14,
      error: { status: 400, step: 14, errors: [{ field: 'steps[14].adjustmentId' }] },
    });

    const polluted = JSON.parse('{"externalId":"BD-2016-030","registration":{"beneficiary":{"__proto__":{"admin":true}}},"steps":[]}') as unknown;
    expect(await importer.importOne(polluted, { index: 0 })).toMatchObject({
      status: 'failed',
      error: { errors: [{ field: 'registration.beneficiary.__proto__' }] },
    });
  });
});

/** A record of lifecycle2016 approved (280 triệu) against the given plan. */
const approvedInto = (externalId: string, planExternalId: string, settledSupport?: number) =>
  withPlan(lifecycle2016(externalId, settledSupport === undefined ? {} : { settledSupport }), planExternalId);

const planBook = async (store: EventStore, planExternalId: string) => {
  const plan = fold(planDecider, await store.readStream(planStreamId(importedPlanId(NATIONAL_SCOPE, planExternalId))));
  if (plan.status === 'Initial') throw new Error(`no plan ${planExternalId}`);
  return plan.book;
};

describe('import of history: one atomic append per record (PGlite in memory)', () => {
  let store: EventStore;
  let importer: HistoryImport;
  beforeAll(async () => {
    store = await SqlEventStore.open(pglite, { schema: 'import_batching' });
    importer = new HistoryImport(new CommandHandler(store), decider, { importer: CUC });
  });

  it("appends a record's acts and their plan effects in one transaction", async () => {
    await importer.importAll([{ record: planRecord('KH-ONE') }]);
    expect(await importer.importOne(approvedInto('BD-ONE-1', 'KH-ONE'), { index: 0 })).toMatchObject({
      status: 'imported',
      version: 25,
      completedSteps: 24,
    });
    const events = await store.readStream(deAnStreamId(importedDeAnId('52', 'BD-ONE-1')));
    const plan = await store.readStream(planStreamId(importedPlanId(NATIONAL_SCOPE, 'KH-ONE')));
    expect(plan.map((e) => e.type)).toEqual(['PlanCreated', 'SupportCommitted', 'PlanSettlementRecorded']);
    const transactions = new Set([...events, ...plan.slice(1)].map((e) => e.position.commit));
    expect(transactions.size).toBe(1);
    expect(new Set(events.map((e) => e.metadata.recordedAt)).size).toBe(1);
    // each act keeps its own command id and business time
    expect(new Set(events.map((e) => e.metadata.commandId)).size).toBe(25);
    expect(plan[1]!.metadata.commandId).toBe(events.find((e) => e.type === 'DeAnApproved')!.metadata.commandId);
    expect((await store.verify()).ok).toBe(true);
  });

  it('stores the acts before a failing one, with their plan effects, and nothing of the failing act', async () => {
    await importer.importAll([{ record: planRecord('KH-PREFIX') }]);
    // the settlement (step 23) asks 290 triệu above its ceiling of 280
    const result = await importer.importOne(approvedInto('BD-PREFIX-1', 'KH-PREFIX', trieu(290)), { index: 0 });
    expect(result).toMatchObject({
      status: 'failed',
      id: importedDeAnId('52', 'BD-PREFIX-1'),
      version: 24,
      completedSteps: 23,
      error: { status: 422, rule: 'settlement-formula', step: 23 },
    });
    const events = await store.readStream(deAnStreamId(importedDeAnId('52', 'BD-PREFIX-1')));
    expect(events).toHaveLength(24);
    expect(events.at(-1)!.type).toBe('AcceptancePassed');
    expect(new Set(events.map((e) => e.position.commit)).size).toBe(1);
    // the approval's commitment is stored with the prefix; the refused settlement left the books alone
    const plan = await store.readStream(planStreamId(importedPlanId(NATIONAL_SCOPE, 'KH-PREFIX')));
    expect(plan.map((e) => e.type)).toEqual(['PlanCreated', 'SupportCommitted']);
    expect(plan[1]!.position.commit).toBe(events[0]!.position.commit);
    expect(await planBook(store, 'KH-PREFIX')).toMatchObject({ committed: trieu(280), settled: 0 });

    // an approval the plan cannot afford: the twelve steps before it stay, the plan is untouched
    await importer.importAll([{ record: planRecord('KH-SMALL', trieu(100)) }]);
    expect(await importer.importOne(approvedInto('BD-PREFIX-2', 'KH-SMALL'), { index: 0 })).toMatchObject({
      status: 'failed',
      version: 13,
      completedSteps: 12,
      error: { status: 422, rule: 'plan-allocation', step: 12 },
    });
    expect(fold(decider, await store.readStream(deAnStreamId(importedDeAnId('52', 'BD-PREFIX-2')))).status).toBe('Appraised');
    expect((await store.readStream(planStreamId(importedPlanId(NATIONAL_SCOPE, 'KH-SMALL')))).map((e) => e.type)).toEqual(['PlanCreated']);

    // fixed, the first record continues after its 23 stored steps, in one more append
    const fixed = await importer.importOne(approvedInto('BD-PREFIX-1', 'KH-PREFIX'), { index: 0 });
    expect(fixed).toMatchObject({ status: 'imported', version: 25, completedSteps: 24 });
    expect(await planBook(store, 'KH-PREFIX')).toMatchObject({ committed: 0, settled: trieu(280) });
  });

  it('imports the same record from two importers at once exactly once', async () => {
    await importer.importAll([{ record: planRecord('KH-TWICE') }]);
    const other = new HistoryImport(new CommandHandler(await SqlEventStore.open(pglite, { schema: 'import_batching' })), decider, { importer: CUC });
    const results = await Promise.all([importer, other].map((i) => i.importOne(approvedInto('BD-TWICE-1', 'KH-TWICE'), { index: 0 })));
    expect(results.map((r) => r.status).sort()).toEqual(['imported', 'skipped']);
    expect(results.map((r) => r.version)).toEqual([25, 25]);
    expect(await store.readStream(deAnStreamId(importedDeAnId('52', 'BD-TWICE-1')))).toHaveLength(25);
    expect((await store.readStream(planStreamId(importedPlanId(NATIONAL_SCOPE, 'KH-TWICE')))).map((e) => e.type)).toEqual([
      'PlanCreated',
      'SupportCommitted',
      'PlanSettlementRecorded',
    ]);
  });

  it('decides again on a fresh read when another process moved the plan: an overrun is refused, a raised allocation is used', async () => {
    // Two stores over one database: two processes, each with its own memory of the plan's books.
    const elsewhere = await SqlEventStore.open(pglite, { schema: 'import_batching' });
    const there = new HistoryImport(new CommandHandler(elsewhere), decider, { importer: CUC });
    await importer.importAll([{ record: planRecord('KH-STALE', trieu(600)) }]);
    // each settled đề án keeps its 280 triệu: 600 fund two of them
    expect((await importer.importOne(approvedInto('BD-STALE-1', 'KH-STALE'), { index: 0 })).status).toBe('imported');
    expect((await there.importOne(approvedInto('BD-STALE-2', 'KH-STALE'), { index: 0 })).status).toBe('imported');
    // this process still remembers 320 triệu left: its append meets the plan's newer version, and the fresh read refuses
    expect(await importer.importOne(approvedInto('BD-STALE-3', 'KH-STALE'), { index: 0 })).toMatchObject({
      status: 'failed',
      completedSteps: 12,
      error: { status: 422, rule: 'plan-allocation', step: 12, details: { remaining: trieu(40) } },
    });
    // the other process raises the allocation; a refusal decided on the remembered books is taken again on a fresh read
    const raise = {
      type: 'AdjustAllocation',
      data: { allocation: trieu(900), decisionNo: '99/QĐ-BCT' },
      metadata: { actor: approver, now: new Date('2016-12-01T00:00:00Z'), commandId: randomUUID() },
    } as PlanCommand;
    await new CommandHandler(elsewhere).handle(planDecider, planStreamId(importedPlanId(NATIONAL_SCOPE, 'KH-STALE')), [raise]);
    expect(await importer.importOne(approvedInto('BD-STALE-3', 'KH-STALE'), { index: 0 })).toMatchObject({ status: 'imported', completedSteps: 24 });
    expect(await planBook(store, 'KH-STALE')).toMatchObject({ allocation: trieu(900), committed: 0, settled: trieu(840) });
  });

  it('lets two concurrent importers of different records into one plan approve no more than its allocation', async () => {
    await importer.importAll([{ record: planRecord('KH-RACE', trieu(600)) }]);
    const other = new HistoryImport(new CommandHandler(await SqlEventStore.open(pglite, { schema: 'import_batching' })), decider, { importer: CUC });
    const results = (
      await Promise.all([
        importer.importAll(['A', 'B', 'C'].map((x) => ({ record: approvedInto(`BD-RACE-${x}`, 'KH-RACE') }))),
        other.importAll(['D', 'E', 'F'].map((x) => ({ record: approvedInto(`BD-RACE-${x}`, 'KH-RACE') }))),
      ])
    ).flat();
    expectAllowedOnes(results, 2);
    expect(await planBook(store, 'KH-RACE')).toMatchObject({ committed: 0, settled: trieu(560) });
  });
});

/** Exactly `allowed` records imported; the others stopped at their approval (step 12) with their twelve earlier steps stored. */
function expectAllowedOnes(results: readonly ImportResult[], allowed: number): void {
  expect(results.filter((r) => r.status === 'imported')).toHaveLength(allowed);
  for (const refused of results.filter((r) => r.status !== 'imported')) {
    expect(refused).toMatchObject({ status: 'failed', version: 13, completedSteps: 12, error: { status: 422, rule: 'plan-allocation', step: 12 } });
  }
}

describe('import of history: concurrent importers (postgres)', () => {
  const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `import_history_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const clients: SqlClient[] = [];
  const open = async () => {
    const client = new PgClient(DATABASE_URL);
    clients.push(client);
    return SqlEventStore.open(client, { schema });
  };
  afterAll(async () => {
    await clients[0]?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await Promise.all(clients.map((c) => c.close()));
  });

  it("four importers (two processes' worth each) of different records into one plan approve exactly what it affords", async () => {
    const stores = [await open(), await open()];
    await new HistoryImport(new CommandHandler(stores[0]!), decider, { importer: CUC }).importAll([
      { record: planRecord('KH-PG-RACE', trieu(1_500)) },
    ]);
    const importers = [...stores, ...stores].map(
      (store) => new HistoryImport(new CommandHandler(store, { attempts: 100, baseDelayMs: 1, maxDelayMs: 20 }), decider, { importer: CUC }),
    );
    const results = (
      await Promise.all(
        importers.map((importer, i) => importer.importAll([0, 1, 2].map((n) => ({ record: approvedInto(`BD-PG-RACE-${i}-${n}`, 'KH-PG-RACE') })))),
      )
    ).flat();
    // 1,500 triệu fund five đề án of 280
    expectAllowedOnes(results, 5);
    const book = await planBook(stores[0]!, 'KH-PG-RACE');
    expect(book).toMatchObject({ committed: 0, settled: trieu(1_400) });
    expect(book.settledDeAn).toHaveLength(5);
    expect((await stores[0]!.verify()).ok).toBe(true);
  }, 120_000);
});

type Step = ReturnType<typeof lifecycle2016>['steps'][number];

function withPlan<R extends { steps: unknown[] }>(record: R, planExternalId: string, map: (steps: Step[]) => unknown[] = (s) => s): R {
  const steps = (record.steps as Step[]).map((s) => ((s as { type: string }).type === 'approval' ? { ...s, planExternalId } : s));
  return { ...record, steps: map(steps) };
}
