/**
 * The deadline scheduler against the real Redis and PostgreSQL, with a policy in seconds. Redis
 * database 5 is this suite's own: FLUSHDB here cannot disturb another suite.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { DEADLINE_POLICY, DeadlineRules, deAnStreamId, withDeadlineOverrides, workingCalendar } from '@app/domain';
import { CommandHandler } from '@app/application';
import { ANY, JsonObject, SqlClient } from '@app/event-store';
import { deadlinesProjection, ProjectionRunner } from '@app/projections';
import { newEvent, openStorage, TestStorage, uniqueSchema, until } from '../../projections/src/testing/fixtures';
import { DeadlineScheduler } from './deadline-scheduler';
import { jobIdOf } from './deadline-jobs';

const REDIS_URL = `${process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'}/5`;

const rules: DeadlineRules = {
  policy: withDeadlineOverrides(DEADLINE_POLICY, { appraisal: { due: 'PT3S', remindBefore: ['PT1.5S'] } }),
  calendar: workingCalendar(),
};

interface Rig {
  storage: TestStorage;
  runner: ProjectionRunner;
  prefix: string;
  notifications: string;
  schedulers: DeadlineScheduler[];
  scheduler(options?: { webhookUrl?: string; sql?: SqlClient }): Promise<DeadlineScheduler>;
}

let rig: Rig;
const redis = new Redis(REDIS_URL, { lazyConnect: true });

beforeAll(() => redis.connect());
afterAll(() => redis.quit());

beforeEach(async () => {
  const storage = await openStorage('postgres');
  const runner = new ProjectionRunner(storage.store, storage.sql, [deadlinesProjection(rules)], storage.schema, {
    counter: storage.counter,
    pollMs: 50,
  });
  await runner.migrate();
  runner.start();
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  const notifications = uniqueSchema('ntf');
  const schedulers: DeadlineScheduler[] = [];
  rig = {
    storage,
    runner,
    prefix,
    notifications,
    schedulers,
    async scheduler({ webhookUrl, sql = storage.sql }: { webhookUrl?: string; sql?: SqlClient } = {}) {
      const scheduler = new DeadlineScheduler({
        commands: new CommandHandler(storage.store),
        sql,
        readSchema: storage.schema,
        notificationsSchema: notifications,
        rules,
        redisUrl: REDIS_URL,
        prefix,
        syncEveryMs: 100,
        reconcileEveryMs: 60_000,
        ...(webhookUrl ? { webhookUrl } : {}),
      });
      await scheduler.start();
      schedulers.push(scheduler);
      return scheduler;
    },
  };
});

afterEach(async () => {
  for (const s of rig.schedulers) await s.stop().catch(() => undefined);
  await rig.runner.stop();
  await rig.storage.sql.query(`DROP SCHEMA IF EXISTS ${rig.notifications} CASCADE`);
  await rig.storage.close();
  const keys = await redis.keys(`${rig.prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
});

const registered = (title: string): JsonObject => ({
  planYear: 2027,
  title,
  province: '52',
  organisation: 'htx-an-phu',
  contentArea: 'II',
  activity: '2.1',
});

async function assignCouncil(deAnId: string): Promise<void> {
  await rig.storage.store.append(deAnStreamId(deAnId), [newEvent('DeAnRegistered', registered(`Đề án ${deAnId}`), new Date())], ANY);
  await rig.storage.store.append(
    deAnStreamId(deAnId),
    [newEvent('CouncilAssigned', { members: [{ sub: 'u1', name: 'A' }], chair: 'u1' }, new Date())],
    ANY,
  );
}

const notificationsOf = async (deAnId?: string) =>
  (
    await rig.storage.sql.query<{ de_an_id: string; before: string; kind: string; message: string; created_at: Date }>(
      `SELECT de_an_id, before, kind, message, created_at FROM ${rig.notifications}.notifications ${deAnId ? 'WHERE de_an_id = $1' : ''} ORDER BY created_at`,
      deAnId ? [deAnId] : [],
    )
  ).rows;

const missedOf = async (deAnId: string) => (await rig.storage.store.readStream(deAnStreamId(deAnId))).filter((e) => e.type === 'DeadlineMissed');

/** The storage's SQL client, failing the first `times` queries that `when` picks (as a database going away would). */
function failing(sql: SqlClient, when: (text: string, params?: readonly unknown[]) => boolean, times = 1): SqlClient & { failed: number } {
  let failed = 0;
  return new Proxy(sql, {
    get(target, property) {
      if (property === 'failed') return failed;
      if (property === 'query') {
        return (text: string, params?: unknown[]) => {
          if (failed < times && when(text, params)) {
            failed += 1;
            return Promise.reject(new Error('injected: the database went away'));
          }
          return target.query(text, params);
        };
      }
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  }) as SqlClient & { failed: number };
}

/** A webhook receiver; `answer` says what each call gets (by its number, from 1). */
async function webhookReceiver(answer: (call: number) => Promise<number> | number) {
  const received: { key: string; body: { kind: string; missed: boolean; message: string } }[] = [];
  let calls = 0;
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk) => (body += String(chunk)));
    req.on(
      'end',
      () =>
        void (async () => {
          calls += 1;
          const status = await answer(calls);
          if (status < 300) received.push({ key: String(req.headers['idempotency-key']), body: JSON.parse(body) });
          res.writeHead(status).end();
        })(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    calls: () => calls,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const isOverdueNotice = (text: string, params?: readonly unknown[]) =>
  text.includes(`INSERT INTO ${rig.notifications}.notifications`) && params?.[4] === 'due';

const webhookStates = async () =>
  (
    await rig.storage.sql.query<{ before: string; webhook: string; webhook_attempts: number }>(
      `SELECT before, webhook, webhook_attempts FROM ${rig.notifications}.notifications ORDER BY created_at`,
    )
  ).rows;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('deadline scheduler (BullMQ on the real Redis)', () => {
  it('assigning a council gives a reminder, then DeadlineMissed on the stream — each once', async () => {
    await rig.scheduler();
    await assignCouncil('da-1');
    const reminder = await until('the reminder', async () => (await notificationsOf('da-1')).find((n) => n.before !== 'due'));
    expect(reminder).toMatchObject({ kind: 'appraisal', before: 'PT1.5S' });
    expect(reminder!.message).toMatch(/^Nhắc hạn: Thẩm định đề án — đề án "Đề án da-1"/);
    const missed = await until('DeadlineMissed', async () => (await missedOf('da-1'))[0]);
    expect(missed).toMatchObject({
      type: 'DeadlineMissed',
      data: { deadlineId: 'appraisal@2', kind: 'appraisal' },
      metadata: { actor: { sub: 'system:deadline-scheduler', role: 'system' } },
    });
    await sleep(1_500);
    expect(await missedOf('da-1')).toHaveLength(1);
    expect((await notificationsOf('da-1')).map((n) => n.before)).toEqual(['PT1.5S', 'due']);
  });

  it('concluding the appraisal first: neither a reminder nor DeadlineMissed', async () => {
    await rig.scheduler();
    await assignCouncil('da-2');
    await rig.storage.store.append(deAnStreamId('da-2'), [newEvent('AppraisalConcluded', { result: 'passed' }, new Date())], ANY);
    await sleep(4_000);
    expect(await notificationsOf('da-2')).toEqual([]);
    expect(await missedOf('da-2')).toEqual([]);
  });

  it('an approved extension moves the completion deadline: new jobs for the new date, the old ones removed', async () => {
    const scheduler = await rig.scheduler();
    const id = 'da-3';
    await rig.storage.store.append(deAnStreamId(id), [newEvent('DeAnRegistered', registered('Nhà xưởng'), new Date())], ANY);
    await rig.storage.store.append(deAnStreamId(id), [newEvent('ContractSigned', { endDate: '2099-06-30' }, new Date())], ANY);
    const dueOf = async () =>
      (
        await rig.storage.sql.query<{ due_at: Date }>(
          `SELECT due_at FROM ${rig.storage.schema}.deadlines WHERE de_an_id = $1 AND kind = 'completion'`,
          [id],
        )
      ).rows[0]?.due_at.toISOString();
    await until('the completion deadline', async () => (await dueOf()) === '2099-06-30T16:59:59.999Z');
    const job = (dueAt: string, before?: string) =>
      jobIdOf({ deAnId: id, deadlineId: 'completion@2', kind: 'completion', dueAt, fireAt: dueAt, ...(before ? { before } : {}) });
    await until('the due job', async () => (await scheduler.queue.getJob(job('2099-06-30T16:59:59.999Z'))) !== undefined);

    await rig.storage.store.append(
      deAnStreamId(id),
      [newEvent('AdjustmentApproved', { kind: 'extend-next-year', endDate: '2099-12-31' }, new Date())],
      ANY,
    );
    await until('the moved deadline', async () => (await dueOf()) === '2099-12-31T16:59:59.999Z');
    await until('the job at the new date', async () => (await scheduler.queue.getJob(job('2099-12-31T16:59:59.999Z'))) !== undefined);
    const result = await scheduler.reconcile();
    expect(result.removed).toBeGreaterThanOrEqual(1);
    expect(await scheduler.queue.getJob(job('2099-06-30T16:59:59.999Z'))).toBeUndefined();
  });

  it('FLUSHDB with deadlines open and the scheduler down: after a restart every reminder and every DeadlineMissed, once', async () => {
    const first = await rig.scheduler();
    const ids = ['da-10', 'da-11', 'da-12', 'da-13', 'da-14'];
    for (const id of ids) await assignCouncil(id);
    await until('their jobs', async () => ((await first.queue.getJobCounts('delayed')).delayed ?? 0) >= ids.length * 2);
    await first.stop();
    rig.schedulers.splice(0);
    await redis.flushdb();
    await sleep(3_500); // every reminder and deadline passes while nothing holds a job

    await rig.scheduler();
    await until('every DeadlineMissed', async () => (await Promise.all(ids.map(missedOf))).every((m) => m.length > 0), 20_000);
    await sleep(1_500);
    for (const id of ids) {
      expect(await missedOf(id)).toHaveLength(1);
      // Both were overdue at once: the reminder still comes first (created in the same millisecond at worst).
      const sent = await notificationsOf(id);
      expect(sent.map((n) => n.before).sort()).toEqual(['PT1.5S', 'due']);
      const at = (before: string) => sent.find((n) => n.before === before)!.created_at.getTime();
      expect(at('PT1.5S')).toBeLessThanOrEqual(at('due'));
    }
  });

  it('FLUSHDB while the scheduler runs: its jobs are back within a sync, not at the next periodic reconcile', async () => {
    const scheduler = await rig.scheduler();
    await assignCouncil('da-40');
    await until('its jobs', async () => ((await scheduler.queue.getJobCounts('delayed')).delayed ?? 0) >= 2 || undefined);
    await redis.flushdb();
    await until('the jobs restored', async () => ((await scheduler.queue.getJobCounts('delayed')).delayed ?? 0) >= 1 || undefined, 5_000);
    await until('DeadlineMissed', async () => (await missedOf('da-40'))[0]);
    expect(await missedOf('da-40')).toHaveLength(1);
  });

  it('two schedulers at once: no reminder and no DeadlineMissed twice', async () => {
    await rig.scheduler();
    await rig.scheduler();
    const ids = ['da-20', 'da-21', 'da-22', 'da-23', 'da-24', 'da-25'];
    for (const id of ids) await assignCouncil(id);
    await until('every DeadlineMissed', async () => (await Promise.all(ids.map(missedOf))).every((m) => m.length > 0), 20_000);
    await sleep(1_500);
    for (const id of ids) expect(await missedOf(id)).toHaveLength(1);
    expect(await notificationsOf()).toHaveLength(ids.length * 2);
  });

  it('the webhook: a failed delivery is retried with backoff, each notification delivered once with its idempotency key', async () => {
    const hook = await webhookReceiver((call) => (call === 1 ? 503 : 204)); // the first delivery fails
    try {
      await rig.scheduler({ webhookUrl: hook.url });
      await assignCouncil('da-30');
      await until('both deliveries', async () => hook.received.length >= 2 || undefined, 30_000);
      const rows = await until('delivered', async () => {
        const rows = await webhookStates();
        return rows.length === 2 && rows.every((r) => r.webhook === 'delivered') ? rows : undefined;
      });
      expect(rows.map((r) => r.webhook_attempts)).toEqual([2, 1]);
      await sleep(1_000);
      expect(hook.received.map((r) => [r.body.kind, r.body.missed]).sort()).toEqual([
        ['appraisal', false],
        ['appraisal', true],
      ]);
      expect(new Set(hook.received.map((r) => r.key)).size).toBe(2);
      expect(hook.calls()).toBe(3);
    } finally {
      await hook.close();
    }
  });

  it('the database fails after DeadlineMissed was appended: the retried job still records the overdue notice, and DeadlineMissed stays single', async () => {
    const sql = failing(rig.storage.sql, isOverdueNotice);
    await rig.scheduler({ sql });
    await assignCouncil('da-50');
    await until('DeadlineMissed', async () => (await missedOf('da-50'))[0]);
    const notices = await until(
      'the overdue notice',
      async () => {
        const notes = await notificationsOf('da-50');
        return notes.some((n) => n.before === 'due') ? notes : undefined;
      },
      15_000,
    );
    expect(sql.failed).toBe(1);
    expect(notices.map((n) => n.before)).toEqual(['PT1.5S', 'due']);
    expect(notices[1]!.message).toMatch(/^Quá hạn: Thẩm định đề án — đề án "Đề án da-50"/);
    expect(await missedOf('da-50')).toHaveLength(1);
  });

  it('a double fault — the overdue notice fails after DeadlineMissed, and Redis then loses the job: the next reconcile writes the notice', async () => {
    const broken = await rig.scheduler({ sql: failing(rig.storage.sql, isOverdueNotice, Infinity) });
    await assignCouncil('da-70');
    await until('DeadlineMissed', async () => (await missedOf('da-70'))[0]);
    await broken.stop();
    await redis.flushdb();
    await until(
      'the miss in the read model',
      async () => (await rig.storage.sql.query(`SELECT 1 FROM ${rig.storage.schema}.missed_deadlines WHERE de_an_id = 'da-70'`)).rows[0],
    );
    expect((await notificationsOf('da-70')).map((n) => n.before)).toEqual(['PT1.5S']);

    const scheduler = await rig.scheduler();
    expect((await scheduler.status()).lastReconcile?.unnoticedMisses).toBe(1);
    const notices = await notificationsOf('da-70');
    expect(notices.map((n) => n.before)).toEqual(['PT1.5S', 'due']);
    expect(notices[1]!.message).toMatch(/^Quá hạn: Thẩm định đề án — đề án "Đề án da-70"/);
    expect(await missedOf('da-70')).toHaveLength(1);
    expect((await scheduler.reconcile()).unnoticedMisses).toBe(0);
  });

  it('Redis loses a webhook waiting for its retry: the reconcile queues it again from the notification, delivered once', async () => {
    // The first delivery fails, and Redis is emptied while its retry waits: only the row says it is pending.
    const hook = await webhookReceiver(async (call) => {
      if (call > 1) return 204;
      await redis.flushdb();
      return 503;
    });
    try {
      await rig.scheduler({ webhookUrl: hook.url });
      await assignCouncil('da-60');
      const rows = await until(
        'both delivered',
        async () => {
          const rows = await webhookStates();
          return rows.length === 2 && rows.every((r) => r.webhook === 'delivered') ? rows : undefined;
        },
        30_000,
      );
      expect(rows.map((r) => r.before)).toEqual(['PT1.5S', 'due']);
      await sleep(1_000);
      expect(hook.received.map((r) => r.body.missed).sort()).toEqual([false, true]);
      expect(new Set(hook.received.map((r) => r.key)).size).toBe(2);
      expect(await missedOf('da-60')).toHaveLength(1);
    } finally {
      await hook.close();
    }
  });
});
