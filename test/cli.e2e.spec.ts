/**
 * The CLI beside a running server on the same embedded store (issue 11, finding 3): a command that
 * would open the store refuses with one sentence naming the server's process and what to do, and
 * writes nothing; `import --api` sends the records through the server, which records them, and they
 * are still there after a restart. Token minting refuses empty values and unknown flags.
 */
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { importedDeAnId, signToken, tokenKeys } from '@app/application';
import { HISTORIC_GROUP, M, registration } from './support/fixtures';
import { ApiProcess, freePort, httpRequest } from './support/server';

const ROOT = join(__dirname, '..');

/** Runs the CLI as `npm run cli` does, compiled (asynchronously: the test's own HTTP connections stay alive meanwhile). */
function cli(env: Record<string, string>, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['tools/run.js', 'apps/cli/src/main', ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

describe('the CLI and a running server on one data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kc-cli-'));
  const secret = randomBytes(32).toString('hex');
  const keys = tokenKeys(Buffer.from(secret, 'utf8'));
  const env = { DATA_DIR: dataDir, JWT_SECRET: secret };
  const port = freePort();
  let server: ApiProcess;
  let officer: string, auditor: string;
  const events = async () => (await httpRequest(server.base, 'GET', '/audit/verify', { token: auditor })).body.checked as number;

  beforeAll(async () => {
    officer = await signToken({ sub: 'cb-52', role: 'officer', province: '52' }, keys);
    auditor = await signToken({ sub: 'ktnn', role: 'auditor' }, keys);
    server = new ApiProcess({ ...env, RATE_LIMIT_PER_MINUTE: '100000', QUEUE_PREFIX: `kc-e2e-${port}` }, port);
    await server.start();
  }, 180_000);
  afterAll(async () => {
    await server?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses to open the store the server holds, saying which process holds it and what to do, and writes nothing', async () => {
    const before = await events();
    for (const args of [['walkthrough'], ['demo'], ['projections', 'rebuild'], ['verify']]) {
      const run = await cli(env, ...args);
      expect({ args, status: run.status }).toEqual({ args, status: 1 });
      expect(run.stderr).toMatch(/is in use by process \d+ .*: stop that process first/);
    }
    expect(await events()).toBe(before);
  }, 180_000);

  it("imports through the server's API as the token's user; the records survive a restart", async () => {
    const file = join(dataDir, 'history.ndjson');
    const record = {
      externalId: 'BD-CLI-2016-1',
      registration: {
        ...registration({ planYear: 2016, schedule: { start: '2016-03-01', end: '2016-10-31' }, establishments: HISTORIC_GROUP }),
        organisation: 'htx-an-nhon',
        registeredAt: '2015-11-02T03:00:00Z',
      },
      steps: [
        {
          type: 'council',
          at: '2015-12-01T02:00:00Z',
          actor: { sub: 'cb-52', role: 'officer' },
          members: [{ sub: 'hd-1', name: 'Chủ tịch' }],
          chair: 'hd-1',
        },
      ],
    };
    const plan = {
      kind: 'plan',
      externalId: 'KH-CLI-2016',
      plan: {
        year: 2016,
        fundingSource: 'KCDP',
        level: 'province',
        province: '52',
        allocation: 1_000 * M,
        targets: [],
        createdAt: '2015-10-01T02:00:00Z',
      },
    };
    writeFileSync(file, `${JSON.stringify(record)}\n${JSON.stringify(plan)}\n`);

    const direct = await cli(env, 'import', file);
    expect(direct.status).toBe(1);
    expect(direct.stderr).toContain(`--api http://127.0.0.1:<PORT> --token`);

    const through = await cli(env, 'import', file, '--api', server.base, '--token', officer);
    expect({ status: through.status, stderr: through.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    expect(through.stdout).toContain('2 imported');
    const id = importedDeAnId('52', 'BD-CLI-2016-1');
    const history = await httpRequest(server.base, 'GET', `/de-an/${id}/history`, { token: auditor });
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual(['DeAnRegistered', 'CouncilAssigned']);
    expect(history.body.events[0].imported).toMatchObject({ importedBy: { sub: 'cb-52', role: 'officer', province: '52' } });

    await server.kill('SIGKILL');
    await server.start();
    expect((await httpRequest(server.base, 'GET', `/de-an/${id}`, { token: auditor })).body).toMatchObject({ status: 'UnderAppraisal' });
  }, 240_000);

  it('mints no token from an empty value, an unknown flag or a claim the server would refuse', async () => {
    const refused = [
      ['--sub', 'cb', '--role', 'officer', '--province', ''],
      ['--sub', 'cb', '--role', 'officer', '--provnce', '52'],
      ['--sub', 'cb', '--role', 'officer', '--province', '99'],
      ['--sub', '', '--role', 'auditor'],
      ['--sub', 'dn', '--role', 'applicant'],
      ['--sub', 'dn', '--role', 'applicant', '--org', 'Htx An Nhơn'],
      ['--sub', 'cb', '--role', 'officer', '--ttl', '999999'],
      ['--sub', 'cb', '--role', 'system'],
    ];
    const runs = await Promise.all(refused.map((args) => cli(env, 'token', ...args)));
    runs.forEach((run, i) =>
      expect({ args: refused[i], status: run.status, stdout: run.stdout }).toEqual({ args: refused[i], status: 2, stdout: '' }),
    );
    const good = await cli(env, 'token', '--sub', 'cb', '--role', 'officer', '--province', '52');
    expect(good.status).toBe(0);
    expect(good.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  }, 120_000);
});
