import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Actor, PlanCommand, planDecider, planStreamId, RuleViolationError, trieu } from '@app/domain';
import { EventStore, PgClient, PGliteClient, SqlEventStore, WrongExpectedVersionError } from '@app/event-store';
import {
  CommandContext,
  CommandHandler,
  ConcurrencyConflictError,
  eventIdFor,
  IdempotencyKeyReusedError,
  RetryPolicy,
  VersionMismatchError,
} from './command-handler';
import { CoreModule } from './core.module';
import { loadConfig } from './config';
import { COMMAND_HANDLER, EVENT_STORE } from './tokens';

const officer: Actor = { sub: 'officer-1', role: 'officer', province: '52' };
const approver: Actor = { sub: 'approver-1', role: 'approver', province: '52' };
const at = (actor: Actor, commandId: string = randomUUID()) => ({ actor, now: new Date('2026-01-20T02:00:00Z'), commandId });

const createPlan = (planId: string, allocation: number): PlanCommand => ({
  type: 'CreatePlan',
  data: { planId, year: 2026, fundingSource: 'KCDP', level: 'province', province: '52', allocation, targets: [] },
  metadata: at(officer),
});
const commit = (deAnId: string, amount: number, commandId?: string): PlanCommand => ({
  type: 'CommitSupport',
  data: { deAnId, amount },
  metadata: at(approver, commandId),
});

/** One plan command through a command handler of `store` (one per retry policy: the tests that race share it). */
const handlers = new Map<EventStore, CommandHandler>();
const handleCommand = (
  store: EventStore,
  decider: typeof planDecider,
  streamId: string,
  command: PlanCommand,
  context: CommandContext<PlanCommand> = {},
  retry?: RetryPolicy,
) => {
  const handler = retry ? new CommandHandler(store, retry) : (handlers.get(store) ?? handlers.set(store, new CommandHandler(store)).get(store)!);
  return handler.handle(decider, streamId, [command], context);
};

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const stores: [string, () => Promise<EventStore>][] = [
  ['pglite', async () => SqlEventStore.open(await PGliteClient.open())],
  ['postgres', () => SqlEventStore.open(new PgClient(DATABASE_URL), { schema: 'command_handling_test' })],
];

describe.each(stores)('command handling (load → fold → decide → append) on %s', (_name, open) => {
  let store: EventStore;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(() => store.close());

  it('keeps 50 concurrent approvals within the plan allocation: each commits or is refused by the budget rule, none lost', async () => {
    const planId = randomUUID();
    await handleCommand(store, planDecider, planStreamId(planId), createPlan(planId, trieu(1_000)));
    const racing = new CommandHandler(store, { attempts: 100, baseDelayMs: 1, maxDelayMs: 20 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => racing.handle(planDecider, planStreamId(planId), [commit(`de-an-${i}`, trieu(30))])),
    );
    const committed = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(committed).toHaveLength(33); // 33 × 30 = 990 ≤ 1,000 < 34 × 30
    for (const r of refused) expect(r.reason).toMatchObject({ ruleId: 'plan-allocation' });
    expect(refused[0]!.reason).toBeInstanceOf(RuleViolationError);
    const events = await store.readStream(planStreamId(planId));
    expect(events.filter((e) => e.type === 'SupportCommitted')).toHaveLength(33);
  }, 60_000);

  it('answers a retried command (same command id) with its first result and appends nothing', async () => {
    const planId = randomUUID();
    const stream = planStreamId(planId);
    await handleCommand(store, planDecider, stream, createPlan(planId, trieu(100)));
    const commandId = randomUUID();
    const first = await handleCommand(store, planDecider, stream, commit('a', trieu(10), commandId));
    const retry = await handleCommand(store, planDecider, stream, commit('a', trieu(10), commandId));
    expect(first.duplicate).toBe(false);
    expect(retry).toMatchObject({ duplicate: true, version: first.version });
    expect(await store.readStream(stream)).toHaveLength(2);
    expect((await store.readStream(stream))[1]!.eventId).toBe(eventIdFor(commandId, stream, 0));
  });

  it('refuses a command id that comes with another request than its first (an Idempotency-Key reused), whether it finds the first result or races it', async () => {
    const planId = randomUUID();
    const stream = planStreamId(planId);
    await handleCommand(store, planDecider, stream, createPlan(planId, trieu(100)));
    const commandId = randomUUID();
    await handleCommand(store, planDecider, stream, commit('a', trieu(10), commandId), { requestHash: 'first' });
    await expect(handleCommand(store, planDecider, stream, commit('a', trieu(20), commandId), { requestHash: 'other' })).rejects.toBeInstanceOf(
      IdempotencyKeyReusedError,
    );
    await expect(handleCommand(store, planDecider, stream, commit('a', trieu(10), commandId), { requestHash: 'first' })).resolves.toMatchObject({
      duplicate: true,
      version: 2,
    });

    // Racing: the same events from two requests; whichever lands first, the other request is refused.
    const raced = randomUUID();
    const hashes = Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? 'even' : 'odd'));
    const outcomes = await Promise.allSettled(
      hashes.map((requestHash) => handleCommand(store, planDecider, stream, commit('b', trieu(10), raced), { requestHash })),
    );
    const won = new Set(hashes.filter((_, i) => outcomes[i]!.status === 'fulfilled'));
    expect(won.size).toBe(1);
    outcomes.forEach((outcome, i) => {
      if (won.has(hashes[i]!)) expect(outcome.status).toBe('fulfilled');
      else expect(outcome).toMatchObject({ status: 'rejected', reason: expect.any(IdempotencyKeyReusedError) });
    });
    expect((await store.readStream(stream)).filter((e) => e.metadata.commandId === raced)).toHaveLength(1);
  });

  it('records who, when and why in each event: actor, business time, decision no., command and correlation ids', async () => {
    const planId = randomUUID();
    const stream = planStreamId(planId);
    await handleCommand(store, planDecider, stream, createPlan(planId, trieu(100)));
    const command: PlanCommand = { type: 'AdjustAllocation', data: { allocation: trieu(120), decisionNo: '12/QĐ-UBND' }, metadata: at(approver) };
    await handleCommand(store, planDecider, stream, command, { correlationId: 'request-42' });
    const [, adjusted] = await store.readStream(stream);
    expect(adjusted!.metadata).toMatchObject({
      actor: { sub: 'approver-1', role: 'approver', province: '52' },
      occurredAt: '2026-01-20T02:00:00.000Z',
      decisionNo: '12/QĐ-UBND',
      commandId: command.metadata.commandId,
      correlationId: 'request-42',
      causationId: command.metadata.commandId,
    });
  });

  it('refuses a command whose If-Match version is stale', async () => {
    const planId = randomUUID();
    const stream = planStreamId(planId);
    await handleCommand(store, planDecider, stream, createPlan(planId, trieu(100)));
    await handleCommand(store, planDecider, stream, commit('a', trieu(10)));
    await expect(handleCommand(store, planDecider, stream, commit('b', trieu(10)), { expectedVersion: 1 })).rejects.toBeInstanceOf(
      VersionMismatchError,
    );
    await expect(handleCommand(store, planDecider, stream, commit('b', trieu(10)), { expectedVersion: 2 })).resolves.toMatchObject({ version: 3 });
  });

  it('gives up with a conflict error when writers keep colliding beyond the retry budget', async () => {
    const planId = randomUUID();
    const stream = planStreamId(planId);
    await handleCommand(store, planDecider, stream, createPlan(planId, trieu(100)));
    // The real store, except that every append loses the race to another writer.
    const losing = Object.create(store, {
      appendMany: {
        value: async (appends: { streamId: string }[]) => {
          throw new WrongExpectedVersionError(appends[0]!.streamId, 1, 2);
        },
      },
    }) as EventStore;
    const sleeps: number[] = [];
    await expect(
      handleCommand(
        losing,
        planDecider,
        stream,
        commit('a', 1),
        {},
        { attempts: 5, baseDelayMs: 10, maxDelayMs: 30, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
      ),
    ).rejects.toBeInstanceOf(ConcurrencyConflictError);
    expect(sleeps).toEqual([10, 20, 30, 30]); // exponential backoff between the attempts, capped
  });
});

describe('the core module (api/worker/cli) on pglite', () => {
  it('gives every app one command handler that writes to the event store on disk', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kc-core-'));
    @Module({ imports: [CoreModule.forRoot(loadConfig({ DATA_DIR: dataDir }))] })
    class TestModule {}
    const app = await NestFactory.createApplicationContext(TestModule, { logger: false });
    try {
      const planId = randomUUID();
      const result = await app.get<CommandHandler>(COMMAND_HANDLER).handle(planDecider, planStreamId(planId), [createPlan(planId, trieu(500))]);
      expect(result).toMatchObject({ version: 1, duplicate: false, state: { status: 'Open' } });
      const events = await app.get<EventStore>(EVENT_STORE).readStream(planStreamId(planId));
      expect(events.map((e) => [e.type, e.metadata.actor.sub])).toEqual([['PlanCreated', 'officer-1']]);
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
