/**
 * The history import on the Bình Định demo history (14 plans + up to 341 đề án):
 *
 *   node -r ./tools/register.js bench/import-history.bench.ts                    # PGlite in memory, all 341
 *   DIR=/tmp/pgd N=100 node -r ./tools/register.js bench/import-history.bench.ts # PGlite on a directory (emptied first)
 *   STORE=postgres node -r ./tools/register.js bench/import-history.bench.ts     # PostgreSQL (TEST_DATABASE_URL), own schema
 *   PROFILE=/tmp/import.cpuprofile …                                             # CPU profile of the first import only
 *   STATEMENTS=1 …                                                               # time per SQL statement of the first import
 *   IMPORTER=./path/to/module.ts …                                               # another HistoryImport (e.g. an earlier version, for before/after)
 *   SQL_STORE=./path/to/module.ts …                                              # another SqlEventStore (likewise)
 *
 * Prints wall and CPU time per record, SQL statements and transactions per record and per act, the
 * cost of the first and the last quarter of the records (does it grow with the store?), and the cost
 * of importing everything again (every record skipped).
 */
import 'reflect-metadata';
import { rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { deAnDecider } from '@app/domain';
import { resolve } from 'node:path';
import { binhDinhHistory, CommandHandler, HistoryImport as CurrentHistoryImport, ImportInput } from '@app/application';
import { PgClient, PGliteClient, SqlClient, SqlEventStore, SqlExecutor } from '@app/event-store';

/** Counts every statement, inside transactions or not. */
class CountingClient implements SqlClient {
  statements = 0;
  transactions = 0;
  /** Per statement (its first words): how many, and the milliseconds spent waiting for them. */
  readonly byStatement = new Map<string, { count: number; ms: number }>();
  constructor(private readonly inner: SqlClient) {}
  get kind() {
    return this.inner.kind;
  }
  private async timed<T>(label: string, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await run();
    } finally {
      const entry = this.byStatement.get(label) ?? { count: 0, ms: 0 };
      entry.count += 1;
      entry.ms += performance.now() - started;
      this.byStatement.set(label, entry);
    }
  }
  private label = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 70);
  query<R>(text: string, params?: readonly unknown[]) {
    this.statements += 1;
    return this.timed(this.label(text), () => this.inner.query<R>(text, params));
  }
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    this.transactions += 1;
    return this.timed('(transaction, whole)', () =>
      this.inner.transaction((tx) =>
        work({
          query: <R>(text: string, params?: readonly unknown[]) => {
            this.statements += 1;
            return this.timed(`  in tx: ${this.label(text)}`, () => tx.query<R>(text, params));
          },
        }),
      ),
    );
  }
  close() {
    return this.inner.close();
  }
}

async function main(): Promise<void> {
  const n = Number(process.env.N ?? 341);
  const dir = process.env.DIR;
  const postgres = process.env.STORE === 'postgres';
  const schema = `bench_import_${process.pid}`;
  let inner: SqlClient;
  if (postgres) inner = new PgClient(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  else {
    if (dir) await rm(dir, { recursive: true, force: true });
    inner = await PGliteClient.open(dir);
  }
  const sql = new CountingClient(inner);
  const Store: typeof SqlEventStore = process.env.SQL_STORE ? (await import(resolve(process.env.SQL_STORE))).SqlEventStore : SqlEventStore;
  const store = await Store.open(sql, postgres ? { schema } : {});
  const { plans, deAn } = binhDinhHistory();
  const records = [...plans, ...deAn.slice(0, n)];
  const acts = deAn.slice(0, n).reduce((sum, record) => sum + 1 + ((record as { steps?: unknown[] }).steps?.length ?? 0), 0);
  const inputs: ImportInput[] = records.map((record, index) => ({ record, index }));
  const HistoryImport: typeof CurrentHistoryImport = process.env.IMPORTER
    ? (await import(resolve(process.env.IMPORTER))).HistoryImport
    : CurrentHistoryImport;
  const importer = new HistoryImport(new CommandHandler(store), deAnDecider(), { importer: { sub: 'bench', role: 'admin' } });

  const quarter = Math.max(1, Math.floor(n / 4));
  const marks: { wall: number; cpu: number }[] = [];
  const mark = () => {
    const cpu = process.cpuUsage();
    marks.push({ wall: performance.now(), cpu: (cpu.user + cpu.system) / 1000 });
  };
  const run = async (label: string) => {
    marks.length = 0;
    const statements = sql.statements;
    const transactions = sql.transactions;
    mark();
    const results = await importer.importAll(inputs, (_, done) => {
      if (done === plans.length || done === plans.length + quarter || done === records.length - quarter || done === records.length) mark();
    });
    const count = (status: string) => results.filter((r) => r.status === status).length;
    const per = (a: number, b: number) => (b - a) / records.length;
    const [start, , q1End, q4Start, end] = marks;
    const s = sql.statements - statements;
    const t = sql.transactions - transactions;
    console.log(
      `${label} ${store.name}${dir ? ' (dir)' : postgres ? '' : ' (memory)'}: ${records.length} records, ${acts} đề án acts — ` +
        `${per(start!.wall, end!.wall).toFixed(1)} ms/record wall, ${per(start!.cpu, end!.cpu).toFixed(1)} ms/record CPU; ` +
        `${(s / records.length).toFixed(1)} statements and ${(t / records.length).toFixed(2)} transactions per record (${(s / acts).toFixed(2)} statements/act); ` +
        `first quarter ${((q1End!.wall - marks[1]!.wall) / quarter).toFixed(1)} ms/đề án, last quarter ${((end!.wall - q4Start!.wall) / quarter).toFixed(1)} ms/đề án; ` +
        `imported ${count('imported')}, skipped ${count('skipped')}, failed ${count('failed')}`,
    );
    for (const failed of results.filter((r) => r.status === 'failed').slice(0, 3))
      console.log('  ', failed.externalId, JSON.stringify(failed.error).slice(0, 300));
  };
  const profile = process.env.PROFILE;
  const session = profile ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  await run('import   ');
  if (session) {
    const { profile: taken } = await session.post('Profiler.stop');
    await writeFile(profile!, JSON.stringify(taken));
    session.disconnect();
  }
  if (process.env.STATEMENTS) {
    for (const [label, { count, ms }] of [...sql.byStatement].sort((a, b) => b[1].ms - a[1].ms)) {
      console.log(`${String(count).padStart(7)} × ${(ms / count).toFixed(2).padStart(7)} ms = ${ms.toFixed(0).padStart(7)} ms  ${label}`);
    }
  }
  await run('re-import');
  if (postgres) await inner.query(`DROP SCHEMA ${schema} CASCADE`);
  await store.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
