/**
 * Credentials and sessions: mutable rows in the SQL database the read models live in (PGlite or
 * PostgreSQL), schema `identity`. Not in the event log — a password hash does not belong in a
 * record that auditors export, and failure counters and session activity are not acts. Not in Redis
 * either: every API process shares this database, it is durable (sessions survive a restart), and
 * Redis is treated as losable (docs/RELIABILITY.md). A session is a random token in a cookie;
 * only its SHA-256 is stored, so a copy of the database signs no one in.
 */
import { createHash, randomBytes } from 'node:crypto';
import { SqlClient } from '@app/event-store';

const SCHEMA = 'identity';

export interface SessionLimits {
  readonly idleMs: number;
  readonly absoluteMs: number;
}

export interface Session {
  readonly id: string;
  readonly userId: string;
  readonly csrfToken: string;
  readonly via: 'password' | 'oidc';
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');
/** A session's public id (what an admin's list shows and revokes): not the token. */
const sessionId = (hash: string) => hash.slice(0, 32);

/** Sessions not seen for this long have their last_seen rewritten: one write per minute per session, not per request. */
const TOUCH_AFTER_MS = 60_000;
/** A sign-in at the identity provider must come back within this. */
const FLOW_LIFETIME_MS = 10 * 60_000;

export class IdentityStore {
  private constructor(
    private readonly sql: SqlClient,
    private readonly limits: SessionLimits,
  ) {}

  static async open(sql: SqlClient, limits: SessionLimits): Promise<IdentityStore> {
    // Several API processes start at once on one database: CREATE … IF NOT EXISTS is not safe against
    // itself (duplicate pg_type rows), so the migration takes turns, as the event store's does.
    await sql.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('identity-migrate'))`);
      await tx.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
      await tx.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA}.credentials (
      user_id text PRIMARY KEY, password_hash text NOT NULL, failures int NOT NULL DEFAULT 0, updated_at timestamptz NOT NULL DEFAULT now())`);
      await tx.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA}.sessions (
      token_hash text PRIMARY KEY, user_id text NOT NULL, csrf_token text NOT NULL, via text NOT NULL,
      created_at timestamptz NOT NULL, last_seen timestamptz NOT NULL, expires_at timestamptz NOT NULL,
      revoked_at timestamptz, address text, user_agent text)`);
      await tx.query(`CREATE INDEX IF NOT EXISTS sessions_user ON ${SCHEMA}.sessions (user_id)`);
      await tx.query(`CREATE INDEX IF NOT EXISTS sessions_expiry ON ${SCHEMA}.sessions (expires_at)`);
      await tx.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA}.oidc_flows (
      state text PRIMARY KEY, code_verifier text NOT NULL, nonce text NOT NULL, return_to text NOT NULL, created_at timestamptz NOT NULL)`);
    });
    return new IdentityStore(sql, limits);
  }

  async passwordHash(userId: string): Promise<{ hash: string; failures: number } | undefined> {
    const { rows } = await this.sql.query<{ password_hash: string; failures: number }>(
      `SELECT password_hash, failures FROM ${SCHEMA}.credentials WHERE user_id = $1`,
      [userId],
    );
    return rows[0] && { hash: rows[0].password_hash, failures: rows[0].failures };
  }

  async setPassword(userId: string, hash: string): Promise<void> {
    await this.sql.query(
      `INSERT INTO ${SCHEMA}.credentials (user_id, password_hash) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET password_hash = $2, failures = 0, updated_at = now()`,
      [userId, hash],
    );
  }

  /** Counts a wrong password; resolves to the consecutive failures so far. */
  async recordFailure(userId: string): Promise<number> {
    const { rows } = await this.sql.query<{ failures: number }>(
      `UPDATE ${SCHEMA}.credentials SET failures = failures + 1, updated_at = now() WHERE user_id = $1 RETURNING failures`,
      [userId],
    );
    return rows[0]?.failures ?? 0;
  }

  async clearFailures(userId: string): Promise<void> {
    await this.sql.query(`UPDATE ${SCHEMA}.credentials SET failures = 0 WHERE user_id = $1 AND failures <> 0`, [userId]);
  }

  async startSession(userId: string, via: Session['via'], client: { address?: string; userAgent?: string }, now = new Date()) {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.limits.absoluteMs);
    const hash = digest(token);
    // Sessions over for a week go when the next one starts: the table holds the recent past, not every sign-in ever.
    await this.sql.query(`DELETE FROM ${SCHEMA}.sessions WHERE expires_at < $1`, [new Date(now.getTime() - 7 * 86_400_000)]);
    await this.sql.query(
      `INSERT INTO ${SCHEMA}.sessions (token_hash, user_id, csrf_token, via, created_at, last_seen, expires_at, address, user_agent)
       VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8)`,
      [hash, userId, csrfToken, via, now, expiresAt, client.address ?? null, client.userAgent?.slice(0, 300) ?? null],
    );
    return { token, session: { id: sessionId(hash), userId, csrfToken, via, createdAt: now, expiresAt } satisfies Session };
  }

  /** The live session a cookie's token names: not revoked, not past its absolute end, not idle too long. */
  async session(token: string, now = new Date()): Promise<Session | undefined> {
    const hash = digest(token);
    const { rows } = await this.sql.query<{
      user_id: string;
      csrf_token: string;
      via: Session['via'];
      created_at: Date | string;
      last_seen: Date | string;
      expires_at: Date | string;
    }>(`SELECT user_id, csrf_token, via, created_at, last_seen, expires_at FROM ${SCHEMA}.sessions WHERE token_hash = $1 AND revoked_at IS NULL`, [
      hash,
    ]);
    const row = rows[0];
    if (!row) return undefined;
    const lastSeen = new Date(row.last_seen).getTime();
    const expiresAt = new Date(row.expires_at);
    if (expiresAt.getTime() <= now.getTime() || lastSeen + this.limits.idleMs <= now.getTime()) return undefined;
    if (now.getTime() - lastSeen > TOUCH_AFTER_MS)
      await this.sql.query(`UPDATE ${SCHEMA}.sessions SET last_seen = $2 WHERE token_hash = $1`, [hash, now]);
    return { id: sessionId(hash), userId: row.user_id, csrfToken: row.csrf_token, via: row.via, createdAt: new Date(row.created_at), expiresAt };
  }

  async endSession(token: string): Promise<void> {
    await this.sql.query(`UPDATE ${SCHEMA}.sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL`, [digest(token)]);
  }

  /** Revokes a user's sessions (all, or the one with this public id); resolves to how many. */
  async revokeSessions(userId: string, id?: string): Promise<number> {
    const { rows } = await this.sql.query<{ n: number }>(
      `WITH revoked AS (UPDATE ${SCHEMA}.sessions SET revoked_at = now()
         WHERE user_id = $1 AND revoked_at IS NULL AND ($2::text IS NULL OR left(token_hash, 32) = $2) RETURNING 1)
       SELECT count(*)::int AS n FROM revoked`,
      [userId, id ?? null],
    );
    return rows[0]?.n ?? 0;
  }

  /** A user's live sessions, newest first (for an admin). */
  async sessionsOf(userId: string, now = new Date()) {
    const { rows } = await this.sql.query<{
      token_hash: string;
      via: string;
      created_at: Date | string;
      last_seen: Date | string;
      expires_at: Date | string;
      address: string | null;
    }>(
      `SELECT token_hash, via, created_at, last_seen, expires_at, address FROM ${SCHEMA}.sessions
       WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 AND last_seen > $3 ORDER BY created_at DESC LIMIT 100`,
      [userId, now, new Date(now.getTime() - this.limits.idleMs)],
    );
    return rows.map((r) => ({
      id: sessionId(r.token_hash),
      via: r.via,
      createdAt: new Date(r.created_at).toISOString(),
      lastSeen: new Date(r.last_seen).toISOString(),
      expiresAt: new Date(r.expires_at).toISOString(),
      ...(r.address ? { address: r.address } : {}),
    }));
  }

  /** An OpenID sign-in under way: what the callback must find again (PKCE verifier, nonce), under its state. */
  async startFlow(flow: { state: string; codeVerifier: string; nonce: string; returnTo: string }, now = new Date()): Promise<void> {
    await this.sql.query(`DELETE FROM ${SCHEMA}.oidc_flows WHERE created_at < $1`, [new Date(now.getTime() - FLOW_LIFETIME_MS)]);
    await this.sql.query(`INSERT INTO ${SCHEMA}.oidc_flows (state, code_verifier, nonce, return_to, created_at) VALUES ($1, $2, $3, $4, $5)`, [
      flow.state,
      flow.codeVerifier,
      flow.nonce,
      flow.returnTo,
      now,
    ]);
  }

  /** The flow of this state, once (a replayed callback finds nothing), if it is recent. */
  async takeFlow(state: string, now = new Date()): Promise<{ codeVerifier: string; nonce: string; returnTo: string } | undefined> {
    const { rows } = await this.sql.query<{ code_verifier: string; nonce: string; return_to: string; created_at: Date | string }>(
      `DELETE FROM ${SCHEMA}.oidc_flows WHERE state = $1 RETURNING code_verifier, nonce, return_to, created_at`,
      [state],
    );
    const row = rows[0];
    if (!row || new Date(row.created_at).getTime() < now.getTime() - FLOW_LIFETIME_MS) return undefined;
    return { codeVerifier: row.code_verifier, nonce: row.nonce, returnTo: row.return_to };
  }
}
