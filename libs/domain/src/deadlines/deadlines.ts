/**
 * The open deadlines of one đề án, folded from its events by the deadline policy in force on the
 * day of each opening event and the working-day calendar. Pure: the projection, the scheduler and
 * the recording of a missed deadline all use this one fold, so they can never disagree.
 */
import { DeadlineKind, DeadlinePolicies, DeadlinePolicy, DEADLINE_KINDS, DEADLINE_POLICY, DueRule } from '../rules/deadline-policy';
import { RuleTable, versionInForce } from '../rules/rule-table';
import { WorkingCalendar, workingCalendar } from '../rules/working-calendar';
import { isIsoDate, isoDate, IsoDate, vietnamDay } from '../shared/dates';
import type { DeadlineMissed } from '../de-an/events';
import { Role } from '../shared/messages';
import { shiftInstant } from './duration';

export interface DeadlineRules {
  readonly policy: RuleTable<DeadlinePolicies>;
  readonly calendar: WorkingCalendar;
}

/** The shipped policy and calendar (the apps merge DEADLINE_POLICY_FILE and WORKING_CALENDAR_FILE over them). */
export const DEFAULT_DEADLINE_RULES: DeadlineRules = { policy: DEADLINE_POLICY, calendar: workingCalendar() };

/** What the fold needs of a stored event (a stored event of the store has this shape already). */
export interface DeadlineEvent {
  readonly type: string;
  readonly data: unknown;
  readonly version: number;
  readonly metadata: {
    /** Business time (when the act happened). */
    readonly occurredAt: string;
    /** When the system recorded it (imported history is recorded long after it occurred). */
    readonly recordedAt: string;
  };
}

export interface Reminder {
  /** The policy's ISO 8601 offset before the due time (also the reminder's identity). */
  readonly before: string;
  readonly at: string;
}

export interface OpenDeadline {
  /** Unique within the đề án: kind@instance (the opening event's version, or the month of a monthly deadline). */
  readonly id: string;
  readonly kind: DeadlineKind;
  readonly dueAt: string;
  /** Reminders still ahead when the deadline became known to the system. */
  readonly reminders: readonly Reminder[];
  readonly remind: readonly Role[];
  /**
   * False when the deadline had already passed when the system recorded the event that opened it
   * (imported history): nobody could have been reminded, so nothing fires and nothing is recorded missed.
   */
  readonly live: boolean;
  readonly legalBasis: string;
}

export interface DeadlineState {
  readonly planYear: number | null;
  readonly ended: boolean;
  readonly open: readonly OpenDeadline[];
}

export const initialDeadlineState = (): DeadlineState => ({ planYear: null, ended: false, open: [] });

/** Events after which a đề án has no deadline left. */
const ENDING = new Set(['DeAnRejected', 'DeAnWithdrawn', 'DeAnStopped', 'DeAnSettled']);

/** The end of a calendar day in Vietnam, as an instant. */
export const endOfVietnamDay = (day: IsoDate): string => new Date(Date.parse(`${day}T23:59:59.999+07:00`)).toISOString();

type Data = Record<string, unknown>;

export function evolveDeadlines(state: DeadlineState, event: DeadlineEvent, rules: DeadlineRules): DeadlineState {
  if (state.ended) return state;
  const data = (event.data ?? {}) as Data;
  if (ENDING.has(event.type)) return { ...state, ended: true, open: [] };
  const planYear = event.type === 'DeAnRegistered' && typeof data.planYear === 'number' ? data.planYear : state.planYear;
  const policies = policiesOn(rules, event.metadata.occurredAt);
  if (event.type === 'DeadlineMissed') {
    const missed = state.open.find((d) => d.id === data.deadlineId);
    const rest = state.open.filter((d) => d.id !== data.deadlineId);
    // A monthly deadline opens its next month once this one is recorded missed.
    const policy = missed && policies?.[missed.kind];
    const next = missed && policy?.due.kind === 'monthly' ? monthlyAfter(missed.kind, monthOf(missed.id), policy, event) : undefined;
    return { ...state, planYear, open: next ? [...rest, next] : rest };
  }
  if (!policies) return { ...state, planYear };
  let open = state.open;
  for (const kind of DEADLINE_KINDS) {
    const policy = policies[kind];
    const current = open.find((d) => d.kind === kind);
    if (current && policy.closedBy.includes(event.type)) {
      open = open.filter((d) => d !== current);
      if (policy.due.kind === 'monthly' && typeof data.period === 'string') {
        // A report opens the next month's: after the month just met and after the month it covers.
        const after = data.period > monthOf(current.id) ? data.period : monthOf(current.id);
        open = [...open, monthlyAfter(kind, after, policy, event)];
      }
      continue;
    }
    const move = policy.movedBy.find((m) => m.event === event.type);
    const moveTo = move ? data[move.field] : undefined;
    if (current && isIsoDate(moveTo)) {
      const rule = policy.due;
      const dueAt =
        move!.sameDayInYearOf && rule.kind === 'calendar-date'
          ? endOfVietnamDay(isoDate(Number(moveTo.slice(0, 4)) + rule.yearOffset, rule.month, rule.day))
          : endOfVietnamDay(moveTo);
      if (!move!.sameDayInYearOf || dueAt > current.dueAt)
        open = open.map((d) => (d === current ? withDue(kind, current.id, dueAt, policy, event) : d));
      continue;
    }
    if (!current && policy.opensOn.includes(event.type)) {
      const opened = openDeadline(kind, policy, event, data, planYear, rules.calendar);
      if (opened) open = [...open, opened];
    }
  }
  return { planYear, ended: false, open };
}

function policiesOn(rules: DeadlineRules, instant: string): DeadlinePolicies | undefined {
  try {
    return versionInForce(rules.policy, vietnamDay(new Date(instant))).value;
  } catch {
    return undefined; // before the first version of the policy: no deadlines
  }
}

function openDeadline(
  kind: DeadlineKind,
  policy: DeadlinePolicy,
  event: DeadlineEvent,
  data: Data,
  planYear: number | null,
  calendar: WorkingCalendar,
): OpenDeadline | undefined {
  if (policy.due.kind === 'monthly') return monthlyAfter(kind, vietnamDay(new Date(event.metadata.occurredAt)).slice(0, 7), policy, event);
  const dueAt = dueOf(policy.due, event, data, planYear, calendar);
  return dueAt ? withDue(kind, `${kind}@${event.version}`, dueAt, policy, event) : undefined;
}

function dueOf(rule: DueRule, event: DeadlineEvent, data: Data, planYear: number | null, calendar: WorkingCalendar): string | undefined {
  switch (rule.kind) {
    case 'duration':
      return shiftInstant(event.metadata.occurredAt, rule.iso);
    case 'working-days':
      return endOfVietnamDay(calendar.addWorkingDays(vietnamDay(new Date(event.metadata.occurredAt)), rule.days));
    case 'calendar-date':
      return planYear === null ? undefined : endOfVietnamDay(isoDate(planYear + rule.yearOffset, rule.month, rule.day));
    case 'event-field': {
      const value = data[rule.field];
      if (isIsoDate(value)) return endOfVietnamDay(value);
      return rule.otherwise ? dueOf(rule.otherwise, event, data, planYear, calendar) : undefined;
    }
    case 'monthly':
    case 'periodic':
      return undefined; // monthly deadlines open in openDeadline; periodic ones are a province's (reporting/periodic-reports.ts)
  }
}

/** A deadline due at `dueAt`, its reminders, and whether the system knew of it in time. */
function withDue(kind: DeadlineKind, id: string, dueAt: string, policy: DeadlinePolicy, event: DeadlineEvent): OpenDeadline {
  const known = event.metadata.recordedAt;
  const reminders = policy.remindBefore
    .map((before) => ({ before, at: shiftInstant(dueAt, before, -1) }))
    .filter((r) => r.at >= known && r.at < dueAt);
  return { id, kind, dueAt, reminders, remind: policy.remind, live: dueAt >= known, legalBasis: policy.legalBasis };
}

/** The monthly deadline of the month after `month`. */
function monthlyAfter(kind: DeadlineKind, month: string, policy: DeadlinePolicy, event: DeadlineEvent): OpenDeadline {
  const next = nextMonth(month);
  const day = policy.due.kind === 'monthly' ? policy.due.day : 1;
  return withDue(kind, `${kind}@${next}`, monthlyDue(next, day), policy, event);
}

const monthOf = (id: string): string => id.slice(id.indexOf('@') + 1);

/** Before day `day` of the month: the end of the day before. */
const monthlyDue = (month: string, day: number): string => {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.parse(`${isoDate(y!, m!, day)}T00:00:00+07:00`) - 1).toISOString();
};

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y! + 1}-01` : `${y}-${String(m! + 1).padStart(2, '0')}`;
}

export function foldDeadlines(events: readonly DeadlineEvent[], rules: DeadlineRules, state = initialDeadlineState()): DeadlineState {
  return events.reduce((s, e) => evolveDeadlines(s, e, rules), state);
}

export type MissedOutcome = 'recorded' | 'not-open' | 'not-due' | 'not-live';

/**
 * Whether a deadline is missed at `now`: still open, known to the system in time, and past due.
 * The scheduler decides on the stream's own events (not on a projection that may lag), so a deadline
 * met a moment before it fell due is never recorded missed.
 */
export function decideDeadlineMissed(state: DeadlineState, deadlineId: string, now: Date): { outcome: MissedOutcome; events: DeadlineMissed[] } {
  const deadline = state.open.find((d) => d.id === deadlineId);
  if (!deadline) return { outcome: 'not-open', events: [] };
  if (!deadline.live) return { outcome: 'not-live', events: [] };
  if (Date.parse(deadline.dueAt) > now.getTime()) return { outcome: 'not-due', events: [] };
  return {
    outcome: 'recorded',
    events: [{ type: 'DeadlineMissed', data: { deadlineId, kind: deadline.kind, dueAt: deadline.dueAt, legalBasis: deadline.legalBasis } }],
  };
}
