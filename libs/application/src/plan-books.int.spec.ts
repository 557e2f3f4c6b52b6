import { randomUUID } from 'node:crypto';
import { Actor, DeAnCommand, deAnDecider, deAnStreamId, planDecider, planStreamId, trieu } from '@app/domain';
import { EventStore, PgClient, SqlEventStore } from '@app/event-store';
import { CommandHandler, fold, IdempotencyKeyReusedError } from './command-handler';

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const officer: Actor = { sub: 'officer', role: 'officer', province: '52' };
const applicant: Actor = { sub: 'applicant', role: 'applicant', org: 'htx-an-nhon' };
const chair: Actor = { sub: 'chair', role: 'council' };
const approver: Actor = { sub: 'approver', role: 'approver', province: '52' };
const decider = deAnDecider();

/** The command handlers of a store: the one its tests share, or one of their own retry policy (those racing share it). */
const handlers = new Map<EventStore, CommandHandler>();
const handlerOf = (store: EventStore) => handlers.get(store) ?? handlers.set(store, new CommandHandler(store)).get(store)!;
const handleDeAnCommand = (
  store: EventStore,
  _decider: typeof decider,
  deAnId: string,
  command: DeAnCommand,
  context: Parameters<CommandHandler['handle']>[3] = {},
  handler = handlerOf(store),
) => handler.handle(decider, deAnStreamId(deAnId), [command], context as object);
const handleCommand = (store: EventStore, _decider: typeof planDecider, streamId: string, command: Parameters<typeof planDecider.decide>[0]) =>
  handlerOf(store).handle(planDecider, streamId, [command]);

const meta = (actor: Actor, at = '2026-01-10T02:00:00Z') => ({ actor, now: new Date(at), commandId: randomUUID() });
const cmd = (actor: Actor, body: Omit<DeAnCommand, 'metadata'>, at?: string) => ({ ...body, metadata: meta(actor, at) }) as DeAnCommand;

async function appraised(store: EventStore, deAnId: string, requested = trieu(200)): Promise<void> {
  const steps: DeAnCommand[] = [
    cmd(
      applicant,
      {
        type: 'RegisterDeAn',
        data: {
          deAnId,
          organisation: 'htx-an-nhon',
          title: 'Máy cắt CNC',
          contentArea: '3',
          activity: '3.3',
          fundingSource: 'KCDP',
          level: 'province',
          planYear: 2026,
          province: '52',
          locality: 'An Nhơn',
          implementingUnit: 'TTKC Bình Định',
          beneficiary: { name: 'HTX An Nhơn', kind: 'cooperative' },
          priorityArea: false,
          prioritySector: false,
          budget: { totalCost: trieu(500), requestedSupport: requested, counterpartFunds: trieu(250), machineryValue: trieu(450) },
          expectedResults: [],
          schedule: { start: '2026-03-01', end: '2026-10-31' },
          attachments: [],
        },
      },
      '2025-12-01T02:00:00Z',
    ),
    cmd(officer, { type: 'AssignCouncil', data: { members: [{ sub: 'chair', name: 'Chủ tịch' }], chair: 'chair' } }),
    cmd(chair, { type: 'SubmitReview', data: { score: 90, recommendation: 'approve', comments: '', conflictOfInterest: false } }),
    cmd(chair, {
      type: 'ConcludeAppraisal',
      data: { result: 'passed', recommendedSupport: requested, machineryValuation: trieu(450), minutesNo: 'BB-1' },
    }),
  ];
  for (const step of steps) await handleDeAnCommand(store, decider, deAnId, step);
}

const approve = (planId: string, amount: number) =>
  cmd(
    approver,
    { type: 'ApproveDeAn', data: { decisionNo: 'QĐ-1', decisionDate: '2026-01-20', approvedSupport: amount, planId } },
    '2026-01-20T02:00:00Z',
  );

describe('đề án commands with their plan effects, appended atomically (postgres)', () => {
  let store: EventStore;
  beforeAll(async () => {
    store = await SqlEventStore.open(new PgClient(DATABASE_URL), { schema: 'de_an_commands_test' });
  });
  afterAll(() => store.close());

  async function plan(allocation: number, fundingSource: 'KCDP' | 'KCQG' = 'KCDP'): Promise<string> {
    const planId = randomUUID();
    await handleCommand(store, planDecider, planStreamId(planId), {
      type: 'CreatePlan',
      metadata: meta(officer),
      data: { planId, year: 2026, fundingSource, level: 'province', province: '52', allocation, targets: [] },
    });
    return planId;
  }

  it('never commits more than the allocation under 50 concurrent approvals; a refused approval leaves its đề án untouched', async () => {
    const planId = await plan(trieu(2_000));
    const ids = Array.from({ length: 50 }, () => randomUUID());
    for (const id of ids) await appraised(store, id);
    const racing = new CommandHandler(store, { attempts: 200, baseDelayMs: 1, maxDelayMs: 20 });
    const outcomes = await Promise.allSettled(ids.map((id) => handleDeAnCommand(store, decider, id, approve(planId, trieu(200)), {}, racing)));
    const approved = outcomes.filter((o) => o.status === 'fulfilled').length;
    expect(approved).toBe(10); // 10 × 200 = 2,000
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toMatchObject({ ruleId: 'plan-allocation' });

    const book = fold(planDecider, await store.readStream(planStreamId(planId)));
    expect(book.status === 'Open' && book.book.committed).toBe(trieu(2_000));
    const states = await Promise.all(ids.map(async (id) => fold(decider, await store.readStream(deAnStreamId(id))).status));
    expect(states.filter((s) => s === 'Approved')).toHaveLength(10);
    expect(states.filter((s) => s === 'Appraised')).toHaveLength(40);
  }, 120_000);

  it('refuses an approval that reuses the command id of another for another plan and races it, and leaves that plan untouched', async () => {
    const [planA, planB] = [await plan(trieu(1_000)), await plan(trieu(1_000))];
    const id = randomUUID();
    await appraised(store, id);
    // The second request read the đề án before the first one appended: it decides on that state.
    const before = await store.readStream(deAnStreamId(id));
    const first = approve(planA, trieu(100));
    await handleDeAnCommand(store, decider, id, first, { requestHash: 'plan A' });
    let staleReads = 1;
    const racing = new Proxy(store, {
      get: (target, key) =>
        key === 'readStream'
          ? (streamId: string, options?: object) =>
              streamId === deAnStreamId(id) && staleReads-- > 0 ? Promise.resolve(before) : target.readStream(streamId, options)
          : (target[key as keyof EventStore] as (...args: unknown[]) => unknown).bind(target),
    });
    const second = { ...approve(planB, trieu(100)), metadata: first.metadata } as DeAnCommand;
    await expect(handleDeAnCommand(racing, decider, id, second, { requestHash: 'plan B' })).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect(await store.readStream(planStreamId(planB))).toHaveLength(1);
    expect((await store.readStream(planStreamId(planA))).map((e) => e.type)).toEqual(['PlanCreated', 'SupportCommitted']);
    expect(await store.readStream(deAnStreamId(id))).toHaveLength(5);
  });

  it('refuses an approval against a plan of another funding source or an unknown plan', async () => {
    const id = randomUUID();
    await appraised(store, id);
    await expect(handleDeAnCommand(store, decider, id, approve(await plan(trieu(1_000), 'KCQG'), trieu(100)))).rejects.toMatchObject({
      ruleId: 'plan-match',
    });
    await expect(handleDeAnCommand(store, decider, id, approve(randomUUID(), trieu(100)))).rejects.toMatchObject({ ruleId: 'plan-exists' });
    expect(await store.readStream(deAnStreamId(id))).toHaveLength(4);
  });

  it('releases the commitment when an approved đề án is withdrawn', async () => {
    const planId = await plan(trieu(1_000));
    const id = randomUUID();
    await appraised(store, id);
    await handleDeAnCommand(store, decider, id, approve(planId, trieu(150)));
    await handleDeAnCommand(store, decider, id, cmd(applicant, { type: 'WithdrawDeAn', data: { reason: 'Không đủ vốn đối ứng' } }));
    const book = fold(planDecider, await store.readStream(planStreamId(planId)));
    expect(book.status === 'Open' && [book.book.committed, book.book.settled]).toEqual([0, 0]);
  });
});
