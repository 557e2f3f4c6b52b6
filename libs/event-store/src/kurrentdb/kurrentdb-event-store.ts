/**
 * The production event store for clusters: KurrentDB (EventStoreDB). Stream revisions are
 * 0-based there and versions 1-based here; hash and previous hash travel in the event metadata.
 * The chain needs the previous hash, so an append reads the stream's last event and appends with
 * that exact revision (an `any` append retries when another writer got in between).
 */
import {
  END,
  excludeSystemEvents,
  FORWARDS,
  BACKWARDS,
  jsonEvent,
  KurrentDBClient,
  NO_STREAM as KURRENT_NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError as KurrentWrongExpectedVersion,
  AllStreamResolvedEvent,
  ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import {
  AppendResult,
  comparePositions,
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

interface Prepared {
  readonly streamId: string;
  readonly payload: ReturnType<typeof jsonEvent>[];
  readonly streamState: bigint | typeof KURRENT_NO_STREAM;
  readonly nextVersion: number;
}

interface KurrentMetadata extends StoredMetadata {
  readonly $prevHash: string;
  readonly $hash: string;
}

export class KurrentDbEventStore implements EventStore {
  readonly name = 'kurrentdb';
  private readonly clock: () => Date;

  constructor(
    private readonly client: KurrentDBClient,
    options: { clock?: () => Date } = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  static connect(connectionString: string): KurrentDbEventStore {
    return new KurrentDbEventStore(KurrentDBClient.connectionString(connectionString));
  }

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    const [result] = await this.appendMany([{ streamId, events, expected }]);
    return result!;
  }

  /** Atomic across streams with KurrentDB's multi-stream append (server 25.1 or later). */
  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    for (const { events } of appends) if (events.length === 0) throw new Error('append needs at least one event');
    for (let attempt = 0; ; attempt++) {
      const prepared = await Promise.all(appends.map((part) => this.prepare(part)));
      const toWrite = prepared.filter((p): p is Prepared => !('duplicate' in p));
      if (toWrite.length === 0) return prepared as AppendResult[];
      // Some parts repeat an earlier (atomic) append and others are new: another append reusing its ids.
      const repeated = appends.find((_, i) => 'duplicate' in prepared[i]!);
      if (repeated)
        throw new WrongExpectedVersionError(repeated.streamId, repeated.expected, (await this.lastEvent(repeated.streamId))?.version ?? 0);
      try {
        if (toWrite.length === 1) {
          const [only] = toWrite;
          await this.client.appendToStream(only!.streamId, only!.payload, { streamState: only!.streamState });
        } else {
          await this.client.multiStreamAppend(toWrite.map((p) => ({ streamName: p.streamId, events: p.payload, expectedState: p.streamState })));
        }
        return prepared.map((p) => ('duplicate' in p ? p : { nextVersion: p.nextVersion, duplicate: false }));
      } catch (error) {
        if (!(error instanceof KurrentWrongExpectedVersion)) throw error;
        // Only `any` appends are retried (the chain needed the newest head); exact versions fail.
        const exact = appends.find((a) => a.expected !== 'any');
        if (exact || attempt >= 20) {
          const streamId = exact?.streamId ?? appends[0]!.streamId;
          const duplicate = await this.duplicateOf(streamId, appends.find((a) => a.streamId === streamId)!.events);
          if (duplicate && appends.length === 1) return [duplicate];
          throw new WrongExpectedVersionError(streamId, exact?.expected ?? 'any', (await this.lastEvent(streamId))?.version ?? 0);
        }
      }
    }
  }

  /** Hashes the events onto the stream's current head, or recognises a repeated append. */
  private async prepare({ streamId, events, expected }: StreamAppend): Promise<Prepared | AppendResult> {
    const last = await this.lastEvent(streamId);
    const current = last ? last.version : 0;
    const fits = expected === 'any' || (expected === NO_STREAM ? !last : expected === current);
    if (!fits) {
      const duplicate = await this.duplicateOf(streamId, events);
      if (duplicate) return duplicate;
      throw new WrongExpectedVersionError(streamId, expected, current);
    }
    const recordedAt = this.clock().toISOString();
    let prevHash = last?.hash ?? GENESIS_HASH;
    const payload = events.map((event, i) => {
      const version = current + i + 1;
      const metadata: StoredMetadata = { ...event.metadata, recordedAt };
      const hash = eventHash(prevHash, { streamId, version, eventId: event.eventId, type: event.type, data: event.data, metadata });
      const stored = jsonEvent({
        id: event.eventId,
        type: event.type,
        data: event.data,
        metadata: { ...metadata, $prevHash: prevHash, $hash: hash },
      });
      prevHash = hash;
      return stored;
    });
    return { streamId, payload, streamState: last ? BigInt(current - 1) : KURRENT_NO_STREAM, nextVersion: current + events.length };
  }

  private async lastEvent(streamId: string): Promise<RecordedEvent | undefined> {
    try {
      for await (const resolved of this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
        return toRecorded(resolved);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
    return undefined;
  }

  private async duplicateOf(streamId: string, events: readonly NewEvent[]): Promise<AppendResult | undefined> {
    const ids = events.map((e) => e.eventId.toLowerCase());
    const stored = await this.readStream(streamId);
    const start = stored.findIndex((e) => e.eventId.toLowerCase() === ids[0]);
    if (start < 0) return undefined;
    const same = ids.every((id, i) => stored[start + i]?.eventId.toLowerCase() === id);
    if (!same) throw new EventIdConflictError(streamId, ids);
    return { nextVersion: stored[start]!.version + ids.length - 1, duplicate: true };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, { direction: FORWARDS, fromRevision: START })) {
        const event = toRecorded(resolved);
        if (options.toVersion !== undefined && event.version > options.toVersion) break;
        const at = options.asOfBy === 'recordedAt' ? event.metadata.recordedAt : event.metadata.occurredAt;
        if (options.asOf && new Date(at) > options.asOf) continue;
        events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.limit ?? 1000;
    const events: RecordedEvent[] = [];
    // fromPosition is inclusive in KurrentDB: read one more and drop the checkpoint itself.
    const reader = this.client.readAll({
      direction: FORWARDS,
      fromPosition: options.after ?? START,
      maxCount: limit + 1,
    });
    for await (const resolved of reader) {
      const event = toRecordedFromAll(resolved);
      if (!event || (options.after && comparePositions(event.position, options.after) <= 0)) continue;
      events.push(event);
      if (events.length === limit) break;
    }
    return events;
  }

  async *subscribe(options: SubscribeOptions): AsyncIterable<RecordedEvent> {
    const subscription = this.client.subscribeToAll({
      fromPosition: options.after ?? START,
      filter: excludeSystemEvents(),
    });
    const stop = () => void subscription.unsubscribe();
    options.signal.addEventListener('abort', stop, { once: true });
    try {
      for await (const resolved of subscription) {
        if (options.signal.aborted) return;
        const event = toRecordedFromAll(resolved);
        if (!event || (options.after && comparePositions(event.position, options.after) <= 0)) continue;
        yield event;
      }
    } finally {
      options.signal.removeEventListener('abort', stop);
      await subscription.unsubscribe();
    }
  }

  async verify(options: { streamId?: string } = {}): Promise<VerifyReport> {
    const verifier = new ChainVerifier();
    if (options.streamId !== undefined) {
      for (const event of await this.readStream(options.streamId)) if (!verifier.check(event)) break;
      return verifier.report();
    }
    let after: GlobalPosition | undefined;
    for (;;) {
      const batch = await this.readAll({ after, limit: 5000 });
      for (const event of batch) if (!verifier.check(event)) return verifier.report();
      if (batch.length < 5000) return verifier.report();
      after = batch[batch.length - 1]!.position;
    }
  }

  close(): Promise<void> {
    return this.client.dispose();
  }
}

function fromKurrent(recorded: {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata: unknown;
  position?: { commit: bigint; prepare: bigint };
}): RecordedEvent {
  const { $prevHash, $hash, ...metadata } = recorded.metadata as KurrentMetadata;
  return {
    streamId: recorded.streamId,
    version: Number(recorded.revision) + 1,
    eventId: recorded.id,
    type: recorded.type,
    data: recorded.data as JsonObject,
    metadata,
    position: recorded.position ?? { commit: 0n, prepare: 0n },
    prevHash: $prevHash,
    hash: $hash,
  };
}

function toRecorded(resolved: ResolvedEvent): RecordedEvent {
  if (!resolved.event) throw new Error('unresolved link event in a stream read');
  return fromKurrent(resolved.event);
}

function toRecordedFromAll(resolved: AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || event.streamId.startsWith('$') || event.type.startsWith('$')) return undefined;
  return fromKurrent(event);
}
