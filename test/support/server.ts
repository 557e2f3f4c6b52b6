/**
 * End-to-end support: a real server process (the same entry point as `npm start`) on the embedded
 * store in a temporary DATA_DIR, tokens signed with its secret, and a small HTTP client.
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Role } from '@app/domain';
import { signToken } from '@app/application';

const ROOT = join(__dirname, '..', '..');

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface TestServer {
  readonly base: string;
  token(claims: { sub: string; role: Role; org?: string; province?: string; name?: string }): string;
  request(method: string, path: string, options?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<Reply>;
  stop(): Promise<void>;
}

export async function startServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kc-e2e-'));
  const secret = env.JWT_SECRET ?? randomBytes(32).toString('hex');
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child: ChildProcess = spawn(process.execPath, ['-r', './tools/register.js', 'apps/api/src/main.ts'], {
    cwd: ROOT,
    // Each server its own queue prefix: schedulers sharing a queue would take (and drop) each other's jobs.
    env: { ...process.env, DATA_DIR: dataDir, JWT_SECRET: secret, PORT: String(port), RATE_LIMIT_PER_MINUTE: '100000', QUEUE_PREFIX: `kc-e2e-${port}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  const base = `http://127.0.0.1:${port}`;
  // Generous: a loaded 2-core machine may take a minute to compile and boot.
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      // A server that did not come up must not outlive the test (and load the machine for the next ones).
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`server did not start: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const key = Buffer.from(secret, 'utf8');
  return {
    base,
    token: (claims) => signToken(claims, key),
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined = options.raw;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${base}/api/v1${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON
      }
      return { status: response.status, headers: response.headers, body: parsed };
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
