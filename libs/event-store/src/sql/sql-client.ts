/**
 * The little the SQL event store needs from a database: queries and transactions. Two
 * implementations share every statement: `pg` (a server, many connections) and PGlite
 * (Postgres in WASM on a local directory, one connection whose queries it serialises).
 */
import { PGlite } from '@electric-sql/pglite';
import { DataDirLock, lockDataDir } from './data-dir-lock';
import { forgetSynced, openDurablePglite } from './durable-pglite';
import { Pool, PoolConfig } from 'pg';

export interface SqlResult<R> {
  readonly rows: R[];
  readonly affectedRows: number;
}

export interface SqlExecutor {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>>;
}

export interface SqlClient extends SqlExecutor {
  readonly kind: 'postgres' | 'pglite';
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export class PgClient implements SqlClient {
  readonly kind = 'postgres' as const;
  readonly pool: Pool;

  constructor(config: PoolConfig | string) {
    this.pool = new Pool(typeof config === 'string' ? { connectionString: config } : config);
    // An idle client's error (server restart) must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  async query<R>(text: string, params: readonly unknown[] = []): Promise<SqlResult<R>> {
    const result = await this.pool.query(text, params as unknown[]);
    return { rows: result.rows as R[], affectedRows: result.rowCount ?? 0 };
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const connection = await this.pool.connect();
    try {
      await connection.query('BEGIN');
      const tx: SqlExecutor = {
        query: async <R>(text: string, params: readonly unknown[] = []) => {
          const result = await connection.query(text, params as unknown[]);
          return { rows: result.rows as R[], affectedRows: result.rowCount ?? 0 };
        },
      };
      const value = await work(tx);
      await connection.query('COMMIT');
      return value;
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      connection.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

export class PGliteClient implements SqlClient {
  readonly kind = 'pglite' as const;

  private constructor(
    readonly db: PGlite,
    private readonly lock?: DataDirLock,
  ) {}

  /**
   * `dataDir` undefined = in memory (tests); otherwise a directory on disk, held by this process
   * alone (data-dir-lock.ts: DataDirLockedError if another process has it open), every commit
   * fsynced (see durable-pglite.ts) unless `fsync: false` (PGlite's own default: a kill -9 loses
   * nothing, a power loss may lose the last commits or corrupt the database).
   */
  static async open(dataDir?: string, options: { fsync?: boolean } = {}): Promise<PGliteClient> {
    if (!dataDir) {
      const db = new PGlite();
      await db.waitReady;
      return new PGliteClient(db);
    }
    const lock = lockDataDir(dataDir);
    try {
      if (options.fsync !== false) return new PGliteClient(await openDurablePglite(dataDir), lock);
      forgetSynced(dataDir);
      const db = new PGlite(dataDir);
      await db.waitReady;
      return new PGliteClient(db, lock);
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  async query<R>(text: string, params: readonly unknown[] = []): Promise<SqlResult<R>> {
    const result = await this.db.query<R>(text, params as unknown[]);
    return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) =>
      work({
        query: async <R>(text: string, params: readonly unknown[] = []) => {
          const result = await tx.query<R>(text, params as unknown[]);
          return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
        },
      }),
    );
  }

  async close(): Promise<void> {
    try {
      await this.db.close();
    } finally {
      this.lock?.release();
    }
  }
}
