/**
 * The event store port. Streams hold the events of one đề án or plan in order (versions 1, 2, …);
 * the global log orders every event of the store by a position that readers may checkpoint.
 * Adapters: PostgreSQL/PGlite (one SQL implementation) and KurrentDB.
 */

export const NO_STREAM = 'no-stream' as const;
export const ANY = 'any' as const;
/** An exact version (number of events the stream must hold; 0 = must not exist), no-stream, or any. */
export type ExpectedVersion = number | typeof NO_STREAM | typeof ANY;

/** Position in the global log. SQL: (transaction id, sequence); KurrentDB: (commit, prepare). Ordered lexicographically. */
export interface GlobalPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export const comparePositions = (a: GlobalPosition, b: GlobalPosition): number =>
  a.commit !== b.commit ? (a.commit < b.commit ? -1 : 1) : a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;

/** "commit/prepare": the form a checkpoint is stored and sent in. */
export const formatPosition = (p: GlobalPosition): string => `${p.commit}/${p.prepare}`;
export function parsePosition(text: string): GlobalPosition {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (!match) throw new Error(`not a log position: ${text}`);
  return { commit: BigInt(match[1]!), prepare: BigInt(match[2]!) };
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface EventActor {
  readonly sub: string;
  readonly role: string;
  readonly org?: string;
  readonly province?: string;
  readonly name?: string;
}

/**
 * Where an imported event came from: the record, the import batch and the user who brought it in
 * (the event's `actor` is the historic one, as the record names them). Events imported before
 * batches were recorded carry `externalId` only.
 */
export interface ImportProvenance {
  readonly externalId: string;
  readonly batchId?: string;
  readonly importedBy?: EventActor;
}

/** Who, when, why: every event carries this, and its hash covers it. */
export interface EventMetadata {
  readonly actor: EventActor;
  /** Business time of the act (ISO 8601). */
  readonly occurredAt: string;
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly reason?: string;
  readonly decisionNo?: string;
  /** Set on events brought in by the history import. */
  readonly imported?: ImportProvenance;
  /** SHA-256 of the request an Idempotency-Key came with: a retry must send the same one. */
  readonly requestHash?: string;
}

export interface NewEvent {
  /** A UUID; appending an event id twice to the same place is a no-op. */
  readonly eventId: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: EventMetadata;
}

export interface StoredMetadata extends EventMetadata {
  /** Server time of the append (ISO 8601). */
  readonly recordedAt: string;
}

export interface RecordedEvent {
  readonly streamId: string;
  readonly version: number;
  readonly eventId: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: StoredMetadata;
  readonly position: GlobalPosition;
  readonly prevHash: string;
  readonly hash: string;
}

export interface AppendResult {
  /** The stream's version after the append (for a duplicate: the version after the original events). */
  readonly nextVersion: number;
  /** True when every event id was already stored at that place: nothing was written. */
  readonly duplicate: boolean;
}

/** One stream's part of an atomic multi-stream append. */
export interface StreamAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expected: ExpectedVersion;
}

export interface ReadStreamOptions {
  /** Stop at this version (inclusive). */
  readonly toVersion?: number;
  /** Only events that had happened (occurredAt) or been recorded (recordedAt) by this instant. */
  readonly asOf?: Date;
  readonly asOfBy?: 'occurredAt' | 'recordedAt';
}

export interface ReadAllOptions {
  /** Exclusive: events after this position. */
  readonly after?: GlobalPosition;
  readonly limit?: number;
}

export interface SubscribeOptions {
  readonly after?: GlobalPosition;
  readonly signal: AbortSignal;
  readonly batchSize?: number;
}

export interface BrokenLink {
  readonly streamId: string;
  readonly version: number;
  readonly eventId?: string;
  readonly reason: 'hash-mismatch' | 'prev-hash-mismatch' | 'missing-event' | 'missing-tail' | 'column-mismatch';
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly checked: number;
  readonly firstBroken?: BrokenLink;
}

export interface EventStore {
  /** `pglite`, `postgres` or `kurrentdb`. */
  readonly name: string;
  append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult>;
  /**
   * Appends to several streams atomically: all or none (e.g. an approval and the plan commitment
   * it makes). Results are in the order of the request.
   */
  appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch-up from `after`, then live, until the signal aborts. */
  subscribe(options: SubscribeOptions): AsyncIterable<RecordedEvent>;
  /** Recomputes the hash chain of one stream or of the whole store and names the first broken link. */
  verify(options?: { streamId?: string }): Promise<VerifyReport>;
  close(): Promise<void>;
}

export class WrongExpectedVersionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`stream ${streamId}: expected version ${String(expected)}, actual ${actual}`);
    this.name = 'WrongExpectedVersionError';
  }
}

/** Some, not all, of the event ids are already stored, or stored elsewhere: not a retry of the same append. */
export class EventIdConflictError extends Error {
  constructor(
    readonly streamId: string,
    readonly eventIds: readonly string[],
  ) {
    super(`stream ${streamId}: event ids already used elsewhere: ${eventIds.join(', ')}`);
    this.name = 'EventIdConflictError';
  }
}
