/**
 * `npm run demo`: imports the Bình Định 2014–2020 history (341 đề án, 14 plans) through the import
 * path, brings the read models up to date, prints the funding report as the appendix's table and
 * writes every report to one XLSX workbook. Re-running it imports nothing twice.
 */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DeadlineRules, DeAnDecider, formatTrieu, ROMAN, ContentArea } from '@app/domain';
import { binhDinhHistory, CommandHandler, demoProvenance, HistoryImport } from '@app/application';
import { SqlClient } from '@app/event-store';
import { FundingReport, READ_MODELS_SCHEMA, readModelRunner, renderXlsx, REPORTS } from '@app/projections';
import { cliUser } from '../cli-user';
import { progress } from '../progress';

export async function runDemo(
  commands: CommandHandler,
  sql: SqlClient,
  decider: DeAnDecider,
  outDir: string,
  deadlineRules?: DeadlineRules,
): Promise<number> {
  const { plans, deAn } = binhDinhHistory();
  const records = [...plans, ...deAn];
  const started = Date.now();
  const importer = new HistoryImport(commands, decider, { importer: cliUser() });
  const counts = { imported: 0, skipped: 0, failed: 0 };
  const bar = progress('Nhập lịch sử', records.length, 'bản ghi');
  const results = await importer.importAll(
    records.map((record, index) => ({ record, index })),
    (result, done) => {
      counts[result.status] += 1;
      bar.update(done, `mới ${counts.imported}, đã có ${counts.skipped}, lỗi ${counts.failed}`);
    },
  );
  bar.stop();
  process.stderr.write(`Nhập xong trong ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  for (const failed of results.filter((r) => r.status === 'failed')) console.error(`  ${failed.externalId}: ${JSON.stringify(failed.error)}`);

  const runner = readModelRunner(commands.store, sql, deadlineRules ? { deadlineRules } : {});
  await runner.migrate();
  await runner.catchUp();

  const built = await Promise.all(REPORTS.map((report) => report.build(sql, READ_MODELS_SCHEMA, { from: 2014, to: 2020, province: '52' })));
  printFunding(built[0]!.data as FundingReport);
  // what the seed states and what is synthetic, under the table and on every sheet
  const provenance = demoProvenance();
  console.log(`\n${provenance.join('\n')}`);
  const file = resolve(join(outDir, 'bao-cao-khuyen-cong-binh-dinh-2014-2020.xlsx'));
  await writeFile(file, await renderXlsx(built.map((b) => ({ ...b.table, subtitles: [...b.table.subtitles, ...provenance] }))));
  console.log(`\nĐã ghi ${REPORTS.length} báo cáo (mỗi báo cáo một trang) vào ${file}`);
  return counts.failed === 0 ? 0 : 1;
}

/** The appendix as a terminal table: period totals per content row, then the yearly totals. */
function printFunding(report: FundingReport): void {
  const money = (amount: number) => (amount ? formatTrieu(amount) : '');
  const n = (count: number) => (count ? String(count) : '');
  const lines: string[][] = [['TT', 'Nội dung', 'KCĐP: số đề án', 'kinh phí', 'KCQG: số đề án', 'kinh phí']];
  const sub = new Map<string, number>();
  for (const row of report.rows) {
    if (row.total.KCDP.count + row.total.KCQG.count === 0 && row.activity !== null) continue;
    const tt = row.activity === null ? ROMAN[row.contentArea as ContentArea] : String((sub.get(row.contentArea) ?? 0) + 1);
    if (row.activity !== null) sub.set(row.contentArea, Number(tt));
    const label = row.label.length > 58 ? `${row.label.slice(0, 57)}…` : row.label;
    lines.push([
      tt,
      row.activity === null ? label.toUpperCase() : `  ${label}`,
      n(row.total.KCDP.count),
      money(row.total.KCDP.amount),
      n(row.total.KCQG.count),
      money(row.total.KCQG.amount),
    ]);
  }
  const t = report.totals.total;
  lines.push(['', 'TỔNG SỐ KINH PHÍ', n(t.KCDP.count), money(t.KCDP.amount), n(t.KCQG.count), money(t.KCQG.amount)]);

  console.log('\nBÁO CÁO TÌNH HÌNH THỰC HIỆN KẾ HOẠCH KINH PHÍ KHUYẾN CÔNG — TỈNH BÌNH ĐỊNH, GIAI ĐOẠN 2014 - 2020');
  console.log('Tổng giai đoạn theo nội dung (đơn vị tính: triệu đồng)\n');
  printTable(lines);
  const yearly = [['Năm', 'KCĐP: số đề án', 'kinh phí', 'KCQG: số đề án', 'kinh phí']];
  for (const year of report.years) {
    const y = report.totals.years[String(year)]!;
    yearly.push([String(year), n(y.KCDP.count), money(y.KCDP.amount), n(y.KCQG.count), money(y.KCQG.amount)]);
  }
  const a = report.totals.average;
  // Vietnamese decimals take a comma, as the amounts do.
  const average = (count: number) => count.toFixed(1).replace('.', ',');
  yearly.push(['Trung bình', average(a.KCDP.count), money(a.KCDP.amount), average(a.KCQG.count), money(a.KCQG.amount)]);
  console.log('\nTheo năm (gồm cả tiểu mục IV.8, bảng in của tỉnh để riêng tiểu mục này khỏi các cột năm)\n');
  printTable(yearly);
}

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  for (const [index, row] of rows.entries()) {
    console.log(row.map((cell, i) => (i <= 1 && rows[0]!.length === 6 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
    if (index === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

/** The demo keeps its own store unless one is configured: it must not mix into a real DATA_DIR by accident. */
export function demoEnvironment(env: NodeJS.ProcessEnv): void {
  if (env.EVENT_STORE === undefined && env.DATA_DIR === undefined) env.DATA_DIR = join('data', 'demo');
}
