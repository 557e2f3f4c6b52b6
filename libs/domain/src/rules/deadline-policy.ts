/**
 * The deadline policy table: per deadline kind, the events that open it, how its due time is
 * computed, the events that move or satisfy it, when to remind and whom. Reminders and the
 * recording of missed deadlines are driven from this table (and an override file) — never from code.
 */
import { isDuration } from '../deadlines/duration';
import { Role } from '../shared/messages';
import { IN_FORCE } from './legal-texts';
import { ruleTable, RuleTable } from './rule-table';

export const DEADLINE_KINDS = [
  'registration',
  'appraisal',
  'revision',
  'forwarding',
  'progress-report',
  'completion',
  'settlement-dossier',
  'settlement-final',
  'quarterly-report',
  'six-month-report',
  'annual-report',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** What each deadline is called where users see it. */
export const DEADLINE_LABELS: Readonly<Record<DeadlineKind, string>> = {
  registration: 'Hạn đăng ký',
  appraisal: 'Hạn thẩm định',
  revision: 'Hạn bổ sung hồ sơ',
  forwarding: 'Hạn gửi hồ sơ về Bộ Công Thương',
  'progress-report': 'Hạn báo cáo tiến độ',
  completion: 'Hạn hoàn thành',
  'settlement-dossier': 'Hạn nộp hồ sơ quyết toán',
  'settlement-final': 'Hạn quyết toán',
  'quarterly-report': 'Hạn báo cáo quý',
  'six-month-report': 'Hạn báo cáo 6 tháng',
  'annual-report': 'Hạn báo cáo năm',
};

export type DueRule =
  /** An ISO 8601 duration after the opening event (e.g. "P15D", or "PT5S" in tests). */
  | { readonly kind: 'duration'; readonly iso: string }
  /** The end of the n-th working day after the opening day (weekends and public holidays skipped). */
  | { readonly kind: 'working-days'; readonly days: number }
  /** The end of a fixed calendar day relative to the plan year (e.g. 22/01 of the year after). */
  | { readonly kind: 'calendar-date'; readonly month: number; readonly day: number; readonly yearOffset: number }
  /** The end of a date carried by the opening event (e.g. the contract end date); `otherwise` when it has none. */
  | { readonly kind: 'event-field'; readonly field: string; readonly otherwise?: DueRule }
  /** Every month, before the given day (a new instance opens when the previous one is met or missed). */
  | { readonly kind: 'monthly'; readonly day: number }
  /** Days after the end of each period of `months` (a province's periodic report to the Ministry, not one đề án's). */
  | { readonly kind: 'periodic'; readonly months: 3 | 6 | 12; readonly daysAfter: number };

export interface DeadlinePolicy {
  /** Events of a đề án that open it; empty for calendar deadlines (registration window, quarterly report). */
  readonly opensOn: readonly string[];
  readonly due: DueRule;
  /** Events that satisfy it. */
  readonly closedBy: readonly string[];
  /**
   * Events carrying a new date for it (an approved extension moves the completion date). With
   * `sameDayInYearOf`, the date's year moves a calendar-date deadline (22/01 after the year the đề án
   * now ends), and only ever later.
   */
  readonly movedBy: readonly { readonly event: string; readonly field: string; readonly sameDayInYearOf?: boolean }[];
  /** ISO 8601 durations before the due time. */
  readonly remindBefore: readonly string[];
  /** Who is reminded: the applicant organisation and/or staff roles of the đề án's province. */
  readonly remind: readonly Role[];
  readonly legalBasis: string;
  readonly policyDefault?: boolean;
}

export type DeadlinePolicies = Readonly<Record<DeadlineKind, DeadlinePolicy>>;

export const DEADLINE_POLICY = ruleTable<DeadlinePolicies>('deadline-policy', 'Thời hạn và nhắc hạn', [
  {
    effectiveFrom: IN_FORCE['NĐ 45/2012/NĐ-CP'],
    legalBasis: 'NĐ 45/2012/NĐ-CP; TT 36/2013/TT-BCT; mặc định chính sách nơi văn bản không quy định',
    value: {
      registration: {
        opensOn: [],
        due: { kind: 'calendar-date', month: 5, day: 20, yearOffset: -1 },
        closedBy: [],
        movedBy: [],
        remindBefore: ['P14D', 'P3D'],
        remind: ['applicant', 'officer'],
        legalBasis: 'TT 36/2013/TT-BCT Điều 6',
      },
      appraisal: {
        opensOn: ['CouncilAssigned', 'DeAnRevised'],
        due: { kind: 'working-days', days: 15 },
        closedBy: ['BaseAppraisalConcluded', 'AppraisalConcluded', 'RevisionRequested'],
        movedBy: [],
        remindBefore: ['P3D'],
        remind: ['council', 'officer'],
        legalBasis: 'mặc định chính sách',
        policyDefault: true,
      },
      revision: {
        opensOn: ['RevisionRequested'],
        due: { kind: 'event-field', field: 'dueDate', otherwise: { kind: 'working-days', days: 10 } },
        closedBy: ['DeAnRevised'],
        movedBy: [],
        remindBefore: ['P3D'],
        remind: ['applicant'],
        legalBasis: 'mặc định chính sách (10 ngày làm việc) hoặc hạn do hội đồng ấn định',
        policyDefault: true,
      },
      forwarding: {
        // KCQG: the Sở forwards the base-appraised dossier strictly before 15/6 of the year before the plan year
        opensOn: ['BaseAppraisalConcluded'],
        due: { kind: 'calendar-date', month: 6, day: 14, yearOffset: -1 },
        closedBy: ['DossierForwarded'],
        movedBy: [],
        remindBefore: ['P7D', 'P2D'],
        remind: ['officer'],
        legalBasis: 'TT 36/2013/TT-BCT Điều 10',
      },
      'progress-report': {
        opensOn: ['ContractSigned'],
        due: { kind: 'monthly', day: 25 },
        closedBy: ['ProgressReported', 'DeAnCompleted'],
        movedBy: [],
        remindBefore: ['P3D'],
        remind: ['applicant'],
        legalBasis: 'TT 36/2013/TT-BCT Điều 23',
      },
      completion: {
        opensOn: ['ContractSigned'],
        due: { kind: 'event-field', field: 'endDate' },
        closedBy: ['DeAnCompleted'],
        movedBy: [{ event: 'AdjustmentApproved', field: 'endDate' }],
        remindBefore: ['P30D', 'P7D'],
        remind: ['applicant', 'officer'],
        legalBasis: 'hợp đồng thực hiện đề án',
      },
      'settlement-dossier': {
        opensOn: ['AcceptancePassed'],
        due: { kind: 'duration', iso: 'P15D' },
        closedBy: ['DeAnSettled'],
        movedBy: [],
        remindBefore: ['P3D'],
        remind: ['applicant', 'finance'],
        legalBasis: 'TT 36/2013/TT-BCT Điều 18',
      },
      'settlement-final': {
        opensOn: ['ContractSigned'],
        due: { kind: 'calendar-date', month: 1, day: 22, yearOffset: 1 },
        closedBy: ['DeAnSettled'],
        // TT 36/2013 Điều 11.2.b: an extension into the next year moves the settlement with it
        movedBy: [{ event: 'AdjustmentApproved', field: 'endDate', sameDayInYearOf: true }],
        remindBefore: ['P30D', 'P7D'],
        remind: ['finance', 'officer'],
        legalBasis: 'TT 36/2013/TT-BCT Điều 18',
      },
      // The periodic reports of a province to the Ministry: the texts require them, the days are a policy default.
      'quarterly-report': {
        opensOn: [],
        due: { kind: 'periodic', months: 3, daysAfter: 10 },
        closedBy: ['PeriodicReportSubmitted'],
        movedBy: [],
        remindBefore: ['P3D'],
        remind: ['officer'],
        legalBasis: 'NĐ 45/2012/NĐ-CP Điều 16.1.i; TTLT 26/2014/TTLT-BTC-BCT Điều 9.3 (hạn: mặc định chính sách)',
        policyDefault: true,
      },
      'six-month-report': {
        opensOn: [],
        due: { kind: 'periodic', months: 6, daysAfter: 15 },
        closedBy: ['PeriodicReportSubmitted'],
        movedBy: [],
        remindBefore: ['P3D'],
        remind: ['officer'],
        legalBasis: 'TT 36/2013/TT-BCT Điều 21 (hạn: mặc định chính sách)',
        policyDefault: true,
      },
      'annual-report': {
        opensOn: [],
        due: { kind: 'periodic', months: 12, daysAfter: 15 },
        closedBy: ['PeriodicReportSubmitted'],
        movedBy: [],
        remindBefore: ['P7D', 'P3D'],
        remind: ['officer'],
        legalBasis: 'TT 36/2013/TT-BCT Điều 21 (hạn: mặc định chính sách)',
        policyDefault: true,
      },
    },
  },
]);

/**
 * The policy with an override file's content merged into every version (DEADLINE_POLICY_FILE), e.g.
 * `{ "appraisal": { "due": "PT5S", "remindBefore": ["PT2S"] } }`. `due` is an ISO 8601 duration or a
 * DueRule object. Throws an Error naming the first bad entry.
 */
export function withDeadlineOverrides(table: RuleTable<DeadlinePolicies>, override: unknown): RuleTable<DeadlinePolicies> {
  if (typeof override !== 'object' || override === null || Array.isArray(override))
    throw new Error('deadline policy override: expected a JSON object keyed by deadline kind');
  const changes: Partial<Record<DeadlineKind, Partial<DeadlinePolicy>>> = {};
  for (const [kind, entry] of Object.entries(override)) {
    if (!(DEADLINE_KINDS as readonly string[]).includes(kind))
      throw new Error(`deadline policy override: unknown kind "${kind}" (${DEADLINE_KINDS.join(', ')})`);
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new Error(`deadline policy override: ${kind} must be an object`);
    const change: { -readonly [K in keyof DeadlinePolicy]?: DeadlinePolicy[K] } = {};
    for (const [field, value] of Object.entries(entry as Record<string, unknown>)) {
      const where = `deadline policy override: ${kind}.${field}`;
      if (field === 'due') change.due = dueRule(value, where);
      else if (field === 'remindBefore') {
        if (!Array.isArray(value) || !value.every(isDuration)) throw new Error(`${where} must be a list of ISO 8601 durations`);
        change.remindBefore = value;
      } else if (field === 'opensOn' || field === 'closedBy') {
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new Error(`${where} must be a list of event types`);
        change[field] = value;
      } else throw new Error(`${where}: not overridable (due, remindBefore, opensOn, closedBy)`);
    }
    changes[kind as DeadlineKind] = change;
  }
  return ruleTable(
    table.id,
    table.title,
    table.versions.map((version) => ({
      ...version,
      value: Object.fromEntries(DEADLINE_KINDS.map((kind) => [kind, { ...version.value[kind], ...changes[kind] }])) as unknown as DeadlinePolicies,
    })),
  );
}

function dueRule(value: unknown, where: string): DueRule {
  if (isDuration(value)) return { kind: 'duration', iso: value };
  const rule = value as Partial<Record<string, unknown>> | null;
  const positive = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
  if (rule && typeof rule === 'object') {
    if (rule.kind === 'duration' && isDuration(rule.iso)) return { kind: 'duration', iso: rule.iso };
    if (rule.kind === 'working-days' && positive(rule.days)) return { kind: 'working-days', days: rule.days as number };
    if (rule.kind === 'calendar-date' && positive(rule.month) && positive(rule.day) && Number.isInteger(rule.yearOffset)) {
      return { kind: 'calendar-date', month: rule.month as number, day: rule.day as number, yearOffset: rule.yearOffset as number };
    }
    if (rule.kind === 'event-field' && typeof rule.field === 'string') {
      return {
        kind: 'event-field',
        field: rule.field,
        ...(rule.otherwise !== undefined ? { otherwise: dueRule(rule.otherwise, `${where}.otherwise`) } : {}),
      };
    }
    if (rule.kind === 'monthly' && positive(rule.day)) return { kind: 'monthly', day: rule.day as number };
    if (rule.kind === 'periodic' && [3, 6, 12].includes(rule.months as number) && positive(rule.daysAfter)) {
      return { kind: 'periodic', months: rule.months as 3 | 6 | 12, daysAfter: rule.daysAfter as number };
    }
  }
  throw new Error(
    `${where} must be an ISO 8601 duration (e.g. "PT5S", "P15D") or a due rule object (duration, working-days, calendar-date, event-field, monthly, periodic)`,
  );
}
