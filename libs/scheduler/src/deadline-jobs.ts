/**
 * The delayed jobs an open deadline needs: one per reminder not yet sent, and one at its due time.
 * A job's id is derived from the đề án, the deadline, the reminder offset and the fire time, so that
 * adding it twice (two schedulers, a reconcile after a Redis loss) is a no-op, and a deadline that
 * moves gets new jobs (the old ones fire as no-ops, or the reconciler removes them first).
 */
import { createHash } from 'node:crypto';
import type { DeadlineRow } from '@app/projections';

export type { DeadlineRow };

export interface DeadlineJob {
  readonly deAnId: string;
  readonly deadlineId: string;
  readonly kind: string;
  readonly dueAt: string;
  /** A reminder's ISO 8601 offset before the due time; absent for the due job. */
  readonly before?: string;
  readonly fireAt: string;
}

const iso = (value: string | Date): string => (value instanceof Date ? value : new Date(value)).toISOString();

export function jobsFor(row: DeadlineRow): DeadlineJob[] {
  if (!row.live) return [];
  const base = { deAnId: row.de_an_id, deadlineId: row.deadline_id, kind: row.kind, dueAt: iso(row.due_at) };
  const sent = new Set(row.notified ?? []);
  return [
    ...row.reminders.filter((r) => !sent.has(r.before)).map((r) => ({ ...base, before: r.before, fireAt: iso(r.at) })),
    { ...base, fireAt: base.dueAt },
  ];
}

/** Deterministic and free of ':' (which BullMQ refuses in custom ids). */
export const jobIdOf = (job: DeadlineJob): string =>
  `dl-${createHash('sha256')
    .update([job.deAnId, job.deadlineId, job.before ?? 'due', job.fireAt].join('\u0000'))
    .digest('hex')
    .slice(0, 40)}`;

/** The notification's idempotency key: one per deadline, due time and reminder offset. */
export const notificationIdOf = (job: DeadlineJob): string =>
  createHash('sha256')
    .update([job.deAnId, job.deadlineId, job.dueAt, job.before ?? 'due'].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
