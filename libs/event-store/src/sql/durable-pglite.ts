/**
 * PGlite on a directory, made to survive a power loss, not only a process crash.
 *
 * As shipped (0.5.16), PGlite on Node starts PostgreSQL with `-F` (fsync off), and even with fsync on
 * its Emscripten file system (NODEFS) answers fsync and fdatasync without calling the host: a commit
 * reaches the page cache, which survives kill -9 but not a power cut or a kernel crash (upstream:
 * electric-sql/pglite#1107). Here, PostgreSQL runs with fsync on and `wal_sync_method=fsync` (the
 * fdatasync path cannot be reached from JavaScript), and NODEFS's fsync calls the host's. A directory
 * whose files were written without fsync (a new one: initdb's output; or one used with
 * PGLITE_FSYNC=false) is synced once, file by file.
 *
 * This reaches into NODEFS's stream operations, which PGlite does not document: `open` checks that
 * the hook is in place and that a commit calls it, and refuses to start otherwise, so an upgrade that
 * moves them fails loudly rather than silently losing durability.
 */
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { NodeFS as NodeFSType } from '@electric-sql/pglite/dist/fs/nodefs';

// The subpath is in the package's exports; TypeScript's node10 resolution only finds its types by path.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NodeFS } = require('@electric-sql/pglite/nodefs') as { NodeFS: typeof NodeFSType };

/** Left in the data directory once all its files were synced; removed when it is opened without fsync. */
const SYNCED_MARKER = 'kc-fsynced';

/** PostgreSQL's EIO: a failed fsync makes PostgreSQL PANIC, as it must (the commit is not durable). */
const EIO = 29;

interface NodeFsStream {
  readonly nfd: number;
}
interface StreamOps {
  fsync?: (stream: NodeFsStream) => number;
}

/** Opens PGlite on `dir` with every commit fsynced to the host disk; throws if that cannot be ensured. */
export async function openDurablePglite(dir: string): Promise<PGlite> {
  let syncs = 0;
  const fs = new NodeFS(dir);
  const init = fs.init.bind(fs);
  fs.init = async (pg, options) => {
    const result = await init(pg, options);
    const hook = (mod: { NODEFS: unknown }) => {
      const ops = (mod.NODEFS as { stream_ops?: StreamOps }).stream_ops;
      if (!ops) return; // checked below: no syncs happen, and open refuses
      ops.fsync = (stream) => {
        try {
          fsyncSync(stream.nfd);
          syncs += 1;
          return 0;
        } catch {
          return EIO;
        }
      };
    };
    return { emscriptenOpts: { ...result.emscriptenOpts, preRun: [hook, ...(result.emscriptenOpts.preRun ?? [])] } };
  };
  const db = await PGlite.create({
    fs,
    startParams: [...PGlite.defaultStartParams.filter((p) => p !== '-F'), '-c', 'fsync=on', '-c', 'wal_sync_method=fsync'],
  });
  try {
    // Files written without fsync (initdb's, or those of a run with PGLITE_FSYNC=false) are synced once.
    const marker = join(dir, SYNCED_MARKER);
    if (!existsSync(marker)) {
      syncTree(dir);
      writeFileSync(marker, 'every file of this directory was fsynced; since then PostgreSQL fsyncs what it writes\n');
      syncFile(marker);
      syncFile(dir); // again: it now names the marker
      syncFile(dirname(dir));
    }
    await assertDurable(db, () => syncs);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return db;
}

/** A commit must reach the host's fsync; PostgreSQL must say fsync is on. */
async function assertDurable(db: PGlite, syncs: () => number): Promise<void> {
  const settings = (
    await db.query<{ fsync: string; method: string }>(`SELECT current_setting('fsync') AS fsync, current_setting('wal_sync_method') AS method`)
  ).rows[0];
  const before = syncs();
  await db.query(`SELECT pg_logical_emit_message(true, 'durability-check', '')`); // a transaction that writes WAL: its commit syncs it
  if (settings?.fsync !== 'on' || settings.method !== 'fsync' || syncs() === before) {
    throw new Error(
      `PGlite durability check failed (fsync=${settings?.fsync}, wal_sync_method=${settings?.method}, ` +
        `host fsyncs on a commit: ${syncs() - before}): this PGlite version no longer takes the fsync hook; ` +
        'use EVENT_STORE=postgres, or set PGLITE_FSYNC=false knowingly (a power loss may then lose or corrupt the database)',
    );
  }
}

function syncTree(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) syncTree(path);
    else if (entry.isFile()) syncFile(path);
  }
  syncFile(dir);
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A directory opened without fsync loses its marker: its next durable open syncs it again. */
export function forgetSynced(dir: string): void {
  rmSync(join(dir, SYNCED_MARKER), { force: true });
}
