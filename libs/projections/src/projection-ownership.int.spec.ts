/**
 * Ownership across processes on PostgreSQL: each projection is applied by exactly one runner (the
 * holder of its advisory lock); when that process dies — kill -9 mid-batch — or stops, another
 * takes over within seconds, and every total is still exact.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { PgClient } from '@app/event-store';
import { ProjectionRunner, ProjectionRunnerOptions, ProjectionStatus } from './projection-runner';
import {
  appendCounted,
  checkpointOf,
  countingProjection,
  CountingProjection,
  DATABASE_URL,
  openStorage,
  TestStorage,
  totals,
  until,
} from './testing/fixtures';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '..', '..', '..');
const quiet: ProjectionRunnerOptions['log'] = () => undefined;

describe('projection ownership: postgres', () => {
  let storage: TestStorage;
  const runners: ProjectionRunner[] = [];
  let child: ChildProcess | undefined;
  let stopWriting = async () => undefined;

  beforeEach(async () => {
    storage = await openStorage('postgres');
  });
  afterEach(async () => {
    await stopWriting();
    child?.kill('SIGKILL');
    child = undefined;
    for (const r of runners.splice(0)) await r.stop();
    await storage.close();
  });

  /** A runner on its own pool (its own sessions), as another process would have. */
  const runnerOnOwnClient = async (projections: readonly CountingProjection[], options: ProjectionRunnerOptions = {}) => {
    const { sql, store } = await storage.reopen();
    const runner = new ProjectionRunner(store, sql, projections, storage.schema, { counter: storage.counter, log: quiet, pollMs: 20, ...options });
    runners.push(runner);
    return runner;
  };
  const byName = async (runner: ProjectionRunner) =>
    Object.fromEntries((await runner.status()).map((s) => [s.name, s])) as Record<string, ProjectionStatus>;

  it('kill -9 of the owner mid-batch: nothing of that batch stays, a standby takes over within seconds, totals are exact', async () => {
    const counting = countingProjection('counter');
    const sum = await appendCounted(storage.store, 300);
    const log = await storage.store.readAll({ limit: 1_000 });
    const amount = (n: number) => log.slice(0, n).reduce((total, e) => total + (e.data as { amount: number }).amount, 0);

    child = spawn(process.execPath, ['-r', './tools/register.js', 'libs/projections/src/testing/runner-child.ts'], {
      cwd: ROOT,
      env: { ...process.env, STORE_SCHEMA: storage.storeSchema, RM_SCHEMA: storage.schema, STALL_AT: '130', BATCH_SIZE: '50' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += String(chunk)));
    child.stderr!.on('data', (chunk) => (output += String(chunk)));
    const running = child;
    await until(
      'the child to own the projection and stall in its third batch',
      async () => {
        if (running.exitCode !== null) throw new Error(`child exited: ${output}`);
        return output.includes('OWNER') && output.includes('STALLED');
      },
      90_000,
    );

    // A standby in this process sees the child as the owner and waits.
    const standby = await runnerOnOwnClient([counting]);
    await standby.migrate();
    standby.start();
    await until('the standby to report the owner', async () => (await byName(standby)).counter!.owner === 'other-process');
    expect((await byName(standby)).counter).toMatchObject({ state: 'standby', owner: 'other-process', ownerPid: expect.any(Number), applied: 0 });
    // Two batches committed; the 30 rows the stalled batch wrote are not visible.
    expect(await totals(storage.sql, storage.schema, counting)).toEqual({ total: amount(100), events: 100 });

    const killedAt = Date.now();
    running.kill('SIGKILL');
    await until('the standby to take over', async () => (await byName(standby)).counter!.owner === 'this-process', 10_000);
    const takeoverMs = Date.now() - killedAt;
    expect(takeoverMs).toBeLessThan(5_000);

    await standby.catchUp();
    expect(await totals(storage.sql, storage.schema, counting)).toEqual({ total: sum, events: 300 });
    expect(await checkpointOf(storage.sql, storage.schema, 'counter')).toBe(`${log[299]!.position.commit}/${log[299]!.position.prepare}`);
    expect((await byName(standby)).counter).toMatchObject({ state: 'running', owner: 'this-process', lag: 0 });
  });

  it('two runners at once: exactly one owns each projection; stop or lose the owner and the other takes over; totals exact', async () => {
    const projections = [countingProjection('c1'), countingProjection('c2')];
    const a = await runnerOnOwnClient(projections);
    const b = await runnerOnOwnClient(projections);
    await a.migrate();
    await b.migrate();
    let sum = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        sum += await appendCounted(storage.store, 20, { perAppend: 5, seed: sum + 1 });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    stopWriting = async () => {
      writing = false;
      await writer.catch(() => undefined);
    };

    a.start();
    b.start();
    const owners = async () => {
      const [sa, sb] = [await byName(a), await byName(b)];
      return Object.fromEntries(
        ['c1', 'c2'].map((name) => {
          const mine = [sa[name]!, sb[name]!].filter((s) => s.owner === 'this-process');
          return [name, mine.length === 1 ? (mine[0] === sa[name] ? 'a' : 'b') : mine.length === 0 ? 'none' : 'both'];
        }),
      ) as Record<'c1' | 'c2', 'a' | 'b' | 'none' | 'both'>;
    };
    const settled = await until('an owner for each projection', async () => {
      const now = await owners();
      return now.c1 !== 'none' && now.c2 !== 'none' ? now : undefined;
    });
    expect(Object.values(settled)).not.toContain('both');
    const [owner, other] = settled.c1 === 'a' ? [a, b] : [b, a];
    const ownerStatus = (await byName(owner)).c1!;
    expect((await byName(other)).c1).toMatchObject({ state: 'standby', owner: 'other-process' });
    expect(ownerStatus).toMatchObject({ state: 'running', owner: 'this-process' });

    // The owner stops (a deploy): the other takes c1 (and c2, if it was the owner's) within seconds.
    await owner.stop();
    const stoppedAt = Date.now();
    await until(
      'the other runner to own both',
      async () => {
        const now = await byName(other);
        return now.c1!.owner === 'this-process' && now.c2!.owner === 'this-process';
      },
      10_000,
    );
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    expect((await byName(owner)).c1).toMatchObject({ state: 'stopped', owner: 'other-process' });

    // The new owner's lock connection dies (the server ends it): it stops applying; someone owns each again.
    owner.start();
    const lockPid = (await byName(other)).c1!.ownerPid!;
    expect((await byName(owner)).c1).toMatchObject({ state: 'standby', owner: 'other-process', ownerPid: lockPid });
    const admin = new PgClient(DATABASE_URL);
    await admin.query('SELECT pg_terminate_backend($1)', [lockPid]);
    await admin.close();
    await until(
      'an owner for each projection again',
      async () => {
        const now = await owners();
        return now.c1 !== 'none' && now.c2 !== 'none' && now.c1 !== 'both' && now.c2 !== 'both' ? now : undefined;
      },
      15_000,
    );

    await stopWriting();
    for (const projection of projections) {
      await until(`${projection.name} caught up`, async () => (await totals(storage.sql, storage.schema, projection)).total === sum);
    }
    await new Promise((resolve) => setTimeout(resolve, 300)); // nothing more arrives after the truth
    for (const projection of projections) expect((await totals(storage.sql, storage.schema, projection)).total).toBe(sum);
  });
});
