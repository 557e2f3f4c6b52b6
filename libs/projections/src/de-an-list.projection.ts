/** The đề án list: one row per đề án with the fields the list filters and shows. */
import { RecordedEvent, SqlExecutor } from '@app/event-store';
import { Projection } from './projection';

const DE_AN = 'de-an-';

const STATUS_BY_EVENT: Readonly<Record<string, string>> = {
  CouncilAssigned: 'UnderAppraisal', RevisionRequested: 'RevisionRequested', DeAnRevised: 'UnderAppraisal',
  DeAnApproved: 'Approved', DeAnRejected: 'Rejected', ContractSigned: 'InImplementation', DeAnSuspended: 'Suspended',
  DeAnResumed: 'InImplementation', DeAnStopped: 'Stopped', DeAnWithdrawn: 'Withdrawn', DeAnCompleted: 'Completed',
  AcceptancePassed: 'Accepted', AcceptanceFailed: 'AcceptanceFailed', DeAnSettled: 'Settled',
};

export const deAnListProjection: Projection = {
  name: 'de-an-list',
  tables: ['de_an'],
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
    for (const event of events) {
      if (!event.streamId.startsWith(DE_AN)) continue;
      await applyOne(sql, s, event.streamId.slice(DE_AN.length), event);
    }
  },
};

async function applyOne(sql: SqlExecutor, s: string, id: string, event: RecordedEvent): Promise<void> {
  const d = event.data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const touch = `version = ${Number(event.version)}, updated_at = '${event.metadata.recordedAt}'`;
  if (event.type === 'DeAnRegistered') {
    await sql.query(
      `INSERT INTO ${s}.de_an (id, organisation, province, plan_year, content_area, activity, funding_source, title, status, requested_support, registered_on, version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'Registered', $9, $10, $11, $12) ON CONFLICT (id) DO NOTHING`,
      [id, d.organisation, d.province, d.planYear, d.contentArea, d.activity, d.fundingSource, d.title, d.budget.requestedSupport, d.registeredOn, event.version, event.metadata.recordedAt],
    );
    return;
  }
  const status = STATUS_BY_EVENT[event.type];
  if (event.type === 'CouncilAssigned') {
    await sql.query(`UPDATE ${s}.de_an SET status = $2, council = $3, ${touch} WHERE id = $1`, [id, status, (d.members as { sub: string }[]).map((m) => m.sub)]);
  } else if (event.type === 'DeAnRevised' && d.changes) {
    await sql.query(`UPDATE ${s}.de_an SET status = $2, title = COALESCE($3, title), requested_support = COALESCE($4, requested_support), ${touch} WHERE id = $1`,
      [id, status, d.changes.title ?? null, d.changes.budget?.requestedSupport ?? null]);
  } else if (event.type === 'DeAnApproved') {
    await sql.query(`UPDATE ${s}.de_an SET status = $2, approved_support = $3, plan_id = $4, ${touch} WHERE id = $1`, [id, status, d.approvedSupport, d.planId]);
  } else if (event.type === 'AdjustmentApproved') {
    await sql.query(`UPDATE ${s}.de_an SET approved_support = $2, ${touch} WHERE id = $1`, [id, d.approvedSupport]);
  } else if (event.type === 'DeAnSettled') {
    await sql.query(`UPDATE ${s}.de_an SET status = $2, settled_support = $3, ${touch} WHERE id = $1`, [id, status, d.settledSupport]);
  } else if (status) {
    await sql.query(`UPDATE ${s}.de_an SET status = $2, ${touch} WHERE id = $1`, [id, status]);
  } else {
    await sql.query(`UPDATE ${s}.de_an SET ${touch} WHERE id = $1`, [id]);
  }
}
