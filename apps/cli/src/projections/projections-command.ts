/**
 * `npm run cli -- projections status | rebuild [name] | check [name]`: the read models' status, a
 * rebuild from the start of the log (progress on stderr), and a check that rebuilds into a scratch
 * schema and compares with the live tables (exit code 1 when they differ).
 */
import { DeadlineRules } from '@app/domain';
import { EventStore, SqlClient } from '@app/event-store';
import { CheckResult, ProjectionStatus, readModelRunner, RebuildInProgressError, RebuildProgress, UnknownProjectionError } from '@app/projections';
import { Progress, progress } from '../progress';

export interface CommandOutput {
  out(line: string): void;
  err: NodeJS.WritableStream;
}

const console_: CommandOutput = { out: (line) => console.log(line), err: process.stderr };

export type ProjectionsRequest = { readonly sub: 'status'; readonly json: boolean } | { readonly sub: 'rebuild' | 'check'; readonly name?: string };

export async function projectionsCommand(
  request: ProjectionsRequest,
  store: EventStore,
  sql: SqlClient,
  deadlineRules?: DeadlineRules,
  io: CommandOutput = console_,
): Promise<number> {
  const { sub } = request;
  const name = request.sub === 'status' ? undefined : request.name;
  // No live lanes here: a rebuild's swap and a check's catch-up take each projection's turn from its owner.
  const runner = readModelRunner(store, sql, {
    ...(deadlineRules ? { deadlineRules } : {}),
    log: (entry) => (entry.level === 'info' ? undefined : io.err.write(`${JSON.stringify(entry)}\n`)),
  });
  const bar = rebuildProgress(io.err);
  try {
    await runner.migrate();
    switch (sub) {
      case 'status': {
        const statuses = await runner.status();
        if (request.sub === 'status' && request.json) io.out(JSON.stringify(statuses, null, 2));
        else for (const line of statusTable(statuses)) io.out(line);
        return 0;
      }
      case 'rebuild': {
        const results = await runner.rebuild(name, (p) => bar.show(p));
        bar.stop();
        for (const r of results)
          io.out(
            `${r.name}: rebuilt from ${r.applied.toLocaleString('en-US')} events in ${(r.ms / 1_000).toFixed(1)} s (position ${r.position ?? 'start'})`,
          );
        return 0;
      }
      case 'check': {
        const results = await runner.check(name, (p) => bar.show(p));
        bar.stop();
        for (const line of checkReport(results)) io.out(line);
        return results.every((r) => r.clean) ? 0 : 1;
      }
    }
  } catch (error) {
    bar.stop();
    if (error instanceof UnknownProjectionError) {
      io.err.write(`unknown projection "${error.projection}"; known: ${error.known.join(', ')}\n`);
      return 2;
    }
    if (error instanceof RebuildInProgressError) {
      io.err.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await runner.stop();
  }
}

export function statusTable(statuses: readonly ProjectionStatus[]): string[] {
  const rows = statuses.map((s) => [
    s.name,
    s.state,
    s.owner + (s.ownerPid !== undefined ? ` (pid ${s.ownerPid})` : ''),
    s.position ?? '-',
    `${s.lag.toLocaleString('en-US')}${s.lagCapped ? '+' : ''}`,
    s.lastError ? `${s.lastError.at} ${s.lastError.message}` : '-',
  ]);
  const header = ['projection', 'state', 'owner', 'position', 'lag', 'last error'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const format = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [format(header), ...rows.map(format)];
}

export function checkReport(results: readonly CheckResult[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    if (r.clean) {
      lines.push(`${r.name}: clean (position ${r.position ?? 'start'})`);
      continue;
    }
    lines.push(`${r.name}: DIFFERS (position ${r.position ?? 'start'})`);
    for (const d of r.differences) {
      lines.push(`  ${d.table}: ${d.missing} row(s) of the rebuild missing from the live table, ${d.unexpected} live row(s) not in the rebuild`);
      if (d.columns && (d.columns.missing.length > 0 || d.columns.unexpected.length > 0)) {
        lines.push(`    columns only in the rebuild: ${d.columns.missing.join(', ') || '-'}; only live: ${d.columns.unexpected.join(', ') || '-'}`);
      }
      for (const row of d.samples.missing) lines.push(`    rebuilt: ${JSON.stringify(row)}`);
      for (const row of d.samples.unexpected) lines.push(`    live:    ${JSON.stringify(row)}`);
    }
  }
  return lines;
}

/** One bar per projection as a rebuild or check goes through them (events of the log, applied). */
function rebuildProgress(stream: NodeJS.WritableStream) {
  let current: { name: string; bar: Progress } | undefined;
  return {
    show(p: RebuildProgress) {
      if (current?.name !== p.name) {
        current?.bar.stop();
        current = { name: p.name, bar: progress(p.name, p.total ?? p.applied, 'events', stream) };
      }
      current.bar.update(p.applied, p.phase === 'building' ? undefined : p.phase);
      if (p.phase === 'done' || p.phase === 'failed') this.stop();
    },
    stop() {
      current?.bar.stop();
      current = undefined;
    },
  };
}
