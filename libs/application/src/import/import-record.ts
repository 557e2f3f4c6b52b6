/**
 * The shape of an import record and its structural check: what a record must look like before any
 * of its acts reaches a decider. The bodies of the acts are the HTTP API's bodies, checked with the
 * step catalogue's DTOs as the API checks them, and guarded once more by the deciders.
 *
 *   { "externalId": "BD-2016-014",
 *     "registration": { …POST /de-an body…, "organisation": "…", "registeredAt": "2016-04-10T03:00:00Z", "actor"?: {…} },
 *     "steps": [ { "type": "council", "at": "…", "actor": { "sub", "role", "name"? }, …POST /de-an/:id/council body… }, … ] }
 *   { "kind": "plan", "externalId": "KH-KCQG-2017", "plan": { …POST /plans body…, "createdAt": "…", "actor"?: {…} } }
 */
import { createHash } from 'node:crypto';
import { Actor, Role, ROLES } from '@app/domain';
import { canonicalJson } from '@app/event-store';
import { bodyErrors, PLAN_CREATION, REGISTRATION, STEP_NAMES, stepNamed } from '../steps';

/** Which body is checked: the registration, a plan, or a step of the catalogue (by name). */
export type ImportBodyKind = 'registration' | 'plan' | string;

export interface ImportFieldError {
  readonly field: string;
  readonly message: string;
}

/** The DTO of each body kind: the API's own (libs/application/src/steps), so that an import accepts what the live endpoints accept. */
const dtoOf = (kind: ImportBodyKind) => (kind === 'registration' ? REGISTRATION.dto : kind === 'plan' ? PLAN_CREATION.dto : stepNamed(kind)!.dto);

/** SHA-256 of an act as sent, whatever the order of its keys. */
export const fingerprint = (act: unknown): string => createHash('sha256').update(canonicalJson(act)).digest('hex');

/** The roles that may perform each act: those of the HTTP routes, so that an import cannot write a history the live system would have refused. */
export const rolesOf = (kind: ImportBodyKind): readonly Role[] =>
  kind === 'registration' ? REGISTRATION.roles : kind === 'plan' ? PLAN_CREATION.roles : stepNamed(kind)!.roles;

/** Who registers when the record names nobody: an officer registering on behalf of the organisation. */
export const DEFAULT_IMPORT_ACTOR: Actor = { sub: 'import', role: 'officer' };

export const MAX_STEPS_PER_RECORD = 500;

export interface ParsedStep {
  readonly index: number;
  /** SHA-256 of the step as sent: a step already stored must be sent again exactly as it was. */
  readonly fingerprint: string;
  /** A step of the catalogue, by name. */
  readonly type: string;
  readonly at: Date;
  readonly actor: Actor;
  /** The step's HTTP body (envelope fields removed; an approval's planExternalId resolved to planId). */
  readonly body: Readonly<Record<string, unknown>>;
  /** adjustments: the caller's id for the adjustment; adjustment-decision: the adjustment decided. */
  readonly adjustmentId?: string;
}

export interface ParsedDeAnRecord {
  readonly kind: 'de-an';
  readonly externalId: string;
  readonly registeredAt: Date;
  readonly actor: Actor;
  readonly organisation: string;
  /** The province whose history it is (registration.province): the namespace of its ids. */
  readonly province: string;
  readonly fingerprint: string;
  /** The POST /de-an body (with organisation, without registeredAt and actor). */
  readonly registration: Readonly<Record<string, unknown>>;
  readonly steps: readonly ParsedStep[];
}

export interface ParsedPlanRecord {
  readonly kind: 'plan';
  readonly externalId: string;
  readonly createdAt: Date;
  readonly actor: Actor;
  /** The plan's province, absent for the Cục's national plan. */
  readonly province?: string;
  readonly fingerprint: string;
  /** The POST /plans body (without createdAt and actor). */
  readonly plan: Readonly<Record<string, unknown>>;
}

export type ParsedRecord = ParsedDeAnRecord | ParsedPlanRecord;

export type ParseOutcome =
  | { readonly ok: true; readonly record: ParsedRecord }
  | {
      readonly ok: false;
      readonly kind: 'de-an' | 'plan';
      readonly externalId: string | null;
      readonly errors: readonly ImportFieldError[];
      readonly step?: number | 'registration';
    };

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The record's kind as far as it can be told (for callers that import plans before đề án). */
export const recordKind = (raw: unknown): 'de-an' | 'plan' => (isPlainObject(raw) && raw.kind === 'plan' ? 'plan' : 'de-an');

/** The record's externalId if it has a usable one. */
export const recordExternalId = (raw: unknown): string | null =>
  isPlainObject(raw) && typeof raw.externalId === 'string' && raw.externalId.trim().length > 0 ? raw.externalId : null;

// An instant with its offset: a bare date or a local time would be read in the server's time zone.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export function parseInstant(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const match = INSTANT.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  const calendar = new Date(Date.UTC(y!, mo! - 1, d!));
  if (calendar.getUTCMonth() !== mo! - 1 || calendar.getUTCDate() !== d! || h! > 23 || mi! > 59 || (s !== undefined && !Number.isNaN(s) && s > 59))
    return undefined;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

const INSTANT_MESSAGE = 'phải là thời điểm ISO 8601 có múi giờ, ví dụ 2016-04-10T03:00:00Z';

class Collector {
  readonly errors: ImportFieldError[] = [];
  add(field: string, message: string): void {
    this.errors.push({ field, message });
  }
  text(value: unknown, field: string, max: number, required = true): string | undefined {
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string' || value.trim().length === 0) this.add(field, 'không được để trống');
    else if (value.length > max) this.add(field, `dài quá ${max} ký tự`);
    else if (CONTROL.test(value)) this.add(field, 'không được chứa ký tự điều khiển');
    else return value;
    return undefined;
  }
  instant(value: unknown, field: string, now: Date, notBefore?: { at: Date; field: string }): Date | undefined {
    const instant = parseInstant(value);
    if (!instant) return void this.add(field, INSTANT_MESSAGE);
    if (instant.getTime() > now.getTime()) return void this.add(field, 'là lịch sử nên không được sau thời điểm hiện tại');
    if (notBefore && instant.getTime() < notBefore.at.getTime())
      return void this.add(field, `không được trước ${notBefore.field} (các bước phải theo thứ tự thời gian)`);
    return instant;
  }
  /**
   * The act's actor; an applicant without an organisation acts for the record's organisation. A
   * historic actor of a province is of the record's province (history of one province is its own).
   */
  actor(value: unknown, field: string, allowed: readonly Role[], organisation?: string, recordProvince?: string): Actor | undefined {
    if (!isPlainObject(value)) return void this.add(field, 'phải là { sub, role, name? }');
    const before = this.errors.length;
    const sub = this.text(value.sub, `${field}.sub`, 200);
    const role = value.role;
    if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) this.add(`${field}.role`, `phải là một trong ${ROLES.join(', ')}`);
    else if (!allowed.includes(role as Role))
      this.add(`${field}.role`, `vai trò ${role} không được thực hiện thao tác này (được phép: ${allowed.join(', ')})`);
    const name = this.text(value.name, `${field}.name`, 200, false);
    const org = this.text(value.org, `${field}.org`, 200, false);
    const province = this.text(value.province, `${field}.province`, 20, false);
    if (province !== undefined && recordProvince !== undefined && province !== recordProvince) {
      this.add(`${field}.province`, `người thực hiện của tỉnh ${province} không thể có trong lịch sử của tỉnh ${recordProvince}`);
    }
    const unknown = Object.keys(value).filter((key) => !['sub', 'role', 'name', 'org', 'province'].includes(key));
    for (const key of unknown) this.add(`${field}.${key}`, 'trường không được hỗ trợ');
    if (this.errors.length > before) return undefined;
    const effectiveOrg = org ?? (role === 'applicant' ? organisation : undefined);
    return {
      sub: sub!,
      role: role as Role,
      ...(name ? { name } : {}),
      ...(effectiveOrg ? { org: effectiveOrg } : {}),
      ...(province ? { province } : {}),
    };
  }
}

/** The first prototype key (__proto__, constructor, prototype) at any depth: refused as the HTTP edge refuses it. */
export function prototypeKey(value: unknown, path = '', depth = 0): string | undefined {
  if (value === null || typeof value !== 'object' || depth > 32) return undefined;
  for (const key of Object.keys(value)) {
    const field = path ? `${path}.${key}` : key;
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') return field;
    const found = prototypeKey((value as Record<string, unknown>)[key], field, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

const without = (body: Record<string, unknown>, ...keys: string[]): Record<string, unknown> =>
  Object.fromEntries(Object.entries(body).filter(([key]) => !keys.includes(key)));

const prefixed = (prefix: string, errors: readonly ImportFieldError[]): ImportFieldError[] =>
  errors.map(({ field, message }) => ({ field: field ? `${prefix}.${field}` : prefix, message }));

/**
 * Checks a record's structure, its instants and actors, and — with the API's DTOs — every body,
 * before anything is written: a malformed step 12 must not leave steps 0–11 behind.
 * `resolvePlan` turns an approval's planExternalId (in the record's province) into the plan id.
 */
export interface ParseOptions {
  readonly now: Date;
  readonly resolvePlan: (externalId: string, province: string) => Promise<string>;
}

export async function parseRecord(raw: unknown, options: ParseOptions): Promise<ParseOutcome> {
  const kind = recordKind(raw);
  const externalId = recordExternalId(raw);
  const fail = (errors: readonly ImportFieldError[], step?: number | 'registration'): ParseOutcome => ({
    ok: false,
    kind,
    externalId,
    errors,
    ...(step !== undefined ? { step } : {}),
  });
  if (!isPlainObject(raw)) return fail([{ field: '', message: 'mỗi bản ghi phải là một đối tượng JSON' }]);
  const forbidden = prototypeKey(raw, '');
  if (forbidden !== undefined) return fail([{ field: forbidden, message: 'khoá không được phép' }]);
  const c = new Collector();
  if (raw.kind !== undefined && raw.kind !== 'plan' && raw.kind !== 'de-an') c.add('kind', 'phải là "de-an" (mặc định) hoặc "plan"');
  c.text(raw.externalId, 'externalId', 200);
  const allowedTop = kind === 'plan' ? ['kind', 'externalId', 'plan'] : ['kind', 'externalId', 'registration', 'steps'];
  for (const key of Object.keys(raw).filter((k) => !allowedTop.includes(k))) c.add(key, 'trường không được hỗ trợ');
  if (kind === 'plan') return parsePlan(raw, c, options, fail);
  return parseDeAn(raw, c, options, fail);
}

async function parsePlan(
  raw: Record<string, unknown>,
  c: Collector,
  options: ParseOptions,
  fail: (errors: readonly ImportFieldError[]) => ParseOutcome,
): Promise<ParseOutcome> {
  const plan = raw.plan;
  if (!isPlainObject(plan)) {
    c.add('plan', 'phải là nội dung POST /plans kèm createdAt');
    return fail(c.errors);
  }
  const createdAt = c.instant(plan.createdAt, 'plan.createdAt', options.now);
  const province = typeof plan.province === 'string' ? plan.province : undefined;
  const actor = plan.actor === undefined ? DEFAULT_IMPORT_ACTOR : c.actor(plan.actor, 'plan.actor', rolesOf('plan'), undefined, province);
  const body = without(plan, 'createdAt', 'actor');
  c.errors.push(...prefixed('plan', await bodyErrors(dtoOf('plan'), body)));
  if (c.errors.length > 0 || !createdAt || !actor) return fail(c.errors);
  return {
    ok: true,
    record: {
      kind: 'plan',
      externalId: raw.externalId as string,
      createdAt,
      actor,
      ...(province !== undefined ? { province } : {}),
      fingerprint: fingerprint(plan),
      plan: body,
    },
  };
}

async function parseDeAn(
  raw: Record<string, unknown>,
  c: Collector,
  options: ParseOptions,
  fail: (errors: readonly ImportFieldError[], step?: number | 'registration') => ParseOutcome,
): Promise<ParseOutcome> {
  const registration = raw.registration;
  if (!isPlainObject(registration)) {
    c.add('registration', 'phải là nội dung POST /de-an kèm organisation và registeredAt');
    return fail(c.errors, 'registration');
  }
  const registeredAt = c.instant(registration.registeredAt, 'registration.registeredAt', options.now);
  const organisation = c.text(registration.organisation, 'registration.organisation', 200);
  // Checked as a code with the body (and by the decider); here only what names the record's namespace.
  const province = typeof registration.province === 'string' ? registration.province : undefined;
  if (province === undefined) c.add('registration.province', 'không được để trống');
  const actor =
    registration.actor === undefined
      ? DEFAULT_IMPORT_ACTOR
      : c.actor(registration.actor, 'registration.actor', rolesOf('registration'), organisation, province);
  const registrationBody = without(registration, 'registeredAt', 'actor');
  c.errors.push(...prefixed('registration', await bodyErrors(dtoOf('registration'), registrationBody)));
  const registrationFailed = c.errors.length > 0;

  const rawSteps = raw.steps ?? [];
  const steps: ParsedStep[] = [];
  let firstBadStep: number | undefined;
  if (!Array.isArray(rawSteps)) c.add('steps', 'phải là một mảng các bước');
  else if (rawSteps.length > MAX_STEPS_PER_RECORD) c.add('steps', `tối đa ${MAX_STEPS_PER_RECORD} bước mỗi bản ghi`);
  else {
    let previous = registeredAt ? { at: registeredAt, field: 'registration.registeredAt' } : undefined;
    for (const [index, rawStep] of (rawSteps as unknown[]).entries()) {
      const before = c.errors.length;
      const step = await parseStep(rawStep, index, c, options, previous, organisation, province);
      if (step) {
        steps.push(step);
        previous = { at: step.at, field: `steps[${index}].at` };
      }
      if (c.errors.length > before && firstBadStep === undefined) firstBadStep = index;
    }
  }
  if (c.errors.length > 0 || !registeredAt || !organisation || !actor || province === undefined) {
    return fail(c.errors, registrationFailed ? 'registration' : firstBadStep);
  }
  return {
    ok: true,
    record: {
      kind: 'de-an',
      externalId: raw.externalId as string,
      registeredAt,
      actor,
      organisation,
      province,
      fingerprint: fingerprint(registration),
      registration: registrationBody,
      steps,
    },
  };
}

async function parseStep(
  raw: unknown,
  index: number,
  c: Collector,
  options: ParseOptions,
  previous: { at: Date; field: string } | undefined,
  organisation: string | undefined,
  province: string | undefined,
): Promise<ParsedStep | undefined> {
  const field = `steps[${index}]`;
  if (!isPlainObject(raw)) return void c.add(field, 'mỗi bước phải là một đối tượng { type, at, actor, … }');
  const type = raw.type;
  if (typeof type !== 'string' || stepNamed(type) === undefined) {
    return void c.add(
      `${field}.type`,
      `loại bước không hợp lệ${typeof type === 'string' ? ` "${type}"` : ''}; phải là một trong ${STEP_NAMES.join(', ')}`,
    );
  }
  const stepType = type;
  const before = c.errors.length;
  const at = c.instant(raw.at, `${field}.at`, options.now, previous);
  const actor = c.actor(raw.actor, `${field}.actor`, rolesOf(stepType), organisation, province);
  let body = without(raw, 'type', 'at', 'actor');
  let adjustmentId: string | undefined;
  if (stepType === 'approval' && body.planExternalId !== undefined) {
    const planExternalId = c.text(body.planExternalId, `${field}.planExternalId`, 200);
    if (body.planId !== undefined) c.add(`${field}.planId`, 'chỉ nêu một trong planId và planExternalId');
    body = without(body, 'planExternalId');
    if (planExternalId && province !== undefined) body = { ...body, planId: await options.resolvePlan(planExternalId, province) };
  }
  if (stepType === 'adjustments' || stepType === 'adjustment-decision') {
    adjustmentId = c.text(body.adjustmentId, `${field}.adjustmentId`, 100, false);
    body = without(body, 'adjustmentId');
  }
  c.errors.push(...prefixed(field, await bodyErrors(dtoOf(stepType), body)));
  if (c.errors.length > before || !at || !actor) return undefined;
  return { index, fingerprint: fingerprint(raw), type: stepType, at, actor, body, ...(adjustmentId ? { adjustmentId } : {}) };
}
