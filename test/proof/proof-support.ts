/**
 * What the proofs share: a server on a fresh database (PostgreSQL or PGlite) that can be killed and
 * restarted on the same data, the actors' tokens, a client that retries a command with its
 * Idempotency-Key until the server answers, a ledger of every acknowledged command, the check of
 * the event log against that ledger, and the verdict printed at the end.
 *
 * Each proof is bounded in time and count and talks to 127.0.0.1 only. `--short` (or
 * PROOF_SHORT=1) is the version CI runs on every change.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { Role } from '@app/domain';
import { idempotentId, loadConfig, loadDeadlineRules, openStorage, signToken, Storage, tokenKeys } from '@app/application';
import { RecordedEvent } from '@app/event-store';
import { CheckResult, readModelRunner } from '@app/projections';
import { int } from '../../bench/bench-support';
import { ApiProcess, freePort, httpRequest, Reply, RequestOptions } from '../support/server';
import { Command, COMMAND_PATH, commandBody } from '../support/e2e-helpers';
import { M, planBody } from '../support/fixtures';

export const SHORT = process.env.PROOF_SHORT === '1' || process.argv.includes('--short');

/** A positive integer setting from the environment (PROOF_*), with its default for the full and the short run. */
export const setting = (name: string, full: number, short: number): number => int(name, SHORT ? short : full);

export type Mode = 'postgres' | 'pglite';

/** The modes a proof runs in: PROOF_MODES=pglite,postgres (default both). */
export function modes(): Mode[] {
  const wanted = (process.env.PROOF_MODES ?? 'postgres,pglite')
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  for (const mode of wanted) if (mode !== 'postgres' && mode !== 'pglite') throw new Error(`PROOF_MODES: unknown mode ${mode}`);
  return wanted as Mode[];
}

const PG_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A server process on its own database, its signing key, and the way to throw it all away. */
export interface ProofServer {
  readonly mode: Mode;
  readonly api: ApiProcess;
  readonly env: Record<string, string>;
  token(claims: Claims): Promise<string>;
  request(method: string, path: string, options?: RequestOptions): Promise<Reply>;
  /** Opens the server's storage in this process (the server must be stopped for PGlite: one process per directory). */
  openStorage(): Promise<Storage>;
  dispose(): Promise<void>;
}

/** A server (not started) on a fresh PGlite directory or a fresh PostgreSQL database. */
export async function proofServer(mode: Mode, tag: string, env: Record<string, string> = {}): Promise<ProofServer> {
  const dataDir = mkdtempSync(join(tmpdir(), `kc-proof-${tag}-`));
  const secret = randomBytes(32).toString('hex');
  const port = freePort();
  const database = `proof_${tag.replace(/\W/g, '_')}_${port}_${Date.now()}`;
  const adminUrl = new URL(PG_ADMIN_URL);
  const databaseUrl = Object.assign(new URL(PG_ADMIN_URL), { pathname: `/${database}` }).toString();
  if (mode === 'postgres') await onAdminDatabase(adminUrl, (admin) => admin.query(`CREATE DATABASE ${database}`));
  const serverEnv: Record<string, string> = {
    DATA_DIR: dataDir,
    JWT_SECRET: secret,
    RATE_LIMIT_PER_MINUTE: '1000000',
    QUEUE_PREFIX: `kc-proof-${port}`,
    ...(mode === 'postgres' ? { EVENT_STORE: 'postgres', DATABASE_URL: databaseUrl } : { EVENT_STORE: 'pglite' }),
    ...env,
  };
  const api = new ApiProcess(serverEnv, port);
  const keys = tokenKeys(Buffer.from(secret, 'utf8'));
  return {
    mode,
    api,
    env: serverEnv,
    token: (claims) => signToken(claims, keys),
    request: (method, path, options) => httpRequest(api.base, method, path, options),
    openStorage: () => openStorage(loadConfig({ ...process.env, ...serverEnv })),
    async dispose() {
      await api.kill();
      rmSync(dataDir, { recursive: true, force: true });
      if (mode === 'postgres') await onAdminDatabase(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    },
  };
}

async function onAdminDatabase(url: URL, work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/** The people of one province's đề án flow; applicants of `orgs` organisations. */
export async function actors(server: ProofServer, orgs = 4) {
  const caller = async (claims: Claims): Promise<Caller> => ({ sub: claims.sub, claims, token: await server.token(claims) });
  return {
    applicants: await Promise.all(
      Array.from({ length: orgs }, (_, i) => caller({ sub: `dn-${i}`, role: 'applicant', org: `org-${i}`, name: `Cơ sở ${i}` })),
    ),
    officer: await caller({ sub: 'cb-52', role: 'officer', province: '52' }),
    chair: await caller({ sub: 'hd-1', role: 'council', name: 'Chủ tịch HĐ' }),
    member: await caller({ sub: 'hd-2', role: 'council', name: 'Ủy viên' }),
    approver: await caller({ sub: 'gd-52', role: 'approver', province: '52' }),
    finance: await caller({ sub: 'kt-52', role: 'finance', province: '52' }),
    auditor: await caller({ sub: 'ktnn', role: 'auditor' }),
    admin: await caller({ sub: 'qt', role: 'admin' }),
  };
}
export type Actors = Awaited<ReturnType<typeof actors>>;
type Claims = { sub: string; role: Role; org?: string; province?: string; name?: string };
/** Someone who sends requests: their token and the claims it carries (their ids derive from them). */
export interface Caller {
  readonly sub: string;
  readonly claims: Claims;
  readonly token: string;
}

/** The full lifecycle of docs/DOMAIN.md, registration to settlement, and who sends each command. */
export const LIFECYCLE: readonly { command: Command; by: 'applicant' | 'officer' | 'chair' | 'member' | 'approver' | 'finance' }[] = [
  { command: 'register', by: 'applicant' },
  { command: 'council', by: 'officer' },
  { command: 'reviews', by: 'chair' },
  { command: 'reviews', by: 'member' },
  { command: 'appraisal', by: 'officer' },
  { command: 'approval', by: 'approver' },
  { command: 'contract', by: 'officer' },
  { command: 'progress', by: 'applicant' },
  { command: 'progress-confirmation', by: 'officer' },
  { command: 'advances', by: 'finance' },
  { command: 'completion', by: 'applicant' },
  { command: 'acceptance', by: 'officer' },
  { command: 'settlement', by: 'finance' },
];

/** A command the server acknowledged with a 2xx: where its events must be. */
export interface Ack {
  readonly deAnId: string;
  readonly command: Command;
  /** Who sent it: the command id derives from them and the key. */
  readonly caller: Claims;
  readonly key: string;
  readonly version: number;
  /** When the answer came (ms since the epoch). */
  readonly at: number;
}

/** Answers counted by HTTP status, printed as `200×21 422×43`. */
export class StatusCounts {
  private readonly counts = new Map<number, number>();

  static of(statuses: Iterable<number>): StatusCounts {
    const counts = new StatusCounts();
    for (const status of statuses) counts.count(status);
    return counts;
  }

  count(status: number): void {
    this.counts.set(status, (this.counts.get(status) ?? 0) + 1);
  }

  toString(): string {
    return [...this.counts]
      .sort(([a], [b]) => a - b)
      .map(([status, n]) => `${status}×${n}`)
      .join(' ');
  }
}

/** What the clients saw: acknowledged commands, answers by status, and retries after a lost connection. */
export class Ledger {
  readonly acks: Ack[] = [];
  readonly statuses = new StatusCounts();
  readonly unexpected: string[] = [];
  /** Sends refused: the server was down. */
  refused = 0;
  /** Sends whose connection broke after the request went out: the outcome was unknown until the retry. */
  brokenInFlight = 0;
}

/**
 * Sends one command with its Idempotency-Key until the server answers with anything but a 5xx; a
 * refused or broken connection (the server was killed) is retried with the same key, which must
 * give the first result and no second set of events.
 */
export async function sendCommand(
  server: ProofServer,
  ledger: Ledger,
  caller: Caller,
  path: string,
  body: unknown,
  key: string,
  options: { giveUpAfterMs?: number } = {},
): Promise<Reply> {
  const giveUp = Date.now() + (options.giveUpAfterMs ?? 180_000);
  for (;;) {
    let reply: Reply;
    try {
      reply = await server.request('POST', path, { token: caller.token, body, headers: { 'idempotency-key': key }, timeoutMs: 60_000 });
    } catch (error) {
      if (Date.now() > giveUp) throw new Error(`POST ${path}: no answer for ${options.giveUpAfterMs ?? 180_000} ms (${(error as Error).message})`);
      if ((error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED') ledger.refused += 1;
      else ledger.brokenInFlight += 1;
      await sleep(100);
      continue;
    }
    ledger.statuses.count(reply.status);
    if (reply.status < 500) return reply;
    ledger.unexpected.push(`POST ${path} → ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
    if (Date.now() > giveUp) return reply;
    await sleep(100);
  }
}

/** A KCĐP 2027 plan of province 52 big enough for every approval of the run. */
export async function createPlan(server: ProofServer, ledger: Ledger, officer: Caller, key: string, allocation = 1_000_000 * M): Promise<string> {
  const reply = await sendCommand(server, ledger, officer, '/plans', planBody({ allocation }), key);
  if (reply.status !== 201) throw new Error(`POST /plans: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.id as string;
}

/**
 * Takes one new đề án through `steps` of the lifecycle (all by default), each command with its own
 * Idempotency-Key, recording every acknowledgement; stops at the first answer that is not a 2xx
 * (recorded in `ledger.unexpected`) and returns the đề án's id.
 */
export async function runLifecycle(
  server: ProofServer,
  ledger: Ledger,
  who: Actors,
  applicant: Caller,
  planId: string,
  keyPrefix: string,
  steps = LIFECYCLE.length,
): Promise<string | undefined> {
  let deAnId: string | undefined;
  const refs = { planId, chair: who.chair.sub, member: who.member.sub };
  for (const [index, step] of LIFECYCLE.slice(0, steps).entries()) {
    const caller = step.by === 'applicant' ? applicant : who[step.by];
    const key = `${keyPrefix}.${index}`;
    const path = COMMAND_PATH[step.command].replace(':id', deAnId ?? '');
    const reply = await sendCommand(server, ledger, caller, path, commandBody(step.command, refs), key);
    if (reply.status >= 300) {
      ledger.unexpected.push(`${step.command} (${key}) → ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
      return deAnId;
    }
    deAnId ??= reply.body.id as string;
    ledger.acks.push({ deAnId, command: step.command, caller: caller.claims, key, version: reply.body.version as number, at: Date.now() });
  }
  return deAnId;
}

/** Every event of the store, in global order. */
export async function readEverything(storage: Storage): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (;;) {
    const page = await storage.store.readAll({ ...(all.length ? { after: all.at(-1)!.position } : {}), limit: 5_000 });
    all.push(...page);
    if (page.length < 5_000) return all;
  }
}

export interface LogCheck {
  readonly events: number;
  readonly streams: number;
  /** Acknowledged commands whose events are not where the acknowledgement said. */
  readonly missing: string[];
  /** Commands whose events were written twice, event ids stored twice, and gaps in a stream's versions. */
  readonly duplicated: string[];
  readonly gaps: string[];
  readonly chain: { ok: boolean; checked: number; firstBroken?: unknown };
}

/**
 * The event log against the ledger: every acknowledged command's events are in its stream, ending
 * at the version it was told; no command's events appear twice (a command's events are one
 * contiguous run of its stream); no event id twice; versions 1..n without gaps; every hash chain
 * verifies.
 */
export async function checkLog(storage: Storage, ledger: Ledger): Promise<LogCheck> {
  const all = await readEverything(storage);
  const byStream = new Map<string, RecordedEvent[]>();
  const ids = new Set<string>();
  const duplicated: string[] = [];
  for (const event of all) {
    if (ids.has(event.eventId)) duplicated.push(`event id ${event.eventId} twice`);
    ids.add(event.eventId);
    const stream = byStream.get(event.streamId) ?? [];
    stream.push(event);
    byStream.set(event.streamId, stream);
  }
  const gaps: string[] = [];
  for (const [streamId, events] of byStream) {
    events.sort((a, b) => a.version - b.version);
    events.forEach((event, i) => {
      if (event.version !== i + 1) gaps.push(`${streamId}: version ${event.version} at place ${i + 1}`);
    });
    // A command's events form one run; the same command id again later is a duplicate.
    const seen = new Set<string>();
    let previous: string | undefined;
    for (const event of events) {
      const commandId = event.metadata.commandId;
      if (commandId !== previous && seen.has(commandId)) duplicated.push(`${streamId}: command ${commandId} again at version ${event.version}`);
      seen.add(commandId);
      previous = commandId;
    }
  }
  const missing: string[] = [];
  for (const ack of ledger.acks) {
    const commandId = idempotentId(ack.caller, ack.key, `command:${ack.deAnId}`);
    const at = byStream.get(`de-an-${ack.deAnId}`)?.[ack.version - 1];
    if (!at || at.metadata.commandId !== commandId)
      missing.push(`${ack.command} ${ack.key} → de-an-${ack.deAnId}@${ack.version}: ${at ? `found command ${at.metadata.commandId}` : 'no event'}`);
  }
  const chain = await storage.store.verify();
  return { events: all.length, streams: byStream.size, missing, duplicated, gaps, chain };
}

/** `projections check` of every read model: a rebuild from the log compared with the live tables. */
export async function checkProjections(server: ProofServer, storage: Storage): Promise<CheckResult[]> {
  const rules = loadDeadlineRules(loadConfig({ ...process.env, ...server.env }));
  return readModelRunner(storage.store, storage.sql, { deadlineRules: rules, log: () => undefined }).check();
}

/** The verdict: named conditions, each held or broken, and the figures; exit code 1 when one broke. */
export class Verdict {
  private readonly failures: string[] = [];

  constructor(readonly title: string) {
    const load = loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    console.log(
      `# ${title}${SHORT ? ' (short)' : ''}\n${new Date().toISOString()} · ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length} · node ${process.version} · load ${load}`,
    );
  }

  figure(label: string, value: string | number): void {
    console.log(`  ${label.padEnd(44)} ${typeof value === 'number' ? value.toLocaleString('en-US') : value}`);
  }

  holds(condition: string, ok: boolean, evidence: readonly string[] = []): void {
    console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${condition}`);
    if (!ok) {
      this.failures.push(condition);
      for (const line of evidence.slice(0, 10)) console.log(`        ${line}`);
      if (evidence.length > 10) console.log(`        … and ${evidence.length - 10} more`);
    }
  }

  section(name: string): void {
    console.log(`\n## ${name}`);
  }

  /** Prints the verdict and sets the exit code. */
  end(): void {
    console.log(
      this.failures.length === 0
        ? `\n${this.title}: every condition held`
        : `\n${this.title}: ${this.failures.length} condition(s) broken:\n  ${this.failures.join('\n  ')}`,
    );
    process.exitCode = this.failures.length === 0 ? 0 : 1;
  }
}

/** Seconds since `start`, one decimal. */
export const seconds = (start: number): string => `${((Date.now() - start) / 1_000).toFixed(1)} s`;

/** Runs a proof's main; an exception is a broken proof (exit 1), and the process never hangs on a handle. */
export function main(run: () => Promise<void>): void {
  run().then(
    () => process.exit(process.exitCode ?? 0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.stack : error);
      process.exit(1);
    },
  );
}
