/**
 * API benchmark (`npm run bench:api`): N concurrent clients (1, 16, 64) drive full đề án lifecycles
 * over HTTP against a real server process — on the embedded store (PGlite) and on PostgreSQL —
 * and the figures are commands/s and per-command latency p50/p99.
 *
 * A lifecycle is 13 commands: register, council, review, appraisal, approval (commits against a
 * shared plan), contract, progress, advance, inspection, completion, acceptance, settlement, and a
 * GET of the đề án. Each level runs BENCH_RUNS times (default 3) and the median of each figure is
 * printed. Env: BENCH_LIFECYCLES (per level and run, default 64), BENCH_CLIENTS (default "1,16,64"),
 * BENCH_BACKENDS (default "pglite,postgres"), BENCH_PG_URL, BENCH_CPU_PROFILE (a directory: the server
 * writes a V8 CPU profile there when it stops).
 */
import { execSync } from 'node:child_process';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { M, planBody, registration } from '../test/support/fixtures';
import { startServer, TestServer } from '../test/support/server';

const LIFECYCLES = Number(process.env.BENCH_LIFECYCLES ?? 64);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CLIENTS = (process.env.BENCH_CLIENTS ?? '1,16,64').split(',').map(Number);
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'pglite,postgres').split(',');
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const CPU_PROFILE = process.env.BENCH_CPU_PROFILE;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function lifecycle(server: TestServer, tokens: Record<string, string>, planId: string, latencies: number[]): Promise<void> {
  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const started = performance.now();
    const reply = await server.request(method, path, { token, ...(body !== undefined ? { body } : {}) });
    latencies.push(performance.now() - started);
    if (reply.status >= 300) throw new Error(`${method} ${path} → ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  };
  const id = (await call('POST', '/de-an', tokens.applicant!, registration())).id as string;
  const p = `/de-an/${id}`;
  await call('POST', `${p}/council`, tokens.officer!, { members: [{ sub: 'hd-1', name: 'Chủ tịch' }], chair: 'hd-1' });
  await call('POST', `${p}/reviews`, tokens.chair!, { score: 90, recommendation: 'approve', conflictOfInterest: false });
  await call('POST', `${p}/appraisal`, tokens.chair!, {
    result: 'passed',
    recommendedSupport: 300 * M,
    machineryValuation: 590 * M,
    minutesNo: 'BB',
  });
  await call('POST', `${p}/approval`, tokens.approver!, { decisionNo: 'QĐ', decisionDate: '2027-01-20', approvedSupport: 30 * M, planId });
  await call('POST', `${p}/contract`, tokens.officer!, { contractNo: 'HĐ', signedDate: '2027-02-01', endDate: '2027-10-31', selection: 'review' });
  await call('POST', `${p}/progress`, tokens.applicant!, { period: '2027-06', percentComplete: 80, investedAmount: 500 * M });
  await call('POST', `${p}/progress-confirmation`, tokens.officer!, { period: '2027-06' });
  await call('POST', `${p}/advances`, tokens.finance!, { amount: 21 * M, paidDate: '2027-06-30' });
  await call('POST', `${p}/inspections`, tokens.officer!, { date: '2027-07-01', inspectors: ['Cán bộ'], result: 'satisfactory' });
  await call('POST', `${p}/completion`, tokens.applicant!, {
    completedDate: '2027-10-01',
    actualResults: [],
    actualCost: 600 * M,
    machineryValue: 590 * M,
  });
  await call('POST', `${p}/acceptance`, tokens.officer!, {
    result: 'passed',
    acceptedResults: [],
    acceptedCost: 580 * M,
    machineryValuation: 590 * M,
    minutesNo: 'NT',
    date: '2027-10-10',
  });
  await call('POST', `${p}/settlement`, tokens.finance!, { settledSupport: 30 * M, decisionNo: 'QT', date: '2027-10-20' });
  await call('GET', p, tokens.officer!);
}

async function level(server: TestServer, clients: number) {
  const tokens = {
    applicant: await server.token({ sub: 'u', role: 'applicant', org: 'htx-an-nhon' }),
    officer: await server.token({ sub: 'o', role: 'officer', province: '52' }),
    chair: await server.token({ sub: 'hd-1', role: 'council' }),
    approver: await server.token({ sub: 'a', role: 'approver', province: '52' }),
    finance: await server.token({ sub: 'f', role: 'finance', province: '52' }),
  };
  const plan = await server.request('POST', '/plans', { token: tokens.officer, body: planBody({ allocation: 1_000_000 * M }) });
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < LIFECYCLES) {
        next++;
        await lifecycle(server, tokens, plan.body.id as string, latencies);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    clients,
    commands: latencies.length,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

async function main() {
  console.log(
    `Machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, node ${process.version}; ${LIFECYCLES} lifecycles (13 requests each) per level`,
  );
  const rows: string[] = [];
  for (const backend of BACKENDS) {
    let database: string | undefined;
    const env: Record<string, string> = { EVENT_STORE: backend };
    if (backend === 'postgres') {
      database = `bench_api_${Date.now()}`;
      execSync(`psql "${PG_URL}/postgres" -U postgres -qc "CREATE DATABASE ${database}"`);
      env.DATABASE_URL = `${PG_URL}/${database}`;
    }
    const server = await startServer(env, CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROFILE}`] : []);
    try {
      for (const clients of CLIENTS) {
        const runs: Awaited<ReturnType<typeof level>>[] = [];
        for (let run = 0; run < RUNS; run++) runs.push(await level(server, clients));
        const median = (pick: (r: (typeof runs)[number]) => number) => runs.map(pick).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
        const r = { perSecond: median((x) => x.perSecond), p50: median((x) => x.p50), p99: median((x) => x.p99), commands: runs[0]!.commands };
        const line = `${backend.padEnd(8)} ${String(clients).padStart(3)} clients  ${r.perSecond.toFixed(0).padStart(6)} commands/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(7)} ms   (median of ${RUNS} runs of ${r.commands} requests)`;
        console.log(line);
        rows.push(line);
      }
    } finally {
      await server.stop();
      if (database) execSync(`psql "${PG_URL}/postgres" -U postgres -qc "DROP DATABASE ${database}"`);
    }
  }
  console.log(`\nSummary\n${rows.join('\n')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
