/** The đề án list: one row per đề án with the fields the list filters and shows. */
import { Scope } from '@app/access';
import { DeAnStatus, STATUS_LABELS, statusAfter } from '@app/domain';
import { RecordedEvent, SqlExecutor } from '@app/event-store';
import { deAnEventOf } from './typed-events';
import { Projection } from './projection';
import { applyRowPerStream, RowPerStream } from './row-per-stream';
import { conditions } from './sql-conditions';

export interface DeAnRow {
  id: string;
  organisation: string;
  province: string;
  plan_year: number;
  content_area: string;
  activity: string;
  funding_source: string;
  title: string;
  status: DeAnStatus;
  requested_support: number;
  approved_support: number;
  settled_support: number | null;
  plan_id: string | null;
  council: string[];
  registered_on: string;
  version: number;
  updated_at: string;
}

const DE_AN: RowPerStream<DeAnRow> = { table: 'de_an', prefix: 'de-an-', evolve: evolveDeAnRow };

export const deAnListProjection: Projection = {
  name: 'de-an-list',
  tables: [DE_AN.table],
  async migrate(sql, s) {
    await sql.query(`CREATE TABLE IF NOT EXISTS ${s}.de_an (
      id text PRIMARY KEY, organisation text NOT NULL, province text NOT NULL, plan_year int NOT NULL,
      content_area text NOT NULL, activity text NOT NULL, funding_source text NOT NULL, title text NOT NULL,
      status text NOT NULL, requested_support bigint NOT NULL, approved_support bigint NOT NULL DEFAULT 0,
      settled_support bigint, plan_id text, council text[] NOT NULL DEFAULT '{}', registered_on date NOT NULL,
      version int NOT NULL, updated_at timestamptz NOT NULL)`);
    await sql.query(`CREATE INDEX IF NOT EXISTS de_an_filters ON ${s}.de_an (province, plan_year, status)`);
  },
  async apply(sql, s, events) {
    await applyRowPerStream(sql, s, DE_AN, events);
  },
};

/** The đề án's row after `recorded` (exported for the test that holds it to the domain's fold). */
export function evolveDeAnRow(row: DeAnRow | undefined, recorded: RecordedEvent, id: string): DeAnRow | undefined {
  const event = deAnEventOf(recorded);
  if (!event) return row;
  const touched = { version: Number(recorded.version), updated_at: recorded.metadata.recordedAt };
  if (event.type === 'DeAnRegistered') {
    const d = event.data;
    return (
      row ?? {
        id,
        organisation: d.organisation,
        province: d.province,
        plan_year: d.planYear,
        content_area: d.contentArea,
        activity: d.activity,
        funding_source: d.fundingSource,
        title: d.title,
        status: 'Registered',
        requested_support: d.budget.requestedSupport,
        approved_support: 0,
        settled_support: null,
        plan_id: null,
        council: [],
        registered_on: d.registeredOn,
        ...touched,
      }
    );
  }
  if (!row) return undefined;
  const next: DeAnRow = { ...row, ...touched, status: statusAfter(row.status, event.type) };
  switch (event.type) {
    case 'CouncilAssigned':
      return { ...next, council: event.data.members.map((m) => m.sub) };
    case 'DeAnRevised':
      return {
        ...next,
        title: event.data.changes.title ?? row.title,
        requested_support: event.data.changes.budget?.requestedSupport ?? row.requested_support,
      };
    case 'DeAnApproved':
      return { ...next, approved_support: event.data.approvedSupport, plan_id: event.data.planId };
    case 'AdjustmentApproved':
      return { ...next, approved_support: event.data.approvedSupport };
    case 'DeAnSettled':
      return { ...next, settled_support: event.data.settledSupport };
    default:
      return next;
  }
}

export interface DeAnListFilter {
  readonly status?: string;
  readonly planYear?: number;
  readonly province?: string;
  readonly contentArea?: string;
  readonly fundingSource?: string;
  /** The last id of the previous page. */
  readonly cursor?: string;
  readonly limit: number;
}

/** The đề án the scope lets a caller see, filtered, a page at a time (by id). */
export async function listDeAn(sql: SqlExecutor, schema: string, scope: Scope, filter: DeAnListFilter) {
  const { params, add, clause, ...where } = conditions();
  where.scope(scope, { organisation: 'organisation', province: 'province', council: { array: 'council' } });
  if (filter.status) add('status = ?', filter.status);
  if (filter.planYear !== undefined) add('plan_year = ?', filter.planYear);
  if (filter.province) add('province = ?', filter.province);
  if (filter.contentArea) add('content_area = ?', filter.contentArea);
  if (filter.fundingSource) add('funding_source = ?', filter.fundingSource);
  if (filter.cursor) add('id > ?', filter.cursor);
  params.push(filter.limit + 1);
  const { rows } = await sql.query<Record<string, unknown>>(
    `SELECT id, title, organisation, province, plan_year, content_area, activity, funding_source, status,
            requested_support::text, approved_support::text, settled_support::text, plan_id, registered_on::text, version
     FROM ${schema}.de_an ${clause()} ORDER BY id LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, filter.limit);
  return {
    items: page.map((r) => ({
      id: r.id as string,
      title: r.title,
      organisation: r.organisation,
      province: r.province,
      planYear: r.plan_year,
      contentArea: r.content_area,
      activity: r.activity,
      fundingSource: r.funding_source,
      status: r.status,
      statusLabel: STATUS_LABELS[r.status as DeAnStatus],
      requestedSupport: Number(r.requested_support),
      approvedSupport: Number(r.approved_support),
      settledSupport: r.settled_support === null ? null : Number(r.settled_support),
      planId: r.plan_id,
      registeredOn: r.registered_on,
      version: r.version,
    })),
    nextCursor: rows.length > filter.limit ? (page.at(-1)!.id as string) : null,
  };
}
