/** The plan list: allocation and the books per plan. */
import { SqlExecutor } from '@app/event-store';
import { Projection } from './projection';

const PLAN = 'plan-';

export const planListProjection: Projection = {
  name: 'plan-list',
  tables: ['plans'],
  async migrate(sql, s) {
    await sql.query(`CREATE TABLE IF NOT EXISTS ${s}.plans (
      id text PRIMARY KEY, year int NOT NULL, funding_source text NOT NULL, level text NOT NULL, province text,
      allocation bigint NOT NULL, committed bigint NOT NULL DEFAULT 0, settled bigint NOT NULL DEFAULT 0,
      status text NOT NULL DEFAULT 'Open', version int NOT NULL)`);
  },
  async apply(sql: SqlExecutor, s, events) {
    for (const event of events) {
      if (!event.streamId.startsWith(PLAN)) continue;
      const id = event.streamId.slice(PLAN.length);
      const d = event.data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      switch (event.type) {
        case 'PlanCreated':
          await sql.query(`INSERT INTO ${s}.plans (id, year, funding_source, level, province, allocation, version) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
            [id, d.year, d.fundingSource, d.level, d.province ?? null, d.allocation, event.version]);
          break;
        case 'SupportCommitted':
          await sql.query(`UPDATE ${s}.plans SET committed = committed + $2, version = $3 WHERE id = $1`, [id, d.amount, event.version]);
          break;
        case 'CommitmentChanged':
          await sql.query(`UPDATE ${s}.plans SET committed = committed + $2, version = $3 WHERE id = $1`, [id, d.to - d.from, event.version]);
          break;
        case 'CommitmentReleased':
          await sql.query(`UPDATE ${s}.plans SET committed = committed - $2, version = $3 WHERE id = $1`, [id, d.amount, event.version]);
          break;
        case 'PlanSettlementRecorded':
          await sql.query(`UPDATE ${s}.plans SET committed = committed - $2, settled = settled + $3, version = $4 WHERE id = $1`, [id, d.committed, d.settledSupport, event.version]);
          break;
        case 'AllocationAdjusted':
          await sql.query(`UPDATE ${s}.plans SET allocation = $2, version = $3 WHERE id = $1`, [id, d.to, event.version]);
          break;
        case 'PlanClosed':
          await sql.query(`UPDATE ${s}.plans SET status = 'Closed', version = $2 WHERE id = $1`, [id, event.version]);
          break;
        default:
          break;
      }
    }
  },
};
