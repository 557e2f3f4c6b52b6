/** The notifications table on PostgreSQL: several processes starting at once on a fresh database. */
import { PgClient } from '@app/event-store';
import { migrateNotifications } from './notifications';

const URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe('notifications migration', () => {
  const clients = Array.from({ length: 6 }, () => new PgClient(URL));
  const schema = `notifications_migrate_${process.pid}_${Date.now()}`;

  afterAll(async () => {
    await clients[0]!.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await Promise.all(clients.map((c) => c.close()));
  });

  it('six processes migrating one fresh schema at once: one creates, the others wait and find it', async () => {
    await Promise.all(clients.map((c) => c.transaction((tx) => migrateNotifications(tx, schema))));
    const { rows } = await clients[0]!.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'notifications'`,
      [schema],
    );
    expect(rows[0]!.n).toBe('1');
  });
});
