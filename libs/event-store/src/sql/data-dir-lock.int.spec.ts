/**
 * One writer per embedded store: a second process is refused while the first holds the directory,
 * with a sentence naming it; a lock left by a process killed with -9 is taken over; a clean close
 * frees the directory. Real processes on a real directory.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirLockedError, lockDataDir } from './data-dir-lock';
import { PGliteClient } from './sql-client';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** A process that opens PGlite on `dir` and holds it until killed; resolves once it has. */
function holder(dir: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      './tools/register.js',
      '-e',
      `
    require('@app/event-store').PGliteClient.open(${JSON.stringify(dir)}, { fsync: false })
      .then(() => { console.log('open'); setInterval(() => undefined, 1000); }, (e) => { console.error(String(e)); process.exit(3); });
  `,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += String(chunk);
      if (output.includes('open')) resolve(child);
    });
    child.stderr!.on('data', (chunk) => {
      output += String(chunk);
    });
    child.once('exit', (code) => reject(new Error(`holder exited ${code}: ${output}`)));
  });
}

const killed = (child: ChildProcess) =>
  new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGKILL');
  });

describe('one writer per embedded store directory', () => {
  let dir: string;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'kc-lock-')), 'pglite');
  });
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('refuses a second process while the first holds it, naming the holder; takes over once the holder was killed with -9', async () => {
    const first = await holder(dir);
    try {
      const refused = await PGliteClient.open(dir, { fsync: false }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(DataDirLockedError);
      expect((refused as DataDirLockedError).holder).toMatchObject({ pid: first.pid });
      expect((refused as Error).message).toContain(`in use by process ${first.pid}`);
    } finally {
      await killed(first);
    }
    // kill -9 left the lock file behind: its pid is gone, so it is taken over
    expect(JSON.parse(readFileSync(`${dir}.lock`, 'utf8'))).toMatchObject({ pid: first.pid });
    const second = await PGliteClient.open(dir, { fsync: false });
    expect(JSON.parse(readFileSync(`${dir}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
    // and refuses another opening in this very process until it is closed
    await expect(PGliteClient.open(dir, { fsync: false })).rejects.toBeInstanceOf(DataDirLockedError);
    await second.close();
    expect(existsSync(`${dir}.lock`)).toBe(false);
    await (await PGliteClient.open(dir, { fsync: false })).close();
  }, 120_000);

  it("creates the data directory's parent if it is not there yet (a first start on a new DATA_DIR)", () => {
    const nested = join(dir, '..', 'not', 'yet', 'pglite');
    const lock = lockDataDir(nested);
    expect(existsSync(`${nested}.lock`)).toBe(true);
    lock.release();
  });

  it('takes over a lock whose pid now names a process that started later (pid reuse), never one of another host', () => {
    writeFileSync(
      `${dir}.lock`,
      JSON.stringify({ pid: process.pid, host: hostname(), processStart: '1', command: 'old', since: '2026-01-01T00:00:00Z' }),
    );
    const lock = lockDataDir(dir);
    expect(JSON.parse(readFileSync(`${dir}.lock`, 'utf8'))).toMatchObject({ pid: process.pid, command: expect.not.stringMatching(/^old$/) });
    lock.release();
    writeFileSync(`${dir}.lock`, JSON.stringify({ pid: 1, host: 'another-host', command: 'npm start', since: '2026-01-01T00:00:00Z' }));
    expect(() => lockDataDir(dir)).toThrow(/in use by process 1 on another-host/);
  });
});
