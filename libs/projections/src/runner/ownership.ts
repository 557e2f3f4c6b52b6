/**
 * Which process applies a projection. On PostgreSQL several workers may run: each projection is owned
 * by the one process holding its session advisory lock, taken on a connection kept for the runner's
 * life. If that connection dies the locks go with it (kill -9 closes the socket), so the others,
 * retrying every second or two, take over. PGlite is one process: ownership is local.
 *
 * The lock is the first fence. The second is the checkpoint row, locked FOR UPDATE by every batch,
 * which also keeps two writers from applying the same events even if a lock were ever shared.
 */
import type { Pool, PoolClient } from 'pg';
import { SqlExecutor } from '@app/event-store';
import { OwnershipLostError } from './errors';

export interface Ownership {
  /** Takes the locks of `wanted` not held yet, and notices a dead lock connection. */
  tick(wanted: readonly string[]): Promise<void>;
  holds(name: string): boolean;
  /** Run inside a batch's transaction just before it commits: throws if the lock was lost meanwhile. */
  confirm(tx: SqlExecutor, name: string): Promise<void>;
  /** Gives up every lock (drops the lock connection). */
  close(): Promise<void>;
}

export type OwnershipLog = (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;

/** PGlite: the only process owns everything. */
export class LocalOwnership implements Ownership {
  async tick(): Promise<void> {}
  holds(): boolean {
    return true;
  }
  async confirm(): Promise<void> {}
  async close(): Promise<void> {}
}

/**
 * A granted advisory lock (alias `l` of pg_locks) in this database on the bigint key of a text: the
 * key is hashtextextended(text, 0) both when locking and here; pg_locks shows it split in two halves.
 */
const holdsKey = (l: string, text: string): string => `${l}.locktype = 'advisory' AND ${l}.granted AND ${l}.objsubid = 1
  AND ${l}.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND ((${l}.classid::bigint << 32) | ${l}.objid::bigint) = hashtextextended(${text}, 0)`;

export class AdvisoryLockOwnership implements Ownership {
  private client: PoolClient | undefined;
  private pid: number | undefined;
  private readonly held = new Set<string>();

  constructor(
    private readonly pool: Pool,
    private readonly lockText: (name: string) => string,
    private readonly onChange: () => void,
    private readonly log: OwnershipLog,
  ) {}

  holds(name: string): boolean {
    return this.held.has(name);
  }

  async tick(wanted: readonly string[]): Promise<void> {
    try {
      const client = this.client ?? (await this.connect());
      const missing = wanted.filter((name) => !this.held.has(name));
      if (missing.length === 0) {
        await client.query('SELECT 1'); // a dead connection shows here even if it emitted nothing
        return;
      }
      const { rows } = await client.query<{ name: string; taken: boolean }>(
        `SELECT name, pg_try_advisory_lock(hashtextextended(lock, 0)) AS taken FROM unnest($1::text[], $2::text[]) AS k(name, lock)`,
        [missing, missing.map(this.lockText)],
      );
      const taken = rows.filter((r) => r.taken).map((r) => r.name);
      if (client !== this.client) return; // lost while asking: whatever was taken went with the connection
      for (const name of taken) this.held.add(name);
      if (taken.length > 0) {
        this.log('info', 'projection ownership taken', { projections: taken, lockBackendPid: this.pid });
        this.onChange();
      }
    } catch (error) {
      this.drop(error);
    }
  }

  async confirm(tx: SqlExecutor, name: string): Promise<void> {
    if (!this.held.has(name) || this.pid === undefined) throw new OwnershipLostError(name);
    const { rows } = await tx.query<{ held: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = $1 AND ${holdsKey('l', '$2')}) AS held`,
      [this.pid, this.lockText(name)],
    );
    if (!rows[0]?.held) {
      this.drop(new OwnershipLostError(name));
      throw new OwnershipLostError(name);
    }
  }

  async close(): Promise<void> {
    this.drop(undefined);
  }

  private async connect(): Promise<PoolClient> {
    const client = await this.pool.connect();
    // A checked-out client's connection error is emitted on the client: without a listener it would crash the process.
    client.on('error', (error) => this.drop(error, client));
    try {
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      this.client = client;
      this.pid = rows[0]!.pid;
      return client;
    } catch (error) {
      client.release(true);
      throw error;
    }
  }

  /** Forgets every lock and closes the connection (which releases whatever the server still holds). */
  private drop(error: unknown, which: PoolClient | undefined = this.client): void {
    if (!which || which !== this.client) return;
    const hadLocks = this.held.size > 0;
    this.client = undefined;
    this.pid = undefined;
    this.held.clear();
    try {
      which.release(true);
    } catch {
      // already released
    }
    if (error !== undefined) this.log('warn', 'projection lock connection lost', { error: String((error as Error)?.message ?? error), hadLocks });
    if (hadLocks) this.onChange();
  }
}

/** The backend pid holding each lock text's advisory lock (absent: nobody). */
export async function advisoryLockHolders(sql: SqlExecutor, lockTexts: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await sql.query<{ lock: string; pid: number }>(
    `SELECT k.lock, l.pid FROM unnest($1::text[]) AS k(lock) JOIN pg_locks l ON ${holdsKey('l', 'k.lock')}`,
    [lockTexts],
  );
  return new Map(rows.map((r) => [r.lock, r.pid]));
}

/** Advisory locks held on a dedicated connection for the length of one operation (a rebuild, a check). */
export interface HeldLocks {
  /** Throws inside `tx` if the connection (and so the locks) died: a swap must not commit then. */
  confirm(tx: SqlExecutor): Promise<void>;
  release(): void;
}

export const NO_LOCKS: HeldLocks = { confirm: async () => undefined, release: () => undefined };

/**
 * Takes the advisory locks of `lockTexts` on a dedicated connection of `pool`, all or none; undefined
 * if one is held elsewhere. Releasing closes that connection.
 */
export async function holdAdvisoryLocks(pool: Pool, lockTexts: readonly string[]): Promise<HeldLocks | undefined> {
  const client = await pool.connect();
  client.on('error', () => undefined); // the locks die with the connection; confirm() notices
  const release = () => {
    try {
      client.release(true);
    } catch {
      // already released
    }
  };
  try {
    const { rows } = await client.query<{ taken: boolean; pid: number }>(
      'SELECT pg_try_advisory_lock(hashtextextended(lock, 0)) AS taken, pg_backend_pid() AS pid FROM unnest($1::text[]) AS k(lock)',
      [lockTexts],
    );
    if (!rows.every((r) => r.taken)) {
      release();
      return undefined;
    }
    const pid = rows[0]?.pid;
    return {
      release,
      async confirm(tx) {
        const { rows: held } = await tx.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM unnest($2::text[]) AS k(lock) JOIN pg_locks l ON l.pid = $1 AND ' + holdsKey('l', 'k.lock'),
          [pid, lockTexts],
        );
        if (held[0]?.n !== lockTexts.length)
          throw new Error('the operation lost its lock connection; another process may have started the same operation');
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
