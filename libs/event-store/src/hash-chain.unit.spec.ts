import { canonicalJson, ChainVerifier, eventHash, GENESIS_HASH } from './hash-chain';
import { RecordedEvent, StoredMetadata } from './event-store';

const metadata: StoredMetadata = {
  actor: { sub: 'u', role: 'officer' },
  occurredAt: '2026-01-01T00:00:00.000Z',
  recordedAt: '2026-01-01T00:00:01.000Z',
  commandId: 'c',
  correlationId: 'c',
  causationId: 'c',
};

function chain(streamId: string, datas: Record<string, unknown>[]): RecordedEvent[] {
  let prevHash = GENESIS_HASH;
  return datas.map((data, i) => {
    const content = { streamId, version: i + 1, eventId: `00000000-0000-4000-8000-00000000000${i}`, type: 'T', data, metadata };
    const hash = eventHash(prevHash, content);
    const event = { ...content, data: data as RecordedEvent['data'], position: { commit: 1n, prepare: BigInt(i) }, prevHash, hash };
    prevHash = hash;
    return event;
  });
}

describe('hash chain', () => {
  it('canonical JSON does not depend on key order, and keeps arrays in order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: 'đ' } })).toBe(canonicalJson({ a: { c: 'đ', d: [2, 1] }, b: 1 }));
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });

  it('changes the hash when any part of the content or the previous hash changes', () => {
    const base = { streamId: 's', version: 1, eventId: 'e', type: 'T', data: { amount: 1 }, metadata };
    const hash = eventHash(GENESIS_HASH, base);
    expect(eventHash(GENESIS_HASH, { ...base, data: { amount: 2 } })).not.toBe(hash);
    expect(eventHash(GENESIS_HASH, { ...base, metadata: { ...metadata, actor: { sub: 'x', role: 'officer' } } })).not.toBe(hash);
    expect(eventHash('1'.repeat(64), base)).not.toBe(hash);
    expect(eventHash(GENESIS_HASH, { ...base })).toBe(hash);
  });

  it('accepts an intact chain and names the first altered, relinked or missing event', () => {
    const events = chain('s', [{ n: 1 }, { n: 2 }, { n: 3 }]);
    const intact = new ChainVerifier();
    events.forEach((e) => intact.check(e));
    expect(intact.report()).toEqual({ ok: true, checked: 3 });

    const altered = new ChainVerifier();
    [events[0]!, { ...events[1]!, data: { n: 20 } }, events[2]!].forEach((e) => altered.check(e));
    expect(altered.report().firstBroken).toMatchObject({ streamId: 's', version: 2, reason: 'hash-mismatch' });

    const missing = new ChainVerifier();
    [events[0]!, events[2]!].forEach((e) => missing.check(e));
    expect(missing.report().firstBroken).toMatchObject({ version: 2, reason: 'missing-event' });

    const tail = new ChainVerifier();
    events.slice(0, 2).forEach((e) => tail.check(e));
    expect(tail.checkHead('s', 3, events[2]!.hash)).toBe(false);
    expect(tail.report().firstBroken).toMatchObject({ version: 3, reason: 'missing-tail' });
  });
});
