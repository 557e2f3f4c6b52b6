/**
 * The projection runner on real stores (PGlite in memory, PostgreSQL in a fresh schema per test):
 * exactly once through faults, independent projections, rebuild and check.
 */
import { deAnListProjection } from './de-an-list.projection';
import { planListProjection } from './plan-list.projection';
import { Projection } from './projection';
import { ProjectionRunner, ProjectionRunnerOptions, RebuildProgress } from './projection-runner';
import { RebuildInProgressError, UnknownProjectionError } from './runner/errors';
import {
  appendCounted,
  appendHistory,
  checkpointOf,
  closeSharedPglite,
  countingProjection,
  openStorage,
  sharedPglite,
  TestStorage,
  totals,
  until,
} from './testing/fixtures';

jest.setTimeout(120_000); // a 2-core machine shared with the databases

afterAll(closeSharedPglite);

const quiet: ProjectionRunnerOptions['log'] = () => undefined;

describe.each(['pglite', 'postgres'] as const)('projection runner: %s', (kind) => {
  let storage: TestStorage;
  const runners: ProjectionRunner[] = [];
  const runner = (projections: readonly Projection[], options: ProjectionRunnerOptions = {}) => {
    const created = new ProjectionRunner(storage.store, storage.sql, projections, storage.schema, {
      counter: storage.counter,
      log: quiet,
      pollMs: 20,
      ...options,
    });
    runners.push(created);
    return created;
  };

  // PGlite takes from seconds to minutes to start on a busy machine: once per file, with its own time limit.
  beforeAll(async () => {
    if (kind === 'pglite') await sharedPglite();
  }, 300_000);
  beforeEach(async () => {
    storage = await openStorage(kind);
  });
  afterEach(async () => {
    for (const r of runners.splice(0)) await r.stop();
    await storage.close();
  });

  it('rolls back a batch whose apply fails after writing rows, then resumes without counting twice', async () => {
    let faultyEventId: string | undefined;
    const counting = countingProjection('counter', (event) => {
      if (event.eventId === faultyEventId) throw new Error('fault injected mid-batch');
    });
    const r = runner([counting], { batchSize: 100, retryMs: 50, maxRetryMs: 100 });
    await r.migrate();
    const sum = await appendCounted(storage.store, 250);
    const log = await storage.store.readAll({ limit: 1_000 });
    const amount = (n: number) => log.slice(0, n).reduce((total, e) => total + (e.data as { amount: number }).amount, 0);
    faultyEventId = log[130]!.eventId; // in the second batch of 100, after 30 of its rows were written

    await expect(r.catchUp()).rejects.toThrow('fault injected mid-batch');
    // The first batch is in; of the second, neither the 30 rows written before the fault nor the checkpoint.
    expect(await totals(storage.sql, storage.schema, counting)).toEqual({ total: amount(100), events: 100 });
    expect(await checkpointOf(storage.sql, storage.schema, 'counter')).toBe(`${log[99]!.position.commit}/${log[99]!.position.prepare}`);

    // Live, the runner retries (reporting the error) until the fault is removed.
    r.start();
    const failing = await until('the error in status', async () => (await r.status())[0]!.lastError ?? undefined);
    expect(failing.message).toBe('fault injected mid-batch');
    expect((await r.status())[0]).toMatchObject({ state: 'running', owner: 'this-process', lag: 150 });
    faultyEventId = undefined;
    await until('the backlog applied', async () => (await r.status())[0]!.lag === 0);
    expect(await totals(storage.sql, storage.schema, counting)).toEqual({ total: sum, events: 250 });
    expect(sum).toBe(amount(250));
    expect((await r.status())[0]).toMatchObject({ name: 'counter', state: 'running', lag: 0, lagCapped: false, applied: 250 });
  });

  it('runs each projection on its own: a failing one does not hold the others', async () => {
    const healthy = countingProjection('healthy');
    const broken = countingProjection('broken', () => {
      throw new Error('always fails');
    });
    const r = runner([broken, healthy], { retryMs: 50, maxRetryMs: 100 });
    await r.migrate();
    const sum = await appendCounted(storage.store, 120);
    r.start();
    await until('the healthy projection caught up', async () => (await totals(storage.sql, storage.schema, healthy)).events === 120);
    expect((await totals(storage.sql, storage.schema, healthy)).total).toBe(sum);
    const byName = Object.fromEntries((await r.status()).map((s) => [s.name, s]));
    expect(byName.healthy).toMatchObject({ lag: 0, lastError: null });
    expect(byName.broken).toMatchObject({ lag: 120, applied: 0, lastError: { message: 'always fails' } });
    expect(byName.broken!.lastError!.consecutiveFailures).toBeGreaterThanOrEqual(1);
  });

  it('rebuilds into a scratch schema and swaps in; check is clean; reads and appends go on meanwhile', async () => {
    const r = runner([deAnListProjection, planListProjection], { rebuildBatchSize: 50 });
    await r.migrate();
    await appendHistory(storage.store, 120);
    r.start();
    await until('live caught up', async () => (await r.status()).every((s) => s.lag === 0));
    expect((await r.check()).map((c) => ({ name: c.name, clean: c.clean }))).toEqual([
      { name: 'de-an-list', clean: true },
      { name: 'plan-list', clean: true },
    ]);

    // Readers keep reading, and writers writing, while both are rebuilt.
    let reading = true;
    let reads = 0;
    const readErrors: unknown[] = [];
    const reader = (async () => {
      while (reading) {
        try {
          const { rows } = await storage.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${storage.schema}.de_an`);
          if (rows[0]!.n < 120) readErrors.push(new Error(`a reader saw ${rows[0]!.n} rows`));
          reads += 1;
        } catch (error) {
          readErrors.push(error);
        }
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    const progress: RebuildProgress[] = [];
    const rebuilding = r.rebuild(undefined, (p) => progress.push(p));
    await expect(r.startRebuild('plan-list')).rejects.toBeInstanceOf(RebuildInProgressError);
    await appendHistory(storage.store, 20);
    const results = await rebuilding;
    reading = false;
    await reader;
    expect(readErrors).toEqual([]);
    expect(reads).toBeGreaterThan(0);
    expect(results.map((x) => x.name)).toEqual(['de-an-list', 'plan-list']);
    const deAn = progress.filter((p) => p.name === 'de-an-list');
    expect(deAn.some((p) => p.phase === 'building' && p.total !== null && p.total > 0)).toBe(true);
    expect(deAn.at(-1)).toMatchObject({ phase: 'done', operation: 'rebuild' });
    expect(deAn.at(-1)!.applied).toBeGreaterThanOrEqual(deAn.find((p) => p.total !== null)!.total!);

    await until('live caught up again', async () => (await r.status()).every((s) => s.lag === 0));
    expect((await storage.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${storage.schema}.de_an`)).rows[0]!.n).toBe(140);
    // The swapped-in tables carry their indexes; no scratch schema is left behind.
    const { rows: indexes } = await storage.sql.query<{ indexname: string }>('SELECT indexname FROM pg_indexes WHERE schemaname = $1 ORDER BY 1', [
      storage.schema,
    ]);
    expect(indexes.map((i) => i.indexname)).toEqual(expect.arrayContaining(['de_an_filters', 'de_an_pkey', 'plans_pkey', 'checkpoints_pkey']));
    const { rows: leftovers } = await storage.sql.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [
      `${storage.schema}\\_%`,
    ]);
    expect(leftovers).toEqual([]);
    expect((await r.check()).every((c) => c.clean)).toBe(true);
    expect((await r.status()).map((s) => [s.state, s.rebuild?.operation, s.rebuild?.phase])).toEqual([
      ['running', 'check', 'done'],
      ['running', 'check', 'done'],
    ]);
  });

  it('check reports a live row altered by hand, with samples, and a row deleted by hand', async () => {
    const r = runner([deAnListProjection, planListProjection]);
    await r.migrate();
    await appendHistory(storage.store, 30);
    await r.catchUp();
    const { rows } = await storage.sql.query<{ id: string }>(`SELECT id FROM ${storage.schema}.de_an ORDER BY id LIMIT 1`);
    const id = rows[0]!.id;
    await storage.sql.query(`UPDATE ${storage.schema}.de_an SET title = 'sửa tay' WHERE id = $1`, [id]);
    await storage.sql.query(`DELETE FROM ${storage.schema}.plans WHERE id = (SELECT id FROM ${storage.schema}.plans ORDER BY id LIMIT 1)`);
    // Events appended after the live copy stopped: check catches the live copy up before comparing.
    await appendHistory(storage.store, 3);

    const [deAn, plans] = await r.check();
    expect(deAn).toMatchObject({ name: 'de-an-list', clean: false, differences: [{ table: 'de_an', missing: 1, unexpected: 1 }] });
    expect(deAn!.differences[0]!.samples.missing[0]).toMatchObject({ id, title: expect.stringContaining('Đề án thử nghiệm') });
    expect(deAn!.differences[0]!.samples.unexpected[0]).toMatchObject({ id, title: 'sửa tay' });
    expect(plans).toMatchObject({ name: 'plan-list', clean: false, differences: [{ table: 'plans', missing: 1, unexpected: 0 }] });
    expect(deAn!.position).toBe(await checkpointOf(storage.sql, storage.schema, 'de-an-list'));
    expect((await storage.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${storage.schema}.de_an`)).rows[0]!.n).toBe(33);

    // A rebuild repairs it.
    await r.rebuild('de-an-list');
    expect((await r.check('de-an-list'))[0]!.clean).toBe(true);
    await expect(r.check('no-such-projection')).rejects.toBeInstanceOf(UnknownProjectionError);
  });

  it('a counting projection rebuilt from a large log in large batches equals the live one exactly', async () => {
    const counting = countingProjection('counter');
    const r = runner([counting], { rebuildBatchSize: 700 });
    await r.migrate();
    const sum = await appendCounted(storage.store, 2_000, { perAppend: 100 });
    await r.catchUp();
    await storage.sql.query(`UPDATE ${storage.schema}.${counting.table} SET total = total + 1 WHERE stream = 'counter-0'`);
    expect((await r.check())[0]).toMatchObject({ clean: false, differences: [{ table: counting.table, missing: 1, unexpected: 1 }] });
    const [result] = await r.rebuild();
    expect(result).toMatchObject({ name: 'counter', applied: 2_000 });
    expect(await totals(storage.sql, storage.schema, counting)).toEqual({ total: sum, events: 2_000 });
    expect((await r.check())[0]!.clean).toBe(true);
  });
});
