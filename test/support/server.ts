/**
 * End-to-end support: a real server process (the same entry point as `npm start`) on the embedded
 * store in a temporary DATA_DIR, tokens signed with its secret, and a small HTTP client. The proofs
 * use `ApiProcess` directly to kill -9 and restart a server on the same data.
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Role } from '@app/domain';
import { signToken, tokenKeys } from '@app/application';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureBuild } = require('../../tools/ensure-build') as { ensureBuild(options?: { quiet?: boolean }): boolean };

const ROOT = join(__dirname, '..', '..');
/** Generous: a loaded 2-core machine may take a while to boot. */
const BOOT_TIMEOUT_MS = 150_000;
/** The tail of the server's output kept for error messages. */
const OUTPUT_KEPT = 20_000;

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A signed-in user's session: the cookie's token and the CSRF token writes echo. */
export interface SessionCredentials {
  readonly token: string;
  readonly csrfToken: string;
}

export interface RequestOptions {
  token?: string;
  /** Sends the session cookie instead of a bearer token, with X-CSRF-Token on writes. */
  session?: SessionCredentials;
  body?: unknown;
  /** A body sent as is (with its own content-type header). */
  raw?: string | Uint8Array;
  headers?: Record<string, string>;
  /** Abort after this many ms (the fetch then rejects). */
  timeoutMs?: number;
}

export interface TestServer {
  readonly base: string;
  /** A bearer token signed with the server's secret. */
  token(claims: { sub: string; role: Role; org?: string; province?: string; name?: string }): Promise<string>;
  request(method: string, path: string, options?: RequestOptions): Promise<Reply>;
  /** Kills the server process (SIGKILL: as a crash does) and starts it again on the same data and port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The first admin's password on every test server (ADMIN_PASSWORD). */
export const E2E_ADMIN_PASSWORD = 'mat-khau-quan-tri-e2e';

export const freePort = (): number => 20_000 + Math.floor(Math.random() * 20_000);

/** One API server process that can be killed and started again on the same data. */
export class ApiProcess {
  private child: ChildProcess | undefined;
  private log = '';
  /** The server's error log lines (JSON), all of them: a proof names the cause of a 5xx with them. */
  readonly errors: string[] = [];
  readonly base: string;

  /** `nodeArgs`: flags for node itself (e.g. `--cpu-prof`), before the register hook. */
  constructor(
    readonly env: Record<string, string>,
    readonly port: number = freePort(),
    private readonly nodeArgs: readonly string[] = [],
  ) {
    this.base = `http://127.0.0.1:${port}`;
  }

  get output(): string {
    return this.log;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Spawns the server and resolves when /health answers 200 (or 503: up, but a dependency is not). */
  async start(options: { acceptUnhealthy?: boolean } = {}): Promise<void> {
    // The compiled server, as `npm start` runs it (built first if a source changed).
    ensureBuild({ quiet: true });
    const child = spawn(process.execPath, [...this.nodeArgs, 'dist/apps/api/src/main.js'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(this.port), ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let partial = '';
    const keep = (chunk: unknown) => {
      this.log = (this.log + String(chunk)).slice(-OUTPUT_KEPT);
      const lines = (partial + String(chunk)).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.includes('"level":"error"')) this.errors.push(line);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const deadline = Date.now() + BOOT_TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${this.log}`);
      try {
        const status = (await fetch(`${this.base}/api/v1/health`)).status;
        if (status === 200 || (options.acceptUnhealthy && status === 503)) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        // A server that did not come up must not outlive the test (and load the machine for the next ones).
        await this.kill();
        throw new Error(`server did not start: ${this.log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Sends `signal` (kill -9 by default) and resolves when the process is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}

/** fetch with JSON in and out; the body is parsed when it is JSON. */
export async function httpRequest(base: string, method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.session) {
    headers.cookie = `kc_session=${options.session.token}`;
    if (!['GET', 'HEAD', 'OPTIONS'].includes(method)) headers['x-csrf-token'] ??= options.session.csrfToken;
  }
  let body: string | Uint8Array | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
    ...(options.timeoutMs ? { signal: AbortSignal.timeout(options.timeoutMs) } : {}),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** `port`: the one to listen on (for a test that must know it before the server starts); drawn at random otherwise. */
export async function startServer(env: Record<string, string> = {}, nodeArgs: readonly string[] = [], port?: number): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kc-e2e-'));
  const secret = env.JWT_SECRET ?? randomBytes(32).toString('hex');
  let api: ApiProcess;
  // A port drawn at random may be taken by a server of a suite running beside this one: draw another.
  for (let attempt = 1; ; attempt++) {
    const listen = port ?? freePort();
    // Each server its own queue prefix: schedulers sharing a queue would take (and drop) each other's jobs.
    api = new ApiProcess(
      {
        DATA_DIR: dataDir,
        JWT_SECRET: secret,
        RATE_LIMIT_PER_MINUTE: '100000',
        LOGIN_ATTEMPTS_PER_MINUTE: '100000',
        ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
        QUEUE_PREFIX: `kc-e2e-${listen}`,
        ...env,
      },
      listen,
      nodeArgs,
    );
    try {
      await api.start();
      break;
    } catch (error) {
      if (attempt < 3 && port === undefined && /EADDRINUSE/.test(String(error))) continue;
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }
  const keys = tokenKeys(Buffer.from(secret, 'utf8'));
  return {
    base: api.base,
    token: (claims) => signToken(claims, keys),
    request: (method, path, options) => httpRequest(api.base, method, path, options),
    async restart() {
      await api.kill('SIGKILL');
      await api.start();
    },
    async stop() {
      await api.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
