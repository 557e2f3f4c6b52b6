/**
 * A province's periodic reports to the Ministry (docs/DOMAIN.md, "Periodic reporting"): quarterly
 * (NĐ 45/2012 Điều 16.1.i; TTLT 26/2014 Điều 9.3), six-month and annual (TT 36/2013 Điều 21). Each report
 * of a province for a period is one stream: an officer of the province submits it — the figures as of the
 * submission instant, their SHA-256, who signed —, or the scheduler records it missed once its due day
 * (the deadline policy's, in force at the period's end) has passed. A late submission is still taken, and
 * marked late. Pure: the snapshot and its hash are computed by the caller, time arrives with the command.
 */
import { DEADLINE_POLICY, DeadlineKind, DeadlinePolicies } from '../rules/deadline-policy';
import { requireProvinceOn } from '../rules/provinces';
import { RuleTable, versionInForce } from '../rules/rule-table';
import { isoDate, IsoDate, vietnamDay } from '../shared/dates';
import { IllegalTransitionError, InvalidCommandError, NotPermittedError, RuleViolationError } from '../shared/errors';
import { assertNever, Command, Decider, Event } from '../shared/messages';

export const REPORT_TYPES = ['quarterly', 'six-month', 'annual'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

export const REPORT_TYPE_LABELS: Readonly<Record<ReportType, string>> = {
  quarterly: 'Báo cáo quý',
  'six-month': 'Báo cáo 6 tháng',
  annual: 'Báo cáo năm',
};

/** The deadline policy's kind for each report: its due rule and legal basis live there, once. */
const DEADLINE_KIND: Readonly<Record<ReportType, DeadlineKind>> = {
  quarterly: 'quarterly-report',
  'six-month': 'six-month-report',
  annual: 'annual-report',
};

/** The period's form: 2026-Q3, 2026-H1, 2026. */
const PERIOD_FORM: Readonly<Record<ReportType, RegExp>> = {
  quarterly: /^(\d{4})-Q([1-4])$/,
  'six-month': /^(\d{4})-H([12])$/,
  annual: /^(\d{4})$/,
};
const MONTHS: Readonly<Record<ReportType, number>> = { quarterly: 3, 'six-month': 6, annual: 12 };

export interface ReportPeriod {
  readonly type: ReportType;
  readonly period: string;
  readonly year: number;
  readonly start: IsoDate;
  readonly end: IsoDate;
}

/** The period a report covers, or undefined when the text is not one of its type. */
export function reportPeriod(type: ReportType, period: string): ReportPeriod | undefined {
  const match = PERIOD_FORM[type]?.exec(period);
  if (!match) return undefined;
  const year = Number(match[1]);
  const index = match[2] === undefined ? 1 : Number(match[2]);
  const months = MONTHS[type];
  const firstMonth = (index - 1) * months + 1;
  const lastMonth = firstMonth + months - 1;
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  return { type, period, year, start: isoDate(year, firstMonth, 1), end: isoDate(year, lastMonth, lastDay) };
}

/** The periods of a type whose end falls in [from, to] (calendar days), oldest first. */
export function periodsEndingBetween(type: ReportType, from: IsoDate, to: IsoDate): ReportPeriod[] {
  const periods: ReportPeriod[] = [];
  const count = 12 / MONTHS[type];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    for (let i = 1; i <= count; i++) {
      const p = reportPeriod(type, type === 'annual' ? String(year) : `${year}-${type === 'quarterly' ? 'Q' : 'H'}${i}`)!;
      if (p.end >= from && p.end <= to) periods.push(p);
    }
  }
  return periods;
}

/** The due instant of a report (the end of its due day in Vietnam) and the rule's legal basis, by the policy in force at the period's end. */
export function reportDue(
  period: ReportPeriod,
  policy: RuleTable<DeadlinePolicies> = DEADLINE_POLICY,
): { readonly dueOn: IsoDate; readonly dueAt: string; readonly legalBasis: string } {
  const rule = versionInForce(policy, period.end).value[DEADLINE_KIND[period.type]];
  const days = rule.due.kind === 'periodic' ? rule.due.daysAfter : 0;
  const dueOn = new Date(Date.parse(`${period.end}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  return { dueOn, dueAt: new Date(Date.parse(`${dueOn}T23:59:59.999+07:00`)).toISOString(), legalBasis: rule.legalBasis };
}

export const PERIODIC_REPORT_STREAM_PREFIX = 'periodic-report-';
export const periodicReportStreamId = (province: string, type: ReportType, period: string): string =>
  `${PERIODIC_REPORT_STREAM_PREFIX}${province}-${type}-${period}`;

interface Obligation {
  readonly province: string;
  readonly reportType: ReportType;
  readonly period: string;
}

export type SubmitPeriodicReport = Command<
  'SubmitPeriodicReport',
  Obligation & {
    /** What was submitted: the report's figures as of the submission instant (the caller computes them). */
    readonly snapshot: Readonly<Record<string, unknown>>;
    /** SHA-256 (hex) of the snapshot's canonical JSON. */
    readonly snapshotHash: string;
  }
>;
/** Recorded by the scheduler: the due day passed without a submission. */
export type RecordReportMissed = Command<'RecordReportMissed', Obligation>;
export type PeriodicReportCommand = SubmitPeriodicReport | RecordReportMissed;

export type PeriodicReportEvent =
  | Event<
      'PeriodicReportSubmitted',
      Obligation & {
        readonly dueAt: string;
        readonly submittedAt: string;
        readonly late: boolean;
        readonly snapshotHash: string;
        readonly snapshot: Readonly<Record<string, unknown>>;
        readonly legalBasis: string;
      }
    >
  | Event<'PeriodicReportMissed', Obligation & { readonly dueAt: string; readonly legalBasis: string }>;

export type PeriodicReportState =
  | { readonly status: 'Due' }
  | { readonly status: 'Missed'; readonly dueAt: string }
  | { readonly status: 'Submitted'; readonly late: boolean; readonly snapshotHash: string };

const validPeriod = (data: Obligation): ReportPeriod => {
  if (!(REPORT_TYPES as readonly string[]).includes(data.reportType)) throw new InvalidCommandError('type', `phải là ${REPORT_TYPES.join(', ')}`);
  const period = typeof data.period === 'string' ? reportPeriod(data.reportType, data.period) : undefined;
  if (!period) {
    const form = { quarterly: '2026-Q3', 'six-month': '2026-H1', annual: '2026' }[data.reportType];
    throw new InvalidCommandError('period', `kỳ báo cáo không hợp lệ (dạng ${form})`);
  }
  return period;
};

export function decidePeriodicReport(
  command: PeriodicReportCommand,
  state: PeriodicReportState,
  policy: RuleTable<DeadlinePolicies> = DEADLINE_POLICY,
): PeriodicReportEvent[] {
  const { data, metadata } = command;
  const period = validPeriod(data);
  const today = vietnamDay(metadata.now);
  const { dueAt, legalBasis } = reportDue(period, policy);
  const obligation = { province: data.province, reportType: data.reportType, period: data.period };
  switch (command.type) {
    case 'SubmitPeriodicReport': {
      requireProvinceOn(data.province, today);
      // the report of a province is its own officers' to sign (the Ministry's receive it)
      if (metadata.actor.role !== 'officer' || metadata.actor.province !== data.province) {
        throw new NotPermittedError('Chỉ cán bộ khuyến công của tỉnh được nộp báo cáo định kỳ của tỉnh');
      }
      if (state.status === 'Submitted') throw new IllegalTransitionError(command.type, state.status, 'báo cáo kỳ này (đã nộp)');
      if (today <= period.end) {
        throw new RuleViolationError('report-period-open', legalBasis, `Kỳ báo cáo ${data.period} chưa kết thúc (đến hết ngày ${period.end})`, {
          periodEnd: period.end,
        });
      }
      if (!/^[0-9a-f]{64}$/.test(command.data.snapshotHash)) throw new InvalidCommandError('snapshotHash', 'phải là SHA-256 (64 ký tự hex)');
      const submittedAt = metadata.now.toISOString();
      const { snapshot, snapshotHash } = command.data;
      return [
        {
          type: 'PeriodicReportSubmitted',
          data: { ...obligation, dueAt, submittedAt, late: submittedAt > dueAt, snapshotHash, snapshot, legalBasis },
        },
      ];
    }
    case 'RecordReportMissed':
      // once, and only when due and not submitted: the scheduler may ask any number of times
      if (state.status !== 'Due' || metadata.now.toISOString() <= dueAt) return [];
      return [{ type: 'PeriodicReportMissed', data: { ...obligation, dueAt, legalBasis } }];
    default:
      return assertNever(command, 'periodic report command');
  }
}

export function evolvePeriodicReport(state: PeriodicReportState, event: PeriodicReportEvent): PeriodicReportState {
  switch (event.type) {
    case 'PeriodicReportSubmitted':
      return { status: 'Submitted', late: event.data.late, snapshotHash: event.data.snapshotHash };
    case 'PeriodicReportMissed':
      return state.status === 'Due' ? { status: 'Missed', dueAt: event.data.dueAt } : state;
    default:
      return assertNever(event, 'periodic report event');
  }
}

export const isPeriodicReportEventType = (type: string): type is PeriodicReportEvent['type'] =>
  type === 'PeriodicReportSubmitted' || type === 'PeriodicReportMissed';

export type PeriodicReportDecider = Decider<PeriodicReportCommand, PeriodicReportEvent, PeriodicReportState>;
/** The decider under a deadline policy (the deployment's, DEADLINE_POLICY_FILE merged in). */
export const periodicReportDecider = (policy: RuleTable<DeadlinePolicies> = DEADLINE_POLICY): PeriodicReportDecider => ({
  decide: (command, state) => decidePeriodicReport(command, state, policy),
  evolve: evolvePeriodicReport,
  initialState: () => ({ status: 'Due' }),
  isTerminal: (state) => state.status === 'Submitted',
});
