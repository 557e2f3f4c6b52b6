/**
 * The authorization matrix: every endpoint of docs/API.md × every role, on the caller's own and on
 * another organisation / province / council. The expectations follow the step catalogue's roles and
 * docs/DOMAIN.md's scoping, not the controllers:
 *   no, forged, tampered or expired token, or no live session → 401 · role not in docs/API.md's column → 403 ·
 *   allowed role that may not see the đề án (other org, other province, council not assigned) → 404 ·
 *   allowed and visible → 200 for a GET; for a command sent to a đề án in the state where it is legal, success (2xx).
 * It runs twice: callers with bearer tokens, and the same callers as directory users signed in with a
 * password (session cookie, X-CSRF-Token on writes) — the rules are the same for both.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import {
  assignCouncil,
  Claims,
  Command,
  COMMAND_PATH,
  commandBody,
  deAnAt,
  expectStatus,
  KeyedServer,
  LEGAL_STAGE,
  createUser,
  registerDeAn,
  signIn,
  startKeyedServer,
  USER_PASSWORD,
} from './support/e2e-helpers';
import type { Role } from '@app/domain';
import { StepName, STEPS, userIdOf } from '@app/application';
import { M, planBody } from './support/fixtures';
import type { Reply, RequestOptions, SessionCredentials, TestServer } from './support/server';

const ORG = 'htx-co-khi-an-nhon';
const PROVINCE = '52';
/** The 2028 plan the carry-over rows send to (made in beforeAll). */
let nextPlanIdForCarryOver = '';
const OTHER_PROVINCE = '01';
const CHAIR = 'council-chair';
const MEMBER = 'council-member';

type Scope = 'own' | 'other' | 'chair' | 'member' | 'unassigned' | 'all';

interface Caller {
  readonly label: string;
  readonly scope: Scope;
  readonly claims: Claims;
}

const CALLERS: readonly Caller[] = [
  { label: 'applicant (own org)', scope: 'own', claims: { sub: 'applicant-own', role: 'applicant', org: ORG } },
  { label: 'applicant (other org)', scope: 'other', claims: { sub: 'applicant-other', role: 'applicant', org: 'cong-ty-khac' } },
  { label: 'officer (own province)', scope: 'own', claims: { sub: 'officer-52', role: 'officer', province: PROVINCE } },
  { label: 'officer (other province)', scope: 'other', claims: { sub: 'officer-01', role: 'officer', province: OTHER_PROVINCE } },
  { label: 'council (assigned chair)', scope: 'chair', claims: { sub: CHAIR, role: 'council' } },
  { label: 'council (assigned member)', scope: 'member', claims: { sub: MEMBER, role: 'council' } },
  { label: 'council (not assigned)', scope: 'unassigned', claims: { sub: 'council-outsider', role: 'council' } },
  { label: 'approver (own province)', scope: 'own', claims: { sub: 'approver-52', role: 'approver', province: PROVINCE } },
  { label: 'approver (other province)', scope: 'other', claims: { sub: 'approver-01', role: 'approver', province: OTHER_PROVINCE } },
  { label: 'finance (own province)', scope: 'own', claims: { sub: 'finance-52', role: 'finance', province: PROVINCE } },
  { label: 'finance (other province)', scope: 'other', claims: { sub: 'finance-01', role: 'finance', province: OTHER_PROVINCE } },
  { label: 'auditor', scope: 'all', claims: { sub: 'auditor-1', role: 'auditor' } },
  { label: 'admin', scope: 'all', claims: { sub: 'admin-1', role: 'admin' } },
];

const ALL: readonly Role[] = ['applicant', 'officer', 'council', 'approver', 'finance', 'auditor', 'admin'];

type Resource = 'de-an' | 'plan' | 'none';

interface Endpoint {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: string;
  /** docs/API.md's role column. */
  readonly roles: readonly Role[];
  /** What the path names: a đề án (visibility by org, province or council), a plan (by province), or nothing. */
  readonly resource: Resource;
  /** docs/API.md: "council chair" — an assigned member who is not the chair may not. */
  readonly chairOnly?: boolean;
  /** A scoped officer acts only in their own province (docs/DOMAIN.md): a body for another province is refused. */
  readonly provinceOfBody?: boolean;
  readonly command?: Command;
  /** The body of a request that is not a command of the catalogue. */
  readonly body?: () => unknown;
  /** Bytes sent as they are (a document upload). */
  readonly raw?: () => Uint8Array;
}

/**
 * The roles of each step, from the step catalogue that the routes are generated from (its agreement
 * with docs/API.md's role column is libs/application/src/steps/catalogue.unit.spec.ts).
 */
const ROLES_OF_COMMAND = Object.fromEntries(
  STEPS.map((step) => [step.name, { roles: step.roles, ...(step.rule === 'council-chair' ? { chairOnly: true } : {}) }]),
) as Readonly<Record<StepName, { roles: readonly Role[]; chairOnly?: boolean }>>;

const ENDPOINTS: readonly Endpoint[] = [
  { method: 'POST', path: '/de-an', roles: ['applicant', 'officer'], resource: 'none', provinceOfBody: true, command: 'register' },
  { method: 'GET', path: '/de-an/:id', roles: ALL, resource: 'de-an' },
  // Documents: uploaded by who registers, read by whoever may see a đề án citing them.
  { method: 'POST', path: '/attachments?name=bao-gia.pdf', roles: ['applicant', 'officer'], resource: 'none', raw: () => Buffer.from(randomUUID()) },
  { method: 'GET', path: '/de-an/:id/attachments/:sha256', roles: ALL, resource: 'de-an' },
  // "officer, approver, finance, auditor, owner": neither council nor admin.
  { method: 'GET', path: '/de-an/:id/history', roles: ['applicant', 'officer', 'approver', 'finance', 'auditor'], resource: 'de-an' },
  ...(Object.entries(ROLES_OF_COMMAND) as [Exclude<Command, 'register' | 'plans'>, { roles: readonly Role[]; chairOnly?: boolean }][]).map(
    ([command, { roles, chairOnly }]): Endpoint => ({
      method: 'POST',
      path: COMMAND_PATH[command],
      roles,
      resource: 'de-an',
      command,
      ...(chairOnly ? { chairOnly } : {}),
    }),
  ),
  { method: 'POST', path: '/plans', roles: ['officer', 'admin'], resource: 'none', provinceOfBody: true, command: 'plans' },
  // docs/API.md gives GET /plans/:id no role column; docs/DOMAIN.md: officers manage plans, approvers commit
  // against them, finance settles against them, auditors read everything, admins administer.
  // Unspent money to the next year's plan (NĐ 45/2012 Điều 14.4): who makes plans, on a plan they may see.
  {
    method: 'POST',
    path: '/plans/:planId/carry-over',
    roles: ['officer', 'admin'],
    resource: 'plan',
    body: () => ({ toPlanId: nextPlanIdForCarryOver, amount: M, decisionNo: '77/QĐ-UBND' }),
  },
  { method: 'GET', path: '/plans/:planId', roles: ['officer', 'approver', 'finance', 'auditor', 'admin'], resource: 'plan' },
  // Period plans: made like annual plans (a province's officer for their province), read like them (one is made in beforeAll).
  {
    method: 'POST',
    path: '/period-plans',
    roles: ['officer', 'admin'],
    resource: 'none',
    provinceOfBody: true,
    body: () => ({
      title: 'Kế hoạch giai đoạn 2026 - 2030',
      province: PROVINCE,
      level: 'province',
      fromYear: 2026,
      toYear: 2030,
      targets: [],
      funding: [],
    }),
  },
  { method: 'GET', path: '/period-plans', roles: ['officer', 'approver', 'finance', 'auditor', 'admin'], resource: 'none' },
  { method: 'GET', path: '/period-plans/:periodPlanId', roles: ['officer', 'approver', 'finance', 'auditor', 'admin'], resource: 'plan' },
  // Periodic reports: a province's officer submits its own (each caller's province a stream of its own); the
  // Ministry's staff read every province's, a province's staff their own (one is submitted in beforeAll).
  { method: 'POST', path: '/periodic-reports', roles: ['officer'], resource: 'none', body: () => ({ type: 'quarterly', period: '2025-Q4' }) },
  { method: 'GET', path: '/periodic-reports', roles: ['officer', 'approver', 'auditor', 'admin'], resource: 'none' },
  { method: 'GET', path: `/periodic-reports/${PROVINCE}/quarterly/2025-Q3`, roles: ['officer', 'approver', 'auditor', 'admin'], resource: 'plan' },
  { method: 'GET', path: '/audit/verify', roles: ['auditor', 'admin'], resource: 'none' },
  // Who imported what: auditors and admins only.
  { method: 'GET', path: '/audit/imports', roles: ['auditor', 'admin'], resource: 'none' },
  { method: 'GET', path: '/audit/imports/:batchId/events', roles: ['auditor', 'admin'], resource: 'none' },
  // Who is signed in: anyone who is. The user directory: admins only (docs/AUTH.md).
  { method: 'GET', path: '/auth/me', roles: ALL, resource: 'none' },
  {
    method: 'POST',
    path: '/users',
    roles: ['admin'],
    resource: 'none',
    body: () => ({
      username: `u.${randomUUID().slice(0, 8)}`,
      displayName: 'Người dùng mới',
      role: 'officer',
      province: PROVINCE,
      password: USER_PASSWORD,
    }),
  },
  { method: 'GET', path: '/users', roles: ['admin'], resource: 'none' },
  // Officers name councils from the directory's council-eligible users.
  { method: 'GET', path: '/users/council', roles: ['officer', 'admin'], resource: 'none' },
  { method: 'GET', path: '/users/:userId', roles: ['admin'], resource: 'none' },
  {
    method: 'PATCH',
    path: '/users/:userId',
    roles: ['admin'],
    resource: 'none',
    body: () => ({ displayName: `Đổi tên ${randomUUID().slice(0, 4)}` }),
  },
  { method: 'DELETE', path: '/users/:userId/sessions', roles: ['admin'], resource: 'none' },
];

/** One imported record, so that an import batch exists for the audit endpoints. */
const IMPORTED_PLAN = {
  kind: 'plan',
  externalId: 'KH-52-2016',
  plan: { year: 2016, fundingSource: 'KCDP', level: 'province', province: PROVINCE, allocation: 1_000 * M, createdAt: '2015-10-01T02:00:00Z' },
};

/** Each allowed caller sends its command to its own đề án, in the state where the command is legal: it succeeds. */
const ALLOWED_COMMAND = [200, 201] as const;

/** The answer docs/API.md and docs/DOMAIN.md call for. */
function expected(endpoint: Endpoint, caller: Caller): readonly number[] {
  const { role } = caller.claims;
  if (!endpoint.roles.includes(role)) return [403];
  const scopedStaff = role === 'officer' || role === 'approver' || role === 'finance';
  if (endpoint.resource === 'de-an') {
    if (caller.scope === 'other' || caller.scope === 'unassigned') return [404];
    if (endpoint.chairOnly && caller.scope === 'member') return [403];
  }
  if (endpoint.resource === 'plan' && scopedStaff && caller.scope === 'other') return [404];
  if (endpoint.provinceOfBody && role === 'officer' && caller.scope === 'other') return [403];
  return endpoint.method === 'GET' ? [200] : ALLOWED_COMMAND;
}

const describeStatuses = (statuses: readonly number[]) => (statuses === ALLOWED_COMMAND ? '2xx' : statuses.join('/'));

interface Row {
  readonly name: string;
  readonly endpoint: Endpoint;
  readonly caller: Caller;
  readonly expect: readonly number[];
}

const MATRIX: readonly Row[] = ENDPOINTS.flatMap((endpoint) =>
  CALLERS.map((caller) => {
    const expect = expected(endpoint, caller);
    return { endpoint, caller, expect, name: `${endpoint.method} ${endpoint.path} as ${caller.label} → ${describeStatuses(expect)}` };
  }),
);

/** A command on a đề án: its target is prepared in beforeAll. */
const onDeAn = (endpoint: Endpoint): endpoint is Endpoint & { command: Exclude<Command, 'register' | 'plans'> } =>
  endpoint.resource === 'de-an' && endpoint.command !== undefined;

/**
 * Tokens the server must refuse. The scope claims fail closed: signed with the server's own key, a
 * `province` or `org` that is not a well-formed value never reads as "no scope" (national staff).
 */
const SIGNED_BUT_INVALID = {
  'province claim a number': { sub: 'officer-x', role: 'officer', province: 52 },
  'province claim empty': { sub: 'officer-x', role: 'officer', province: '' },
  'province claim of 201 characters': { sub: 'officer-x', role: 'officer', province: '5'.repeat(201) },
  'province claim not a province (99)': { sub: 'officer-x', role: 'officer', province: '99' },
  'province claim in full-width digits': { sub: 'officer-x', role: 'officer', province: '\uff15\uff12' },
  'org claim a look-alike (Cyrillic о)': { sub: 'applicant-own', role: 'applicant', org: ORG.replace('o', '\u043e') },
  'org claim empty': { sub: 'applicant-own', role: 'applicant', org: '' },
  'org claim null': { sub: 'admin-1', role: 'admin', org: null },
  'role system': { sub: 'system:deadline-scheduler', role: 'system' },
} as const;
type BadToken =
  | 'no token'
  | 'not a Bearer token'
  | 'forged signature'
  | 'payload tampered to role admin'
  | 'expired token'
  | 'unsigned token (alg none)'
  | 'not valid yet (nbf in an hour)'
  | 'lifetime beyond the 24 h cap'
  | 'no iat'
  | keyof typeof SIGNED_BUT_INVALID;
const BAD_TOKENS: readonly BadToken[] = [
  'no token',
  'not a Bearer token',
  'forged signature',
  'payload tampered to role admin',
  'expired token',
  'unsigned token (alg none)',
  'not valid yet (nbf in an hour)',
  'lifetime beyond the 24 h cap',
  'no iat',
  ...(Object.keys(SIGNED_BUT_INVALID) as (keyof typeof SIGNED_BUT_INVALID)[]),
];

type BadSession = 'a session cookie of another deployment' | 'a signed-out session' | 'no X-CSRF-Token' | "another session's X-CSRF-Token";
/** Cookies the server must refuse (401), and cookie-carried writes without their session's CSRF token (403). */
const BAD_SESSION_STATUS: Readonly<Record<BadSession, 401 | 403>> = {
  'a session cookie of another deployment': 401,
  'a signed-out session': 401,
  'no X-CSRF-Token': 403,
  "another session's X-CSRF-Token": 403,
};
const BAD_SESSIONS = Object.keys(BAD_SESSION_STATUS) as BadSession[];

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

type Mode = 'bearer token' | 'session cookie';

describe.each(['bearer token', 'session cookie'] as const)('authorization matrix (docs/API.md roles × scope), signed in by %s', (mode: Mode) => {
  let keyed: KeyedServer;
  let server: TestServer;
  /** What each caller sends: a bearer token, or the session of the directory user of the same role and scope. */
  const credentials = new Map<Caller, RequestOptions>();
  /** Bearer tokens of the same actors, for the set-up (which is not under test). */
  const tokens = new Map<Caller, string>();
  /** Sessions the server must refuse: ended by logging out. */
  let signedOut: SessionCredentials;
  /** A caller's id: their token's subject, or the directory user's id. */
  const subOf = (caller: Caller) => (mode === 'bearer token' ? caller.claims.sub : userIdOf(caller.claims.sub));
  const chair = subOf(CALLERS.find((c) => c.scope === 'chair')!);
  const member = subOf(CALLERS.find((c) => c.scope === 'member')!);
  let readTarget = '';
  /** The document readTarget cites. */
  let document = '';
  let planId = '';
  let periodPlanId = '';
  let batchId = '';
  /** The user the directory endpoints act on. */
  let userId = '';
  /** Per command, the đề án the refused callers try; per allowed row, a đề án of its own. */
  const targets = new Map<string, { id: string; adjustmentId?: string }>();
  const targetKey = (row: Row) => (row.expect === ALLOWED_COMMAND ? `${row.endpoint.path} ${row.caller.label}` : row.endpoint.path);

  beforeAll(async () => {
    keyed = await startKeyedServer();
    server = keyed.server;
    for (const caller of CALLERS) {
      tokens.set(caller, await keyed.mint({ ...caller.claims, sub: subOf(caller) }));
      credentials.set(caller, { headers: { authorization: `Bearer ${tokens.get(caller)!}` } });
    }
    const directoryAdmin = { token: await keyed.mint({ sub: 'directory-admin', role: 'admin' }) };
    userId = await createUser(server, directoryAdmin, { username: 'target-user', role: 'auditor' });
    if (mode === 'session cookie') {
      const admin = directoryAdmin;
      for (const { claims } of CALLERS) {
        const { sub, role, org, province } = claims;
        await createUser(server, admin, {
          username: sub,
          role,
          ...(org ? { org } : {}),
          ...(province ? { province } : {}),
          councilEligible: role === 'council',
        });
      }
      for (const caller of CALLERS) {
        const session = await signIn(server, caller.claims.sub, USER_PASSWORD);
        expect(session.me.id).toBe(subOf(caller));
        credentials.set(caller, { session });
      }
      signedOut = await signIn(server, 'admin-1', USER_PASSWORD);
      expectStatus(await server.request('POST', '/auth/logout', { session: signedOut }), 204, 'POST /auth/logout');
    }
    const token = (label: string) => tokens.get(CALLERS.find((c) => c.label === label)!)!;
    const applicant = token('applicant (own org)');
    const officer = token('officer (own province)');
    planId = expectStatus(await server.request('POST', '/plans', { token: officer, body: planBody({ allocation: 10_000 * M }) }), 201, 'POST /plans')
      .body.id as string;
    document = expectStatus(
      await server.request('POST', '/attachments?name=thuyet-minh.pdf', { token: applicant, raw: Buffer.from('%PDF thuyết minh') }),
      201,
      'POST /attachments',
    ).body.sha256 as string;
    readTarget = await registerDeAn(server, applicant, { attachments: [{ name: 'thuyet-minh.pdf', sha256: document }] });
    nextPlanIdForCarryOver = expectStatus(
      await server.request('POST', '/plans', { token: officer, body: planBody({ year: 2028, allocation: 1_000 * M }) }),
      201,
      'POST /plans 2028',
    ).body.id as string;
    periodPlanId = expectStatus(
      await server.request('POST', '/period-plans', {
        token: officer,
        body: { title: 'Kế hoạch giai đoạn', province: PROVINCE, level: 'province', fromYear: 2026, toYear: 2030, targets: [], funding: [] },
      }),
      201,
      'POST /period-plans',
    ).body.id as string;
    expectStatus(
      await server.request('POST', '/periodic-reports', { token: officer, body: { type: 'quarterly', period: '2025-Q3' } }),
      201,
      'POST /periodic-reports',
    );
    batchId = expectStatus(await server.request('POST', '/import/de-an', { token: officer, body: IMPORTED_PLAN }), 200, 'POST /import/de-an').body
      .batchId as string;
    await assignCouncil(server, officer, readTarget, chair, member);
    // Every target stands in the state where its command is legal, with the chair and the member on
    // its council: refusals are not masked by a 409, and each allowed caller's command succeeds.
    const actors = {
      applicant,
      officer,
      chair: token('council (assigned chair)'),
      member: token('council (assigned member)'),
      approver: token('approver (own province)'),
    };
    for (const row of MATRIX) {
      if (!onDeAn(row.endpoint) || targets.has(targetKey(row))) continue;
      targets.set(targetKey(row), await deAnAt(server, LEGAL_STAGE[row.endpoint.command], actors, { planId, chair, member }));
    }
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  /** Sends the endpoint's well-formed request; without a matrix row (bad tokens), to the target of the refused callers. */
  function call(endpoint: Endpoint, auth: RequestOptions | undefined, row?: Row): Promise<Reply> {
    const target = onDeAn(endpoint) ? targets.get(row ? targetKey(row) : endpoint.path) : undefined;
    const caller = row?.caller;
    const path = endpoint.path
      .replace(':id', target?.id ?? readTarget)
      .replace(':adjustmentId', target?.adjustmentId ?? randomUUID())
      .replace(':planId', planId)
      .replace(':periodPlanId', periodPlanId)
      .replace(':batchId', batchId)
      .replace(':userId', userId)
      .replace(':sha256', document);
    let body: unknown = endpoint.body?.();
    if (endpoint.method === 'POST' && endpoint.command) {
      body = commandBody(endpoint.command, { planId, chair, member });
      // an officer registers on behalf of the organisation (docs/API.md: organisation from the token only for applicants)
      if (endpoint.command === 'register' && caller?.claims.role !== 'applicant') body = { ...(body as object), organisation: ORG };
    }
    if (endpoint.raw)
      return server.request(endpoint.method, path, {
        ...auth,
        raw: endpoint.raw(),
        headers: { ...auth?.headers, 'content-type': 'application/pdf' },
      });
    return server.request(endpoint.method, path, { ...(body !== undefined ? { body } : {}), ...auth });
  }

  const expectProblem = (reply: Reply, status: number) => {
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.body).toMatchObject({ status });
    expect(typeof reply.body.title).toBe('string');
  };

  test('the OpenAPI document has every step of the catalogue, with Idempotency-Key and If-Match documented once and optional', async () => {
    const document = (await (await fetch(`${server.base}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { summary?: string; parameters?: { in: string; name: string; required?: boolean }[] }>>;
    };
    for (const step of STEPS) {
      const operation = document.paths[`/api/v1/de-an/{id}/${step.route.replace(':adjustmentId', '{adjustmentId}')}`]?.post;
      expect(operation?.summary).toBe(step.summary);
      const headers = (operation?.parameters ?? []).filter((p) => p.in === 'header');
      expect(headers.map((h) => [h.name, h.required ?? false]).sort()).toEqual([
        ['Idempotency-Key', false],
        ['If-Match', false],
      ]);
    }
    const required = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).flatMap(([method, op]) =>
        (op.parameters ?? []).filter((p) => p.in === 'header' && p.required).map((p) => `${method} ${path} ${p.name}`),
      ),
    );
    expect(required).toEqual([]);
  });

  test('the matrix covers every endpoint and role', () => {
    expect(MATRIX).toHaveLength(ENDPOINTS.length * CALLERS.length);
    expect(new Set(CALLERS.map((c) => c.claims.role))).toEqual(new Set(ALL));
    expect(ENDPOINTS.filter((e) => e.command && e.command !== 'register' && e.command !== 'plans')).toHaveLength(
      Object.keys(ROLES_OF_COMMAND).length,
    );
    // not vacuous: every endpoint has a caller who is let through, and auditors change nothing
    expect(ENDPOINTS.filter((e) => !MATRIX.some((r) => r.endpoint === e && r.expect[0]! < 300))).toEqual([]);
    expect(MATRIX.filter((r) => r.caller.claims.role === 'auditor' && r.endpoint.method === 'POST' && r.expect[0] !== 403)).toEqual([]);
  });

  test.each(MATRIX.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const reply = await call(row.endpoint, credentials.get(row.caller), row);
    const answer = `${reply.status} ${reply.status >= 400 ? JSON.stringify(reply.body?.detail ?? reply.body) : ''}`.trim();
    expect(row.expect.includes(reply.status) ? describeStatuses(row.expect) : answer).toBe(describeStatuses(row.expect));
    if (reply.status >= 400) expectProblem(reply, reply.status);
  });

  /** The Authorization header of a bad token of this kind. */
  async function badToken(kind: BadToken): Promise<string | undefined> {
    const applicant = { sub: 'applicant-own', role: 'applicant', org: ORG } as const;
    let authorization: string | undefined;
    switch (kind) {
      case 'no token':
        authorization = undefined;
        break;
      case 'not a Bearer token':
        authorization = `Basic ${Buffer.from('applicant-own:secret').toString('base64')}`;
        break;
      case 'forged signature':
        // well-formed claims, signed with a key the server does not know
        authorization = `Bearer ${await keyed.forge({ sub: 'admin-1', role: 'admin' })}`;
        break;
      case 'payload tampered to role admin': {
        const [header, payload, signature] = (await keyed.mint(applicant)).split('.') as [string, string, string];
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
        authorization = `Bearer ${header}.${b64url({ ...claims, role: 'admin' })}.${signature}`;
        break;
      }
      case 'expired token':
        // signed with the server's key, issued 9 h ago with the default 8 h lifetime
        authorization = `Bearer ${await keyed.mint({ sub: 'admin-1', role: 'admin' }, { now: new Date(Date.now() - 9 * 3_600_000) })}`;
        break;
      case 'unsigned token (alg none)':
        authorization = `Bearer ${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: 'admin-1', role: 'admin', iat: now(), exp: now() + 3600 })}.`;
        break;
      case 'not valid yet (nbf in an hour)':
        authorization = `Bearer ${await keyed.sign({ sub: 'admin-1', role: 'admin', iat: now(), nbf: now() + 3600, exp: now() + 7200 })}`;
        break;
      case 'lifetime beyond the 24 h cap':
        authorization = `Bearer ${await keyed.sign({ sub: 'admin-1', role: 'admin', iat: now(), exp: now() + 25 * 3600 })}`;
        break;
      case 'no iat':
        authorization = `Bearer ${await keyed.sign({ sub: 'admin-1', role: 'admin', exp: now() + 3600 })}`;
        break;
      default:
        authorization = `Bearer ${await keyed.sign({ ...SIGNED_BUT_INVALID[kind], iat: now(), exp: now() + 3600 })}`;
    }
    return authorization;
  }

  /** The cookie and headers of a bad session of this kind, for an endpoint `allowed` may call. */
  function badSession(kind: BadSession, allowed: Caller): RequestOptions {
    const own = credentials.get(allowed)!.session!;
    const other = credentials.get(CALLERS.find((caller) => caller !== allowed)!)!.session!;
    switch (kind) {
      case 'a session cookie of another deployment':
        return { session: { token: 'A'.repeat(43), csrfToken: own.csrfToken } };
      case 'a signed-out session':
        return { session: signedOut };
      case 'no X-CSRF-Token':
        return { headers: { cookie: `kc_session=${own.token}` } };
      case "another session's X-CSRF-Token":
        return { session: { token: own.token, csrfToken: other.csrfToken } };
    }
  }

  const auditor = CALLERS.find((c) => c.claims.role === 'auditor')!;
  const eventsRecorded = async () => (await server.request('GET', '/audit/verify', credentials.get(auditor)!)).body.checked as number;

  /** Bad tokens with bearer tokens; with sessions, bad cookies (401) and cookie-carried writes without their CSRF token (403). */
  interface BadRow {
    readonly name: string;
    readonly endpoint: Endpoint;
    readonly token?: BadToken;
    readonly session?: BadSession;
    readonly status: 401 | 403;
  }
  const badRows = ENDPOINTS.flatMap((endpoint): BadRow[] =>
    mode === 'bearer token'
      ? BAD_TOKENS.map((kind) => ({ name: `${endpoint.method} ${endpoint.path} with ${kind} → 401`, endpoint, token: kind, status: 401 }))
      : BAD_SESSIONS.filter((kind) => endpoint.method !== 'GET' || BAD_SESSION_STATUS[kind] === 401).map((kind) => ({
          name: `${endpoint.method} ${endpoint.path} with ${kind} → ${BAD_SESSION_STATUS[kind]}`,
          endpoint,
          session: kind,
          status: BAD_SESSION_STATUS[kind],
        })),
  );

  test.each(badRows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    // Sent as a caller who may make the request (to their own target in the state where it is legal): only the credentials are wrong.
    const allowed = CALLERS.find((caller) => expected(row.endpoint, caller)[0]! < 300)!;
    const matrixRow = MATRIX.find((r) => r.endpoint === row.endpoint && r.caller === allowed)!;
    const authorization = row.token ? await badToken(row.token) : undefined;
    const sent = row.session ? badSession(row.session, allowed) : authorization === undefined ? undefined : { headers: { authorization } };
    const before = await eventsRecorded();
    const reply = await call(row.endpoint, sent, matrixRow);
    expect(reply.status).toBe(row.status);
    expectProblem(reply, row.status);
    if (row.status === 401) expect(reply.body.title).toBe('Chưa xác thực');
    expect(await eventsRecorded()).toBe(before); // nothing recorded, as anyone
  });
});
