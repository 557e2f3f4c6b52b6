/**
 * `npm run cli -- import <file.ndjson> [--api URL --token T]`: the history import of POST /import/de-an,
 * from a file of one JSON record per line — straight into the configured store (recorded as imported
 * by the system account running the CLI), or through a running server's API in batches (recorded as
 * imported by the token's user). Plan records are imported first (a first pass over the file), then
 * the đề án; failures are reported with their line.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { DeAnDecider } from '@app/domain';
import { CommandHandler, HistoryImport, ImportResult, ImportStatus, recordKind } from '@app/application';
import { cliUser } from './cli-user';
import { progress } from './progress';

interface Line {
  readonly line: number;
  readonly index: number;
  readonly record: unknown;
  readonly parseError?: string;
}

/** The non-blank lines of the file, parsed. */
async function* records(path: string): AsyncGenerator<Line> {
  const reader = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  let index = 0;
  for await (const raw of reader) {
    line += 1;
    const text = (line === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim();
    if (text.length === 0) continue;
    try {
      yield { line, index: index++, record: JSON.parse(text) as unknown };
    } catch (error) {
      yield { line, index: index++, record: undefined, parseError: (error as Error).message };
    }
  }
}

async function countRecords(path: string): Promise<number> {
  const reader = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let count = 0;
  for await (const raw of reader) if (raw.trim().length > 0 && raw.trim() !== '\uFEFF') count += 1;
  return count;
}

function describeFailure(result: ImportResult): string[] {
  const { error } = result;
  const where = [`line ${result.line ?? '?'}`, result.externalId ?? '(no externalId)'];
  if (error?.step !== undefined) where.push(error.step === 'registration' ? 'registration' : `step ${error.step}`);
  const reason = error ? `${error.status}${error.rule ? ` ${error.rule}` : ''} — ${error.detail}` : 'failed';
  const stored =
    result.kind === 'de-an' && result.id !== undefined
      ? ` [${result.completedSteps ?? 0} step(s) stored: đề án ${result.id} at version ${result.version}]`
      : '';
  return [`  ${where.join('  ')}: ${reason}${stored}`, ...(error?.errors ?? []).map((e) => `      ${e.field}: ${e.message}`)];
}

/** Imports some records, in order; answers one result per record. */
type ImportRecords = (lines: readonly Line[]) => Promise<ImportResult[]>;

/** Straight into the store, as the system account running the CLI. */
export async function importFile(path: string, commands: CommandHandler, decider: DeAnDecider): Promise<number> {
  const importer = new HistoryImport(commands, decider, {
    importer: cliUser(),
    onUnexpectedError: (error, result) => console.error(`\nline ${result.line}: unexpected error: ${String((error as Error)?.stack ?? error)}`),
  });
  return importRecords(path, 1, async ([line]) => [await importer.importOne(line!.record, { index: line!.index, line: line!.line })], [
    importer.batchId,
  ]);
}

/** Records per HTTP batch, and the bytes a batch may reach (the server takes up to 1,000 records and 5 MB). */
const API_BATCH = { records: 200, bytes: 4_000_000 } as const;

/** Through a running server's POST /api/v1/import/de-an, as the token's user. */
export async function importFileThroughApi(path: string, api: string, token: string): Promise<number> {
  const url = `${api.replace(/\/+$/, '')}/api/v1/import/de-an`;
  const batches: string[] = [];
  return importRecords(
    path,
    API_BATCH.records,
    async (lines) => {
      const reply = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(lines.map((l) => l.record)),
      });
      const body = (await reply.json().catch(() => undefined)) as
        { batchId?: string; results?: ImportResult[]; title?: string; detail?: string } | undefined;
      if (reply.status !== 200 || !Array.isArray(body?.results)) {
        throw new Error(`${url} answered ${reply.status}${body?.title ? `: ${body.title}` : ''}${body?.detail ? ` — ${body.detail}` : ''}`);
      }
      if (body.batchId) batches.push(body.batchId);
      return body.results.map((result, i) => ({ ...result, index: lines[i]!.index, line: lines[i]!.line }));
    },
    batches,
    API_BATCH.bytes,
  );
}

async function importRecords(path: string, perCall: number, send: ImportRecords, batches: readonly string[], maxBytes = Infinity): Promise<number> {
  try {
    if (!(await stat(path)).isFile()) throw new Error('not a file');
  } catch {
    console.error(`cannot read ${path}`);
    return 2;
  }
  const total = await countRecords(path);
  const bar = progress('import', total, 'records');
  const counts: Record<ImportStatus, number> = { imported: 0, skipped: 0, failed: 0 };
  const failures: ImportResult[] = [];
  let done = 0;
  const started = Date.now();
  const record = (result: ImportResult) => {
    counts[result.status] += 1;
    if (result.status === 'failed') failures.push(result);
    done += 1;
    bar.update(done, counts.failed ? `${counts.failed} failed` : undefined);
  };
  let pending: Line[] = [];
  let bytes = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const lines = pending;
    pending = [];
    bytes = 0;
    for (const result of await send(lines)) record(result);
  };

  // Plans first: an approval may name a plan (planExternalId) that comes later in the file.
  for (const pass of ['plan', 'de-an'] as const) {
    for await (const line of records(path)) {
      if (line.parseError !== undefined) {
        if (pass === 'de-an') {
          record({
            externalId: null,
            kind: 'de-an',
            index: line.index,
            line: line.line,
            status: 'failed',
            error: { status: 400, title: 'Dữ liệu không hợp lệ', detail: `Dòng không phải JSON hợp lệ: ${line.parseError}` },
          });
        }
        continue;
      }
      if (recordKind(line.record) !== pass) continue;
      const size = JSON.stringify(line.record).length;
      if (pending.length > 0 && bytes + size > maxBytes) await flush();
      pending.push(line);
      bytes += size;
      if (pending.length >= perCall) await flush();
    }
    await flush();
  }
  bar.stop();

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `${path}: ${done} record(s) in ${seconds} s — ${counts.imported} imported, ${counts.skipped} skipped (already imported), ${counts.failed} failed`,
  );
  if (batches.length > 0) console.log(`Import batch${batches.length > 1 ? 'es' : ''} (GET /api/v1/audit/imports): ${batches.join(', ')}`);
  if (failures.length > 0) {
    console.log('Failures:');
    for (const failure of failures.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))) for (const text of describeFailure(failure)) console.log(text);
  }
  return counts.failed > 0 ? 1 : 0;
}
