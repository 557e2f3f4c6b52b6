/**
 * Import of history: provinces adopting the system bring years of past đề án. Every act of a record
 * goes through the same deciders as a live command (the đề án's, and the plan's for what the act
 * means for the plan's books), with the act's historic instant as its business time, so the rules in
 * force on that day judge it; the store stamps recordedAt with the server's clock. A đề án record is
 * folded in memory and appended in one atomic append (its đề án stream and the plans it touches), so
 * it costs about what one live command costs.
 *
 * Import adopts history; it is not a back door (RELIABILITY.md, "What import can and cannot do"):
 * - every imported event carries `imported: { externalId, batchId, importedBy }`: the record, the
 *   batch, and the user who brought it in, beside the historic actor the record names;
 * - ids live in the namespace of the record's province (ids.ts), and a province's officer imports
 *   only that province's records, so no record can address another province's streams;
 * - an act already stored must be sent again exactly as stored (its fingerprint), or the record
 *   fails with 409 naming the act: a re-import never rewrites history, and never silently skips a change;
 * - an imported act moves only the books of a plan in the importer's scope that is itself imported or
 *   of a past year, and never one created after the act: money of the present is never touched;
 * - a registration of a plan year not yet over is judged by the window on the day of the import.
 *
 * Ids are derived from the externalId (and the step's position), so importing a record again appends
 * nothing, and a record that grew (or was fixed after a failure) resumes after its last stored step.
 * A record that fails part-way keeps its earlier steps (they are valid history): its result says how
 * many steps are stored and which one failed.
 */
import { randomUUID } from 'node:crypto';
import {
  Actor, DeAnCommand, DeAnDecider, deAnStreamId, DomainError, IllegalTransitionError, InvalidCommandError, planDecider, planEffects, planStreamId,
  RuleViolationError, vietnamDay, yearOf,
} from '@app/domain';
import { EventStore, NewEvent, NO_STREAM, WrongExpectedVersionError } from '@app/event-store';
import { planNotFound, UnconfirmedPlanDecision, withPlanBooks } from '../de-an-commands';
import {
  CommandContext, ConcurrencyConflictError, DEFAULT_RETRY, fold, handleCommand, IdempotencyKeyReusedError, PlanBookView, retryOnConflict, RetryPolicy, toNewEvent,
} from '../handle-command';
import { importCommandId, importedDeAnId, importedPlanId, importEntityId, ImportScope, NATIONAL_SCOPE } from '../ids';
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
  /**
   * Who brings the history in: recorded on every imported event (importedBy). Their province, if
   * they have one, is their scope: records and plans of other provinces are refused.
   */
  readonly importer: Actor;
  /** The batch the events are recorded under; one is drawn when absent. */
  readonly batchId?: string;
  /** The events' correlation id (the HTTP request's X-Request-Id); the batch id when absent. */
  readonly correlationId?: string;
  /** The HTTP API's body validation (DTOs) for every registration, plan and step body. */
  readonly validateBody?: ImportBodyValidator;
  /** The present, for refusing acts "in the future"; defaults to the clock. */
  readonly now?: () => Date;
  readonly retry?: RetryPolicy;
  /** Told of errors that are not the record's fault (store down, a bug); the record reports a 500. */
  readonly onUnexpectedError?: (error: unknown, result: ImportResult) => void;
}

/** One act of a đề án record: the registration or step n, as a command (or why it cannot be one). */
type Act = { readonly step: number | 'registration'; readonly fieldPrefix: string; readonly fingerprint: string } & (
  | { readonly command: DeAnCommand; readonly error?: undefined }
  | { readonly command?: undefined; readonly error: unknown });

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
  if (error instanceof IdempotencyKeyReusedError || error instanceof StoredActDiffersError) {
    const what = step === undefined ? 'Bản ghi' : step === 'registration' ? 'Phần đăng ký (registration)' : `Bước steps[${step}]`;
    return importError(409, `${what} đã được nhập trước đây với nội dung khác; `
      + 'lịch sử đã lưu không bị ghi đè (sửa bản ghi cho khớp, hoặc nhập với externalId khác)', where);
  }
  return undefined;
}

export function summarize(results: readonly ImportResult[]): Record<ImportStatus, number> {
  const counts: Record<ImportStatus, number> = { imported: 0, skipped: 0, failed: 0 };
  for (const result of results) counts[result.status] += 1;
  return counts;
}

/** An act of the record is stored already, from a record that said something else. */
class StoredActDiffersError extends Error {
  override name = 'StoredActDiffersError';
}

const IMPORT_POLICY = 'Quy tắc nhập lịch sử (RELIABILITY.md: What import can and cannot do)';

/**
 * Which plans an imported act may move: one the importer may see, created by import or of a year
 * already past when the history is brought in, and created before the act. A plan out of scope is
 * answered as a plan that does not exist.
 */
export function importedActMayMove(importer: Actor, importedAt: Date, actAt: Date, plan: PlanBookView): void {
  if (plan.state.status === 'Initial') return; // the plan decider refuses it
  const { header } = plan.state.book;
  if (importer.province !== undefined && header.province !== importer.province) throw planNotFound(plan.planId);
  const currentYear = yearOf(vietnamDay(importedAt));
  if (!plan.imported && header.year >= currentYear) {
    throw new RuleViolationError('import-live-plan', IMPORT_POLICY,
      `Lịch sử nhập không được ghi vào kế hoạch năm ${header.year} đang thực hiện (${plan.planId}); nhập cả kế hoạch đó như lịch sử, hoặc thực hiện bước này trực tiếp`,
      { planId: plan.planId, year: header.year });
  }
  if (actAt.getTime() < new Date(plan.createdAt).getTime()) {
    throw new RuleViolationError('import-before-plan', IMPORT_POLICY,
      `Bước được ghi ngày ${vietnamDay(actAt)}, trước khi kế hoạch ${plan.planId} được lập (${vietnamDay(new Date(plan.createdAt))})`,
      { planId: plan.planId, createdAt: plan.createdAt, at: actAt.toISOString() });
  }
}

export class HistoryImport {
  private readonly now: () => Date;
  readonly batchId: string;
  private readonly scope: ImportScope | undefined;

  constructor(private readonly store: EventStore, private readonly decider: DeAnDecider, private readonly options: HistoryImportOptions) {
    this.now = options.now ?? (() => new Date());
    this.batchId = options.batchId ?? randomUUID();
    this.scope = options.importer.province;
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
    const parsed = await parseRecord(record, {
      now: this.now(), resolvePlan: (externalId, province) => this.resolvePlan(externalId, province),
      ...(this.options.validateBody ? { validateBody: this.options.validateBody } : {}),
    });
    const base = { index: position.index, ...(position.line !== undefined ? { line: position.line } : {}) };
    if (!parsed.ok) {
      const step = parsed.step !== undefined ? { step: parsed.step } : {};
      return {
        externalId: parsed.externalId, kind: parsed.kind, ...base, status: 'failed', ...(parsed.kind === 'de-an' ? { completedSteps: 0 } : {}),
        error: importError(400, 'Bản ghi không hợp lệ; không bước nào được nhập', { errors: parsed.errors, ...step }),
      };
    }
    const { record: valid } = parsed;
    const scope = this.scope;
    const province = valid.kind === 'plan' ? valid.province : valid.province;
    if (scope !== undefined && province !== scope) {
      return {
        externalId: valid.externalId, kind: valid.kind, ...base, status: 'failed', ...(valid.kind === 'de-an' ? { completedSteps: 0 } : {}),
        error: importError(403, `Cán bộ cấp tỉnh chỉ nhập ${valid.kind === 'plan' ? 'kế hoạch' : 'đề án'} của tỉnh ${scope}`),
      };
    }
    return valid.kind === 'plan' ? this.importPlan(valid, base) : this.importDeAn(valid, base);
  }

  /**
   * The plan an approval's planExternalId names: the record's province's plan, else — for an
   * importer of national scope only — the Cục's national plan of that externalId.
   */
  private async resolvePlan(externalId: string, province: string): Promise<string> {
    const own = importedPlanId(province, externalId);
    if (this.scope !== undefined) return own;
    const exists = async (planId: string) => (await this.store.readStream(planStreamId(planId), { toVersion: 1 })).length > 0;
    if (await exists(own)) return own;
    const national = importedPlanId(NATIONAL_SCOPE, externalId);
    return (await exists(national)) ? national : own;
  }

  /** What every event of a record carries: its provenance. */
  private provenance(externalId: string): CommandContext {
    return { imported: { externalId, batchId: this.batchId, importedBy: this.options.importer }, correlationId: this.options.correlationId ?? this.batchId };
  }

  private async importPlan(record: ParsedPlanRecord, base: { index: number; line?: number }): Promise<ImportResult> {
    const scope = record.province ?? NATIONAL_SCOPE;
    const planId = importedPlanId(scope, record.externalId);
    const { plan } = record;
    const targets = Array.isArray(plan.targets) ? plan.targets.map(resultLine) : plan.targets ?? [];
    const command = {
      type: 'CreatePlan',
      data: {
        planId, year: plan.year, fundingSource: plan.fundingSource, level: plan.level, allocation: plan.allocation, targets,
        ...(plan.province !== undefined ? { province: plan.province } : {}),
      },
      metadata: { actor: record.actor, now: record.createdAt, commandId: importCommandId('plan', scope, record.externalId, 'plan'), importedAt: this.now() },
    } as Parameters<typeof planDecider.decide>[0];
    const result = { externalId: record.externalId, kind: 'plan' as const, ...base };
    try {
      const context = { ...this.provenance(record.externalId), requestHash: record.fingerprint };
      const handled = await handleCommand(this.store, planDecider, planStreamId(planId), command, context, this.retry);
      return { ...result, status: handled.duplicate ? 'skipped' : 'imported', id: planId, version: handled.version };
    } catch (error) {
      return this.failed(result, error, undefined, 'plan');
    }
  }

  /**
   * A đề án record costs one read and one atomic append. Its acts are folded through the decider in
   * memory, in order, each judged on the state its predecessors left (the stream as stored, then the
   * record's new acts), collecting the đề án's events and — through planEffects — the plan events
   * they imply; everything is then appended at once, with the expected version of the đề án and of
   * every plan touched. An act that fails stops the record: the acts before it are appended (they
   * are valid history) and the result names the act. Acts already stored (their command ids are in
   * the stream) are recognised and skipped, so a re-import appends nothing and a partial import
   * resumes where it stopped. A concurrent writer makes the append fail and the record is folded
   * again from a fresh read (the retry policy): a plan's allocation is never overrun.
   */
  private async importDeAn(record: ParsedDeAnRecord, base: { index: number; line?: number }): Promise<ImportResult> {
    const deAnId = importedDeAnId(record.province, record.externalId);
    const streamId = deAnStreamId(deAnId);
    const provenance = this.provenance(record.externalId);
    const result = { externalId: record.externalId, kind: 'de-an' as const, ...base };
    const acts = this.actsOf(record);
    type Stored = { id?: string; version?: number; completedSteps: number };
    // Where the last append stood, for a failure of the store itself (or conflicts beyond the retry budget).
    const last: { appending?: { act: Act; stored: Stored } } = {};

    const attempt = () => withPlanBooks(this.store, async (plans): Promise<ImportResult> => {
      delete last.appending;
      const history = await this.store.readStream(streamId);
      const storedAt = new Map<string, { version: number; fingerprint?: string }>();
      for (const event of history) storedAt.set(event.metadata.commandId, { version: event.version, fingerprint: event.metadata.requestHash });
      const expected = history.at(-1)?.version ?? 0;
      let state = fold(this.decider, history);
      let head = expected;
      let version: number | undefined;
      let completedSteps = 0;
      const stored = (): Stored => ({ ...(version !== undefined ? { id: deAnId, version } : {}), completedSteps });
      const events: NewEvent[] = [];
      let failure: { error: unknown; act: Act } | undefined;
      for (const act of acts) {
        if (act.command === undefined) {
          failure = { error: act.error, act };
          break;
        }
        const { command } = act;
        const context: CommandContext = {
          ...provenance, requestHash: act.fingerprint,
          authorizePlan: (plan) => importedActMayMove(this.options.importer, command.metadata.importedAt!, command.metadata.now, plan),
        };
        const earlier = storedAt.get(command.metadata.commandId);
        // Acts imported before fingerprints were recorded are taken as the same.
        if (earlier !== undefined && earlier.fingerprint !== undefined && earlier.fingerprint !== act.fingerprint) {
          failure = { error: new StoredActDiffersError(), act };
          break;
        }
        if (earlier !== undefined) version = earlier.version;
        else {
          try {
            const decided = this.decider.decide(command, state);
            if (decided.length > 0) {
              await plans.apply(planEffects(state, decided), command, context);
              last.appending ??= { act, stored: stored() };
              events.push(...decided.map((event, index) => toNewEvent(event, index, streamId, command, context)));
              state = decided.reduce((s, event) => this.decider.evolve(s, event), state);
              head += decided.length;
            }
            version = head;
          } catch (error) {
            if (error instanceof UnconfirmedPlanDecision) throw error;
            failure = { error, act };
            break;
          }
        }
        if (act.step !== 'registration') completedSteps += 1;
      }
      if (events.length > 0) {
        const written = await plans.append({ streamId, events, expected: expected === 0 ? NO_STREAM : expected });
        // Another import of this record stored these very events since the read: a fresh read finds them.
        if (written.duplicate) throw new WrongExpectedVersionError(streamId, expected, written.nextVersion);
      }
      if (failure) return this.failed({ ...result, ...stored() }, failure.error, failure.act.step, failure.act.fieldPrefix);
      return { ...result, status: events.length > 0 ? 'imported' : 'skipped', ...stored() };
    });

    try {
      return await retryOnConflict(streamId, {}, this.retry, attempt);
    } catch (error) {
      const { appending } = last;
      return this.failed({ ...result, ...(appending?.stored ?? { completedSteps: 0 }) }, error, appending?.act.step, appending?.act.fieldPrefix ?? '');
    }
  }

  /**
   * The record's acts as commands, in order: the registration, then each step as the controller
   * would send it. A step that cannot be made a command ends the list with its error.
   */
  private actsOf(record: ParsedDeAnRecord): Act[] {
    const deAnId = importedDeAnId(record.province, record.externalId);
    const importedAt = this.now();
    const { registration } = record;
    const register = {
      type: 'RegisterDeAn',
      data: {
        deAnId, organisation: record.organisation,
        ...pick(registration, PROPOSAL_FIELDS),
        ...(isPlainObject(registration.supplementary) ? { supplementary: { reason: registration.supplementary.reason } } : {}),
      },
      metadata: { actor: record.actor, now: record.registeredAt, commandId: importCommandId('de-an', record.province, record.externalId, 'registration'), importedAt },
    } as DeAnCommand;
    const acts: Act[] = [{ step: 'registration', fieldPrefix: 'registration', fingerprint: record.fingerprint, command: register }];
    // The adjustments requested and not yet decided, in order: a decision without an id decides the latest.
    const pending: string[] = [];
    for (const step of record.steps) {
      const where = { step: step.index, fieldPrefix: `steps[${step.index}]`, fingerprint: step.fingerprint };
      let command: DeAnCommand;
      try {
        command = this.commandFor(record, step, pending, importedAt);
      } catch (error) {
        acts.push({ ...where, error });
        break;
      }
      acts.push({ ...where, command });
      if (command.type === 'RequestAdjustment') pending.push(command.data.adjustmentId);
      if (command.type === 'DecideAdjustment' && pending.includes(command.data.adjustmentId)) pending.splice(pending.indexOf(command.data.adjustmentId), 1);
    }
    return acts;
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
  private commandFor(record: ParsedDeAnRecord, step: ParsedStep, pending: readonly string[], importedAt: Date): DeAnCommand {
    const { externalId, province } = record;
    const b = step.body;
    const metadata = { actor: step.actor as Actor, now: step.at, commandId: importCommandId('de-an', province, externalId, step.index), importedAt };
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
          adjustmentId: step.adjustmentId ?? importEntityId('adjustment', province, externalId, step.index), kind: b.kind,
          proposed: isPlainObject(b.proposed) ? defined(b.proposed) : b.proposed, reason: b.reason,
        });
      case 'adjustment-decision': {
        const adjustmentId = step.adjustmentId ?? pending.at(-1);
        if (adjustmentId === undefined) throw new InvalidCommandError('adjustmentId', 'không có đề nghị điều chỉnh nào đang chờ quyết định trong bản ghi');
        return command('DecideAdjustment', { adjustmentId, approved: b.approved, decisionNo: b.decisionNo });
      }
      case 'inspections':
        return command('RecordInspection', {
          inspectionId: importEntityId('inspection', province, externalId, step.index), date: b.date, inspectors: b.inspectors, result: b.result, findings: b.findings ?? '',
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
