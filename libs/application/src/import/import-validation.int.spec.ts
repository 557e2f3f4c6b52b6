import 'reflect-metadata';
import { deAnDecider, deAnStreamId, trieu } from '@app/domain';
import { EventStore, PGliteClient, SqlEventStore } from '@app/event-store';
import { CommandHandler } from '../command-handler';
import { importedDeAnId } from '../ids';
import { HistoryImport } from './import-history';

const registration = {
  title: 'Đào tạo nghề mây tre đan',
  contentArea: '1',
  activity: '1.1',
  fundingSource: 'KCDP',
  level: 'province',
  planYear: 2016,
  province: '52',
  locality: 'Huyện Phù Cát',
  implementingUnit: 'Trung tâm Khuyến công Bình Định',
  beneficiary: { name: 'Làng nghề mây tre Phù Cát', kind: 'household' },
  priorityArea: false,
  prioritySector: false,
  budget: { totalCost: trieu(120), requestedSupport: trieu(80), counterpartFunds: trieu(40), machineryValue: 0 },
  expectedResults: [{ indicator: 'Lao động được đào tạo', quantity: 35, unit: 'Người' }],
  schedule: { start: '2016-03-01', end: '2016-06-30' },
  attachments: [],
  organisation: 'lang-nghe-phu-cat',
  registeredAt: '2015-11-02T03:00:00Z',
};
const officer = { sub: 'cb-52', role: 'officer' };

describe("import with the HTTP API's DTO validation (PGlite in memory)", () => {
  let store: EventStore;
  let importer: HistoryImport;
  beforeAll(async () => {
    store = await SqlEventStore.open(await PGliteClient.open());
    importer = new HistoryImport(new CommandHandler(store), deAnDecider(), { importer: { sub: 'cb-52', role: 'officer', province: '52' } });
  });
  afterAll(() => store.close());

  it('refuses a record whose late step is malformed before writing any of it, naming every field at fault', async () => {
    const record = {
      externalId: 'BD-DT-2016-01',
      registration,
      steps: [
        { type: 'council', at: '2015-12-01T02:00:00Z', actor: officer, members: [{ sub: 'hd-1', name: 'Chủ tịch' }], chair: 'hd-1' },
        {
          type: 'reviews',
          at: '2015-12-05T02:00:00Z',
          actor: { sub: 'hd-1', role: 'council' },
          score: 101,
          recommendation: 'approve',
          conflictOfInterest: false,
          extra: 1,
        },
        { type: 'rejection', at: '2015-12-20T02:00:00Z', actor: { sub: 'gd-52', role: 'approver' }, reason: '' },
      ],
    };
    const result = await importer.importOne(record, { index: 0, line: 7 });
    expect(result).toMatchObject({ line: 7, status: 'failed', completedSteps: 0, error: { status: 400, step: 1 } });
    expect(result.error!.errors!.map((e) => e.field).sort()).toEqual(['steps[1].extra', 'steps[1].score', 'steps[2].reason']);
    expect(await store.readStream(deAnStreamId(importedDeAnId('52', 'BD-DT-2016-01')))).toHaveLength(0);
  });

  it('checks the registration with RegisterDeAnDto and the plan with CreatePlanDto', async () => {
    const results = await importer.importAll([
      { record: { externalId: 'BD-DT-2016-02', registration: { ...registration, budget: { ...registration.budget, totalCost: 1.5 } } } },
      {
        record: {
          kind: 'plan',
          externalId: 'KH-52-2016',
          plan: { year: 2016, fundingSource: 'KCDP', level: 'province', province: '52', allocation: -1, createdAt: '2015-10-01T00:00:00Z' },
        },
      },
    ]);
    expect(results[0]!.error!.errors).toEqual([{ field: 'registration.budget.totalCost', message: 'phải là số nguyên đồng' }]);
    expect(results[1]!.error!.errors).toEqual([{ field: 'plan.allocation', message: 'không được âm' }]);
  });

  it('accepts a valid record, its approval naming the plan by externalId and its decision naming no adjustment', async () => {
    const results = await importer.importAll([
      {
        record: {
          externalId: 'BD-DT-2016-03',
          registration,
          steps: [
            { type: 'council', at: '2015-12-01T02:00:00Z', actor: officer, members: [{ sub: 'hd-1', name: 'Chủ tịch' }], chair: 'hd-1' },
            {
              type: 'reviews',
              at: '2015-12-05T02:00:00Z',
              actor: { sub: 'hd-1', role: 'council' },
              score: 90,
              recommendation: 'approve',
              conflictOfInterest: false,
            },
            {
              type: 'appraisal',
              at: '2015-12-10T02:00:00Z',
              actor: officer,
              result: 'passed',
              recommendedSupport: trieu(80),
              machineryValuation: 0,
              minutesNo: 'BB-01',
            },
            {
              type: 'approval',
              at: '2016-01-15T02:00:00Z',
              actor: { sub: 'gd-52', role: 'approver' },
              decisionNo: '45/QĐ-SCT',
              decisionDate: '2016-01-15',
              approvedSupport: trieu(80),
              planExternalId: 'KH-52-2016-B',
            },
            {
              type: 'adjustments',
              at: '2016-02-01T02:00:00Z',
              actor: officer,
              kind: 'reduce-support',
              proposed: { approvedSupport: trieu(70) },
              reason: 'Giảm số học viên',
            },
            {
              type: 'adjustment-decision',
              at: '2016-02-10T02:00:00Z',
              actor: { sub: 'gd-52', role: 'approver' },
              approved: true,
              decisionNo: '60/QĐ-SCT',
            },
          ],
        },
      },
      {
        record: {
          kind: 'plan',
          externalId: 'KH-52-2016-B',
          plan: { year: 2016, fundingSource: 'KCDP', level: 'province', province: '52', allocation: trieu(1_000), createdAt: '2015-10-01T00:00:00Z' },
        },
      },
    ]);
    expect(results.map((r) => r.status)).toEqual(['imported', 'imported']);
    const events = await store.readStream(deAnStreamId(importedDeAnId('52', 'BD-DT-2016-03')));
    expect(events.at(-1)).toMatchObject({ type: 'AdjustmentApproved', data: { approvedSupport: trieu(70), previousApprovedSupport: trieu(80) } });
  });
});
