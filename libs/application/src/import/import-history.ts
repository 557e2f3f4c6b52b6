/**
 * Import of history: provinces adopting the system bring years of past đề án. Every act of a record
 * goes through the same deciders as a live command (handleDeAnCommand, which also moves the plan's
 * books), with the act's historic instant as its business time, so the rules in force on that day
 * judge it; the store stamps recordedAt with the server's clock. Events carry
 * `imported: { externalId }` in their metadata.
 *
 * Ids are derived from the externalId (and the step's position), so importing a record again appends
 * nothing, and a record that grew (or was fixed after a failure) resumes after its last stored step.
 * A record that fails part-way keeps its earlier steps (they are valid history): its result says how
 * many steps are stored and which one failed.
 */
import {
  Actor, DeAnCommand, DeAnDecider, deAnStreamId, DomainError, IllegalTransitionError, InvalidCommandError, planDecider, planStreamId, RuleViolationError,
} from '@app/domain';
import { EventStore } from '@app/event-store';
import { handleDeAnCommand } from '../de-an-commands';
import { CommandContext, ConcurrencyConflictError, DEFAULT_RETRY, handleCommand, Handled, RetryPolicy } from '../handle-command';
import { importCommandId, importedDeAnId, importedPlanId, importEntityId } from '../ids';
import {
  ImportBodyValidator, ImportFieldError, isPlainObject, ParsedDeAnRecord, ParsedPlanRecord, ParsedStep, parseRecord, recordKind,
} from './import-record';

export type ImportStatus = 'imported' | 'skipped' | 'failed';

/** Why a record failed, in the shape of the API's problem details (RFC 9457). */
export interface ImportError {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  /** The rule violated (422), and its legal basis. */
  readonly rule?: string;
  readonly legalBasis?: string;
  readonly details?: Readonly<Record<string, string | number | boolean>>;
  readonly errors?: readonly ImportFieldError[];
  /** The act that failed: 'registration', or the 0-based index in `steps`. */
  readonly step?: number | 'registration';
}

export interface ImportResult {
  readonly externalId: string | null;
  readonly kind: 'de-an' | 'plan';
  /** 0-based position of the record in the request. */
  readonly index: number;
  /** 1-based line of the record in an NDJSON file. */
  readonly line?: number;
  /** imported: something was appended; skipped: every act was already stored (an earlier import); failed: see error. */
  readonly status: ImportStatus;
  /** The đề án (or plan) id, once its registration (or creation) is stored. */
  readonly id?: string;
  /** The stream's version after the record's last stored act. */
  readonly version?: number;
  /** How many of `steps` are stored; on failure, earlier steps stay (they are valid history). */
  readonly completedSteps?: number;
  readonly error?: ImportError;
}

export interface ImportInput {
  readonly record: unknown;
  /** Position reported back; defaults to the position in the batch. */
  readonly index?: number;
  readonly line?: number;
}

export interface HistoryImportOptions {
  /** The HTTP API's body validation (DTOs) for every registration, plan and step body. */
  readonly validateBody?: ImportBodyValidator;
  /** Province of a province-scoped importer: records of other provinces are refused (403). */
  readonly province?: string;
  /** The present, for refusing acts "in the future"; defaults to the clock. */
  readonly now?: () => Date;
  readonly retry?: RetryPolicy;
  /** Told of errors that are not the record's fault (store down, a bug); the record reports a 500. */
  readonly onUnexpectedError?: (error: unknown, result: ImportResult) => void;
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Dữ liệu không hợp lệ',
  403: 'Không có quyền thực hiện',
  409: 'Xung đột trạng thái',
  422: 'Vi phạm quy định nghiệp vụ',
  500: 'Lỗi hệ thống',
};

const importError = (status: number, detail: string, extra: Partial<ImportError> = {}): ImportError =>
  ({ status, title: TITLES[status] ?? 'Lỗi', detail, ...extra });

/** A domain error as the API would answer it (same statuses as the HTTP problem filter). */
export function importErrorOf(error: unknown, step: number | 'registration' | undefined, fieldPrefix: string): ImportError | undefined {
  const where = step === undefined ? {} : { step };
  const field = (name: string) => (fieldPrefix ? `${fieldPrefix}.${name}` : name);
  if (error instanceof DomainError) {
    if (error instanceof InvalidCommandError) {
      return importError(400, `${field(error.field)}: ${error.reason}`, { errors: [{ field: field(error.field), message: error.reason }], ...where });
    }
    if (error instanceof IllegalTransitionError) {
      return importError(409, `Không thể thực hiện ${error.command} khi đề án đang ở trạng thái ${error.status}`, where);
    }
    if (error instanceof RuleViolationError) {
      return importError(422, error.message, { rule: error.ruleId, legalBasis: error.legalBasis, details: error.details, ...where });
    }
    return importError(403, error.message, where);
  }
  if (error instanceof ConcurrencyConflictError) return importError(409, 'Dữ liệu vừa được người khác thay đổi; vui lòng nhập lại bản ghi', where);
  return undefined;
}

export function summarize(results: readonly ImportResult[]): Record<ImportStatus, number> {
  const counts: Record<ImportStatus, number> = { imported: 0, skipped: 0, failed: 0 };
  for (const result of results) counts[result.status] += 1;
  return counts;
}

export class HistoryImport {
  private readonly now: () => Date;

  constructor(private readonly store: EventStore, private readonly decider: DeAnDecider, private readonly options: HistoryImportOptions = {}) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Imports a batch: plan records first (an approval may name a plan of the same batch), then the
   * đề án, one after the other. Results come back in the order of the input.
   */
  async importAll(inputs: readonly ImportInput[], onResult?: (result: ImportResult, done: number) => void): Promise<ImportResult[]> {
    const results: ImportResult[] = new Array(inputs.length);
    const order = [...inputs.keys()].sort((a, b) => Number(recordKind(inputs[b]!.record) === 'plan') - Number(recordKind(inputs[a]!.record) === 'plan'));
    let done = 0;
    for (const position of order) {
      const input = inputs[position]!;
      const result = await this.importOne(input.record, { index: input.index ?? position, ...(input.line !== undefined ? { line: input.line } : {}) });
      results[position] = result;
      onResult?.(result, ++done);
    }
    return results;
  }

  /** Imports one record (a plan or a đề án); never throws for the record's own faults. */
  async importOne(record: unknown, position: { readonly index: number; readonly line?: number }): Promise<ImportResult> {
    const parsed = await parseRecord(record, { now: this.now(), resolvePlan: importedPlanId, ...(this.options.validateBody ? { validateBody: this.options.validateBody } : {}) });
    const base = { index: position.index, ...(position.line !== undefined ? { line: position.line } : {}) };
    if (!parsed.ok) {
      const step = parsed.step !== undefined ? { step: parsed.step } : {};
      return {
        externalId: parsed.externalId, kind: parsed.kind, ...base, status: 'failed', ...(parsed.kind === 'de-an' ? { completedSteps: 0 } : {}),
        error: importError(400, 'Bản ghi không hợp lệ; không bước nào được nhập', { errors: parsed.errors, ...step }),
      };
    }
    const { record: valid } = parsed;
    const scope = this.options.province;
    const province = valid.kind === 'plan' ? valid.plan.province : valid.registration.province;
    if (scope !== undefined && province !== scope) {
      return {
        externalId: valid.externalId, kind: valid.kind, ...base, status: 'failed', ...(valid.kind === 'de-an' ? { completedSteps: 0 } : {}),
        error: importError(403, `Cán bộ cấp tỉnh chỉ nhập ${valid.kind === 'plan' ? 'kế hoạch' : 'đề án'} của tỉnh ${scope}`),
      };
    }
    return valid.kind === 'plan' ? this.importPlan(valid, base) : this.importDeAn(valid, base);
  }

  private async importPlan(record: ParsedPlanRecord, base: { index: number; line?: number }): Promise<ImportResult> {
    const planId = importedPlanId(record.externalId);
    const { plan } = record;
    const targets = Array.isArray(plan.targets) ? plan.targets.map(resultLine) : plan.targets ?? [];
    const command = {
      type: 'CreatePlan',
      data: {
        planId, year: plan.year, fundingSource: plan.fundingSource, level: plan.level, allocation: plan.allocation, targets,
        ...(plan.province !== undefined ? { province: plan.province } : {}),
      },
      metadata: { actor: record.actor, now: record.createdAt, commandId: importCommandId('plan', record.externalId, 'plan') },
    } as Parameters<typeof planDecider.decide>[0];
    const result = { externalId: record.externalId, kind: 'plan' as const, ...base };
    try {
      const handled = await handleCommand(this.store, planDecider, planStreamId(planId), command, { imported: { externalId: record.externalId } }, this.retry);
      return { ...result, status: handled.duplicate ? 'skipped' : 'imported', id: planId, version: handled.version };
    } catch (error) {
      return this.failed(result, error, undefined, 'plan');
    }
  }

  private async importDeAn(record: ParsedDeAnRecord, base: { index: number; line?: number }): Promise<ImportResult> {
    const deAnId = importedDeAnId(record.externalId);
    const context: CommandContext = { imported: { externalId: record.externalId } };
    const result = { externalId: record.externalId, kind: 'de-an' as const, ...base };
    let appended = false;
    let version: number | undefined;
    let completedSteps = 0;
    const note = (handled: Handled<unknown>) => {
      if (!handled.duplicate && handled.events.length > 0) appended = true;
      version = handled.version;
    };
    const stored = () => ({ ...(version !== undefined ? { id: deAnId, version } : {}), completedSteps });

    // One read tells which acts an earlier import already stored: a re-import then costs one read per
    // record. Acts not found go through handleDeAnCommand, which checks their command id once more.
    const storedAt = new Map<string, number>();
    try {
      for (const event of await this.store.readStream(deAnStreamId(deAnId))) storedAt.set(event.metadata.commandId, event.version);
    } catch (error) {
      return this.failed({ ...result, ...stored() }, error, undefined, '');
    }
    const run = async (command: DeAnCommand) => {
      const earlier = storedAt.get(command.metadata.commandId);
      if (earlier !== undefined) version = earlier;
      else note(await handleDeAnCommand(this.store, this.decider, deAnId, command, context, this.retry));
    };

    const { registration } = record;
    const register = {
      type: 'RegisterDeAn',
      data: {
        deAnId, organisation: record.organisation,
        ...pick(registration, PROPOSAL_FIELDS),
        ...(isPlainObject(registration.supplementary) ? { supplementary: { reason: registration.supplementary.reason } } : {}),
      },
      metadata: { actor: record.actor, now: record.registeredAt, commandId: importCommandId('de-an', record.externalId, 'registration') },
    } as DeAnCommand;
    try {
      await run(register);
    } catch (error) {
      return this.failed({ ...result, ...stored() }, error, 'registration', 'registration');
    }

    // The adjustments requested and not yet decided, in order: a decision without an id decides the latest.
    const pending: string[] = [];
    for (const step of record.steps) {
      let command: DeAnCommand;
      try {
        command = this.commandFor(record.externalId, step, pending);
        await run(command);
      } catch (error) {
        return this.failed({ ...result, ...stored() }, error, step.index, `steps[${step.index}]`);
      }
      if (command.type === 'RequestAdjustment') pending.push(command.data.adjustmentId);
      if (command.type === 'DecideAdjustment' && pending.includes(command.data.adjustmentId)) pending.splice(pending.indexOf(command.data.adjustmentId), 1);
      completedSteps += 1;
    }
    return { ...result, status: appended ? 'imported' : 'skipped', ...stored() };
  }

  private get retry(): RetryPolicy {
    return this.options.retry ?? DEFAULT_RETRY;
  }

  private failed(result: ImportResult | Omit<ImportResult, 'status'>, error: unknown, step: number | 'registration' | undefined, fieldPrefix: string): ImportResult {
    const known = importErrorOf(error, step, fieldPrefix);
    const failed: ImportResult = {
      ...result, status: 'failed',
      error: known ?? importError(500, 'Đã xảy ra lỗi không mong muốn khi nhập bản ghi; sự cố đã được ghi lại', step === undefined ? {} : { step }),
    };
    if (!known) this.options.onUnexpectedError?.(error, failed);
    return failed;
  }

  /** The step's HTTP body as the command the controller would send (same mapping as de-an.controller.ts). */
  private commandFor(externalId: string, step: ParsedStep, pending: readonly string[]): DeAnCommand {
    const b = step.body;
    const metadata = { actor: step.actor as Actor, now: step.at, commandId: importCommandId('de-an', externalId, step.index) };
    const command = (type: DeAnCommand['type'], data: Record<string, unknown>) => ({ type, data, metadata }) as DeAnCommand;
    switch (step.type) {
      case 'council':
        return command('AssignCouncil', { members: Array.isArray(b.members) ? b.members.map((m: unknown) => (isPlainObject(m) ? { sub: m.sub, name: m.name } : m)) : b.members, chair: b.chair });
      case 'reviews':
        return command('SubmitReview', { score: b.score, recommendation: b.recommendation, comments: b.comments ?? '', conflictOfInterest: b.conflictOfInterest });
      case 'revision-request':
        return command('RequestRevision', { items: b.items, dueDate: b.dueDate });
      case 'revision':
        return command('ReviseDeAn', { changes: isPlainObject(b.changes) ? defined(b.changes) : b.changes, note: b.note ?? '' });
      case 'appraisal':
        return command('ConcludeAppraisal', { result: b.result, recommendedSupport: b.recommendedSupport, machineryValuation: b.machineryValuation, minutesNo: b.minutesNo });
      case 'approval':
        return command('ApproveDeAn', { decisionNo: b.decisionNo, decisionDate: b.decisionDate, approvedSupport: b.approvedSupport, planId: b.planId });
      case 'rejection':
        return command('RejectDeAn', { reason: b.reason });
      case 'contract':
        return command('SignContract', { contractNo: b.contractNo, signedDate: b.signedDate, endDate: b.endDate, selection: b.selection });
      case 'advances':
        return command('PayAdvance', { amount: b.amount, paidDate: b.paidDate });
      case 'progress':
        return command('ReportProgress', { period: b.period, percentComplete: b.percentComplete, investedAmount: b.investedAmount, notes: b.notes ?? '' });
      case 'adjustments':
        return command('RequestAdjustment', {
          adjustmentId: step.adjustmentId ?? importEntityId('adjustment', externalId, step.index), kind: b.kind,
          proposed: isPlainObject(b.proposed) ? defined(b.proposed) : b.proposed, reason: b.reason,
        });
      case 'adjustment-decision': {
        const adjustmentId = step.adjustmentId ?? pending.at(-1);
        if (adjustmentId === undefined) throw new InvalidCommandError('adjustmentId', 'không có đề nghị điều chỉnh nào đang chờ quyết định trong bản ghi');
        return command('DecideAdjustment', { adjustmentId, approved: b.approved, decisionNo: b.decisionNo });
      }
      case 'inspections':
        return command('RecordInspection', {
          inspectionId: importEntityId('inspection', externalId, step.index), date: b.date, inspectors: b.inspectors, result: b.result, findings: b.findings ?? '',
        });
      case 'suspension':
        return command('SuspendDeAn', { reason: b.reason, decisionNo: b.decisionNo });
      case 'resumption':
        return command('ResumeDeAn', { reason: b.reason, decisionNo: b.decisionNo });
      case 'stop':
        return command('StopDeAn', { reason: b.reason, decisionNo: b.decisionNo, recoverAmount: b.recoverAmount });
      case 'withdrawal':
        return command('WithdrawDeAn', { reason: b.reason });
      case 'completion':
        return command('CompleteDeAn', { completedDate: b.completedDate, actualResults: lines(b.actualResults), actualCost: b.actualCost, machineryValue: b.machineryValue });
      case 'acceptance':
        return command('RecordAcceptance', {
          result: b.result, acceptedResults: lines(b.acceptedResults), acceptedCost: b.acceptedCost, machineryValuation: b.machineryValuation, minutesNo: b.minutesNo, date: b.date,
        });
      case 'settlement':
        return command('SettleDeAn', { settledSupport: b.settledSupport, decisionNo: b.decisionNo, date: b.date });
      default:
        return assertNeverStep(step.type);
    }
  }
}

/** The registration fields that make the proposal (what RegisterDeAn carries besides its id and owner). */
const PROPOSAL_FIELDS = [
  'title', 'contentArea', 'activity', 'fundingSource', 'level', 'planYear', 'province', 'locality', 'implementingUnit', 'beneficiary',
  'priorityArea', 'prioritySector', 'budget', 'expectedResults', 'schedule', 'attachments',
] as const;

const pick = (body: Readonly<Record<string, unknown>>, keys: readonly string[]) =>
  Object.fromEntries(keys.filter((key) => body[key] !== undefined).map((key) => [key, body[key]]));

const defined = (body: Readonly<Record<string, unknown>>) => Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));

const resultLine = (value: unknown) => (isPlainObject(value) ? { indicator: value.indicator, quantity: value.quantity, unit: value.unit } : value);
const lines = (value: unknown) => (Array.isArray(value) ? value.map(resultLine) : value);

function assertNeverStep(type: never): never {
  throw new Error(`Unhandled import step type: ${String(type)}`);
}
