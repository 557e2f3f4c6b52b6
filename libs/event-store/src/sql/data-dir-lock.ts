/**
 * One writer per embedded store. PGlite is PostgreSQL in single-user mode inside this process: two
 * processes on one directory each believe they own it, and what one commits the other never sees —
 * and may overwrite. So the process that opens a directory holds `<dir>.lock` (its pid, host, start
 * time and command line) until it closes it or exits; a second process is refused with one sentence
 * naming the holder. A lock left by a process that died (kill -9, a crash) is taken over: its pid is
 * gone, or now belongs to a process that started later. A lock of another host cannot be checked and
 * is never taken over.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { hostname } from 'node:os';

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** When the holding process started (Linux: from /proc), to tell a reused pid from the holder. */
  readonly processStart?: string;
  readonly command: string;
  readonly since: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder | undefined,
  ) {
    super(
      holder
        ? `the embedded store ${dir} is in use by process ${holder.pid} on ${holder.host} (${holder.command}, since ${holder.since})`
        : `the embedded store ${dir} is locked (${dir}.lock cannot be read)`,
    );
    this.name = 'DataDirLockedError';
  }
}

/** Start time of a process as the kernel counts it (clock ticks since boot), where /proc tells. */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function alive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true; // cannot tell: never take it over
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const start = processStart(holder.pid);
  return holder.processStart === undefined || start === undefined || start === holder.processStart;
}

function readHolder(path: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

/** Creates `path` with `text` only if it does not exist; false if it does. */
function createExclusive(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** A breaker older than this was left by a process that died while clearing a stale lock. */
const STALE_BREAKER_MS = 10_000;

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

/** Takes the directory's lock or throws DataDirLockedError. */
export function lockDataDir(dir: string): DataDirLock {
  const path = `${dir}.lock`;
  mkdirSync(dirname(path), { recursive: true });
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    ...(processStart(process.pid) ? { processStart: processStart(process.pid)! } : {}),
    command: process.argv.slice(1).join(' ').slice(0, 300),
    since: new Date().toISOString(),
  };
  const text = `${JSON.stringify(me)}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusive(path, text)) return held(path, text);
    const holder = readHolder(path);
    // Unreadable: another process is between creating and writing it; look again.
    if (holder === undefined) {
      if (attempt < 4) continue;
      throw new DataDirLockedError(dir, undefined);
    }
    if (alive(holder)) throw new DataDirLockedError(dir, holder);
    clearStale(path, holder);
  }
  throw new DataDirLockedError(dir, readHolder(path));
}

/**
 * Removes a dead holder's lock under a breaker file, so that two processes taking over at once
 * cannot remove each other's fresh lock: only the breaker's holder removes it, and only if it still
 * names the dead process.
 */
function clearStale(path: string, stale: LockHolder): void {
  const breaker = `${path}.break`;
  if (!createExclusive(breaker, String(process.pid))) {
    try {
      if (Date.now() - statSync(breaker).mtimeMs > STALE_BREAKER_MS) unlinkSync(breaker);
    } catch {
      // gone already
    }
    return;
  }
  try {
    const now = readHolder(path);
    if (now && now.pid === stale.pid && now.since === stale.since && now.host === stale.host) unlinkSync(path);
  } finally {
    unlinkSync(breaker);
  }
}

const releasers = new Set<() => void>();
let exitHook = false;

function held(path: string, text: string): DataDirLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    releasers.delete(release);
    try {
      // Only our own lock: never one another process took over after ours was judged stale.
      if (readFileSync(path, 'utf8') === text) unlinkSync(path);
    } catch {
      // gone already
    }
  };
  releasers.add(release);
  if (!exitHook) {
    exitHook = true;
    // A process that ends without closing the store (an error, process.exit) still leaves the directory free.
    process.once('exit', () => {
      for (const releaseOne of [...releasers]) releaseOne();
    });
  }
  return { path, release };
}
