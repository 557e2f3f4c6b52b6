/**
 * The deadline policy table: per deadline kind, the event that opens it, how its due time is
 * computed, the events that satisfy it, and when to remind. Reminders and the recording of
 * missed deadlines are driven from this table (and an override file) — never from code.
 */
import { ruleTable } from './rule-table';

export const DEADLINE_KINDS = [
  'registration', 'appraisal', 'revision', 'progress-report', 'completion',
  'settlement-dossier', 'settlement-final', 'quarterly-report',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export type DueRule =
  /** An ISO 8601 duration after the anchor (e.g. "P15D", or "PT5S" in tests). */
  | { readonly kind: 'duration'; readonly iso: string }
  /** Working days after the anchor (weekends and public holidays skipped). */
  | { readonly kind: 'working-days'; readonly days: number }
  /** A fixed calendar day relative to the plan year (e.g. 22/01 of the year after). */
  | { readonly kind: 'calendar-date'; readonly month: number; readonly day: number; readonly yearOffset: number }
  /** A date carried by the anchor event (e.g. the contract end date). */
  | { readonly kind: 'event-field'; readonly field: string }
  /** A day of every month after the anchor (monthly progress before the 25th). */
  | { readonly kind: 'monthly'; readonly day: number }
  /** The last day of the month after each quarter (policy default). */
  | { readonly kind: 'quarterly'; readonly daysAfterQuarter: number };

export interface DeadlinePolicy {
  readonly anchor: string;
  readonly due: DueRule;
  readonly closedBy: readonly string[];
  /** ISO 8601 durations before the due time. */
  readonly remindBefore: readonly string[];
  readonly legalBasis: string;
  readonly policyDefault?: boolean;
}

export const DEADLINE_POLICY = ruleTable<Readonly<Record<DeadlineKind, DeadlinePolicy>>>('deadline-policy', 'Thời hạn và nhắc hạn', [
  {
    effectiveFrom: '2014-01-01',
    legalBasis: 'TT 36/2013/TT-BCT; mặc định chính sách nơi văn bản không quy định',
    value: {
      registration: {
        anchor: 'PlanYearOpened', due: { kind: 'calendar-date', month: 5, day: 20, yearOffset: -1 },
        closedBy: ['DeAnRegistered'], remindBefore: ['P14D', 'P3D'], legalBasis: 'TT 36/2013/TT-BCT Điều 6',
      },
      appraisal: {
        anchor: 'CouncilAssigned', due: { kind: 'working-days', days: 15 },
        closedBy: ['AppraisalConcluded', 'RevisionRequested'], remindBefore: ['P3D'],
        legalBasis: 'mặc định chính sách', policyDefault: true,
      },
      revision: {
        anchor: 'RevisionRequested', due: { kind: 'working-days', days: 10 },
        closedBy: ['DeAnRevised'], remindBefore: ['P3D'], legalBasis: 'mặc định chính sách', policyDefault: true,
      },
      'progress-report': {
        anchor: 'ContractSigned', due: { kind: 'monthly', day: 25 },
        closedBy: ['ProgressReported'], remindBefore: ['P3D'], legalBasis: 'TT 36/2013/TT-BCT Điều 23',
      },
      completion: {
        anchor: 'ContractSigned', due: { kind: 'event-field', field: 'endDate' },
        closedBy: ['DeAnCompleted'], remindBefore: ['P30D', 'P7D'], legalBasis: 'hợp đồng thực hiện đề án',
      },
      'settlement-dossier': {
        anchor: 'AcceptancePassed', due: { kind: 'duration', iso: 'P15D' },
        closedBy: ['DeAnSettled'], remindBefore: ['P3D'], legalBasis: 'TT 36/2013/TT-BCT Điều 18',
      },
      'settlement-final': {
        anchor: 'ContractSigned', due: { kind: 'calendar-date', month: 1, day: 22, yearOffset: 1 },
        closedBy: ['DeAnSettled'], remindBefore: ['P30D', 'P7D'], legalBasis: 'TT 36/2013/TT-BCT Điều 18',
      },
      'quarterly-report': {
        anchor: 'ContractSigned', due: { kind: 'quarterly', daysAfterQuarter: 10 },
        closedBy: [], remindBefore: ['P3D'], legalBasis: 'mặc định chính sách', policyDefault: true,
      },
    },
  },
]);
