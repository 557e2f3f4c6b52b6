/**
 * What the store benchmarks share: settings from the environment, the two databases (a fresh
 * PGlite directory, or fresh schemas on the PostgreSQL server, per run), the writer loops and
 * formatting.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool, PoolConfig } from 'pg';
import { NewEvent, PgClient, PGliteClient, SqlClient } from '@app/event-store';
import { pgDriver, pgliteDriver, RawDriver } from './raw-baseline';

export function int(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not ${text}`);
  return value;
}

// The test database, as in README (never DATABASE_URL: the bench creates and drops schemas).
export const PG_URL = process.env.BENCH_PG_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const PG_POOL = process.env.BENCH_PG_POOL ? int('BENCH_PG_POOL', 10) : undefined;
export const STAMP = new Date().toISOString().replace(/\D/g, '').slice(0, 14);

export type Append = { streamId: string; events: NewEvent[] };

/** One run's database: a fresh PGlite directory, or fresh schemas on the server. */
export interface RunDb {
  readonly client: SqlClient;
  readonly raw: RawDriver;
  /** A fresh schema name for this run (dropped, or deleted with the directory, by dispose). */
  schema(tag: string): string;
  checkpoint(): Promise<void>;
  /** The current WAL insert position (bytes). */
  walBytes(): Promise<bigint>;
  dispose(): Promise<void>;
}

export interface Backend {
  readonly name: 'pglite' | 'postgres';
  readonly runs: number;
  info(): Promise<Record<string, string>>;
  open(run: number): Promise<RunDb>;
}

const walOf = async (client: SqlClient) =>
  BigInt((await client.query<{ b: string }>(`SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint::text AS b`)).rows[0]!.b);

export function pgliteBackend(runs: number): Backend {
  return {
    name: 'pglite',
    runs,
    async info() {
      // Opened as the runs open it (a directory: fsync as the product sets it), not in memory.
      const dir = mkdtempSync(join(tmpdir(), 'store-bench-pglite-info-'));
      const client = await PGliteClient.open(dir).catch((error: unknown) => {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      });
      try {
        const row = (
          await client.query<{ v: string; f: string; s: string }>(
            `SELECT version() AS v, current_setting('fsync') AS f, current_setting('synchronous_commit') AS s`,
          )
        ).rows[0]!;
        return { PGlite: `${pgliteVersion()} (${row.v.split(',')[0]}; data directory on local disk; fsync=${row.f}, synchronous_commit=${row.s})` };
      } finally {
        await client.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    async open(run) {
      const dir = mkdtempSync(join(tmpdir(), 'store-bench-pglite-'));
      const client = await PGliteClient.open(dir);
      return {
        client,
        raw: pgliteDriver(client.db),
        schema: (tag) => `bench_${STAMP}_r${run}_${tag}`,
        checkpoint: async () => {
          await client.db.exec('CHECKPOINT');
        },
        walBytes: () => walOf(client),
        async dispose() {
          try {
            await client.close();
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        },
      };
    },
  };
}

export function postgresBackend(runs: number): Backend {
  const config: PoolConfig = { connectionString: PG_URL, ...(PG_POOL ? { max: PG_POOL } : {}) };
  return {
    name: 'postgres',
    runs,
    async info() {
      const pool = new Pool(config);
      try {
        const { rows } = await pool.query(
          `SELECT version() AS v, current_setting('fsync') AS f, current_setting('synchronous_commit') AS s, current_setting('shared_buffers') AS b`,
        );
        const row = rows[0] as { v: string; f: string; s: string; b: string };
        return {
          PostgreSQL: `${row.v.split(' on ')[0]} (same machine, TCP 127.0.0.1; fsync=${row.f}, synchronous_commit=${row.s}, shared_buffers=${row.b})`,
          'pg pool size': PG_POOL ? String(PG_POOL) : '10 (pg default, as the product opens it), for the store and the baseline alike',
        };
      } finally {
        await pool.end();
      }
    },
    async open(run) {
      // The store gets its own PgClient (its pool), the baseline a plain pg Pool of the same size.
      const client = new PgClient(config);
      const pool = new Pool(config);
      pool.on('error', () => undefined);
      const schemas: string[] = [];
      return {
        client,
        raw: pgDriver(pool),
        schema(tag) {
          const name = `bench_${STAMP}_r${run}_${tag}`;
          schemas.push(name);
          return name;
        },
        checkpoint: async () => {
          await pool.query('CHECKPOINT');
        },
        walBytes: () => walOf(client),
        async dispose() {
          try {
            for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          } finally {
            await Promise.all([client.close(), pool.end()]);
          }
        },
      };
    },
  };
}

export function backendsFromEnv(runs: number): Backend[] {
  return (process.env.BENCH_BACKENDS ?? 'pglite,postgres')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((name) => {
      if (name === 'pglite') return pgliteBackend(int('BENCH_PGLITE_RUNS', runs));
      if (name === 'postgres') return postgresBackend(int('BENCH_PG_RUNS', runs));
      throw new Error(`unknown backend ${name} (pglite, postgres)`);
    });
}

export function machine(): Record<string, string> {
  const cpu = /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? '?';
  return { CPU: `${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM`, Node: process.version };
}

/**
 * The code measured: the commit, and any uncommitted change to the event store library; `same()`
 * tells whether the library still is what it was (other commits may come and go meanwhile).
 */
export function codeState(): { text: string; same(): boolean } {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: join(__dirname, '..'), encoding: 'utf8' }).trim();
  try {
    const commit = git('rev-parse', '--short', 'HEAD');
    const library = () =>
      createHash('sha256')
        .update(git('diff', commit, '--', 'libs/event-store'))
        .digest('hex')
        .slice(0, 12);
    const before = library();
    const changed = git('status', '--porcelain', '--', 'libs/event-store')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.slice(3));
    const text =
      changed.length === 0
        ? `${commit}, libs/event-store as committed`
        : `${commit} + uncommitted changes to ${changed.join(', ')} (diff sha256 ${before})`;
    return { text, same: () => library() === before };
  } catch {
    return { text: 'unknown (no git)', same: () => true };
  }
}

function pgliteVersion(): string {
  let dir = dirname(require.resolve('@electric-sql/pglite'));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite') return pkg.version ?? '?';
    } catch {
      /* keep looking upwards */
    }
    const parent = dirname(dir);
    if (parent === dir) return '?';
    dir = parent;
  }
}

/**
 * How busy the machine was meanwhile: runnable processes (/proc/stat procs_running, this process
 * included) sampled every 0.5 s, and the highest 1-minute load average. On this 2-core machine the
 * bench itself keeps about 1–2 runnable (node and a PostgreSQL backend); more means other work.
 */
export function loadMonitor(): { stop(): string } {
  const running: number[] = [];
  let maxLoad = 0;
  const sample = () => {
    try {
      const match = /^procs_running (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
      if (match) running.push(Number(match[1]));
    } catch {
      /* not Linux */
    }
    maxLoad = Math.max(maxLoad, loadavg()[0]!);
  };
  const timer = setInterval(sample, 500).unref();
  return {
    stop() {
      clearInterval(timer);
      if (running.length === 0) return `1-min load average max ${maxLoad.toFixed(2)}`;
      const mean = running.reduce((a, b) => a + b, 0) / running.length;
      const busy = running.filter((n) => n > 3).length / running.length;
      return `runnable processes mean ${mean.toFixed(1)}, > 3 in ${(busy * 100).toFixed(0)}% of samples; 1-min load average max ${maxLoad.toFixed(2)}`;
    },
  };
}

export const seconds = (start: number) => (performance.now() - start) / 1000;

/** The appends spread over `writers` concurrent async loops (writer w takes appends w, w + writers, …); seconds taken. */
export async function appendAll(writers: number, appends: readonly Append[], appendOne: (a: Append) => Promise<void>): Promise<number> {
  const start = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = w; i < appends.length; i += writers) await appendOne(appends[i]!);
    }),
  );
  return seconds(start);
}

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A Markdown table with the numeric columns right-aligned. */
export function table(header: string[], rows: string[][], numeric: (column: number) => boolean): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (numeric(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
