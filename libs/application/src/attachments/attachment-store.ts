/**
 * The documents a đề án's dossier cites (thuyết minh, báo giá, biên bản), stored by their SHA-256 in
 * the SQL database the read models live in (schema `files`). The event log records only `{name,
 * sha256}` (docs/DOMAIN.md), so a document cannot be swapped without breaking the digest the log
 * already holds: the digest is computed here, never taken from the client, and checked again on
 * every read.
 */
import { createHash } from 'node:crypto';
import { SqlClient } from '@app/event-store';

const SCHEMA = 'files';

export interface StoredAttachment {
  readonly sha256: string;
  readonly size: number;
}

export interface AttachmentContent extends StoredAttachment {
  readonly mediaType: string;
  readonly content: Buffer;
}

/** The stored bytes no longer hash to their name: the database was altered outside the API. */
export class AttachmentCorruptedError extends Error {
  constructor(readonly sha256: string) {
    super(`attachment ${sha256} no longer matches its SHA-256`);
  }
}

export const sha256Of = (content: Uint8Array) => createHash('sha256').update(content).digest('hex');

export class AttachmentStore {
  private constructor(private readonly sql: SqlClient) {}

  static async open(sql: SqlClient): Promise<AttachmentStore> {
    // Several API processes may start at once on one database (identity-store.ts has the same lock).
    await sql.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('files-migrate'))`);
      await tx.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
      await tx.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA}.attachments (
      sha256 text PRIMARY KEY, size int NOT NULL, media_type text NOT NULL, content bytea NOT NULL,
      uploaded_by text NOT NULL, uploaded_at timestamptz NOT NULL)`);
    });
    return new AttachmentStore(sql);
  }

  /** Stores the bytes under their digest; the same document uploaded twice is one row (the first uploader kept). */
  async put(content: Buffer, mediaType: string, uploadedBy: string, at: Date): Promise<StoredAttachment> {
    const sha256 = sha256Of(content);
    await this.sql.query(
      `INSERT INTO ${SCHEMA}.attachments (sha256, size, media_type, content, uploaded_by, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (sha256) DO NOTHING`,
      [sha256, content.length, mediaType, content, uploadedBy, at],
    );
    return { sha256, size: content.length };
  }

  async get(sha256: string): Promise<AttachmentContent | undefined> {
    const { rows } = await this.sql.query<{ size: number; media_type: string; content: Uint8Array }>(
      `SELECT size, media_type, content FROM ${SCHEMA}.attachments WHERE sha256 = $1`,
      [sha256],
    );
    const row = rows[0];
    if (!row) return undefined;
    const content = Buffer.from(row.content);
    if (sha256Of(content) !== sha256) throw new AttachmentCorruptedError(sha256);
    return { sha256, size: row.size, mediaType: row.media_type, content };
  }
}
