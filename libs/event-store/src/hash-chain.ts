/**
 * Tamper evidence: every event's hash covers its content and the previous event's hash in its
 * stream, so altering or removing a stored event breaks every link after it.
 * hash = SHA-256(prevHash ‖ canonical JSON of {streamId, version, eventId, type, data, metadata}).
 */
import { createHash } from 'node:crypto';
import { BrokenLink, RecordedEvent, StoredMetadata } from './event-store';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface HashedContent {
  readonly streamId: string;
  readonly version: number;
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: StoredMetadata;
}

export const eventHash = (prevHash: string, content: HashedContent): string =>
  createHash('sha256')
    .update(prevHash)
    .update(
      canonicalJson({
        streamId: content.streamId,
        version: content.version,
        eventId: content.eventId,
        type: content.type,
        data: content.data,
        metadata: content.metadata,
      }),
    )
    .digest('hex');

/**
 * Walks events in any order that keeps each stream's versions ascending (stream order or global
 * order) and remembers the first broken link.
 */
export class ChainVerifier {
  private readonly heads = new Map<string, { version: number; hash: string }>();
  private broken: BrokenLink | undefined;
  checked = 0;

  get firstBroken(): BrokenLink | undefined {
    return this.broken;
  }

  /** Returns false once a link is broken (the caller may stop reading). */
  check(event: RecordedEvent): boolean {
    this.checked++;
    const head = this.heads.get(event.streamId) ?? { version: 0, hash: GENESIS_HASH };
    const at = (reason: BrokenLink['reason'], version = event.version): false => {
      this.broken ??= { streamId: event.streamId, version, eventId: event.eventId, reason };
      return false;
    };
    if (event.version !== head.version + 1) return at('missing-event', head.version + 1);
    if (event.prevHash !== head.hash) return at('prev-hash-mismatch');
    if (eventHash(event.prevHash, event) !== event.hash) return at('hash-mismatch');
    this.heads.set(event.streamId, { version: event.version, hash: event.hash });
    return true;
  }

  /** The store's own record of a stream's head, where it keeps one: catches a removed tail. */
  checkHead(streamId: string, version: number, hash: string): boolean {
    const head = this.heads.get(streamId) ?? { version: 0, hash: GENESIS_HASH };
    if (head.version === version && head.hash === hash) return true;
    this.broken ??= { streamId, version: head.version + 1, reason: 'missing-tail' };
    return false;
  }

  report() {
    return { ok: this.broken === undefined, checked: this.checked, ...(this.broken ? { firstBroken: this.broken } : {}) };
  }
}
