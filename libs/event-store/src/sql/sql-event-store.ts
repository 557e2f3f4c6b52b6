/**
 * The event store on PostgreSQL or PGlite: one SQL implementation for both.
 *
 * Global order under concurrent writers: a sequence number alone is not safe, because a
 * transaction may take sequence 10, commit after another took 11 and committed, and a reader
 * that already passed 11 would never see 10. Each event therefore also records its transaction
 * id (xid8); readers only read events of transactions older than the oldest one still running
 * (pg_snapshot_xmin) and order by (transaction id, sequence). Any event that commits later has
 * a transaction id ≥ that horizon, so it sorts after every checkpoint taken so far.
 */
import { EventEmitter } from 'node:events';
import { SqlClient, SqlExecutor } from './sql-client';
import {
  AppendResult,
  EventIdConflictError,
  EventStore,
  ExpectedVersion,
  GlobalPosition,
  JsonObject,
  NewEvent,
  NO_STREAM,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoredMetadata,
  StreamAppend,
  SubscribeOptions,
  VerifyReport,
  WrongExpectedVersionError,
} from '../event-store';
import { ChainVerifier, eventHash, GENESIS_HASH } from '../hash-chain';

export interface SqlEventStoreOptions {
  /** Schema holding the store's tables (tests use one each). */
  readonly schema?: string;
  /** Server clock for recordedAt. */
  readonly clock?: () => Date;
  /** How often an idle subscription looks for events appended by other processes. */
  readonly pollIntervalMs?: number;
}

interface EventRow {
  seq_text: string;
  tx_text: string;
  stream_id: string;
  version_number: number;
  event_uuid: string;
  type: string;
  data: JsonObject;
  metadata: StoredMetadata;
  prev_hash: string;
  hash: string;
}

const UNIQUE_VIOLATION = '23505';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// The text casts get names of their own: an ORDER BY on `seq`/`tx_id` must mean the columns, not
// same-named text outputs (which would sort "1000" before "999").
const COLUMNS =
  'seq::text AS seq_text, tx_id::text AS tx_text, stream_id, version::int AS version_number, event_id::text AS event_uuid, type, data, metadata, prev_hash, hash';

const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: string }).code === UNIQUE_VIOLATION;

export class SqlEventStore implements EventStore {
  readonly name: string;
  private readonly schema: string;
  private readonly clock: () => Date;
  private readonly pollIntervalMs: number;
  private readonly appended = new EventEmitter().setMaxListeners(0);

  private constructor(
    private readonly sql: SqlClient,
    options: SqlEventStoreOptions,
  ) {
    this.name = sql.kind;
    this.schema = options.schema ?? 'event_store';
    if (!/^[a-z_][a-z0-9_]*$/.test(this.schema)) throw new Error(`invalid schema name: ${this.schema}`);
    this.clock = options.clock ?? (() => new Date());
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
  }

  static async open(sql: SqlClient, options: SqlEventStoreOptions = {}): Promise<SqlEventStore> {
    const store = new SqlEventStore(sql, options);
    await store.migrate();
    return store;
  }

  private async migrate(): Promise<void> {
    const s = this.schema;
    await this.sql.transaction(async (tx) => {
      // Several processes may start at once: one migrates, the others wait.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('event-store-migrate:${s}'))`);
      for (const statement of [
        `CREATE SCHEMA IF NOT EXISTS ${s}`,
        `CREATE TABLE IF NOT EXISTS ${s}.streams (
           stream_id text PRIMARY KEY,
           version bigint NOT NULL,
           last_hash text NOT NULL)`,
        `CREATE TABLE IF NOT EXISTS ${s}.events (
           seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
           tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
           stream_id text NOT NULL,
           version bigint NOT NULL,
           event_id uuid NOT NULL,
           type text NOT NULL,
           data jsonb NOT NULL,
           metadata jsonb NOT NULL,
           occurred_at timestamptz NOT NULL,
           recorded_at timestamptz NOT NULL,
           prev_hash text NOT NULL,
           hash text NOT NULL,
           CONSTRAINT events_stream_version UNIQUE (stream_id, version),
           CONSTRAINT events_event_id UNIQUE (event_id))`,
        `CREATE INDEX IF NOT EXISTS events_global_order ON ${s}.events (tx_id, seq)`,
        `CREATE INDEX IF NOT EXISTS events_recorded_at ON ${s}.events (recorded_at)`,
        // Append-only: the application can never change history by accident. A deliberate
        // change by someone who disables this is what the hash chain exposes.
        `CREATE OR REPLACE FUNCTION ${s}.refuse_change() RETURNS trigger LANGUAGE plpgsql AS
           $$ BEGIN RAISE EXCEPTION 'the event log is append-only'; END $$`,
        `DROP TRIGGER IF EXISTS events_append_only ON ${s}.events`,
        `CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON ${s}.events FOR EACH ROW EXECUTE FUNCTION ${s}.refuse_change()`,
        `DROP TRIGGER IF EXISTS events_no_truncate ON ${s}.events`,
        `CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON ${s}.events FOR EACH STATEMENT EXECUTE FUNCTION ${s}.refuse_change()`,
      ]) {
        await tx.query(statement);
      }
    });
  }

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    const [result] = await this.appendMany([{ streamId, events, expected }]);
    return result!;
  }

  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    for (const { events } of appends) {
      if (events.length === 0) throw new Error('append needs at least one event');
      for (const event of events) if (!UUID.test(event.eventId)) throw new Error(`event id must be a UUID: ${event.eventId}`);
    }
    if (new Set(appends.map((a) => a.streamId)).size !== appends.length) throw new Error('appendMany takes each stream once');
    // Stream heads are locked in one order by every writer, so two multi-stream appends cannot deadlock.
    const ordered = [...appends].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
    try {
      const results = await this.sql.transaction(async (tx) => {
        const byStream = await this.appendInTransaction(tx, ordered, this.clock().toISOString());
        return appends.map((a) => byStream.get(a.streamId)!);
      });
      if (results.some((r) => !r.duplicate)) this.appended.emit('appended');
      return results;
    } catch (error) {
      // A concurrent writer took a version or the event ids first: a retry of the same events
      // is answered with the first result, anything else is a version conflict.
      if (!isUniqueViolation(error)) throw error;
      const results: AppendResult[] = [];
      for (const { streamId, events, expected } of appends) {
        const duplicate = await this.duplicateOf(this.sql, streamId, events);
        if (!duplicate) throw new WrongExpectedVersionError(streamId, expected, await this.versionOf(streamId));
        results.push(duplicate);
      }
      return results;
    }
  }

  /**
   * Two statements whatever the number of streams (a round trip costs more than the rows, above all
   * on PGlite): the heads of every stream, locked in stream order, then one statement that inserts
   * every event and moves (or creates) every head.
   */
  private async appendInTransaction(tx: SqlExecutor, ordered: readonly StreamAppend[], recordedAt: string): Promise<Map<string, AppendResult>> {
    const s = this.schema;
    const heads = new Map(
      (
        await tx.query<{ stream_id: string; version: number; last_hash: string }>(
          // Locked in the order of the rows returned: byte order, the order `ordered` is in, whatever the database's collation.
          `SELECT stream_id, version::int AS version, last_hash FROM ${s}.streams WHERE stream_id = ANY($1::text[]) ORDER BY stream_id COLLATE "C" FOR UPDATE`,
          [ordered.map((a) => a.streamId)],
        )
      ).rows.map((row) => [row.stream_id, row]),
    );

    const results = new Map<string, AppendResult>();
    const rows: { streamId: string; version: number; event: NewEvent; metadata: StoredMetadata; prevHash: string; hash: string }[] = [];
    const moved: { streamId: string; version: number; lastHash: string }[] = [];
    const created: { streamId: string; version: number; lastHash: string }[] = [];
    let repeated: { streamId: string; expected: ExpectedVersion; current: number } | undefined;
    for (const { streamId, events, expected } of ordered) {
      const head = heads.get(streamId);
      const current = head?.version ?? 0;
      const fits = expected === 'any' || (expected === NO_STREAM ? head === undefined : expected === current);
      if (!fits) {
        results.set(streamId, (await this.duplicateOf(tx, streamId, events)) ?? this.conflict(streamId, expected, current));
        repeated ??= { streamId, expected, current };
        continue;
      }
      let prevHash = head?.last_hash ?? GENESIS_HASH;
      for (const [i, event] of events.entries()) {
        const version = current + i + 1;
        const metadata: StoredMetadata = { ...event.metadata, recordedAt };
        const hash = eventHash(prevHash, { streamId, version, eventId: event.eventId, type: event.type, data: event.data, metadata });
        rows.push({ streamId, version, event, metadata, prevHash, hash });
        prevHash = hash;
      }
      const nextVersion = current + events.length;
      (head ? moved : created).push({ streamId, version: nextVersion, lastHash: prevHash });
      results.set(streamId, { nextVersion, duplicate: false });
    }
    if (rows.length === 0) return results;
    // One part repeats an earlier append and another is new: not a retry of that append (which was
    // atomic, so wrote all its parts) but another one reusing its event ids. Nothing is written.
    if (repeated) this.conflict(repeated.streamId, repeated.expected, repeated.current);

    // Data-modifying CTEs run to completion whether or not the main statement reads them.
    await tx.query(
      `WITH appended AS (
         INSERT INTO ${s}.events (stream_id, version, event_id, type, data, metadata, occurred_at, recorded_at, prev_hash, hash)
         SELECT sid, v, id, t, d::jsonb, m::jsonb, o, $1::timestamptz, p, h
         FROM unnest($2::text[], $3::bigint[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::text[], $10::text[])
           AS x(sid, v, id, t, d, m, o, p, h)
       ), moved AS (
         UPDATE ${s}.streams AS head SET version = x.v, last_hash = x.h
         FROM unnest($11::text[], $12::bigint[], $13::text[]) AS x(sid, v, h)
         WHERE head.stream_id = x.sid
       )
       INSERT INTO ${s}.streams (stream_id, version, last_hash)
       SELECT sid, v, h FROM unnest($14::text[], $15::bigint[], $16::text[]) AS x(sid, v, h)`,
      [
        recordedAt,
        rows.map((r) => r.streamId),
        rows.map((r) => r.version),
        rows.map((r) => r.event.eventId),
        rows.map((r) => r.event.type),
        rows.map((r) => JSON.stringify(r.event.data)),
        rows.map((r) => JSON.stringify(r.metadata)),
        rows.map((r) => r.metadata.occurredAt),
        rows.map((r) => r.prevHash),
        rows.map((r) => r.hash),
        moved.map((h) => h.streamId),
        moved.map((h) => h.version),
        moved.map((h) => h.lastHash),
        created.map((h) => h.streamId),
        created.map((h) => h.version),
        created.map((h) => h.lastHash),
      ],
    );
    return results;
  }

  private conflict(streamId: string, expected: ExpectedVersion, actual: number): never {
    throw new WrongExpectedVersionError(streamId, expected, actual);
  }

  /** The first result of an earlier append of exactly these events, if that is what this is. */
  private async duplicateOf(db: SqlExecutor, streamId: string, events: readonly NewEvent[]): Promise<AppendResult | undefined> {
    const ids = events.map((e) => e.eventId.toLowerCase());
    const found = (
      await db.query<{ event_id: string; stream_id: string; version: number }>(
        `SELECT event_id::text, stream_id, version::int AS version FROM ${this.schema}.events WHERE event_id = ANY($1::uuid[])`,
        [ids],
      )
    ).rows;
    if (found.length === 0) return undefined;
    const byId = new Map(found.map((row) => [row.event_id, row]));
    const first = byId.get(ids[0]!);
    const sameAppend =
      found.length === ids.length &&
      first !== undefined &&
      ids.every((id, i) => byId.get(id)?.stream_id === streamId && byId.get(id)?.version === first.version + i);
    if (!sameAppend)
      throw new EventIdConflictError(
        streamId,
        found.map((row) => row.event_id),
      );
    return { nextVersion: first.version + ids.length - 1, duplicate: true };
  }

  private async versionOf(streamId: string): Promise<number> {
    const row = (
      await this.sql.query<{ version: number }>(`SELECT version::int AS version FROM ${this.schema}.streams WHERE stream_id = $1`, [streamId])
    ).rows[0];
    return row?.version ?? 0;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const timeColumn = options.asOfBy === 'recordedAt' ? 'recorded_at' : 'occurred_at';
    const { rows } = await this.sql.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.schema}.events
       WHERE stream_id = $1 AND ($2::bigint IS NULL OR version <= $2) AND ($3::timestamptz IS NULL OR ${timeColumn} <= $3)
       ORDER BY version`,
      [streamId, options.toVersion ?? null, options.asOf?.toISOString() ?? null],
    );
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? { commit: 0n, prepare: 0n };
    const { rows } = await this.sql.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.schema}.events
       WHERE tx_id < pg_snapshot_xmin(pg_current_snapshot()) AND (tx_id, seq) > ($1::text::xid8, $2::bigint)
       ORDER BY tx_id, seq LIMIT $3`,
      [after.commit.toString(), after.prepare.toString(), options.limit ?? 1000],
    );
    return rows.map(toRecorded);
  }

  async *subscribe(options: SubscribeOptions): AsyncIterable<RecordedEvent> {
    const batchSize = options.batchSize ?? 500;
    let after: GlobalPosition | undefined = options.after;
    while (!options.signal.aborted) {
      const batch = await this.readAll({ after, limit: batchSize });
      for (const event of batch) {
        if (options.signal.aborted) return;
        yield event;
        after = event.position;
      }
      if (batch.length < batchSize) await this.nextAppendOrPoll(options.signal);
    }
  }

  private nextAppendOrPoll(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.appended.off('appended', done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, this.pollIntervalMs);
      this.appended.once('appended', done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  async verify(options: { streamId?: string } = {}): Promise<VerifyReport> {
    const s = this.schema;
    const verifier = new ChainVerifier();
    const columnsMatch = `(occurred_at = (metadata->>'occurredAt')::timestamptz AND recorded_at = (metadata->>'recordedAt')::timestamptz) AS columns_match`;
    let cursor: [string, number] = [options.streamId ?? '', 0];
    for (;;) {
      const { rows } = await this.sql.query<EventRow & { columns_match: boolean }>(
        `SELECT ${COLUMNS}, ${columnsMatch} FROM ${s}.events
         WHERE (stream_id, version) > ($1, $2) AND ($3::text IS NULL OR stream_id = $3)
         ORDER BY stream_id, version LIMIT 5000`,
        [cursor[0], cursor[1], options.streamId ?? null],
      );
      for (const row of rows) {
        const event = toRecorded(row);
        if (!verifier.check(event)) return verifier.report();
        if (!row.columns_match) {
          return {
            ok: false,
            checked: verifier.checked,
            firstBroken: { streamId: event.streamId, version: event.version, eventId: event.eventId, reason: 'column-mismatch' },
          };
        }
      }
      if (rows.length < 5000) break;
      const last = rows[rows.length - 1]!;
      cursor = [last.stream_id, last.version_number];
    }
    let streamCursor = options.streamId === undefined ? '' : undefined;
    const heads = async (after: string | undefined) =>
      (
        await this.sql.query<{ stream_id: string; version: number; last_hash: string }>(
          after === undefined
            ? `SELECT stream_id, version::int AS version, last_hash FROM ${s}.streams WHERE stream_id = $1`
            : `SELECT stream_id, version::int AS version, last_hash FROM ${s}.streams WHERE stream_id > $1 ORDER BY stream_id LIMIT 5000`,
          [after ?? options.streamId],
        )
      ).rows;
    for (;;) {
      const rows = await heads(streamCursor);
      for (const row of rows) if (!verifier.checkHead(row.stream_id, row.version, row.last_hash)) return verifier.report();
      if (streamCursor === undefined || rows.length < 5000) break;
      streamCursor = rows[rows.length - 1]!.stream_id;
    }
    return verifier.report();
  }

  close(): Promise<void> {
    this.appended.emit('appended');
    return this.sql.close();
  }
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    streamId: row.stream_id,
    version: row.version_number,
    eventId: row.event_uuid,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    position: { commit: BigInt(row.tx_text), prepare: BigInt(row.seq_text) },
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
