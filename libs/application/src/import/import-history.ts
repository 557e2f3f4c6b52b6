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
  Actor,
  DeAnCommand,
  DeAnDecider,
  deAnStreamId,
  DomainError,
  IllegalTransitionError,
  InvalidCommandError,
  PlanCommand,
  planDecider,
  planStreamId,
  RuleViolationError,
  vietnamDay,
  yearOf,
} from '@app/domain';
import { CommandContext, CommandHandler, ConcurrencyConflictError, IdempotencyKeyReusedError, PlanBookView } from '../command-handler';
import { planNotFound } from '../plan-books';
import { CreatePlanDto, PLAN_CREATION, REGISTRATION, RegisterDeAnDto, stepNamed } from '../steps';
import { importCommandId, importedDeAnId, importedPlanId, importEntityId, ImportScope, NATIONAL_SCOPE } from '../ids';
import { ImportFieldError, ParsedDeAnRecord, ParsedPlanRecord, ParsedStep, parseRecord, recordKind } from './import-record';

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
  /** The present, for refusing acts "in the future"; defaults to the clock. */
  readonly now?: () => Date;
  /** Told of errors that are not the record's fault (store down, a bug); the record reports a 500. */
  readonly onUnexpectedError?: (error: unknown, result: ImportResult) => void;
}

/** One act of a đề án record: the registration or step n, as a command (or why it cannot be one). */
type Act = { readonly step: number | 'registration'; readonly fieldPrefix: string; readonly fingerprint: string } & (
  { readonly command: DeAnCommand; readonly error?: undefined } | { readonly command?: undefined; readonly error: unknown }
);

const TITLES: Readonly<Record<number, string>> = {
  400: 'Dữ liệu không hợp lệ',
  403: 'Không có quyền thực hiện',
  409: 'Xung đột trạng thái',
  422: 'Vi phạm quy định nghiệp vụ',
  500: 'Lỗi hệ thống',
};

const importError = (status: number, detail: string, extra: Partial<ImportError> = {}): ImportError => ({
  status,
  title: TITLES[status] ?? 'Lỗi',
  detail,
  ...extra,
});

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
    return importError(
      409,
      `${what} đã được nhập trước đây với nội dung khác; ` + 'lịch sử đã lưu không bị ghi đè (sửa bản ghi cho khớp, hoặc nhập với externalId khác)',
      where,
    );
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
    throw new RuleViolationError(
      'import-live-plan',
      IMPORT_POLICY,
      `Lịch sử nhập không được ghi vào kế hoạch năm ${header.year} đang thực hiện (${plan.planId}); nhập cả kế hoạch đó như lịch sử, hoặc thực hiện bước này trực tiếp`,
      { planId: plan.planId, year: header.year },
    );
  }
  if (actAt.getTime() < new Date(plan.createdAt).getTime()) {
    throw new RuleViolationError(
      'import-before-plan',
      IMPORT_POLICY,
      `Bước được ghi ngày ${vietnamDay(actAt)}, trước khi kế hoạch ${plan.planId} được lập (${vietnamDay(new Date(plan.createdAt))})`,
      { planId: plan.planId, createdAt: plan.createdAt, at: actAt.toISOString() },
    );
  }
}

export class HistoryImport {
  private readonly now: () => Date;
  readonly batchId: string;
  private readonly scope: ImportScope | undefined;

  constructor(
    private readonly handler: CommandHandler,
    private readonly decider: DeAnDecider,
    private readonly options: HistoryImportOptions,
  ) {
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
    const order = [...inputs.keys()].sort(
      (a, b) => Number(recordKind(inputs[b]!.record) === 'plan') - Number(recordKind(inputs[a]!.record) === 'plan'),
    );
    let done = 0;
    for (const position of order) {
      const input = inputs[position]!;
      const result = await this.importOne(input.record, {
        index: input.index ?? position,
        ...(input.line !== undefined ? { line: input.line } : {}),
      });
      results[position] = result;
      onResult?.(result, ++done);
    }
    return results;
  }

  /** Imports one record (a plan or a đề án); never throws for the record's own faults. */
  async importOne(record: unknown, position: { readonly index: number; readonly line?: number }): Promise<ImportResult> {
    const parsed = await parseRecord(record, { now: this.now(), resolvePlan: (externalId, province) => this.resolvePlan(externalId, province) });
    const base = { index: position.index, ...(position.line !== undefined ? { line: position.line } : {}) };
    if (!parsed.ok) {
      const step = parsed.step !== undefined ? { step: parsed.step } : {};
      return {
        externalId: parsed.externalId,
        kind: parsed.kind,
        ...base,
        status: 'failed',
        ...(parsed.kind === 'de-an' ? { completedSteps: 0 } : {}),
        error: importError(400, 'Bản ghi không hợp lệ; không bước nào được nhập', { errors: parsed.errors, ...step }),
      };
    }
    const { record: valid } = parsed;
    const scope = this.scope;
    const province = valid.kind === 'plan' ? valid.province : valid.province;
    if (scope !== undefined && province !== scope) {
      return {
        externalId: valid.externalId,
        kind: valid.kind,
        ...base,
        status: 'failed',
        ...(valid.kind === 'de-an' ? { completedSteps: 0 } : {}),
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
    const exists = async (planId: string) => (await this.handler.store.readStream(planStreamId(planId), { toVersion: 1 })).length > 0;
    if (await exists(own)) return own;
    const national = importedPlanId(NATIONAL_SCOPE, externalId);
    return (await exists(national)) ? national : own;
  }

  /** What every event of a record carries: its provenance. */
  private provenance(externalId: string): Pick<CommandContext, 'imported' | 'correlationId'> {
    return {
      imported: { externalId, batchId: this.batchId, importedBy: this.options.importer },
      correlationId: this.options.correlationId ?? this.batchId,
    };
  }

  private async importPlan(record: ParsedPlanRecord, base: { index: number; line?: number }): Promise<ImportResult> {
    const scope = record.province ?? NATIONAL_SCOPE;
    const planId = importedPlanId(scope, record.externalId);
    const command = {
      type: 'CreatePlan',
      data: PLAN_CREATION.toCommand(record.plan as unknown as CreatePlanDto, { planId }),
      metadata: {
        actor: record.actor,
        now: record.createdAt,
        commandId: importCommandId('plan', scope, record.externalId, 'plan'),
        importedAt: this.now(),
      },
    } as PlanCommand;
    const result = { externalId: record.externalId, kind: 'plan' as const, ...base };
    try {
      const context = { ...this.provenance(record.externalId), requestHash: record.fingerprint };
      const handled = await this.handler.handle(planDecider, planStreamId(planId), [command], context);
      return { ...result, status: handled.duplicate ? 'skipped' : 'imported', id: planId, version: handled.version };
    } catch (error) {
      return this.failed(result, error, undefined, 'plan');
    }
  }

  /**
   * A đề án record costs one read and one atomic append, through the command handler: its acts are
   * decided in order, each on the state its predecessors left (the stream as stored, then the record's
   * new acts), with the plan events they imply, and appended at once with the expected version of the
   * đề án and of every plan touched. An act that fails stops the record: the acts before it are
   * appended (they are valid history) and the result names the act. Acts already stored (their
   * command ids are in the stream) are recognised — and must have been sent as they are now — so a
   * re-import appends nothing and a partial import resumes where it stopped. A concurrent writer makes
   * the append fail and the record is decided again from a fresh read: a plan's allocation is never overrun.
   */
  private async importDeAn(record: ParsedDeAnRecord, base: { index: number; line?: number }): Promise<ImportResult> {
    const deAnId = importedDeAnId(record.province, record.externalId);
    const result = { externalId: record.externalId, kind: 'de-an' as const, ...base };
    const acts = this.actsOf(record);
    const broken = acts.findIndex((act) => act.command === undefined);
    const commands = (broken === -1 ? acts : acts.slice(0, broken)).map((act) => act.command!);
    const fingerprints = new Map(acts.map((act) => [act.command?.metadata.commandId, act.fingerprint]));
    try {
      const handled = await this.handler.handle(this.decider, deAnStreamId(deAnId), commands, {
        ...this.provenance(record.externalId),
        keepBeforeFailure: true,
        requestHash: (command) => fingerprints.get(command.metadata.commandId),
        authorizePlan: (plan, command) => importedActMayMove(this.options.importer, command.metadata.importedAt!, command.metadata.now, plan),
      });
      const stored = { ...(handled.handled > 0 ? { id: deAnId, version: handled.version } : {}), completedSteps: Math.max(0, handled.handled - 1) };
      const failed =
        handled.failure ?? (broken === -1 || handled.handled < commands.length ? undefined : { index: broken, error: acts[broken]!.error });
      if (failed) {
        const act = acts[failed.index]!;
        return this.failed({ ...result, ...stored }, failed.error, act.step, act.fieldPrefix);
      }
      return { ...result, status: handled.events.length > 0 && !handled.duplicate ? 'imported' : 'skipped', ...stored };
    } catch (error) {
      // The store itself failed, or writers kept colliding beyond the retry budget: nothing of the record was appended now.
      return this.failed({ ...result, completedSteps: 0 }, error, undefined, '');
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
      data: REGISTRATION.toCommand(registration as unknown as RegisterDeAnDto, { deAnId, organisation: record.organisation }),
      metadata: {
        actor: record.actor,
        now: record.registeredAt,
        commandId: importCommandId('de-an', record.province, record.externalId, 'registration'),
        importedAt,
      },
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
      if (command.type === 'DecideAdjustment' && pending.includes(command.data.adjustmentId))
        pending.splice(pending.indexOf(command.data.adjustmentId), 1);
    }
    return acts;
  }

  private failed(
    result: ImportResult | Omit<ImportResult, 'status'>,
    error: unknown,
    step: number | 'registration' | undefined,
    fieldPrefix: string,
  ): ImportResult {
    const known = importErrorOf(error, step, fieldPrefix);
    const failed: ImportResult = {
      ...result,
      status: 'failed',
      error: known ?? importError(500, 'Đã xảy ra lỗi không mong muốn khi nhập bản ghi; sự cố đã được ghi lại', step === undefined ? {} : { step }),
    };
    if (!known) this.options.onUnexpectedError?.(error, failed);
    return failed;
  }

  /** The step's HTTP body as the command its route would send: the catalogue's mapping, with ids derived from the record. */
  private commandFor(record: ParsedDeAnRecord, step: ParsedStep, pending: readonly string[], importedAt: Date): DeAnCommand {
    const { externalId, province } = record;
    const definition = stepNamed(step.type)!;
    const adjustmentId = definition.command === 'DecideAdjustment' ? (step.adjustmentId ?? pending.at(-1)) : step.adjustmentId;
    if (definition.command === 'DecideAdjustment' && adjustmentId === undefined) {
      throw new InvalidCommandError('adjustmentId', 'không có đề nghị điều chỉnh nào đang chờ quyết định trong bản ghi');
    }
    const ids = {
      entity: (kind: 'adjustment' | 'inspection') =>
        (kind === 'adjustment' && step.adjustmentId) || importEntityId(kind, province, externalId, step.index),
      ...(adjustmentId !== undefined ? { adjustmentId } : {}),
    };
    const metadata = { actor: step.actor as Actor, now: step.at, commandId: importCommandId('de-an', province, externalId, step.index), importedAt };
    return { type: definition.command, data: definition.toCommand(step.body, ids), metadata } as DeAnCommand;
  }
}
