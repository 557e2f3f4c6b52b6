/**
 * The facts behind every report, kept as versions: a row per change of a đề án's (or plan's) fact,
 * valid from the event that made it until the next one, on both timelines — business time
 * (`occurred_*`, what the reports call as-of) and record time (`recorded_*`, what the system knew
 * then). A report as of T reads the rows valid at T: the exact state a replay of the log up to T
 * gives, without replaying. A batch costs a few statements whatever its size: the latest rows of
 * the streams it touches are read once, the fold runs in memory, closed and new rows are written
 * in bulk.
 */
import { PERIOD_PLAN_STREAM_PREFIX } from '@app/domain';
import { canonicalJson, RecordedEvent, SqlExecutor } from '@app/event-store';
import { Projection } from '../projection';
import { eventsByStream } from '../row-per-stream';
import { DeAnFact, evolveDeAnFact, evolvePeriodPlanFact, evolvePlanFact, PeriodPlanFact, PlanFact } from './facts';

interface Validity {
  version: number;
  occurred_from: string;
  recorded_from: string;
}

type Versioned<F> = F & Validity;

interface Kind<F extends { id: string }> {
  readonly table: string;
  readonly prefix: string;
  /** bigint columns: the drivers return them as strings (amounts in đồng stay below 2^53). */
  readonly bigints: readonly string[];
  readonly evolve: (fact: F | undefined, event: RecordedEvent, id: string) => F | undefined;
}

const DE_AN: Kind<DeAnFact> = {
  table: 'de_an_facts',
  prefix: 'de-an-',
  evolve: evolveDeAnFact,
  bigints: [
    'requested_support',
    'approved_support',
    'settled_support',
    'counterpart_funds',
    'total_cost',
    'appraisal_machinery',
    'acceptance_machinery',
  ],
};
const PLAN: Kind<PlanFact> = { table: 'plan_facts', prefix: 'plan-', evolve: evolvePlanFact, bigints: ['allocation'] };
const PERIOD_PLAN: Kind<PeriodPlanFact> = {
  table: 'period_plan_facts',
  prefix: PERIOD_PLAN_STREAM_PREFIX,
  evolve: evolvePeriodPlanFact,
  bigints: [],
};

const VALIDITY_COLUMNS = `version int NOT NULL, next_version int,
  occurred_from timestamptz NOT NULL, occurred_to timestamptz, recorded_from timestamptz NOT NULL, recorded_to timestamptz`;

export const reportFactsProjection: Projection = {
  name: 'report-facts',
  tables: [DE_AN.table, PLAN.table, PERIOD_PLAN.table],
  async migrate(sql, s) {
    await sql.query(`CREATE TABLE IF NOT EXISTS ${s}.de_an_facts (
      id text NOT NULL, title text NOT NULL, organisation text NOT NULL, province text NOT NULL, plan_year int NOT NULL,
      funding_source text NOT NULL, level text NOT NULL, content_area text NOT NULL, activity text NOT NULL, status text NOT NULL,
      requested_support bigint NOT NULL, approved_support bigint NOT NULL, settled_support bigint,
      counterpart_funds bigint NOT NULL, total_cost bigint NOT NULL, plan_id text,
      appraisal_machinery bigint, acceptance_machinery bigint, accepted_results jsonb NOT NULL,
      contract_end text, missed_deadlines int NOT NULL, ${VALIDITY_COLUMNS}, PRIMARY KEY (id, version))`);
    await sql.query(`CREATE INDEX IF NOT EXISTS de_an_facts_latest ON ${s}.de_an_facts (plan_year, funding_source) WHERE next_version IS NULL`);
    await sql.query(`CREATE INDEX IF NOT EXISTS de_an_facts_occurred ON ${s}.de_an_facts (occurred_from, occurred_to)`);
    await sql.query(`CREATE TABLE IF NOT EXISTS ${s}.plan_facts (
      id text NOT NULL, year int NOT NULL, funding_source text NOT NULL, level text NOT NULL, province text,
      allocation bigint NOT NULL, targets jsonb NOT NULL, status text NOT NULL, ${VALIDITY_COLUMNS}, PRIMARY KEY (id, version))`);
    await sql.query(`CREATE TABLE IF NOT EXISTS ${s}.period_plan_facts (
      id text NOT NULL, title text NOT NULL, province text NOT NULL, level text NOT NULL, from_year int NOT NULL, to_year int NOT NULL,
      targets jsonb NOT NULL, funding jsonb NOT NULL, ${VALIDITY_COLUMNS}, PRIMARY KEY (id, version))`);
  },
  async apply(sql, s, events) {
    await applyKind(sql, s, DE_AN, events);
    await applyKind(sql, s, PLAN, events);
    await applyKind(sql, s, PERIOD_PLAN, events);
  },
};

async function applyKind<F extends { id: string }>(sql: SqlExecutor, s: string, kind: Kind<F>, events: readonly RecordedEvent[]): Promise<void> {
  const byStream = eventsByStream(events, kind.prefix);
  if (byStream.size === 0) return;

  const { rows: latest } = await sql.query<Versioned<F>>(`SELECT * FROM ${s}.${kind.table} WHERE id = ANY($1) AND next_version IS NULL`, [
    [...byStream.keys()],
  ]);
  const current = new Map(latest.map((row) => [row.id, row]));
  const closings: { id: string; version: number; next_version: number; occurred_to: string; recorded_to: string }[] = [];
  const inserts: Record<string, unknown>[] = [];

  for (const [id, streamEvents] of byStream) {
    let row = current.get(id);
    let fact: F | undefined = row ? factOf(row, kind.bigints) : undefined;
    let pending: Record<string, unknown> | undefined; // a version written in this batch, not yet closed
    for (const event of streamEvents) {
      const next = kind.evolve(fact, event, id);
      if (!next || (fact && sameFact(fact, next))) continue;
      // Business time never runs backwards inside a version chain (an odd import must not make negative intervals).
      const previousFrom = (pending?.occurred_from ?? row?.occurred_from) as string | Date | undefined;
      const occurredFrom = maxInstant(event.metadata.occurredAt, previousFrom);
      const recordedFrom = event.metadata.recordedAt;
      if (pending) {
        Object.assign(pending, { next_version: event.version, occurred_to: occurredFrom, recorded_to: recordedFrom });
      } else if (row) {
        closings.push({ id, version: row.version, next_version: event.version, occurred_to: occurredFrom, recorded_to: recordedFrom });
      }
      pending = {
        ...next,
        version: event.version,
        next_version: null,
        occurred_from: occurredFrom,
        occurred_to: null,
        recorded_from: recordedFrom,
        recorded_to: null,
      };
      inserts.push(pending);
      fact = next;
      row = undefined;
    }
  }

  if (closings.length > 0) {
    await sql.query(
      `UPDATE ${s}.${kind.table} t SET next_version = c.next_version, occurred_to = c.occurred_to, recorded_to = c.recorded_to
       FROM jsonb_to_recordset($1::jsonb) AS c(id text, version int, next_version int, occurred_to timestamptz, recorded_to timestamptz)
       WHERE t.id = c.id AND t.version = c.version`,
      [JSON.stringify(closings)],
    );
  }
  if (inserts.length > 0) {
    await sql.query(`INSERT INTO ${s}.${kind.table} SELECT * FROM jsonb_populate_recordset(NULL::${s}.${kind.table}, $1::jsonb)`, [
      JSON.stringify(inserts),
    ]);
  }
}

const VALIDITY_KEYS = new Set(['version', 'next_version', 'occurred_from', 'occurred_to', 'recorded_from', 'recorded_to']);

/** A stored row back to its fact (bigint columns come back as strings). */
function factOf<F>(row: Versioned<F>, bigints: readonly string[]): F {
  const fact: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (VALIDITY_KEYS.has(key)) continue;
    fact[key] = value !== null && bigints.includes(key) ? Number(value) : value;
  }
  return fact as F;
}

/** Field by field; only the few JSON-valued fields (result lines, targets) are compared as canonical JSON. */
function sameFact<F extends object>(a: F, b: F): boolean {
  for (const key of Object.keys(b) as (keyof F)[]) {
    const x = a[key];
    const y = b[key];
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null || canonicalJson(x) !== canonicalJson(y)) return false;
  }
  return true;
}

function maxInstant(at: string, previous: string | Date | undefined): string {
  if (previous === undefined) return at;
  const before = previous instanceof Date ? previous.toISOString() : previous;
  return Date.parse(before) > Date.parse(at) ? before : at;
}
