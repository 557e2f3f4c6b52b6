/**
 * PGlite on a directory: every acknowledged append reaches the host's fsync before it returns, not
 * only the page cache (which a power loss empties). Counted at the host: node:fs fsyncSync.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NO_STREAM } from '../event-store';
import { newEvent } from '../testing/event-store.contract';
import { PGliteClient } from './sql-client';
import { SqlEventStore } from './sql-event-store';

// The module object itself (an ES namespace import is frozen), so that the spy sees every caller's calls.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const hostFs = require('node:fs') as typeof import('node:fs');

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kc-durable-'))));
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** Ten appends, and the host fsyncs each one made before it returned. */
async function appendTen(client: PGliteClient): Promise<{ fsyncs: number[]; store: SqlEventStore }> {
  const store = await SqlEventStore.open(client);
  const fsync = jest.spyOn(hostFs, 'fsyncSync');
  const fsyncs: number[] = [];
  for (let n = 1; n <= 10; n++) {
    const before = fsync.mock.calls.length;
    await store.append(`s-${n}`, [newEvent('Noted', { n })], NO_STREAM);
    fsyncs.push(fsync.mock.calls.length - before);
  }
  fsync.mockRestore();
  return { fsyncs, store };
}

describe('PGlite durability', () => {
  it('fsync on (the default): PostgreSQL says so, and every append calls the host fsync before it returns; a reopen reads them all', async () => {
    const client = await PGliteClient.open(join(dir, 'db'));
    expect(
      (await client.query<{ f: string; m: string }>(`SELECT current_setting('fsync') AS f, current_setting('wal_sync_method') AS m`)).rows[0],
    ).toEqual({ f: 'on', m: 'fsync' });
    const { fsyncs, store } = await appendTen(client);
    for (const each of fsyncs) expect(each).toBeGreaterThanOrEqual(1);
    await store.close();

    const again = await SqlEventStore.open(await PGliteClient.open(join(dir, 'db')));
    expect((await again.readAll({ limit: 100 })).map((e) => e.data.n)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    await again.close();
  });

  it('a directory used without fsync is synced file by file at its next durable open', async () => {
    await (await PGliteClient.open(join(dir, 'db'), { fsync: false })).close();
    const fsync = jest.spyOn(hostFs, 'fsyncSync');
    const client = await PGliteClient.open(join(dir, 'db'));
    const files = hostFs.readdirSync(join(dir, 'db'), { recursive: true }).length;
    expect(fsync.mock.calls.length).toBeGreaterThanOrEqual(files); // every file and directory, at least
    fsync.mockRestore();
    await client.close();
  });

  it('PGLITE_FSYNC=false is PGlite as shipped: fsync off, no host fsync on an append', async () => {
    const client = await PGliteClient.open(join(dir, 'db'), { fsync: false });
    expect((await client.query<{ f: string }>(`SELECT current_setting('fsync') AS f`)).rows[0]?.f).toBe('off');
    const { fsyncs, store } = await appendTen(client);
    expect(fsyncs).toEqual(Array(10).fill(0));
    await store.close();
  });
});
