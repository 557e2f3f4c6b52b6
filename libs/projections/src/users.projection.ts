/** The user directory as a list: who has which role and scope, active or not (GET /users, sign-in by e-mail). */
import { applyChanges, assertNever, isUserEventType, USER_STREAM_PREFIX, UserEvent, UserProfile } from '@app/domain';
import { RecordedEvent, SqlExecutor } from '@app/event-store';
import { Projection } from './projection';
import { applyRowPerStream, RowPerStream } from './row-per-stream';
import { conditions } from './sql-conditions';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: string;
  org: string | null;
  province: string | null;
  email: string | null;
  council_eligible: boolean;
  status: string;
  locked: boolean;
  created_at: string;
  version: number;
}

const USERS: RowPerStream<UserRow> = { table: 'users', prefix: USER_STREAM_PREFIX, evolve };

export const usersProjection: Projection = {
  name: 'users',
  tables: [USERS.table],
  async migrate(sql, s) {
    await sql.query(`CREATE TABLE IF NOT EXISTS ${s}.users (
      id text PRIMARY KEY, username text NOT NULL, display_name text NOT NULL, role text NOT NULL, org text, province text,
      email text, council_eligible boolean NOT NULL, status text NOT NULL, locked boolean NOT NULL, created_at timestamptz NOT NULL,
      version int NOT NULL)`);
    await sql.query(`CREATE INDEX IF NOT EXISTS users_email ON ${s}.users (lower(email))`);
  },
  async apply(sql, s, events) {
    await applyRowPerStream(sql, s, USERS, events);
  },
};

const userEventOf = (recorded: RecordedEvent): UserEvent | undefined =>
  isUserEventType(recorded.type) ? ({ type: recorded.type, data: recorded.data } as unknown as UserEvent) : undefined;

const profileOf = (row: UserRow): UserProfile => ({
  username: row.username,
  displayName: row.display_name,
  role: row.role as UserProfile['role'],
  councilEligible: row.council_eligible,
  ...(row.org ? { org: row.org } : {}),
  ...(row.province ? { province: row.province } : {}),
  ...(row.email ? { email: row.email } : {}),
});

const withProfile = (row: UserRow, p: UserProfile): UserRow => ({
  ...row,
  username: p.username,
  display_name: p.displayName,
  role: p.role,
  org: p.org ?? null,
  province: p.province ?? null,
  email: p.email ?? null,
  council_eligible: p.councilEligible,
});

function evolve(row: UserRow | undefined, recorded: RecordedEvent, id: string): UserRow | undefined {
  const event = userEventOf(recorded);
  if (!event) return row;
  const version = Number(recorded.version);
  if (event.type === 'UserCreated') {
    const { userId: _, ...profile } = event.data;
    const blank = { id, status: 'Active', locked: false, created_at: recorded.metadata.occurredAt, version } as UserRow;
    return row ?? withProfile(blank, profile);
  }
  if (!row) return undefined;
  switch (event.type) {
    case 'UserChanged':
      return { ...withProfile(row, applyChanges(profileOf(row), event.data)), version };
    case 'UserDisabled':
      return { ...row, status: 'Disabled', version };
    case 'UserEnabled':
      return { ...row, status: 'Active', version };
    case 'PasswordSet':
      return { ...row, version };
    case 'UserLockedOut':
      return { ...row, locked: true, version };
    case 'UserUnlocked':
      return { ...row, locked: false, version };
    default:
      return assertNever(event, 'user event');
  }
}

export interface UserListItem {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: string;
  readonly org?: string;
  readonly province?: string;
  readonly email?: string;
  readonly councilEligible: boolean;
  readonly status: string;
  readonly locked: boolean;
  readonly createdAt: string;
  readonly version: number;
}

const itemOf = (r: UserRow): UserListItem => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  ...(r.org ? { org: r.org } : {}),
  ...(r.province ? { province: r.province } : {}),
  ...(r.email ? { email: r.email } : {}),
  councilEligible: r.council_eligible,
  status: r.status,
  locked: r.locked,
  createdAt: new Date(r.created_at).toISOString(),
  version: r.version,
});

/** The users of a province (a province admin's view), or all; filtered by role, council eligibility and status. */
export async function listUsers(
  sql: SqlExecutor,
  schema: string,
  filter: { readonly province?: string; readonly role?: string; readonly councilEligible?: boolean; readonly status?: string },
): Promise<{ items: UserListItem[] }> {
  const { params, add, clause } = conditions();
  if (filter.province !== undefined) add('province = ?', filter.province);
  if (filter.role !== undefined) add('role = ?', filter.role);
  if (filter.councilEligible !== undefined) add('council_eligible = ?', filter.councilEligible);
  if (filter.status !== undefined) add('status = ?', filter.status);
  const { rows } = await sql.query<{ row: UserRow }>(
    `SELECT to_jsonb(u) AS row FROM ${schema}.users u ${clause()} ORDER BY username LIMIT 1000`,
    params,
  );
  return { items: rows.map(({ row }) => itemOf(row)) };
}

/** The ids of the users with this e-mail address (case-insensitive): how a provider's user is found. */
export async function usersByEmail(sql: SqlExecutor, schema: string, email: string): Promise<string[]> {
  const { rows } = await sql.query<{ id: string }>(`SELECT id FROM ${schema}.users WHERE lower(email) = lower($1)`, [email]);
  return rows.map((r) => r.id);
}
