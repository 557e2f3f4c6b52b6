/**
 * `npm run proof:redis`: Redis is killed in the middle of a load and started again empty.
 *
 * The proof runs its own redis-server (no persistence, on a free port) so that killing it touches
 * nothing else on the machine. The API runs with a deadline policy in seconds (an appraisal is due
 * 30 s after the council is assigned, reminded 20 s and 10 s before). Clients keep registering
 * đề án and assigning councils (their appraisals are left to be missed), and others run full
 * lifecycles (which close their deadlines and open far-off ones). Redis dies a few seconds in and
 * comes back empty 15 s later, while reminders are falling due.
 *
 * It holds that: every command got a 2xx while Redis was down too (the event log does not need
 * Redis) and is in the log, with no duplicates; afterwards every open deadline has its jobs in the
 * new Redis; every reminder and every due notice of the missed appraisals was recorded exactly
 * once (no reminder after its due notice), and delivered to the webhook; every missed appraisal got
 * exactly one DeadlineMissed.
 *
 * Settings: PROOF_LOAD_S (load duration, 40; short 25), PROOF_CLIENTS (4; short 3), PROOF_MODES
 * (default postgres; the store is not what this proof is about).
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { liveDeadlineRows, READ_MODELS_SCHEMA } from '@app/projections';
import { DEADLINES_QUEUE, jobIdOf, jobsFor, NOTIFICATIONS_SCHEMA } from '@app/scheduler';
import {
  actors,
  checkLog,
  createPlan,
  Ledger,
  main,
  Mode,
  proofServer,
  readEverything,
  runLifecycle,
  seconds,
  setting,
  Verdict,
} from './proof-support';
import { freePort } from '../support/server';

const LOAD_S = setting('PROOF_LOAD_S', 40, 25);
const CLIENTS = setting('PROOF_CLIENTS', 4, 3);
const DUE_S = 30;
const DOWN_AFTER_S = 5;
const DOWN_FOR_S = 15;

/** A redis-server of the proof's own: no persistence, so a restart is empty. */
class OwnRedis {
  private child: ChildProcess | undefined;
  constructor(readonly port = freePort()) {}
  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        await probe.ping();
        return;
      } catch {
        await sleep(100);
      } finally {
        probe.disconnect();
      }
    }
    throw new Error(`redis-server on ${this.port} did not start`);
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

/** Records the webhook's deliveries by idempotency key. */
async function webhookReceiver(): Promise<{ server: Server; url: string; deliveries: Map<string, number> }> {
  const deliveries = new Map<string, number>();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const key = String(req.headers['idempotency-key']);
      deliveries.set(key, (deliveries.get(key) ?? 0) + 1);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, deliveries };
}

async function prove(verdict: Verdict, mode: Mode): Promise<void> {
  verdict.section(`${mode}: ${LOAD_S} s of load, Redis down from ${DOWN_AFTER_S} s for ${DOWN_FOR_S} s`);
  const redis = new OwnRedis();
  await redis.start();
  const hook = await webhookReceiver();
  const dir = mkdtempSync(join(tmpdir(), 'kc-proof-redis-'));
  const policy = join(dir, 'policy.json');
  writeFileSync(policy, JSON.stringify({ appraisal: { due: `PT${DUE_S}S`, remindBefore: ['PT20S', 'PT10S'] } }));
  const server = await proofServer(mode, `redis-${mode}`, {
    REDIS_URL: redis.url,
    DEADLINE_POLICY_FILE: policy,
    NOTIFY_WEBHOOK_URL: hook.url,
    DEADLINE_RECONCILE_MS: '5000',
  });
  try {
    await server.api.start();
    const ledger = new Ledger();
    const who = await actors(server, CLIENTS * 2);
    const planId = await createPlan(server, ledger, who.officer, `plan.${server.api.port}`);
    const started = Date.now();
    const end = started + LOAD_S * 1_000;
    let down: { from: number; to?: number } | undefined;
    const idle: string[] = [];

    // Half the clients leave appraisals to be missed; the other half run whole lifecycles, or stop
    // after the contract (its progress-report and completion deadlines stay open, due months ahead).
    const clients = who.applicants.map(async (applicant, c) => {
      for (let n = 0; Date.now() < end; n++) {
        const steps = c % 2 === 0 ? 2 : n % 2 === 0 ? 7 : undefined;
        const id = await runLifecycle(server, ledger, who, applicant, planId, `c${c}.n${n}.${server.api.port}`, steps);
        if (steps === 2 && id && !ledger.unexpected.length) idle.push(id);
        if (steps === 2) await sleep(300);
      }
    });
    const outage = (async () => {
      await sleep(DOWN_AFTER_S * 1_000);
      await redis.kill();
      down = { from: Date.now() };
      await sleep(DOWN_FOR_S * 1_000);
      await redis.start();
      down.to = Date.now();
    })();
    await Promise.all([...clients, outage]);
    const acksWhileDown = ledger.acks.filter((ack) => ack.at > down!.from && ack.at < down!.to!).length;
    const health = await server.request('GET', '/health');

    // The last appraisal falls due DUE_S after the load ends; then the scheduler has a few seconds to fire.
    await sleep(DUE_S * 1_000 + 8_000);
    await server.api.kill('SIGTERM');

    const storage = await server.openStorage();
    const queue = new Queue(DEADLINES_QUEUE, { connection: { url: redis.url }, prefix: server.env.QUEUE_PREFIX! });
    try {
      const log = await checkLog(storage, ledger);
      const open = await liveDeadlineRows(storage.sql, { read: READ_MODELS_SCHEMA, notifications: NOTIFICATIONS_SCHEMA });
      const wanted = open.flatMap(jobsFor);
      const withoutJob: string[] = [];
      for (const job of wanted)
        if (!(await queue.getJob(jobIdOf(job)))) withoutJob.push(`${job.kind} of ${job.deAnId} (${job.before ?? 'due'} at ${job.fireAt})`);

      const { rows: notes } = await storage.sql.query<{ id: string; de_an_id: string; deadline_id: string; before: string; created_at: Date }>(
        `SELECT id, de_an_id, deadline_id, before, created_at FROM ${NOTIFICATIONS_SCHEMA}.notifications WHERE kind = 'appraisal'`,
      );
      const notesOf = new Map<string, string[]>();
      for (const note of notes) notesOf.set(note.de_an_id, [...(notesOf.get(note.de_an_id) ?? []), note.before]);
      // A reminder overdue together with its due time (the outage) still goes out before the overdue notice.
      const reminderAfterDue = idle.filter((id) => {
        const mine = notes.filter((n) => n.de_an_id === id);
        const due = mine.find((n) => n.before === 'due')?.created_at.getTime();
        return due !== undefined && mine.some((n) => n.before !== 'due' && n.created_at.getTime() > due);
      });
      const missedOf = new Map<string, number>();
      for (const event of await readEverything(storage)) {
        if (event.type === 'DeadlineMissed') missedOf.set(event.streamId, (missedOf.get(event.streamId) ?? 0) + 1);
      }
      const wrongNotes = idle
        .filter((id) => (notesOf.get(id) ?? []).sort().join(',') !== ['PT10S', 'PT20S', 'due'].sort().join(','))
        .map((id) => `${id}: ${JSON.stringify(notesOf.get(id) ?? [])}`);
      const wrongMissed = idle
        .filter((id) => missedOf.get(`de-an-${id}`) !== 1)
        .map((id) => `${id}: ${missedOf.get(`de-an-${id}`) ?? 0} DeadlineMissed`);
      const allNotes = await storage.sql.query<{ id: string }>(`SELECT id FROM ${NOTIFICATIONS_SCHEMA}.notifications`);
      const undelivered = allNotes.rows.filter((n) => !hook.deliveries.has(n.id)).map((n) => n.id);
      const redelivered = [...hook.deliveries.values()].filter((n) => n > 1).length;

      verdict.figure('duration', seconds(started));
      verdict.figure('Redis down', `${((down!.to! - down!.from) / 1_000).toFixed(1)} s, restarted empty`);
      verdict.figure('commands acknowledged / while Redis was down', `${ledger.acks.length} / ${acksWhileDown}`);
      verdict.figure('answers by status', String(ledger.statuses));
      verdict.figure('appraisals left to be missed', idle.length);
      verdict.figure('open deadlines at the end / their jobs', `${open.length} / ${wanted.length}`);
      verdict.figure('notifications / webhook deliveries', `${allNotes.rows.length} / ${[...hook.deliveries.values()].reduce((a, b) => a + b, 0)}`);
      verdict.holds('every command answered 2xx, also while Redis was down', ledger.unexpected.length === 0 && acksWhileDown > 0, [
        ...ledger.unexpected,
        `acknowledged while down: ${acksWhileDown}`,
      ]);
      verdict.holds(
        'every acknowledged command is in the log, nothing twice, no gaps',
        log.missing.length + log.duplicated.length + log.gaps.length === 0,
        [...log.missing, ...log.duplicated, ...log.gaps],
      );
      verdict.holds(`hash chains verify (${log.chain.checked} events)`, log.chain.ok);
      verdict.holds('health reported Redis again after the restart', health.status === 200, [JSON.stringify(health.body)]);
      verdict.holds('every open deadline has its jobs in the new Redis', withoutJob.length === 0, withoutJob);
      verdict.holds(
        'each missed appraisal: reminders 20 s and 10 s before and the due notice, each exactly once',
        wrongNotes.length === 0,
        wrongNotes,
      );
      verdict.holds('each missed appraisal: no reminder after its overdue notice', reminderAfterDue.length === 0, reminderAfterDue);
      verdict.holds('each missed appraisal: exactly one DeadlineMissed', wrongMissed.length === 0, wrongMissed);
      verdict.holds(
        `every notification reached the webhook (${redelivered} delivered more than once, same idempotency key)`,
        undelivered.length === 0,
        undelivered,
      );
    } finally {
      await queue.close();
      await storage.close();
    }
  } catch (error) {
    verdict.holds(`${mode} run finished`, false, [String((error as Error).stack ?? error), server.api.output.slice(-2_000)]);
  } finally {
    await server.dispose();
    await redis.kill();
    hook.server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main(async () => {
  const verdict = new Verdict('proof:redis — Redis lost under load and restarted empty');
  for (const mode of (process.env.PROOF_MODES ?? 'postgres').split(',') as Mode[]) await prove(verdict, mode);
  verdict.end();
});
