/**
 * The periodic reports of every province (reporting/periodic-reports.ts): one row per report and period —
 * submitted (on time or late) or missed —, what the Ministry's officers see of all provinces and a
 * province's of its own; and the provinces that report (those with a đề án or a plan here).
 */
import { Scope } from '@app/access';
import {
  isPeriodicReportEventType,
  PERIODIC_REPORT_STREAM_PREFIX,
  PeriodicReportEvent,
  provinceOf,
  REPORT_TYPE_LABELS,
  ReportType,
} from '@app/domain';
import { RecordedEvent, SqlExecutor } from '@app/event-store';
import { Projection } from './projection';
import { applyRowPerStream, RowPerStream } from './row-per-stream';
import { conditions } from './sql-conditions';

interface PeriodicReportRow {
  id: string;
  province: string;
  report_type: string;
  period: string;
  due_at: string;
  status: 'submitted' | 'late' | 'missed';
  missed_at: string | null;
  submitted_at: string | null;
  signed_by: string | null;
  snapshot_hash: string | null;
  version: number;
}

const REPORTS: RowPerStream<PeriodicReportRow> = { table: 'periodic_reports', prefix: PERIODIC_REPORT_STREAM_PREFIX, evolve };

export const periodicReportsProjection: Projection = {
  name: 'periodic-reports',
  tables: [REPORTS.table],
  async migrate(sql, s) {
    await sql.query(`CREATE TABLE IF NOT EXISTS ${s}.periodic_reports (
      id text PRIMARY KEY, province text NOT NULL, report_type text NOT NULL, period text NOT NULL, due_at timestamptz NOT NULL,
      status text NOT NULL, missed_at timestamptz, submitted_at timestamptz, signed_by text, snapshot_hash text, version int NOT NULL)`);
  },
  async apply(sql, s, events) {
    await applyRowPerStream(sql, s, REPORTS, events);
  },
};

function evolve(row: PeriodicReportRow | undefined, recorded: RecordedEvent, id: string): PeriodicReportRow | undefined {
  if (!isPeriodicReportEventType(recorded.type)) return row;
  const event = { type: recorded.type, data: recorded.data } as unknown as PeriodicReportEvent;
  const { province, reportType, period, dueAt } = event.data;
  const base = row ?? {
    id,
    province,
    report_type: reportType,
    period,
    due_at: dueAt,
    status: 'missed' as const,
    missed_at: null,
    submitted_at: null,
    signed_by: null,
    snapshot_hash: null,
    version: 0,
  };
  const version = Number(recorded.version);
  if (event.type === 'PeriodicReportMissed') return { ...base, status: 'missed', missed_at: recorded.metadata.occurredAt, version };
  const actor = recorded.metadata.actor as { sub: string; name?: string };
  return {
    ...base,
    status: event.data.late ? 'late' : 'submitted',
    submitted_at: event.data.submittedAt,
    signed_by: actor.name ?? actor.sub,
    snapshot_hash: event.data.snapshotHash,
    version,
  };
}

const STATUS_LABELS: Readonly<Record<PeriodicReportRow['status'], string>> = {
  submitted: 'Đã nộp đúng hạn',
  late: 'Nộp muộn',
  missed: 'Quá hạn, chưa nộp',
};

/** The reports the scope lets a caller see: newest period first, then by province. */
export async function listPeriodicReports(
  sql: SqlExecutor,
  schema: string,
  scope: Scope,
  filter: { readonly year?: number; readonly type?: ReportType; readonly province?: string },
) {
  const { params, add, clause, ...where } = conditions();
  where.scope(scope, { organisation: 'NULL', province: 'province', council: { array: 'ARRAY[]::text[]' } });
  if (filter.year !== undefined) add('substr(period, 1, 4) = ?', String(filter.year));
  if (filter.type) add('report_type = ?', filter.type);
  if (filter.province) add('province = ?', filter.province);
  const { rows } = await sql.query<
    PeriodicReportRow & { due_at: Date | string; missed_at: Date | string | null; submitted_at: Date | string | null }
  >(`SELECT * FROM ${schema}.periodic_reports ${clause()} ORDER BY due_at DESC, province LIMIT 1000`, params);
  const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
  return {
    items: rows.map((r) => ({
      province: r.province,
      provinceName: provinceOf(r.province)?.name ?? r.province,
      type: r.report_type,
      typeLabel: REPORT_TYPE_LABELS[r.report_type as ReportType],
      period: r.period,
      dueAt: iso(r.due_at),
      status: r.status,
      statusLabel: STATUS_LABELS[r.status],
      missedAt: iso(r.missed_at),
      submittedAt: iso(r.submitted_at),
      signedBy: r.signed_by,
      snapshotHash: r.snapshot_hash,
    })),
  };
}

/** The provinces that report: those with a đề án or a plan in the read models. */
export async function reportingProvinces(sql: SqlExecutor, schema: string): Promise<string[]> {
  const { rows } = await sql.query<{ province: string }>(
    `SELECT province FROM ${schema}.de_an UNION SELECT province FROM ${schema}.plans WHERE province IS NOT NULL ORDER BY 1`,
  );
  return rows.map((r) => r.province);
}
