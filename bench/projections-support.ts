/**
 * What the projections benchmark needs besides bench-support.ts: percentiles, the code state of the
 * libraries it measures, and a short summary of a V8 CPU profile (where the node thread's time went).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SqlClient, SqlExecutor, SqlResult } from '@app/event-store';

/** Nearest-rank percentile (p in 0–100) of the values. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Milliseconds of each of `count` calls, one after another. */
export async function timeCalls(count: number, call: () => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await call();
    ms.push(performance.now() - t);
  }
  return ms;
}

export const msText = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));

/**
 * The commit, and any uncommitted change to the libraries measured (other engineers edit them while
 * the bench runs); `same()` tells whether they still are what they were at the start.
 */
export function librariesState(paths: readonly string[]): { text: string; same(): boolean } {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: join(__dirname, '..'), encoding: 'utf8', maxBuffer: 64 * 2 ** 20 }).trim();
  try {
    const commit = git('rev-parse', '--short', 'HEAD');
    // Untracked files do not show in a diff: hash their contents too.
    const digest = () => {
      const hash = createHash('sha256').update(git('diff', commit, '--', ...paths));
      for (const file of git('ls-files', '--others', '--exclude-standard', '--', ...paths)
        .split('\n')
        .filter(Boolean)
        .sort()) {
        hash.update(file).update(execFileSync('cat', [join(__dirname, '..', file)]));
      }
      return hash.digest('hex').slice(0, 12);
    };
    const before = digest();
    const changed = git('status', '--porcelain', '--', ...paths)
      .split('\n')
      .filter(Boolean).length;
    const text =
      changed === 0
        ? `${commit}, ${paths.join(', ')} as committed`
        : `${commit} + ${changed} uncommitted/untracked files under ${paths.join(', ')} (content sha256 ${before})`;
    return { text, same: () => digest() === before };
  } catch {
    return { text: 'unknown (no git)', same: () => true };
  }
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

/** The functions with the most self time in a V8 CPU profile, as lines "share  ms  function  file:line". */
export function profileSummary(profile: CpuProfile, top = 20): string[] {
  const total = profile.nodes.reduce((a, n) => a + (n.hitCount ?? 0), 0) || 1;
  const ms = (profile.endTime - profile.startTime) / 1000;
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^file:\/\//, '').replace(/^.*?\/(node_modules|libs|bench|apps)\//, '$1/');
    const key = url ? `${functionName || '(anonymous)'}  ${file}:${lineNumber + 1}` : functionName;
    byFunction.set(key, (byFunction.get(key) ?? 0) + (node.hitCount ?? 0));
  }
  return [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, hits]) => `${((hits / total) * 100).toFixed(1).padStart(5)} %  ${((hits / total) * ms).toFixed(0).padStart(6)} ms  ${key}`);
}

/**
 * How busy the machine was between start and stop, from /proc/stat: the share of both cores in use,
 * the share this node process used (process.cpuUsage), the rest (the database server, other jobs);
 * runnable processes sampled every 0.5 s (when the event loop is free: PGlite's WASM blocks it, so
 * on PGlite there are few samples); the load average at start and stop.
 */
export function machineMonitor(): { stop(): string } {
  const cores = cpus().length;
  const cpu = () => {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { idle: fields[3]! + (fields[4] ?? 0), total: fields.reduce((a, b) => a + b, 0) };
  };
  const running: number[] = [];
  const sample = () => {
    const match = /^procs_running (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    if (match) running.push(Number(match[1]));
  };
  const start = { cpu: cpu(), own: process.cpuUsage(), wall: performance.now(), load: loadavg()[0]! };
  const timer = setInterval(sample, 500).unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      const end = cpu();
      const own = process.cpuUsage(start.own);
      const wall = performance.now() - start.wall;
      const busy = 1 - (end.idle - start.cpu.idle) / Math.max(1, end.total - start.cpu.total);
      const mine = (own.user + own.system) / 1000 / wall / cores;
      const mean = running.reduce((a, b) => a + b, 0) / running.length;
      return (
        `CPU ${(busy * 100).toFixed(0)} % busy of ${cores} cores (this node process ${(mine * 100).toFixed(0)} %, the rest ${(Math.max(0, busy - mine) * 100).toFixed(0)} %: database server and other jobs); ` +
        `runnable processes mean ${mean.toFixed(1)} (${running.length} samples); load average ${start.load.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}`
      );
    },
  };
}

/**
 * A SqlClient that counts and times every statement (inside transactions too) by its first words,
 * for the diagnostic breakdown of a rebuild (BENCH_STATEMENTS=1). It exposes the inner client's pg
 * pool, which the runner needs for its advisory locks on PostgreSQL.
 */
export class CountingClient implements SqlClient {
  readonly byStatement = new Map<string, { count: number; ms: number; rows: number }>();
  constructor(private readonly inner: SqlClient) {}
  get kind() {
    return this.inner.kind;
  }
  get pool() {
    return (this.inner as { pool?: unknown }).pool;
  }
  private async timed<R>(text: string, run: () => Promise<SqlResult<R>>): Promise<SqlResult<R>> {
    // Schemas dropped, inlined literals (de-an-list inlines version and updated_at) folded.
    const label = text
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/\b[a-z0-9_]+_rm(_[a-z_]+)*\./g, '')
      .replace(/\b[a-z0-9_]+\.events\b/g, 'events')
      .replace(/'[^']*'/g, "'…'")
      .replace(/= \d+\b/g, '= N')
      .slice(0, 100);
    const started = performance.now();
    const result = await run();
    const entry = this.byStatement.get(label) ?? { count: 0, ms: 0, rows: 0 };
    entry.count += 1;
    entry.ms += performance.now() - started;
    entry.rows += result.rows.length || result.affectedRows;
    this.byStatement.set(label, entry);
    return result;
  }
  query<R>(text: string, params?: readonly unknown[]) {
    return this.timed(text, () => this.inner.query<R>(text, params));
  }
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.inner.transaction((tx) =>
      work({ query: <R>(text: string, params?: readonly unknown[]) => this.timed(text, () => tx.query<R>(text, params)) }),
    );
  }
  close() {
    return this.inner.close();
  }
  /** Lines "count × mean ms = total s  rows  statement", the largest total first. */
  report(top = 15): string[] {
    return [...this.byStatement]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, top)
      .map(
        ([label, { count, ms, rows }]) =>
          `${String(count).padStart(9)} × ${(ms / count).toFixed(2).padStart(7)} ms = ${(ms / 1000).toFixed(1).padStart(7)} s  ${String(rows).padStart(9)} rows  ${label}`,
      );
  }
}
