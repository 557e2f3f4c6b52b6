/**
 * Notifications: what the scheduler told whom. Not a projection of events (a reminder is not a
 * fact of the đề án) but written by the job that sends it, keyed by an idempotency key, so a
 * reminder is recorded once, however often its job runs. Its webhook job has the same id, so it
 * can be queued again while the row says it is pending (after a failure, or a Redis that lost it).
 */
import { Actor, DeadlineKind } from '@app/domain';
import { deAnScope } from '@app/access';
import { SqlExecutor } from '@app/event-store';
import { byDeAnScope, conditions } from '@app/projections';

/** Default schema of the notifications table (beside the read models, not one of them: a rebuild keeps it). */
export const NOTIFICATIONS_SCHEMA = 'scheduler';

export interface NewNotification {
  readonly id: string;
  readonly deAnId: string;
  readonly deadlineId: string;
  readonly kind: string;
  /** The reminder offset, or 'due' for a missed deadline. */
  readonly before: string;
  readonly dueAt: string;
  readonly title: string;
  readonly province: string | null;
  readonly organisation: string | null;
  readonly remind: readonly string[];
  readonly message: string;
  readonly createdAt: string;
}

export async function migrateNotifications(sql: SqlExecutor, schema = NOTIFICATIONS_SCHEMA): Promise<void> {
  // Several processes may start at once on a fresh database (found by proof:concurrency): concurrent
  // CREATE … IF NOT EXISTS can still collide in the catalog, so one migrates and the others wait.
  // Inside the caller's transaction, the lock is held to its end.
  await sql.query(`SELECT pg_advisory_xact_lock(hashtext('notifications-migrate:${schema}'))`);
  await sql.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await sql.query(`CREATE TABLE IF NOT EXISTS ${schema}.notifications (
    id text PRIMARY KEY, de_an_id text NOT NULL, deadline_id text NOT NULL, kind text NOT NULL, before text NOT NULL,
    due_at timestamptz NOT NULL, title text NOT NULL, province text, organisation text, remind text[] NOT NULL,
    message text NOT NULL, created_at timestamptz NOT NULL,
    webhook text NOT NULL DEFAULT 'none', webhook_attempts int NOT NULL DEFAULT 0, webhook_error text)`);
  await sql.query(`CREATE INDEX IF NOT EXISTS notifications_deadline ON ${schema}.notifications (de_an_id, deadline_id, due_at)`);
  await sql.query(`CREATE INDEX IF NOT EXISTS notifications_created ON ${schema}.notifications (created_at DESC)`);
  await sql.query(`CREATE INDEX IF NOT EXISTS notifications_webhook_pending ON ${schema}.notifications (created_at) WHERE webhook = 'pending'`);
}

export interface Recorded {
  /** False when it was already recorded (the job ran before). */
  readonly recorded: boolean;
  /** Its webhook is still to be delivered: queue it (again — the job's id is the notification's). */
  readonly webhookPending: boolean;
}

/** Records a notification, once by its id. */
export async function recordNotification(sql: SqlExecutor, schema: string, n: NewNotification, webhook: boolean): Promise<Recorded> {
  // An earlier run may have recorded it and failed before queueing its webhook (Redis down, a
  // crash): its row says so, and this run queues it.
  const { rows } = await sql.query<{ recorded: boolean; webhook: string }>(
    `WITH inserted AS (
       INSERT INTO ${schema}.notifications
         (id, de_an_id, deadline_id, kind, before, due_at, title, province, organisation, remind, message, created_at, webhook)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (id) DO NOTHING RETURNING webhook)
     SELECT true AS recorded, webhook FROM inserted
     UNION ALL SELECT false, webhook FROM ${schema}.notifications WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM inserted)`,
    [
      n.id,
      n.deAnId,
      n.deadlineId,
      n.kind,
      n.before,
      n.dueAt,
      n.title,
      n.province,
      n.organisation,
      n.remind,
      n.message,
      n.createdAt,
      webhook ? 'pending' : 'none',
    ],
  );
  return { recorded: rows[0]?.recorded === true, webhookPending: rows[0]?.webhook === 'pending' };
}

/** What the webhook receives: the notification without its row's bookkeeping; `missed` for an overdue notice. */
export type WebhookBody = Omit<NewNotification, 'createdAt'> & { readonly missed: boolean };

export const webhookBody = ({ createdAt: _, ...n }: NewNotification): WebhookBody => ({ ...n, missed: n.before === 'due' });

/** A row of `notifications` as `pg` returns it. */
interface NotificationRow {
  id: string;
  de_an_id: string;
  deadline_id: string;
  kind: string;
  before: string;
  due_at: Date;
  title: string;
  province: string | null;
  organisation: string | null;
  remind: string[];
  message: string;
  created_at: Date;
  webhook: string;
}

/** Notifications whose webhook is not yet delivered (nor given up on), oldest first. */
export async function pendingWebhooks(sql: SqlExecutor, schema: string, limit: number): Promise<NewNotification[]> {
  const { rows } = await sql.query<NotificationRow>(
    `SELECT id, de_an_id, deadline_id, kind, before, due_at, title, province, organisation, remind, message, created_at
       FROM ${schema}.notifications WHERE webhook = 'pending' ORDER BY created_at LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({
    id: r.id,
    deAnId: r.de_an_id,
    deadlineId: r.deadline_id,
    kind: r.kind,
    before: r.before,
    dueAt: new Date(r.due_at).toISOString(),
    title: r.title,
    province: r.province,
    organisation: r.organisation,
    remind: r.remind,
    message: r.message,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

export async function markWebhook(
  sql: SqlExecutor,
  schema: string,
  id: string,
  outcome: 'delivered' | 'pending' | 'failed',
  attempts: number,
  error?: string,
): Promise<void> {
  await sql.query(`UPDATE ${schema}.notifications SET webhook = $2, webhook_attempts = $3, webhook_error = $4 WHERE id = $1`, [
    id,
    outcome,
    attempts,
    error ?? null,
  ]);
}

const KIND_LABELS: Readonly<Record<DeadlineKind, string>> = {
  registration: 'Đăng ký đề án',
  appraisal: 'Thẩm định đề án',
  revision: 'Bổ sung, hoàn thiện hồ sơ đề án',
  forwarding: 'Gửi hồ sơ đề án khuyến công quốc gia về Bộ Công Thương',
  'progress-report': 'Báo cáo tiến độ hằng tháng',
  completion: 'Hoàn thành đề án theo hợp đồng',
  'settlement-dossier': 'Nộp hồ sơ thanh toán, quyết toán',
  'settlement-final': 'Thanh lý hợp đồng và quyết toán',
  'quarterly-report': 'Báo cáo quý',
  'six-month-report': 'Báo cáo 6 tháng',
  'annual-report': 'Báo cáo năm',
};

/** The Vietnamese text users see: the deadline, the đề án and the due time in Vietnam. */
export function notificationMessage(kind: string, title: string, dueAt: string, missed: boolean): string {
  const due = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'short' }).format(new Date(dueAt));
  const what = KIND_LABELS[kind as DeadlineKind] ?? kind;
  return missed
    ? `Quá hạn: ${what} — đề án "${title}" đã quá hạn ${due} mà chưa thực hiện.`
    : `Nhắc hạn: ${what} — đề án "${title}" phải thực hiện trước ${due}.`;
}

/**
 * The notifications addressed to a caller (by role; auditors and admins read them all) about đề án the
 * access policy lets them see, newest first. `readSchema`: where the đề án list (the council's members) is.
 */
export async function listNotifications(
  sql: SqlExecutor,
  readSchema: string,
  actor: Actor,
  filter: { readonly deAnId?: string; readonly limit: number },
  schema = NOTIFICATIONS_SCHEMA,
) {
  const { params, add, clause, ...where } = conditions();
  if (actor.role !== 'auditor' && actor.role !== 'admin') add('? = ANY(remind)', actor.role);
  where.scope(deAnScope(actor), byDeAnScope(readSchema));
  if (filter.deAnId) add('de_an_id = ?', filter.deAnId);
  const { rows } = await sql.query<NotificationRow>(
    `SELECT id, de_an_id, deadline_id, kind, before, due_at, title, message, created_at, webhook
     FROM ${schema}.notifications ${clause()} ORDER BY created_at DESC, id LIMIT ${Math.trunc(filter.limit)}`,
    params,
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      deAnId: r.de_an_id,
      deadlineId: r.deadline_id,
      kind: r.kind,
      missed: r.before === 'due',
      remindBefore: r.before === 'due' ? null : r.before,
      dueAt: new Date(r.due_at).toISOString(),
      title: r.title,
      message: r.message,
      createdAt: new Date(r.created_at).toISOString(),
      webhook: r.webhook,
    })),
  };
}
