/**
 * `npm run bench:startup`: how fast the API is up and how much memory it holds, compiled (what
 * `npm start` runs) against the TypeScript sources under ts-node (what it ran before): the first start
 * on an empty data directory (PGlite's initdb included), a restart on that data, and the resident set
 * after 10 s idle. Embedded store (PGlite), fsync on. Median of RUNS (3) runs each.
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureBuild } = require('../tools/ensure-build') as { ensureBuild(options?: { quiet?: boolean }): boolean };

const ROOT = join(__dirname, '..');
const RUNS = Number(process.env.RUNS ?? 3);
const MODES = { compiled: ['dist/apps/api/src/main.js'], 'ts-node': ['-r', './tools/register.js', 'apps/api/src/main.ts'] } as const;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const rssMb = (pid: number) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);

async function start(args: readonly string[], dataDir: string, port: number): Promise<{ child: ChildProcess; ms: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), QUEUE_PREFIX: `bench-startup-${port}` },
    stdio: 'ignore',
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).status === 200) return { child, ms: Math.round(performance.now() - started) };
    } catch {
      // not listening yet
    }
    await sleep(20);
  }
}

const stop = (child: ChildProcess) =>
  new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });

async function main(): Promise<void> {
  ensureBuild({ quiet: true });
  console.log(
    `# bench:startup — ${new Date().toISOString()} · ${cpus()[0]?.model} × ${cpus().length} · node ${process.version} · load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const figures: Record<string, { first: number[]; restart: number[]; rss: number[]; rssAfterRestart: number[] }> = {};
  for (let run = 0; run < RUNS; run++) {
    for (const [mode, args] of Object.entries(MODES)) {
      const dataDir = mkdtempSync(join(tmpdir(), 'kc-startup-'));
      const port = 21_000 + Math.floor(Math.random() * 10_000);
      const f = (figures[mode] ??= { first: [], restart: [], rss: [], rssAfterRestart: [] });
      try {
        const first = await start(args, dataDir, port);
        await sleep(10_000);
        f.first.push(first.ms);
        f.rss.push(rssMb(first.child.pid!));
        await stop(first.child);
        const again = await start(args, dataDir, port);
        await sleep(10_000);
        f.restart.push(again.ms);
        f.rssAfterRestart.push(rssMb(again.child.pid!));
        await stop(again.child);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  }
  console.log('| mode | first start (ms) | restart (ms) | RSS after first start (MB) | RSS after restart (MB) |\n|---|---:|---:|---:|---:|');
  for (const [mode, f] of Object.entries(figures)) {
    console.log(`| ${mode} | ${median(f.first)} | ${median(f.restart)} | ${median(f.rss)} | ${median(f.rssAfterRestart)} |`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
