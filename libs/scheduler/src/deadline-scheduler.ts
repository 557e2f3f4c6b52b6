/**
 * Deadlines on BullMQ. The event log is the record of every deadline (the `deadlines` projection
 * derives them); Redis only holds the delayed jobs that make them fire on time:
 *
 *   - sync: every `syncEveryMs`, deadline rows changed since the last look (by their revision) get
 *     their jobs — one per reminder not yet sent and one at the due time, with deterministic ids;
 *   - reconcile: at start, every `reconcileEveryMs`, whenever Redis comes back and whenever it lost our
 *     keys (a sentinel the last reconcile left is gone, checked at every sync), the jobs in Redis
 *     are compared with the open deadlines: missing ones are added (those already due fire at once),
 *     stale ones removed (a deadline that closed or moved), failed ones retried; a recent miss without
 *     its overdue notice gets it, and the webhooks of notifications still pending are queued again;
 *   - firing: a job re-reads the đề án's own stream. A reminder still due creates a notification
 *     (once: its key is the deadline, due time and offset); a deadline still open at its due time
 *     gets `DeadlineMissed` appended with the version read (once: its command id is the deadline's),
 *     after recording any of its reminders still unsent (overdue together after an outage, they would race),
 *     and then its overdue notice — also when a retried job finds `DeadlineMissed` already recorded.
 *
 * Several processes may run it at once: adding a job with an existing id is a no-op, BullMQ hands a
 * job to one worker, and both writes are idempotent.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DelayedError, Job, Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { DeadlineRules, deAnStreamId, foldDeadlines } from '@app/domain';
import { RecordedEvent, SqlClient } from '@app/event-store';
import { CommandHandler, recordDeadlineMissed } from '@app/application';
import { DeadlineSchemas, deadlinesRevision, liveDeadlineRows, unnoticedMisses } from '@app/projections';
import { DeadlineJob, jobIdOf, jobsFor, notificationIdOf } from './deadline-jobs';
import {
  markWebhook,
  migrateNotifications,
  NewNotification,
  NOTIFICATIONS_SCHEMA,
  notificationMessage,
  pendingWebhooks,
  recordNotification,
  webhookBody,
} from './notifications';

export interface SchedulerLog {
  (entry: { level: 'info' | 'warn' | 'error'; msg: string; [field: string]: unknown }): void;
}

export interface DeadlineSchedulerOptions {
  /** The one command path (its store is the one the scheduler reads). */
  readonly commands: CommandHandler;
  readonly sql: SqlClient;
  /** Where the deadlines projection keeps its tables. */
  readonly readSchema: string;
  /** Where notifications are recorded (default `scheduler`). */
  readonly notificationsSchema?: string;
  readonly rules: DeadlineRules;
  readonly redisUrl: string;
  /** BullMQ key prefix (tests and benchmarks use their own). */
  readonly prefix?: string;
  readonly webhookUrl?: string;
  readonly syncEveryMs?: number;
  readonly reconcileEveryMs?: number;
  readonly concurrency?: number;
  readonly log?: SchedulerLog;
  readonly now?: () => Date;
}

export interface ReconcileResult {
  readonly at: string;
  readonly deadlines: number;
  readonly wanted: number;
  readonly added: number;
  readonly removed: number;
  readonly retried: number;
  /** Recent `DeadlineMissed` without an overdue notice (its job failed and was lost with Redis), noticed now. */
  readonly unnoticedMisses: number;
  /** Notifications whose webhook was still pending, queued again (a no-op for those whose job exists). */
  readonly webhooksPending: number;
  readonly ms: number;
}

export interface SchedulerStatus {
  readonly redis: 'up' | 'down';
  readonly queue: string;
  readonly jobs?: Readonly<Record<string, number>>;
  readonly webhook: 'off' | string;
  readonly lastReconcile?: ReconcileResult;
  readonly lastError?: string;
}

export const DEADLINES_QUEUE = 'deadlines';
export const WEBHOOK_QUEUE = 'notification-webhooks';
/** Misses without a notice handled per reconcile (each re-reads its stream; the next reconcile takes the rest). */
const UNNOTICED_MISSES_CAP = 1_000;
/** Pending webhooks queued again per reconcile (oldest first; the next reconcile takes the rest). */
const PENDING_WEBHOOKS_CAP = 10_000;

const DEFAULT_JOB_OPTIONS = {
  // A database or store outage makes a job fail; it is retried with backoff, and the reconciler
  // retries what still failed, so an outage delays a reminder but never loses it.
  attempts: 10,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
} as const;

const ADD_CHUNK = 1_000;

/** How long stop() waits for the queues to close cleanly before it cuts their connections. */
const STOP_GRACE_MS = 5_000;

export class DeadlineScheduler {
  readonly queue: Queue;
  readonly webhooks: Queue | undefined;
  private readonly connection: Redis;

  /** Whether the queues' Redis connection is up, waiting at most `ms` for it (connecting it if nobody has yet). */
  async redisReady(ms: number): Promise<boolean> {
    const { connection } = this;
    if (connection.status === 'ready') return true;
    if (connection.status === 'wait') connection.connect().catch(() => undefined);
    return new Promise<boolean>((resolve) => {
      const done = (ready: boolean) => {
        clearTimeout(timer);
        connection.off('ready', onReady);
        resolve(ready);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(connection.status === 'ready'), ms);
      connection.once('ready', onReady);
    });
  }
  /** The workers' own connections (a blocking worker cannot share one); BullMQ leaves given connections open. */
  private readonly workerConnections: Redis[] = [];
  private workers: Worker[] = [];
  private timers: NodeJS.Timeout[] = [];
  private cursor = 0;
  private syncing = false;
  private reconciling: Promise<ReconcileResult> | undefined;
  private lastReconcile: ReconcileResult | undefined;
  private lastError: string | undefined;
  private readonly log: SchedulerLog;
  private readonly now: () => Date;
  private readonly notifications: string;
  private readonly schemas: DeadlineSchemas;
  /** Set by every reconcile; its absence means Redis lost our keys. */
  private readonly sentinel: string;

  constructor(private readonly options: DeadlineSchedulerOptions) {
    this.log = options.log ?? (() => undefined);
    this.now = options.now ?? (() => new Date());
    this.notifications = options.notificationsSchema ?? NOTIFICATIONS_SCHEMA;
    this.schemas = { read: options.readSchema, notifications: this.notifications };
    this.sentinel = `${options.prefix ?? 'bull'}:${DEADLINES_QUEUE}:reconciled-at`;
    // BullMQ's blocking commands need maxRetriesPerRequest null: a command waits for Redis to come back rather than fail.
    this.connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
    this.connection.on('error', () => undefined); // reported through status(); ioredis keeps reconnecting
    const prefix = options.prefix ?? 'bull';
    this.queue = new Queue(DEADLINES_QUEUE, { connection: this.connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
    this.webhooks = options.webhookUrl
      ? new Queue(WEBHOOK_QUEUE, { connection: this.connection, prefix, defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, attempts: 8 } })
      : undefined;
    this.queue.on('error', (error) => this.fail('queue', error));
    this.webhooks?.on('error', (error) => this.fail('webhook queue', error));
  }

  async migrate(): Promise<void> {
    await this.options.sql.transaction((tx) => migrateNotifications(tx, this.notifications));
  }

  /** Reconciles once, then follows: workers, the sync of changed deadlines, the periodic reconcile. */
  async start(): Promise<void> {
    await this.migrate();
    // BullMQ may have started the lazy connection already.
    if (this.connection.status === 'wait') await this.connection.connect().catch((error: Error) => this.fail('redis connect', error));
    await this.reconcile().catch((error: Error) => this.fail('reconcile', error));
    const prefix = this.options.prefix ?? 'bull';
    const connect = () => {
      const connection = this.connection.duplicate();
      connection.on('error', () => undefined);
      this.workerConnections.push(connection);
      return connection;
    };
    const workerOptions = {
      connection: connect(),
      prefix,
      concurrency: this.options.concurrency ?? 8,
      // A worker that dies mid-job leaves it stalled; another takes it over after 30 s. Every job is
      // idempotent, so running one twice is harmless; twice stalled means something is wrong: fail it.
      stalledInterval: 30_000,
      maxStalledCount: 2,
      lockDuration: 30_000,
    };
    const deadlines = new Worker<DeadlineJob>(DEADLINES_QUEUE, (job, token) => this.fire(job, token), workerOptions);
    deadlines.on('failed', (job, error) =>
      this.log({ level: 'warn', msg: 'deadline job failed', jobId: job?.id, attempts: job?.attemptsMade, error: error.message }),
    );
    deadlines.on('error', (error) => this.fail('deadline worker', error));
    this.workers.push(deadlines);
    if (this.webhooks) {
      const webhook = new Worker<{ id: string; body: unknown }>(WEBHOOK_QUEUE, (job) => this.deliver(job), {
        ...workerOptions,
        connection: connect(),
        concurrency: 4,
      });
      webhook.on('failed', (job, error) => {
        if (job && job.attemptsMade >= (job.opts.attempts ?? 1))
          void markWebhook(this.options.sql, this.notifications, job.data.id, 'failed', job.attemptsMade, error.message).catch(() => undefined);
      });
      webhook.on('error', (error) => this.fail('webhook worker', error));
      this.workers.push(webhook);
    }
    // Redis came back (perhaps empty, after a restart or FLUSHDB): put every job back at once.
    this.connection.on('ready', () => void this.reconcile().catch((error: Error) => this.fail('reconcile', error)));
    this.timers.push(setInterval(() => void this.sync().catch((error: Error) => this.fail('sync', error)), this.options.syncEveryMs ?? 500));
    this.timers.push(
      setInterval(() => void this.reconcile().catch((error: Error) => this.fail('reconcile', error)), this.options.reconcileEveryMs ?? 60_000),
    );
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    const workers = this.workers.splice(0);
    const graceful = (async () => {
      await Promise.all(workers.map((w) => w.close()));
      await this.reconciling?.catch(() => undefined);
      await this.queue.close();
      await this.webhooks?.close();
    })().catch(() => undefined);
    // Closing cleanly talks to Redis; with Redis down it would wait forever. After a grace period the
    // connections are cut: every job is idempotent, and one cut short is taken over once stalled.
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      graceful,
      new Promise((resolve) => {
        grace = setTimeout(resolve, STOP_GRACE_MS);
      }),
    ]);
    clearTimeout(grace);
    for (const connection of this.workerConnections.splice(0)) connection.disconnect();
    this.connection.disconnect();
  }

  /** Jobs for the deadline rows changed since the last sync (or since the start's reconcile). */
  async sync(): Promise<number> {
    if (this.syncing) return 0;
    this.syncing = true;
    try {
      // A FLUSHDB (or a Redis that restarted empty without our connection noticing) removes the
      // sentinel the last reconcile left: put every job back now rather than at the next period.
      if ((await this.connection.exists(this.sentinel)) === 0) {
        await this.reconcile();
        return 0;
      }
      const rows = await liveDeadlineRows(this.options.sql, this.schemas, { revision: this.cursor, limit: 5_000 });
      if (rows.length === 0) {
        // The projection was rebuilt (revisions start again): look at everything again.
        if ((await deadlinesRevision(this.options.sql, this.options.readSchema)) < this.cursor) this.cursor = 0;
        return 0;
      }
      await this.add(rows.flatMap(jobsFor));
      this.cursor = Math.max(this.cursor, ...rows.map((r) => Number(r.revision)));
      return rows.length;
    } finally {
      this.syncing = false;
    }
  }

  /** Makes Redis hold exactly the jobs the open deadlines need. One at a time per process. */
  reconcile(): Promise<ReconcileResult> {
    this.reconciling ??= this.reconcileOnce().finally(() => (this.reconciling = undefined));
    return this.reconciling;
  }

  private async reconcileOnce(): Promise<ReconcileResult> {
    const started = Date.now();
    // Jobs first, deadlines second: a job another process adds meanwhile is for a row already
    // committed, which the read below sees — so it is never taken for a stale one.
    const [pending, failed] = await Promise.all([
      this.queue.getRanges(['delayed', 'wait', 'prioritized', 'waiting-children'], 0, -1),
      this.queue.getRanges(['failed'], 0, -1),
    ]);
    const top = await deadlinesRevision(this.options.sql, this.options.readSchema);
    const rows = await liveDeadlineRows(this.options.sql, this.schemas);
    const wanted = new Map(rows.flatMap(jobsFor).map((job) => [jobIdOf(job), job]));
    const present = new Set(pending);
    const missing = [...wanted].filter(([id]) => !present.has(id)).map(([, job]) => job);
    const stale = pending.filter((id) => id.startsWith('dl-') && !wanted.has(id));
    const retry = failed.filter((id) => wanted.has(id));
    const added = await this.add(missing);
    for (const id of stale) await this.queue.remove(id).catch(() => undefined); // it may be firing right now: harmless
    for (const id of retry) await (await Job.fromId(this.queue, id))?.retry().catch(() => undefined);
    const unnoticed = await this.noticeUnnoticedMisses();
    // Webhooks still pending: a Redis that lost their jobs (or a failed queueing) is made good here.
    const webhooks = this.webhooks ? await pendingWebhooks(this.options.sql, this.notifications, PENDING_WEBHOOKS_CAP) : [];
    await this.queueWebhooks(webhooks);
    this.cursor = Math.max(this.cursor, top);
    const result = {
      at: new Date().toISOString(),
      deadlines: rows.length,
      wanted: wanted.size,
      added,
      removed: stale.length,
      retried: retry.length,
      unnoticedMisses: unnoticed,
      webhooksPending: webhooks.length,
      ms: Date.now() - started,
    };
    this.lastReconcile = result;
    this.lastError = undefined;
    await this.connection.set(this.sentinel, result.at);
    if (added > 0 || stale.length > 0 || retry.length > 0 || unnoticed > 0 || webhooks.length > 0)
      this.log({ level: 'info', msg: 'deadline jobs reconciled', ...result });
    return result;
  }

  async status(): Promise<SchedulerStatus> {
    const base = {
      queue: DEADLINES_QUEUE,
      webhook: this.options.webhookUrl ? 'on' : 'off',
      ...(this.lastReconcile ? { lastReconcile: this.lastReconcile } : {}),
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
    try {
      const jobs = await withTimeout(this.queue.getJobCounts('delayed', 'wait', 'active', 'completed', 'failed'), 2_000);
      return { redis: 'up', jobs, ...base };
    } catch {
      return { redis: 'down', ...base };
    }
  }

  private async add(jobs: readonly DeadlineJob[]): Promise<number> {
    const now = this.now().getTime();
    for (let i = 0; i < jobs.length; i += ADD_CHUNK) {
      await this.queue.addBulk(
        jobs.slice(i, i + ADD_CHUNK).map((job) => ({
          name: job.before ? 'remind' : 'due',
          data: job,
          opts: { jobId: jobIdOf(job), delay: Math.max(0, Date.parse(job.fireAt) - now) },
        })),
      );
    }
    return jobs.length;
  }

  /** A job fires: decide on the đề án's own stream, not on the projection, which may lag. */
  private async fire(job: Job<DeadlineJob>, token: string | undefined): Promise<string> {
    const { deAnId, deadlineId, dueAt, before } = job.data;
    const early = Date.parse(job.data.fireAt) - this.now().getTime();
    if (early > 50) {
      // Fired early (a clock step): wait for the time set, keeping the job (its id stays taken).
      await job.moveToDelayed(Date.parse(job.data.fireAt), token);
      throw new DelayedError();
    }
    // A few ms early (clocks of processes differ): wait them out. Deciding now would find the deadline
    // not yet due, and the completed job would keep its id, so nothing would fire it again.
    if (early > 0) await sleep(early);
    const now = this.now();
    const history = await this.options.commands.store.readStream(deAnStreamId(deAnId));
    const deadline = foldDeadlines(history, this.options.rules).open.find((d) => d.id === deadlineId);
    if (before !== undefined) {
      if (!deadline || deadline.dueAt !== dueAt || !deadline.live) return 'stale';
      return (await this.notify(job.data, history[0]?.data, deadline.remind)) ? 'notified' : 'already notified';
    }
    if (deadline && deadline.reminders.length > 0 && deadline.live && deadline.dueAt === dueAt && Date.parse(dueAt) <= now.getTime()) {
      // After an outage, a reminder and the due time can be overdue together and their jobs race:
      // record the reminders still unsent first, so nobody reads "Quá hạn" before "Nhắc hạn".
      // Idempotent by key, so their own jobs then find them recorded.
      const sent = await this.notifiedOffsets(job.data);
      for (const r of deadline.reminders) {
        if (!sent.has(r.before)) await this.notify({ ...job.data, before: r.before, fireAt: r.at }, history[0]?.data, deadline.remind);
      }
    }
    const outcome = await recordDeadlineMissed(this.options.commands, this.options.rules, deAnId, deadlineId, now, history);
    // 'not-due': the deadline moved later while this job waited; the job for the new time exists.
    if (outcome === 'recorded' && deadline) await this.notify(job.data, history[0]?.data, deadline.remind);
    // Recorded by an earlier run that failed before its notice (a crash, a database error), or by
    // another process: the notice is idempotent, so send it (again) from the state before the miss.
    if (outcome === 'duplicate') {
      const missed = await this.missedDeadline(deAnId, deadlineId, dueAt, history);
      if (missed) await this.notify(job.data, missed.registered, missed.remind);
    }
    return outcome;
  }

  /**
   * A due job that appended `DeadlineMissed` and failed before its notice is retried; only if Redis
   * lost that job too does the notice wait for this: misses of the last week without one.
   */
  private async noticeUnnoticedMisses(): Promise<number> {
    const rows = await unnoticedMisses(this.options.sql, this.schemas, UNNOTICED_MISSES_CAP);
    let noticed = 0;
    for (const row of rows) {
      const dueAt = new Date(row.due_at).toISOString();
      const missed = await this.missedDeadline(row.de_an_id, row.deadline_id, dueAt);
      if (!missed) continue;
      const job: DeadlineJob = { deAnId: row.de_an_id, deadlineId: row.deadline_id, kind: row.kind, dueAt, fireAt: dueAt };
      if (await this.notify(job, missed.registered, missed.remind)) noticed += 1;
    }
    return noticed;
  }

  /**
   * The deadline as it was when `DeadlineMissed` recorded it at this due time; undefined if it did not.
   * `read`: the stream as already read, if it may hold the miss (a retried job's read does); else it is read.
   */
  private async missedDeadline(
    deAnId: string,
    deadlineId: string,
    dueAt: string,
    read?: readonly RecordedEvent[],
  ): Promise<{ registered: unknown; remind: readonly string[] } | undefined> {
    const isMiss = (e: RecordedEvent) => e.type === 'DeadlineMissed' && e.data.deadlineId === deadlineId && e.data.dueAt === dueAt;
    const history = read?.some(isMiss) ? read : await this.options.commands.store.readStream(deAnStreamId(deAnId));
    const at = history.findIndex(isMiss);
    if (at < 0) return undefined;
    const deadline = foldDeadlines(history.slice(0, at), this.options.rules).open.find((d) => d.id === deadlineId);
    return deadline && { registered: history[0]?.data, remind: deadline.remind };
  }

  /** The offsets (and 'due') already recorded for this deadline and due time. */
  private async notifiedOffsets(job: DeadlineJob): Promise<Set<string>> {
    const { rows } = await this.options.sql.query<{ before: string }>(
      `SELECT before FROM ${this.notifications}.notifications WHERE de_an_id = $1 AND deadline_id = $2 AND due_at = $3`,
      [job.deAnId, job.deadlineId, job.dueAt],
    );
    return new Set(rows.map((row) => row.before));
  }

  /** Records the notice of a reminder (`job.before` set) or of a missed deadline, and queues its webhook. */
  private async notify(job: DeadlineJob, registered: unknown, remind: readonly string[]): Promise<boolean> {
    const r = (registered ?? {}) as { title?: string; province?: string; organisation?: string };
    const title = r.title ?? job.deAnId;
    const notification = {
      id: notificationIdOf(job),
      deAnId: job.deAnId,
      deadlineId: job.deadlineId,
      kind: job.kind,
      before: job.before ?? 'due',
      dueAt: job.dueAt,
      title,
      province: r.province ?? null,
      organisation: r.organisation ?? null,
      remind,
      message: notificationMessage(job.kind, title, job.dueAt, job.before === undefined),
      createdAt: this.now().toISOString(),
    };
    const { recorded, webhookPending } = await recordNotification(this.options.sql, this.notifications, notification, this.webhooks !== undefined);
    if (webhookPending) await this.queueWebhooks([notification]);
    return recorded;
  }

  /** Adding a webhook job whose id exists is a no-op: queueing again never delivers twice. */
  private async queueWebhooks(notifications: readonly NewNotification[]): Promise<void> {
    if (!this.webhooks || notifications.length === 0) return;
    await this.webhooks.addBulk(
      notifications.map((n) => ({ name: 'deliver', data: { id: n.id, body: webhookBody(n) }, opts: { jobId: `wh-${n.id}` } })),
    );
  }

  /** POSTs a notification; a non-2xx answer or a network error is retried with exponential backoff. */
  private async deliver(job: Job<{ id: string; body: unknown }>): Promise<void> {
    const response = await fetch(this.options.webhookUrl!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': job.data.id },
      body: JSON.stringify(job.data.body),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) {
      await markWebhook(this.options.sql, this.notifications, job.data.id, 'pending', job.attemptsMade + 1, `HTTP ${response.status}`);
      throw new Error(`webhook answered ${response.status}`);
    }
    await markWebhook(this.options.sql, this.notifications, job.data.id, 'delivered', job.attemptsMade + 1);
  }

  private fail(where: string, error: Error): void {
    const message = `${where}: ${error.message}`;
    if (message !== this.lastError) this.log({ level: 'warn', msg: 'deadline scheduler', where, error: error.message });
    this.lastError = message;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}
