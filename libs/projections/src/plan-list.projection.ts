/** The plan list: allocation and the books per plan. */
import { Scope } from '@app/access';
import { assertNever, PLAN_STREAM_PREFIX } from '@app/domain';
import { RecordedEvent, SqlExecutor } from '@app/event-store';
import { planEventOf } from './typed-events';
import { Projection } from './projection';
import { applyRowPerStream, RowPerStream } from './row-per-stream';
import { conditions } from './sql-conditions';

interface PlanRow {
  id: string;
  year: number;
  funding_source: string;
  level: string;
  province: string | null;
  allocation: number;
  committed: number;
  settled: number;
  status: string;
  version: number;
}

const PLAN: RowPerStream<PlanRow> = { table: 'plans', prefix: PLAN_STREAM_PREFIX, evolve };

export const planListProjection: Projection = {
  name: 'plan-list',
  tables: [PLAN.table],
  async migrate(sql, s) {
    await sql.query(`CREATE TABLE IF NOT EXISTS ${s}.plans (
      id text PRIMARY KEY, year int NOT NULL, funding_source text NOT NULL, level text NOT NULL, province text,
      allocation bigint NOT NULL, committed bigint NOT NULL DEFAULT 0, settled bigint NOT NULL DEFAULT 0,
      status text NOT NULL DEFAULT 'Open', version int NOT NULL)`);
  },
  async apply(sql, s, events) {
    await applyRowPerStream(sql, s, PLAN, events);
  },
};

function evolve(row: PlanRow | undefined, recorded: RecordedEvent, id: string): PlanRow | undefined {
  const event = planEventOf(recorded);
  if (!event) return row;
  const version = Number(recorded.version);
  if (event.type === 'PlanCreated') {
    const d = event.data;
    return (
      row ?? {
        id,
        year: d.year,
        funding_source: d.fundingSource,
        level: d.level,
        province: d.province ?? null,
        allocation: d.allocation,
        committed: 0,
        settled: 0,
        status: 'Open',
        version,
      }
    );
  }
  if (!row) return undefined;
  switch (event.type) {
    case 'SupportCommitted':
      return { ...row, committed: row.committed + event.data.amount, version };
    case 'CommitmentChanged':
      return { ...row, committed: row.committed + event.data.to - event.data.from, version };
    case 'CommitmentReleased':
      return { ...row, committed: row.committed - event.data.amount, version };
    case 'PlanSettlementRecorded':
      return { ...row, committed: row.committed - event.data.committed, settled: row.settled + event.data.settledSupport, version };
    case 'AllocationAdjusted':
      return { ...row, allocation: event.data.to, version };
    case 'PlanClosed':
      return { ...row, status: 'Closed', version };
    case 'AllocationCarriedOut':
      return { ...row, allocation: row.allocation - event.data.amount, version };
    case 'AllocationCarriedIn':
      return { ...row, allocation: row.allocation + event.data.amount, version };
    default:
      return assertNever(event, 'plan event');
  }
}

/** The plans the scope lets a caller see (newest year first), with their books and what remains. */
export async function listPlans(sql: SqlExecutor, schema: string, scope: Scope, filter: { readonly year?: number; readonly province?: string }) {
  const { params, add, clause, ...where } = conditions();
  // Plans have no organisation or council: only their province scopes them.
  where.scope(scope, { organisation: 'NULL', province: 'province', council: { array: 'ARRAY[]::text[]' } });
  if (filter.year !== undefined) add('year = ?', filter.year);
  if (filter.province) add('province = ?', filter.province);
  const { rows } = await sql.query<Record<string, unknown>>(
    `SELECT id, year, funding_source, level, province, allocation::text, committed::text, settled::text, status, version
     FROM ${schema}.plans ${clause()} ORDER BY year DESC, id LIMIT 500`,
    params,
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      year: r.year,
      fundingSource: r.funding_source,
      level: r.level,
      province: r.province,
      status: r.status,
      version: r.version,
      allocation: Number(r.allocation),
      committed: Number(r.committed),
      settled: Number(r.settled),
      remaining: Number(r.allocation) - Number(r.committed) - Number(r.settled),
    })),
  };
}
