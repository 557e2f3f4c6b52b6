/**
 * Shared steps of the end-to-end specs: a server whose signing key the test knows (to mint expired
 * and forged tokens), the event count as an auditor sees it, and the problem shape of a 400.
 */
// @app/application declares decorated classes (config): their metadata needs the polyfill loaded first.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Claims, jose, signToken, StepName, STEPS, tokenKeys } from '@app/application';
import { Reply, SessionCredentials, startServer, TestServer } from './server';
import { M, planBody, registration } from './fixtures';

export type { Claims };

export interface KeyedServer {
  readonly server: TestServer;
  /** Signs with the server's key; `now` in the past makes an expired token (tokens live 8 h). */
  mint(claims: Claims, options?: { now?: Date; ttlSeconds?: number }): Promise<string>;
  /** Signs with a key the server does not know. */
  forge(claims: Claims): Promise<string>;
  /**
   * Signs any payload as it is with the server's key (HS256, its kid), adding only the issuer and
   * audience the server expects unless the payload names others: for claims no well-behaved signer writes.
   */
  sign(payload: Record<string, unknown>, header?: Record<string, unknown>): Promise<string>;
}

/** A server started with a JWT_SECRET chosen here, so the test can sign tokens of any age. */
export async function startKeyedServer(): Promise<KeyedServer> {
  const secret = randomBytes(32).toString('hex');
  const server = await startServer({ JWT_SECRET: secret });
  const keys = tokenKeys(Buffer.from(secret, 'utf8'));
  const sign = async (payload: Record<string, unknown>, header: Record<string, unknown> = {}) => {
    const { SignJWT } = await jose();
    return new SignJWT({ iss: keys.issuer, aud: keys.audience, ...payload })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: keys.secrets[0].kid, ...header })
      .sign(keys.secrets[0].secret);
  };
  return {
    server,
    mint: (claims, options) => signToken(claims, keys, options),
    forge: (claims) => signToken(claims, tokenKeys(randomBytes(32))),
    sign,
  };
}

/** Total number of events in the store (GET /audit/verify counts every event it checks). */
export async function eventCount(server: TestServer, auditorToken: string): Promise<number> {
  const reply = await server.request('GET', '/audit/verify', { token: auditorToken });
  if (reply.status !== 200 || typeof reply.body?.checked !== 'number') {
    throw new Error(`GET /audit/verify answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  }
  return reply.body.checked as number;
}

/** Polls `probe` until it gives a value (the read models are a moment behind the log); fails after `timeoutMs`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A failed step of the set-up names the request and the answer. */
export function expectStatus(reply: Reply, status: number | readonly number[], what: string): Reply {
  const allowed = typeof status === 'number' ? [status] : status;
  if (!allowed.includes(reply.status)) throw new Error(`${what}: expected ${allowed.join('/')}, got ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply;
}

/** Who sends a request: a bearer token, or a signed-in user's session. */
export type Credentials = string | { readonly session: SessionCredentials };
const sentAs = (who: Credentials) => (typeof who === 'string' ? { token: who } : who);

/** Registers a đề án of province 52 for `org` as an applicant of that organisation; returns its id. */
export async function registerDeAn(server: TestServer, applicant: Credentials, overrides: Record<string, unknown> = {}): Promise<string> {
  const reply = expectStatus(await server.request('POST', '/de-an', { ...sentAs(applicant), body: registration(overrides) }), 201, 'POST /de-an');
  return reply.body.id as string;
}

/** Assigns a council (chair and one member) so the đề án is UnderAppraisal. */
export async function assignCouncil(server: TestServer, officer: Credentials, id: string, chair: string, member: string): Promise<void> {
  expectStatus(
    await server.request('POST', `/de-an/${id}/council`, {
      ...sentAs(officer),
      body: {
        members: [
          { sub: chair, name: 'Chủ tịch hội đồng' },
          { sub: member, name: 'Thành viên hội đồng' },
        ],
        chair,
      },
    }),
    200,
    `POST /de-an/${id}/council`,
  );
}

/** The command endpoints of docs/API.md, by the step catalogue's names (and register, plans). */
export const COMMAND_PATH = {
  register: '/de-an',
  plans: '/plans',
  ...(Object.fromEntries(STEPS.map((step) => [step.name, `/de-an/:id/${step.route}`])) as Record<StepName, string>),
} as const;

export type Command = keyof typeof COMMAND_PATH;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Body = { [key: string]: Json };

const resultLine = { indicator: 'Cơ sở được hỗ trợ máy móc thiết bị', quantity: 1, unit: 'Cơ sở' };

/**
 * A well-formed body for each command, with dates that fit the fixture (KCĐP, plan year 2027) when
 * the đề án is taken through its lifecycle in this order. `council` names `chair` and `member`.
 */
export function commandBody(command: Command, refs: { planId: string; chair: string; member: string }): Body {
  switch (command) {
    case 'register':
      return registration() as unknown as Body;
    case 'plans':
      return planBody() as unknown as Body;
    case 'council':
      return {
        members: [
          { sub: refs.chair, name: 'Chủ tịch hội đồng' },
          { sub: refs.member, name: 'Thành viên hội đồng' },
        ],
        chair: refs.chair,
      };
    case 'reviews':
      return { score: 85, recommendation: 'approve', comments: 'Đạt yêu cầu', conflictOfInterest: false };
    case 'revision-request':
      return { items: ['Bổ sung 03 báo giá thiết bị'], dueDate: '2026-12-15' };
    case 'revision':
      return { changes: { title: 'Hỗ trợ ứng dụng máy cắt CNC (bổ sung)' }, note: 'Đã bổ sung báo giá' };
    case 'appraisal':
      return { result: 'passed', recommendedSupport: 300 * M, machineryValuation: 590 * M, minutesNo: '12/BB-HĐTĐ' };
    case 'forwarding':
      return { dispatchNo: '88/SCT-KC' };
    case 'approval':
      return { decisionNo: '215/QĐ-SCT', decisionDate: '2027-01-20', approvedSupport: 300 * M, planId: refs.planId };
    case 'rejection':
      return { reason: 'Không phù hợp định hướng' };
    case 'contract':
      return { contractNo: '08/2027/HĐ-KC', signedDate: '2027-02-25', endDate: '2027-10-31', selection: 'review' };
    case 'advances':
      return { amount: 100 * M, paidDate: '2027-06-28' };
    case 'progress':
      return { period: '2027-06', percentComplete: 75, investedAmount: 470 * M, notes: 'Đã lắp đặt máy' };
    case 'progress-confirmation':
      return { period: '2027-06' };
    case 'adjustments':
      return { kind: 'change-timing', proposed: { endDate: '2027-11-30' }, reason: 'Chậm giao thiết bị phụ trợ' };
    case 'adjustment-decision':
      return { approved: true, decisionNo: '901/QĐ-SCT' };
    case 'inspections':
      return { date: '2027-07-10', inspectors: ['Trần Văn Cán Bộ'], result: 'satisfactory', findings: 'Đúng tiến độ' };
    case 'suspension':
      return { reason: 'Vi phạm khi kiểm tra', decisionNo: '01/QĐ-SCT' };
    case 'resumption':
      return { reason: 'Đã khắc phục', decisionNo: '02/QĐ-SCT' };
    case 'stop':
      return { reason: 'Không thể tiếp tục', decisionNo: '03/QĐ-SCT', recoverAmount: 0 };
    case 'withdrawal':
      return { reason: 'Đơn vị không đủ vốn đối ứng' };
    case 'completion':
      return { completedDate: '2027-10-20', actualResults: [resultLine], actualCost: 610 * M, machineryValue: 595 * M };
    case 'acceptance':
      return {
        result: 'passed',
        acceptedResults: [resultLine],
        acceptedCost: 580 * M,
        machineryValuation: 590 * M,
        minutesNo: '31/BB-NT',
        date: '2027-11-05',
      };
    case 'settlement':
      return { settledSupport: 290 * M, decisionNo: '77/QĐ-QT', date: '2027-11-15' };
  }
}

/** Where a đề án can be put for a test: the lifecycle states of docs/DOMAIN.md, with a few sub-steps. */
export type Stage =
  | 'Registered'
  | 'UnderAppraisal'
  | 'RevisionRequested'
  | 'Reviewed'
  | 'BaseAppraised'
  | 'Appraised'
  | 'Approved'
  | 'InImplementation'
  | 'Progressed'
  | 'AdjustmentPending'
  | 'Suspended'
  | 'Completed'
  | 'Accepted';

/** The stage in which each command is legal (Progressed: advances need > 70 % progress, confirmed, for machinery; decision: a pending adjustment). */
export const LEGAL_STAGE: Readonly<Record<Exclude<Command, 'register' | 'plans'>, Stage>> = {
  council: 'Registered',
  reviews: 'UnderAppraisal',
  'revision-request': 'UnderAppraisal',
  rejection: 'UnderAppraisal',
  withdrawal: 'UnderAppraisal',
  revision: 'RevisionRequested',
  appraisal: 'Reviewed',
  forwarding: 'BaseAppraised',
  approval: 'Appraised',
  contract: 'Approved',
  progress: 'InImplementation',
  adjustments: 'InImplementation',
  inspections: 'InImplementation',
  suspension: 'InImplementation',
  stop: 'InImplementation',
  completion: 'InImplementation',
  advances: 'Progressed',
  'progress-confirmation': 'Progressed',
  'adjustment-decision': 'AdjustmentPending',
  resumption: 'Suspended',
  acceptance: 'Completed',
  settlement: 'Accepted',
};

export interface LifecycleActors {
  readonly applicant: string;
  readonly officer: string;
  /** Tokens of the council chair and member named in `refs`. */
  readonly chair: string;
  readonly member: string;
  readonly approver: string;
}

/** A KCQG đề án of province 52: the one kind with a base level (BaseAppraised: the Sở's council concluded, to forward). */
export const KCQG_REGISTRATION = { fundingSource: 'KCQG', level: 'central', planYear: 2028, schedule: { start: '2028-03-01', end: '2028-10-31' } };

/**
 * Registers a đề án (province 52, the applicant's organisation) and drives it to `stage` with the
 * well-formed bodies of `commandBody`; `refs.planId` must be a KCĐP 2027 plan of province 52. The
 * BaseAppraised stage is a KCQG đề án's (KCQG_REGISTRATION), appraised by the Sở's council.
 */
export async function deAnAt(
  server: TestServer,
  stage: Stage,
  actors: LifecycleActors,
  refs: { planId: string; chair: string; member: string },
): Promise<{ id: string; adjustmentId?: string }> {
  const id = await registerDeAn(server, actors.applicant, stage === 'BaseAppraised' ? KCQG_REGISTRATION : {});
  const step = async (command: Command, token: string) =>
    expectStatus(
      await server.request('POST', COMMAND_PATH[command].replace(':id', id), { token, body: commandBody(command, refs) }),
      200,
      `${command} on the way to ${stage}`,
    );
  if (stage === 'Registered') return { id };
  await assignCouncil(server, actors.officer, id, refs.chair, refs.member);
  if (stage === 'UnderAppraisal') return { id };
  if (stage === 'RevisionRequested') {
    await step('revision-request', actors.officer);
    return { id };
  }
  await step('reviews', actors.chair);
  await step('reviews', actors.member);
  if (stage === 'Reviewed') return { id };
  await step('appraisal', actors.officer);
  if (stage === 'BaseAppraised' || stage === 'Appraised') return { id };
  await step('approval', actors.approver);
  if (stage === 'Approved') return { id };
  await step('contract', actors.officer);
  switch (stage) {
    case 'InImplementation':
      return { id };
    case 'Progressed':
      // reported and confirmed by the officer: what the first advance is judged by (TT 36/2013 Điều 23.3.a)
      await step('progress', actors.applicant);
      await step('progress-confirmation', actors.officer);
      return { id };
    case 'AdjustmentPending':
      return { id, adjustmentId: (await step('adjustments', actors.applicant)).body.adjustmentId as string };
    case 'Suspended':
      await step('suspension', actors.approver);
      return { id };
    default:
      break;
  }
  await step('completion', actors.applicant);
  if (stage === 'Completed') return { id };
  await step('acceptance', actors.officer);
  return { id };
}

/** Signs in with a password; the session's cookie token and CSRF token, and who /auth/login says it is. */
export async function signIn(server: TestServer, username: string, password: string) {
  const reply = expectStatus(await server.request('POST', '/auth/login', { body: { username, password } }), 200, `POST /auth/login as ${username}`);
  const token = /kc_session=([^;]+)/.exec(reply.headers.get('set-cookie') ?? '')?.[1];
  if (!token) throw new Error(`POST /auth/login as ${username}: no session cookie`);
  return { token, csrfToken: reply.body.csrfToken as string, me: reply.body as Record<string, unknown> };
}

/** Creates a directory user as an admin (bearer token or session); returns the user's id. */
export async function createUser(
  server: TestServer,
  admin: { token: string } | { session: SessionCredentials },
  user: { username: string; role: string; org?: string; province?: string; email?: string; councilEligible?: boolean; displayName?: string },
  password = USER_PASSWORD,
): Promise<string> {
  const body = { displayName: user.username, ...user, password };
  return expectStatus(await server.request('POST', '/users', { ...admin, body }), 201, `POST /users ${user.username}`).body.id as string;
}

/** The password the tests give the users they create. */
export const USER_PASSWORD = 'mat-khau-nguoi-dung-2026';
