/**
 * Malformed requests to every command endpoint (docs/API.md) are refused at the edge: 400, an RFC 9457
 * problem with the Vietnamese title and the fields at fault, and not a single event appended.
 */
import { randomUUID } from 'node:crypto';
import { M, planBody, registration } from './support/fixtures';
import { Body, Command, COMMAND_PATH, commandBody, deAnAt, eventCount, expectStatus, Json, LEGAL_STAGE, Stage } from './support/e2e-helpers';
import { startServer, TestServer } from './support/server';

type Caller = 'applicant' | 'officer' | 'council' | 'approver' | 'finance';
type Endpoint = Command;

const CHAIR = 'council-chair-malformed';
const MEMBER = 'council-member-malformed';
/** Stands for the plan created in beforeAll; replaced in the serialised body when the request is sent. */
const PLAN = 'plan-created-in-before-all';

/** Who calls each endpoint (a role docs/API.md allows, so the guard lets the request through to validation). */
const CALLER: Readonly<Record<Endpoint, Caller>> = {
  register: 'applicant',
  council: 'officer',
  reviews: 'council',
  'revision-request': 'officer',
  revision: 'applicant',
  appraisal: 'officer',
  forwarding: 'officer',
  approval: 'approver',
  rejection: 'approver',
  contract: 'officer',
  advances: 'finance',
  progress: 'applicant',
  'progress-confirmation': 'officer',
  adjustments: 'applicant',
  'adjustment-decision': 'approver',
  inspections: 'officer',
  suspension: 'approver',
  resumption: 'approver',
  stop: 'approver',
  withdrawal: 'applicant',
  completion: 'applicant',
  acceptance: 'officer',
  settlement: 'finance',
  plans: 'officer',
};

/** A well-formed body per endpoint; each case breaks exactly one thing in it. */
const VALID = Object.fromEntries(
  (Object.keys(COMMAND_PATH) as Endpoint[]).map((endpoint) => [
    endpoint,
    () => commandBody(endpoint, { planId: PLAN, chair: CHAIR, member: MEMBER }),
  ]),
) as Record<Endpoint, () => Body>;

const PATH: Readonly<Record<Endpoint, string>> = COMMAND_PATH;

/** A copy of `body` with the value at a dotted path (`a.b`, `a.0.b`) replaced, or removed when `value` is omitted. */
function edit(body: Body, path: string, ...value: [Json] | []): Body {
  const copy = JSON.parse(JSON.stringify(body)) as Body;
  const keys = path.split('.');
  const last = keys.pop()!;
  let node: Json = copy;
  for (const key of keys) node = (node as Record<string, Json>)[key]!;
  if (value.length === 0) delete (node as Record<string, Json>)[last];
  else (node as Record<string, Json>)[last] = value[0];
  return copy;
}

/** The đề án a case is sent to: the endpoint's own, or a dedicated one. */
type Target = Exclude<Endpoint, 'register' | 'plans'> | 'prototype-keys';

interface Case {
  readonly endpoint: Endpoint;
  readonly target?: Target;
  readonly what: string;
  /** A field the problem's `errors` must name (or a prefix of it: `budget` matches `budget[0]`). */
  readonly field: string;
  readonly body?: Body | Json;
  readonly raw?: string;
  readonly headers?: Record<string, string>;
}

const set = (endpoint: Endpoint, path: string, value: Json, what: string, field = path.replace(/\.(\d+)(?=\.|$)/g, '[$1]')): Case => ({
  endpoint,
  what,
  field,
  body: edit(VALID[endpoint](), path, value),
});
const drop = (endpoint: Endpoint, path: string, what = `missing ${path}`): Case => ({
  endpoint,
  what,
  field: path.replace(/\.(\d+)(?=\.|$)/g, '[$1]'),
  body: edit(VALID[endpoint](), path),
});
const raw = (endpoint: Endpoint, text: string, what: string, field: string, contentType = 'application/json'): Case => ({
  endpoint,
  what,
  field,
  raw: text,
  headers: { 'content-type': contentType },
});

const CASES: readonly Case[] = [
  // POST /de-an
  drop('register', 'title'),
  set('register', 'title', 42, 'title is a number'),
  set('register', 'title', null, 'title is null'),
  set('register', 'title', '', 'title is empty'),
  set('register', 'title', 'đ'.repeat(501), 'title beyond 500 characters'),
  set('register', 'contentArea', '10', 'contentArea "10" is not an area'),
  set('register', 'contentArea', 3, 'contentArea is a number'),
  set('register', 'activity', '3-3', 'activity not <area>.<n>'),
  set('register', 'fundingSource', 'KCXX', 'unknown fundingSource'),
  set('register', 'level', 'village', 'unknown level'),
  set('register', 'planYear', 2027.5, 'fractional planYear'),
  set('register', 'planYear', '2027', 'planYear is a string'),
  set('register', 'planYear', 1999, 'planYear before 2000'),
  set('register', 'province', '5'.repeat(21), 'province beyond 20 characters'),
  set('register', 'priorityArea', 'yes', 'priorityArea is a string'),
  set('register', 'budget.totalCost', -1, 'negative totalCost'),
  set('register', 'budget.requestedSupport', 1.5, 'fractional requestedSupport (1.5 đồng)'),
  set('register', 'budget.counterpartFunds', '320000000', 'counterpartFunds is a string'),
  set('register', 'budget.machineryValue', 1e20, 'machineryValue beyond a safe integer'),
  drop('register', 'budget.counterpartFunds'),
  set('register', 'budget', [1, 2, 3], 'budget is an array of numbers'),
  set('register', 'budget', null, 'budget is null'),
  set('register', 'beneficiary', 'HTX Cơ khí An Nhơn', 'beneficiary is a string'),
  set('register', 'beneficiary.kind', 'corporation', 'unknown beneficiary.kind'),
  set('register', 'beneficiary.taxCode', '123', 'beneficiary.taxCode not 10 digits'),
  set('register', 'expectedResults.0.quantity', -1, 'negative expectedResults[0].quantity'),
  set('register', 'expectedResults.0.quantity', 'một', 'expectedResults[0].quantity is a string'),
  drop('register', 'expectedResults.0.unit'),
  set('register', 'expectedResults', { indicator: 'x', quantity: 1, unit: 'y' }, 'expectedResults is an object'),
  set('register', 'expectedResults', [null], 'expectedResults[0] is null', 'expectedResults[0]'),
  set('register', 'attachments.0.sha256', 'A'.repeat(64), 'attachments[0].sha256 in upper case'),
  set('register', 'attachments.0.sha256', 'abc123', 'attachments[0].sha256 too short'),
  set('register', 'attachments.0.name', 'x'.repeat(256), 'attachments[0].name beyond 255 characters'),
  set(
    'register',
    'attachments',
    Array.from({ length: 101 }, () => ({ name: 'a.pdf', sha256: 'a'.repeat(64) })),
    'more than 100 attachments',
  ),
  set('register', 'schedule.start', '2027-02-30', 'schedule.start 2027-02-30 does not exist'),
  set('register', 'schedule.end', '2027/10/31', 'schedule.end with slashes'),
  set('register', 'schedule.start', 'tomorrow', 'schedule.start "tomorrow"'),
  set('register', 'schedule.end', '2027-10-31T00:00:00Z', 'schedule.end is an instant, not a date'),
  set('register', 'status', 'Approved', 'unknown field status (forbidNonWhitelisted)'),
  set('register', 'budget.discount', 5, 'unknown nested field budget.discount'),
  set('register', 'supplementary', { reason: '' }, 'empty supplementary.reason', 'supplementary.reason'),
  set('register', 'organisation', 'o'.repeat(201), 'organisation beyond 200 characters'),
  raw('register', '{"title": "Máy cắt CNC", ', 'truncated JSON', 'body'),
  raw('register', JSON.stringify(registration()).replace(/}$/, ',}'), 'JSON with a trailing comma', 'body'),
  raw('register', "{'title': 'Máy cắt CNC'}", 'JSON with single quotes', 'body'),
  raw('register', JSON.stringify(registration()), 'JSON sent as text/plain (not parsed)', 'title', 'text/plain'),
  raw('register', 'title=M%C3%A1y&planYear=2027', 'form-urlencoded body (not parsed)', 'title', 'application/x-www-form-urlencoded'),
  raw('register', 'null', 'JSON null as the body', 'body'),
  raw('register', '"đề án"', 'a JSON string as the body', 'body'),
  { endpoint: 'register', what: 'a JSON array of registrations as the body', field: 'title', body: [registration() as unknown as Json] },
  { endpoint: 'register', what: 'no body at all', field: 'title' },
  // POST /de-an/:id/council
  set('council', 'members', [], 'no members'),
  set('council', 'members', { sub: CHAIR, name: 'Chủ tịch' }, 'members is an object'),
  drop('council', 'members.0.sub'),
  set('council', 'chair', 7, 'chair is a number'),
  set(
    'council',
    'members',
    Array.from({ length: 26 }, (_, i) => ({ sub: `c-${i}`, name: `Thành viên ${i}` })),
    'more than 25 members',
  ),
  set('council', 'deadline', '2026-12-01', 'unknown field deadline'),
  // POST /de-an/:id/reviews
  set('reviews', 'score', 101, 'score above 100'),
  set('reviews', 'score', 80.5, 'fractional score'),
  set('reviews', 'score', '85', 'score is a string'),
  set('reviews', 'recommendation', 'maybe', 'unknown recommendation'),
  set('reviews', 'conflictOfInterest', 'false', 'conflictOfInterest is a string'),
  drop('reviews', 'conflictOfInterest'),
  set('reviews', 'comments', 'x'.repeat(5_001), 'comments beyond 5000 characters'),
  // POST /de-an/:id/revision-request
  set('revision-request', 'items', [], 'no items'),
  set('revision-request', 'items', [1], 'items[0] is a number'),
  set('revision-request', 'items', 'Bổ sung báo giá', 'items is a string'),
  set('revision-request', 'dueDate', '2026-02-30', 'dueDate 2026-02-30 does not exist'),
  set('revision-request', 'items', ['x'.repeat(2_001)], 'an item beyond 2000 characters'),
  // POST /de-an/:id/revision
  drop('revision', 'changes'),
  set('revision', 'changes', [{ title: 'x' }], 'changes is an array'),
  set(
    'revision',
    'changes.budget',
    { totalCost: -1, requestedSupport: 1, counterpartFunds: 0, machineryValue: 0 },
    'negative changes.budget.totalCost',
    'changes.budget.totalCost',
  ),
  set('revision', 'changes.organisation', 'org-khac', 'changes.organisation is not revisable (unknown field)'),
  set('revision', 'changes.schedule', { start: '2027-03-01', end: '31/10/2027' }, 'changes.schedule.end not YYYY-MM-DD', 'changes.schedule.end'),
  set('revision', 'note', 'x'.repeat(2_001), 'note beyond 2000 characters'),
  // POST /de-an/:id/appraisal
  set('appraisal', 'result', 'ok', 'unknown result'),
  set('appraisal', 'recommendedSupport', 1.5, 'fractional recommendedSupport'),
  set('appraisal', 'machineryValuation', -590 * M, 'negative machineryValuation'),
  drop('appraisal', 'minutesNo'),
  // POST /de-an/:id/approval
  drop('forwarding', 'dispatchNo'),
  set('forwarding', 'dispatchNo', 88, 'dispatchNo is a number'),
  set('forwarding', 'dispatchNo', 'x'.repeat(101), 'dispatchNo beyond 100 characters'),
  set('approval', 'decisionDate', 'tomorrow', 'decisionDate "tomorrow"'),
  set('approval', 'approvedSupport', '300000000', 'approvedSupport is a string'),
  set('approval', 'approvedSupport', -300 * M, 'negative approvedSupport'),
  drop('approval', 'planId'),
  set('approval', 'decisionNo', 'x'.repeat(101), 'decisionNo beyond 100 characters'),
  // POST /de-an/:id/rejection
  set('rejection', 'reason', '', 'empty reason'),
  set('rejection', 'reason', null, 'reason is null'),
  set('rejection', 'reason', ['Không phù hợp'], 'reason is an array'),
  // POST /de-an/:id/contract
  set('contract', 'selection', 'auction', 'unknown selection'),
  set('contract', 'signedDate', '2026/01/01', 'signedDate with slashes'),
  set('contract', 'endDate', '2027-13-01', 'endDate in month 13'),
  // POST /de-an/:id/advances
  set('advances', 'amount', -1, 'negative amount'),
  set('advances', 'amount', 1.5, 'fractional amount (1.5 đồng)'),
  set('advances', 'amount', '100000000', 'amount is a string'),
  set('advances', 'paidDate', '2026-02-29', 'paidDate 2026-02-29 (not a leap year)'),
  drop('advances', 'paidDate'),
  // POST /de-an/:id/progress-confirmation
  set('progress-confirmation', 'period', '2027-13', 'period in month 13'),
  drop('progress-confirmation', 'period'),
  // POST /de-an/:id/progress
  set('progress', 'period', '2027-13', 'period in month 13'),
  set('progress', 'period', '2027-06-01', 'period as a date'),
  set('progress', 'percentComplete', 101, 'percentComplete above 100'),
  set('progress', 'percentComplete', 50.5, 'fractional percentComplete'),
  set('progress', 'investedAmount', -470 * M, 'negative investedAmount'),
  // POST /de-an/:id/adjustments
  set('adjustments', 'kind', 'extend-forever', 'unknown kind'),
  set('adjustments', 'proposed.endDate', '2027-11-31', 'proposed.endDate 2027-11-31 does not exist'),
  set('adjustments', 'proposed.approvedSupport', -5, 'negative proposed.approvedSupport'),
  drop('adjustments', 'proposed'),
  set('adjustments', 'proposed', 'gia hạn', 'proposed is a string'),
  set('adjustments', 'proposed.reason', 'x', 'unknown field proposed.reason'),
  // POST /de-an/:id/adjustments/:adjustmentId/decision
  set('adjustment-decision', 'approved', 'yes', 'approved is a string'),
  drop('adjustment-decision', 'decisionNo'),
  set('adjustment-decision', 'approved', null, 'approved is null'),
  // POST /de-an/:id/inspections
  set('inspections', 'inspectors', [], 'no inspectors'),
  set('inspections', 'inspectors', 'Trần Văn Cán Bộ', 'inspectors is a string'),
  set('inspections', 'result', 'excellent', 'unknown result'),
  set('inspections', 'date', 'yesterday', 'date "yesterday"'),
  // POST /de-an/:id/suspension, /resumption, /stop
  drop('suspension', 'decisionNo'),
  set('suspension', 'reason', 'x'.repeat(2_001), 'reason beyond 2000 characters'),
  set('resumption', 'reason', 12, 'reason is a number'),
  set('stop', 'recoverAmount', -1, 'negative recoverAmount'),
  set('stop', 'recoverAmount', 0.5, 'fractional recoverAmount'),
  drop('stop', 'recoverAmount'),
  // POST /de-an/:id/withdrawal
  drop('withdrawal', 'reason'),
  set('withdrawal', 'reason', { text: 'x' }, 'reason is an object'),
  set('withdrawal', 'releasedSupport', 300 * M, 'unknown field releasedSupport'),
  raw('withdrawal', '{"reason": "Không đủ vốn",}', 'JSON with a trailing comma', 'body'),
  raw('withdrawal', JSON.stringify({ reason: 'Không đủ vốn' }), 'JSON sent as text/plain (not parsed)', 'reason', 'text/plain'),
  // POST /de-an/:id/completion
  set('completion', 'actualResults.0.quantity', 'nhiều', 'actualResults[0].quantity is a string'),
  set('completion', 'actualResults', null, 'actualResults is null'),
  set('completion', 'completedDate', '20/10/2027', 'completedDate dd/mm/yyyy'),
  set('completion', 'actualCost', 1.5, 'fractional actualCost'),
  // POST /de-an/:id/acceptance
  set('acceptance', 'result', 'ok', 'unknown result'),
  drop('acceptance', 'acceptedResults'),
  set('acceptance', 'date', '2027-02-30', 'date 2027-02-30 does not exist'),
  set('acceptance', 'acceptedResults.0.unit', 'x'.repeat(101), 'acceptedResults[0].unit beyond 100 characters'),
  // POST /de-an/:id/settlement
  set('settlement', 'settledSupport', -1, 'negative settledSupport'),
  set('settlement', 'settledSupport', 290.5, 'fractional settledSupport'),
  drop('settlement', 'date'),
  // POST /plans
  set('plans', 'year', 2027.5, 'fractional year'),
  set('plans', 'fundingSource', 'KCTW', 'unknown fundingSource'),
  set('plans', 'level', 'ward', 'unknown level'),
  set('plans', 'allocation', -1, 'negative allocation'),
  set('plans', 'allocation', 1.5, 'fractional allocation'),
  set('plans', 'targets.0.quantity', -20, 'negative targets[0].quantity'),
  set('plans', 'targets', { indicator: 'x', quantity: 1, unit: 'y' }, 'targets is an object'),
  set('plans', 'province', '5'.repeat(21), 'province beyond 20 characters'),
  set('plans', 'remaining', 0, 'unknown field remaining'),
  raw('plans', '{"year": 2027 "fundingSource": "KCDP"}', 'JSON missing a comma', 'body'),
];

/**
 * Keys that name the prototype chain are unknown fields like any other and must be refused, not
 * silently dropped before the whitelist check.
 */
const PROTOTYPE_KEYS: readonly Case[] = [
  raw('register', JSON.stringify(registration()).replace(/^\{/, '{"__proto__":{"role":"admin"},'), 'a top-level "__proto__" key', '__proto__'),
  raw(
    'register',
    JSON.stringify(registration()).replace('"budget":{', '"budget":{"__proto__":{"requestedSupport":1},'),
    'a "__proto__" key inside budget',
    'budget.__proto__',
  ),
  { ...set('withdrawal', 'constructor', { prototype: { polluted: true } }, 'a top-level "constructor" key'), target: 'prototype-keys' },
  set('plans', 'prototype', { allocation: 1 }, 'a top-level "prototype" key'),
];

/** Found by proof:fuzz: text PostgreSQL cannot store as sent (U+0000 was a 500), and lone surrogates, which are not text. */
const UNSTORABLE_TEXT: readonly Case[] = [
  set('register', 'title', 'Nhà xưởng\u0000', 'a NUL in title'),
  raw(
    'register',
    JSON.stringify(registration()).replace(/"title":"[^"]*"/, '"title":"Nh\\ud800 x\u01b0\u1edfng"'),
    'a lone surrogate in title',
    'title',
  ),
  set('progress', 'notes', 'ok\udc00', 'a lone low surrogate in notes'),
  {
    endpoint: 'adjustments',
    what: 'a NUL in a key of proposed.changes',
    field: 'proposed.changes',
    body: { kind: 'change-location', proposed: { changes: { 'locality\u0000': 'Phù Cát' } }, reason: 'Đổi địa điểm' },
  },
];

/**
 * Bodies whose fields have the right types but not the right shape or consistency: some are caught
 * by the edge, some only by the domain's own guards; either way a 400 naming the field.
 */
const SHAPES: readonly Case[] = [
  set('register', 'schedule', [], 'schedule is an array', 'schedule'),
  set('register', 'beneficiary', [], 'beneficiary is an array', 'beneficiary'),
  drop('register', 'budget'),
  drop('register', 'schedule'),
  set('register', 'schedule', { start: '2027-10-31', end: '2027-03-01' }, 'schedule.end before schedule.start', 'schedule.end'),
  set(
    'council',
    'members',
    [
      { sub: CHAIR, name: 'A' },
      { sub: CHAIR, name: 'B' },
    ],
    'the same member twice',
    'members',
  ),
  set('council', 'chair', 'someone-else', 'chair not among the members', 'chair'),
  set('adjustments', 'proposed', [{ endDate: '2027-11-30' }], 'proposed is an array', 'proposed'),
  {
    endpoint: 'adjustments',
    what: 'proposed.changes values are not strings',
    field: 'proposed.changes',
    body: { kind: 'change-location', proposed: { changes: { locality: 42, nested: { deep: ['x'] } } }, reason: 'Đổi địa điểm' },
  },
];

const HEADER_CASES: readonly Case[] = [
  { endpoint: 'withdrawal', what: 'If-Match that is not a version', field: 'If-Match', body: VALID.withdrawal(), headers: { 'if-match': 'latest' } },
  {
    endpoint: 'withdrawal',
    what: 'Idempotency-Key too short',
    field: 'Idempotency-Key',
    body: VALID.withdrawal(),
    headers: { 'idempotency-key': 'abc' },
  },
];

describe('malformed requests → 400 problem, no event', () => {
  let server: TestServer;
  let auditor: string;
  let planId = '';
  const tokens = {} as Record<Caller | 'member', string>;
  const targets = {} as Record<Target, { id: string; adjustmentId?: string }>;

  const withPlan = (body: unknown) => JSON.parse(JSON.stringify(body).replaceAll(JSON.stringify(PLAN), JSON.stringify(planId))) as unknown;

  const ok = async (path: string, token: string, body: unknown) =>
    expectStatus(await server.request('POST', path, { token, body }), [200, 201], `POST ${path}`);

  /** Where each target stands: the state where its command is legal, so a body that slipped through validation would be applied. */
  const STAGE: Readonly<Record<Target, Stage>> = { ...LEGAL_STAGE, 'prototype-keys': 'UnderAppraisal' };

  beforeAll(async () => {
    server = await startServer();
    auditor = await server.token({ sub: 'auditor-malformed', role: 'auditor' });
    tokens.applicant = await server.token({ sub: 'applicant-malformed', role: 'applicant', org: 'org-malformed' });
    tokens.officer = await server.token({ sub: 'officer-malformed', role: 'officer', province: '52' });
    tokens.council = await server.token({ sub: CHAIR, role: 'council' });
    tokens.member = await server.token({ sub: MEMBER, role: 'council' });
    tokens.approver = await server.token({ sub: 'approver-malformed', role: 'approver', province: '52' });
    tokens.finance = await server.token({ sub: 'finance-malformed', role: 'finance', province: '52' });
    planId = (await ok('/plans', tokens.officer, planBody({ allocation: 10_000 * M }))).body.id as string;
    // One đề án per endpoint, in the state where its command is legal: whatever slipped through
    // validation would be applied, and could not change the target of another endpoint.
    const actors = { ...tokens, chair: tokens.council };
    for (const target of Object.keys(STAGE) as Target[])
      targets[target] = await deAnAt(server, STAGE[target], actors, { planId, chair: CHAIR, member: MEMBER });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  const send = (c: Case) => {
    const target = targets[c.target ?? (c.endpoint as Target)];
    const path = PATH[c.endpoint].replace(':id', target?.id ?? '').replace(':adjustmentId', target?.adjustmentId ?? randomUUID());
    return server.request('POST', path, {
      token: tokens[CALLER[c.endpoint]],
      ...(c.raw !== undefined ? { raw: c.raw } : {}),
      ...(c.body !== undefined ? { body: withPlan(c.body) } : {}),
      ...(c.headers ? { headers: c.headers } : {}),
    });
  };

  const refused = async (c: Case) => {
    const before = await eventCount(server, auditor);
    const reply = await send(c);
    const after = await eventCount(server, auditor);
    expect({ status: reply.status, body: reply.body }).toMatchObject({
      status: 400,
      body: { type: 'urn:khuyen-cong:problem:invalid-input', status: 400, title: 'Dữ liệu không hợp lệ' },
    });
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const errors = reply.body.errors as unknown;
    expect(Array.isArray(errors)).toBe(true);
    const list = errors as { field: unknown; message: unknown }[];
    expect(list.length).toBeGreaterThan(0);
    for (const error of list) {
      expect(typeof error.field).toBe('string');
      expect(typeof error.message).toBe('string');
      expect((error.message as string).length).toBeGreaterThan(0);
    }
    const fields = list.map((e) => e.field as string);
    const namesField = fields.some((f) => f === c.field || f.startsWith(`${c.field}.`) || f.startsWith(`${c.field}[`));
    expect(namesField ? c.field : `errors name ${c.field} (got ${fields.join(', ')})`).toBe(c.field);
    expect(after).toBe(before);
  };

  const named = (cases: readonly Case[]) => cases.map((c) => [`POST ${PATH[c.endpoint]}: ${c.what} → 400`, c] as const);

  test('the table covers every command endpoint with at least 60 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CASES.map((c) => c.endpoint))).toEqual(new Set(Object.keys(PATH)));
  });

  test.each(named(CASES))('%s', async (_name, c) => {
    await refused(c);
  });

  test.each(named(SHAPES))('shape: %s', async (_name, c) => {
    await refused(c);
  });

  test.each(named(HEADER_CASES))('header: %s', async (_name, c) => {
    await refused(c);
  });

  test.each(named(PROTOTYPE_KEYS))('prototype key: %s', async (_name, c) => {
    await refused(c);
  });

  test.each(named(UNSTORABLE_TEXT))('unstorable text: %s', async (_name, c) => {
    await refused(c);
  });

  // Found by proof:fuzz: a body nested thousands deep overflowed the stack of the validation pipe (500).
  test.each([
    ['objects', `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`],
    ['arrays', `{"items":${'['.repeat(5_000)}1${']'.repeat(5_000)}}`],
  ])('deeply nested %s: 400 problem naming the depth, no event', async (_kind, raw) => {
    const before = await eventCount(server, auditor);
    const reply = await server.request('POST', `/de-an/${targets.withdrawal.id}/withdrawal`, {
      token: tokens.applicant,
      raw,
      headers: { 'content-type': 'application/json' },
    });
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.body.errors[0].message).toBe('không được lồng quá 32 cấp');
    expect(await eventCount(server, auditor)).toBe(before);
  });

  // Found by proof:fuzz: a NUL in a query value reached a SQL parameter (500).
  test.each([
    ['/deadlines?province=%00', 'query.province'],
    ['/de-an?status=52%00', 'query.status'],
    ['/reports/funding?province=%00&format=csv', 'query.province'],
    ['/de-an/%00', 'path'],
  ])('GET %s: 400 problem naming %s', async (path, field) => {
    const reply = await server.request('GET', path, { token: tokens.officer });
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.body.errors).toEqual([{ field, message: 'chứa ký tự NUL hoặc ký tự Unicode không hợp lệ' }]);
  });

  test('headers over 16 kB: 431 problem+json from the HTTP parser, not a bare status line', async () => {
    const reply = await server.request('GET', '/de-an', { token: tokens.officer, headers: { 'x-padding': 'x'.repeat(20_000) } });
    expect(reply.status).toBe(431);
    expect(reply.headers.get('content-type')).toBe('application/problem+json');
    expect(reply.body).toMatchObject({ status: 431, title: 'Tiêu đề yêu cầu quá lớn' });
  });

  // The control, last: each unbroken body is accepted on its target, so every 400 above comes
  // from the one thing its case breaks, not from the body or the target's state.
  test.each((Object.keys(PATH) as Endpoint[]).map((e) => [e] as const))('control: the well-formed %s body is accepted', async (endpoint) => {
    const before = await eventCount(server, auditor);
    expectStatus(await send({ endpoint, what: 'well-formed', field: '', body: VALID[endpoint]() }), [200, 201], `well-formed ${endpoint}`);
    expect(await eventCount(server, auditor)).toBeGreaterThan(before);
  });
});
