/**
 * `npm run bench:portal`: the portal's bundle (raw and gzip) and its first load in Debian's Chromium
 * against `npm start`'s server on the embedded store — from navigation to the sign-in form ready, and
 * from "Đăng nhập" to the đề án list drawn for a signed-in admin — each in a fresh browser context (no
 * cache). Median of RUNS (5).
 */
import 'reflect-metadata';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../test/support/browser';
import { E2E_ADMIN_PASSWORD, startServer } from '../test/support/server';

const ROOT = join(__dirname, '..');
const RUNS = Number(process.env.RUNS ?? 5);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const kb = (bytes: number) => `${Math.round(bytes / 1024)} kB`;

async function main(): Promise<void> {
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const assets = join(ROOT, 'dist', 'portal', 'assets');
    const files = readdirSync(assets).map((name) => join(assets, name));
    const raw = files.reduce((sum, file) => sum + statSync(file).size, 0);
    const gzip = files.reduce((sum, file) => sum + gzipSync(readFileSync(file)).length, 0);
    console.log(
      `# bench:portal — ${new Date().toISOString()} · ${cpus()[0]?.model} × ${cpus().length} · node ${process.version} · load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const ready: number[] = [];
    const signedIn: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ baseURL: server.base });
      const page = await context.newPage();
      const started = performance.now();
      await page.goto('/');
      await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
      ready.push(performance.now() - started);
      await page.getByLabel('Tên đăng nhập').fill('admin');
      await page.getByLabel('Mật khẩu').fill(E2E_ADMIN_PASSWORD);
      const clicked = performance.now();
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.getByRole('heading', { name: 'Danh sách đề án' }).waitFor();
      signedIn.push(performance.now() - clicked);
      await context.close();
    }
    console.log(`bundle: ${files.length} file(s), ${kb(raw)} raw, ${kb(gzip)} gzip`);
    console.log(
      `first load to the sign-in form (median of ${RUNS}, cold context): ${Math.round(median(ready))} ms  [${ready.map(Math.round).join(', ')}]`,
    );
    console.log(`sign-in to the đề án list drawn (median of ${RUNS}): ${Math.round(median(signedIn))} ms  [${signedIn.map(Math.round).join(', ')}]`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
