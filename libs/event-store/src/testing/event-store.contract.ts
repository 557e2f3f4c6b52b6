/**
 * The one contract every event store adapter passes. Each adapter's spec calls
 * `eventStoreContract(name, harness)`; the adapter name appears in every describe.
 */
import { randomUUID } from 'node:crypto';
import {
  comparePositions,
  EventIdConflictError,
  EventStore,
  GlobalPosition,
  NewEvent,
  NO_STREAM,
  RecordedEvent,
  WrongExpectedVersionError,
} from '../event-store';
import { GENESIS_HASH } from '../hash-chain';

export interface StoreHarness {
  /** A fresh, empty store (its own schema or namespace). */
  open(): Promise<EventStore>;
  /** Whether each opened store is a world of its own (whole-store checks then count exact numbers). */
  readonly isolated: boolean;
  /**
   * Tampers with a stream behind the store's back (as someone with direct database access would)
   * and returns the version a verification must name as broken.
   */
  tamper(store: EventStore, streamId: string, version: number): Promise<number>;
  /** Removes a stored event behind the store's back, where the backend permits it at all. */
  remove?(store: EventStore, streamId: string, version: number): Promise<void>;
}

export const newEvent = (type = 'Tested', data: Record<string, string | number> = {}, occurredAt = new Date()): NewEvent => ({
  eventId: randomUUID(),
  type,
  data: { note: 'đề án thử nghiệm', ...data },
  metadata: {
    actor: { sub: 'tester', role: 'officer', org: 'trung-tam-khuyen-cong' },
    occurredAt: occurredAt.toISOString(),
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
  },
});

const stream = (label: string) => `${label}-${randomUUID()}`;

async function appendWithRetry(store: EventStore, streamId: string, event: NewEvent): Promise<number> {
  for (;;) {
    const current = (await store.readStream(streamId)).at(-1)?.version ?? 0;
    try {
      return (await store.append(streamId, [event], current === 0 ? NO_STREAM : current)).nextVersion;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5)); // spread the herd
    }
  }
}

async function readAllAfter(store: EventStore, after: GlobalPosition | undefined, filter: (e: RecordedEvent) => boolean) {
  const events: RecordedEvent[] = [];
  let position = after;
  for (;;) {
    const batch = await store.readAll({ after: position, limit: 200 });
    if (batch.length === 0) return { events, position };
    events.push(...batch.filter(filter));
    position = batch.at(-1)!.position;
  }
}

export function eventStoreContract(name: string, harness: StoreHarness): void {
  describe(`event store contract: ${name}`, () => {
    let store: EventStore;
    beforeAll(async () => {
      store = await harness.open();
    });
    afterAll(async () => {
      await store.close();
    });

    describe(`${name}: append and read`, () => {
      it('appends to a new stream and reads the events back in order with metadata and a hash chain', async () => {
        const id = stream('read');
        const events = [newEvent('First', { n: 1 }), newEvent('Second', { n: 2 }), newEvent('Third', { n: 3 })];
        const result = await store.append(id, events, NO_STREAM);
        expect(result).toEqual({ nextVersion: 3, duplicate: false });

        const read = await store.readStream(id);
        expect(read.map((e) => [e.version, e.type, e.eventId])).toEqual(events.map((e, i) => [i + 1, e.type, e.eventId]));
        expect(read[0]!.data).toEqual({ note: 'đề án thử nghiệm', n: 1 });
        expect(read[0]!.metadata).toMatchObject({ ...events[0]!.metadata });
        expect(Date.parse(read[0]!.metadata.recordedAt)).not.toBeNaN();
        expect(read[0]!.prevHash).toBe(GENESIS_HASH);
        expect(read[1]!.prevHash).toBe(read[0]!.hash);
        expect(read[2]!.prevHash).toBe(read[1]!.hash);
        expect(comparePositions(read[0]!.position, read[1]!.position)).toBeLessThan(0);
      });

      it('reads an unknown stream as empty', async () => {
        expect(await store.readStream(stream('unknown'))).toEqual([]);
      });

      it('reads a stream up to a version and as of an instant', async () => {
        const id = stream('as-of');
        await store.append(id, [newEvent('A', {}, new Date('2024-01-10T00:00:00Z')), newEvent('B', {}, new Date('2024-06-10T00:00:00Z'))], NO_STREAM);
        await store.append(id, [newEvent('C', {}, new Date('2025-01-10T00:00:00Z'))], 2);
        expect((await store.readStream(id, { toVersion: 2 })).map((e) => e.type)).toEqual(['A', 'B']);
        expect((await store.readStream(id, { asOf: new Date('2024-12-31T00:00:00Z') })).map((e) => e.type)).toEqual(['A', 'B']);
        expect((await store.readStream(id, { asOf: new Date('2024-01-01T00:00:00Z') })).map((e) => e.type)).toEqual([]);
        const byRecording = await store.readStream(id, { asOf: new Date(Date.now() + 60_000), asOfBy: 'recordedAt' });
        expect(byRecording).toHaveLength(3);
      });
    });

    describe(`${name}: expected version`, () => {
      it('refuses an append at a stale exact version, to an existing stream with no-stream, and accepts any', async () => {
        const id = stream('expected');
        await store.append(id, [newEvent()], NO_STREAM);
        await expect(store.append(id, [newEvent()], NO_STREAM)).rejects.toBeInstanceOf(WrongExpectedVersionError);
        await expect(store.append(id, [newEvent()], 0)).rejects.toBeInstanceOf(WrongExpectedVersionError);
        await expect(store.append(id, [newEvent()], 2)).rejects.toMatchObject({ actual: 1 });
        await expect(store.append(id, [newEvent()], 1)).resolves.toEqual({ nextVersion: 2, duplicate: false });
        await expect(store.append(id, [newEvent()], 'any')).resolves.toEqual({ nextVersion: 3, duplicate: false });
        await expect(store.append(stream('expected-missing'), [newEvent()], 1)).rejects.toBeInstanceOf(WrongExpectedVersionError);
      });

      it('lets exactly one of 64 concurrent appends at the same version win', async () => {
        const id = stream('race');
        await store.append(id, [newEvent()], NO_STREAM);
        const outcomes = await Promise.allSettled(Array.from({ length: 64 }, () => store.append(id, [newEvent('Racer')], 1)));
        const winners = outcomes.filter((o) => o.status === 'fulfilled');
        const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(63);
        for (const loser of losers) expect(loser.reason).toBeInstanceOf(WrongExpectedVersionError);
        expect(await store.readStream(id)).toHaveLength(2);
      });

      it('loses none of 64 concurrent writers that retry on conflict: one event per version, each exactly once', async () => {
        const id = stream('retry');
        const events = Array.from({ length: 64 }, (_, i) => newEvent('Writer', { writer: i }));
        await Promise.all(events.map((event) => appendWithRetry(store, id, event)));
        const read = await store.readStream(id);
        expect(read.map((e) => e.version)).toEqual(Array.from({ length: 64 }, (_, i) => i + 1));
        expect(new Set(read.map((e) => e.eventId))).toEqual(new Set(events.map((e) => e.eventId)));
        expect((await store.verify({ streamId: id })).ok).toBe(true);
      });
    });

    describe(`${name}: idempotent append by event id`, () => {
      it('answers a repeated append of the same events with the first result and writes nothing', async () => {
        const id = stream('idempotent');
        const events = [newEvent('A'), newEvent('B')];
        const first = await store.append(id, events, NO_STREAM);
        expect(await store.append(id, events, NO_STREAM)).toEqual({ nextVersion: first.nextVersion, duplicate: true });
        expect(await store.append(id, events, 'any')).toEqual({ nextVersion: first.nextVersion, duplicate: true });
        await store.append(id, [newEvent('C')], 2);
        expect(await store.append(id, events, 0)).toEqual({ nextVersion: 2, duplicate: true });
        expect(await store.readStream(id)).toHaveLength(3);
      });

      it('refuses event ids reused in a different append', async () => {
        const id = stream('reused');
        const [a, b] = [newEvent('A'), newEvent('B')];
        await store.append(id, [a], NO_STREAM);
        await expect(store.append(id, [a, b], 'any')).rejects.toBeInstanceOf(EventIdConflictError);
        await expect(store.append(stream('elsewhere'), [a], NO_STREAM)).rejects.toBeInstanceOf(EventIdConflictError);
      });

      it('de-duplicates concurrent identical appends', async () => {
        const id = stream('concurrent-dup');
        const events = [newEvent('Once')];
        const results = await Promise.all(Array.from({ length: 8 }, () => store.append(id, events, 'any')));
        expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
        expect(await store.readStream(id)).toHaveLength(1);
      });
    });

    describe(`${name}: atomic multi-stream append`, () => {
      it('writes to all streams or to none', async () => {
        const [a, b] = [stream('many-a'), stream('many-b')];
        await store.append(b, [newEvent('Existing')], NO_STREAM);
        const results = await store.appendMany([
          { streamId: a, events: [newEvent('A1'), newEvent('A2')], expected: NO_STREAM },
          { streamId: b, events: [newEvent('B2')], expected: 1 },
        ]);
        expect(results).toEqual([
          { nextVersion: 2, duplicate: false },
          { nextVersion: 2, duplicate: false },
        ]);

        await expect(
          store.appendMany([
            { streamId: a, events: [newEvent('A3')], expected: 2 },
            { streamId: b, events: [newEvent('B3')], expected: 1 },
          ]),
        ).rejects.toMatchObject({ streamId: b, actual: 2 });
        expect(await store.readStream(a)).toHaveLength(2);
        expect(await store.readStream(b)).toHaveLength(2);
      });

      it('answers a repeated multi-stream append with the first results', async () => {
        const [a, b] = [stream('again-a'), stream('again-b')];
        const request = [
          { streamId: a, events: [newEvent()], expected: NO_STREAM },
          { streamId: b, events: [newEvent()], expected: NO_STREAM },
        ] as const;
        await store.appendMany(request);
        expect(await store.appendMany(request)).toEqual([
          { nextVersion: 1, duplicate: true },
          { nextVersion: 1, duplicate: true },
        ]);
      });

      it('refuses, whole, an append that repeats one part of an earlier one and adds a new part', async () => {
        const [a, b, c] = [stream('part-a'), stream('part-b'), stream('part-c')];
        const first = { streamId: a, events: [newEvent('A1')], expected: NO_STREAM } as const;
        await store.appendMany([first, { streamId: b, events: [newEvent('B1')], expected: NO_STREAM }]);
        await expect(store.appendMany([first, { streamId: c, events: [newEvent('C1')], expected: NO_STREAM }])).rejects.toBeInstanceOf(
          WrongExpectedVersionError,
        );
        expect(await store.readStream(c)).toEqual([]);
        expect(await store.readStream(a)).toHaveLength(1);
      });

      it('keeps 20 concurrent writers to one shared stream and their own streams all-or-nothing', async () => {
        const shared = stream('shared');
        await store.append(shared, [newEvent('Opened')], NO_STREAM);
        const own = Array.from({ length: 20 }, (_, i) => stream(`own-${i}`));
        const outcomes = await Promise.allSettled(
          own.map((id) =>
            store.appendMany([
              { streamId: shared, events: [newEvent('Shared')], expected: 1 },
              { streamId: id, events: [newEvent('Own')], expected: NO_STREAM },
            ]),
          ),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        const written = await Promise.all(own.map((id) => store.readStream(id)));
        expect(written.filter((events) => events.length === 1)).toHaveLength(1);
        expect(await store.readStream(shared)).toHaveLength(2);
      });
    });

    describe(`${name}: global order`, () => {
      it('never lets a concurrent reader skip an event: 8 writers × 40 appends while a reader follows the log', async () => {
        const prefix = `order-${randomUUID()}`;
        const ours = (e: RecordedEvent) => e.streamId.startsWith(prefix);
        const start = (await readAllAfter(store, undefined, () => false)).position;
        const seen: RecordedEvent[] = [];
        // After the writers finish the reader goes on until it has everything or 10 s pass: an event
        // stays invisible while any older transaction (of any test, in any schema) is still open.
        let deadline = Infinity;
        const reader = (async () => {
          let position = start;
          while (seen.length < 320 && Date.now() < deadline) {
            const { events, position: next } = await readAllAfter(store, position, ours);
            seen.push(...events);
            position = next;
          }
        })();
        const written: string[] = [];
        await Promise.all(
          Array.from({ length: 8 }, async (_, w) => {
            for (let i = 0; i < 40; i++) {
              const event = newEvent('Ordered', { w, i });
              await store.append(`${prefix}-${w}`, [event], i === 0 ? NO_STREAM : i);
              written.push(event.eventId);
            }
          }),
        );
        deadline = Date.now() + 10_000;
        await reader;
        expect(seen).toHaveLength(320);
        expect(new Set(seen.map((e) => e.eventId))).toEqual(new Set(written));
        for (let i = 1; i < seen.length; i++) expect(comparePositions(seen[i - 1]!.position, seen[i]!.position)).toBeLessThan(0);
      });
    });

    describe(`${name}: global order over many positions`, () => {
      it('reads 2,050 events back in batches in strictly increasing position order, none missing or repeated', async () => {
        // A fresh store, so that positions cross 999 → 1000 inside one transaction and between transactions.
        const fresh = await harness.open();
        try {
          const prefix = `many-${randomUUID()}`;
          const written: string[] = [];
          const big = Array.from({ length: 1_050 }, (_, i) => newEvent('Many', { i }));
          await fresh.append(`${prefix}-big`, big, NO_STREAM);
          written.push(...big.map((e) => e.eventId));
          for (let a = 0; a < 100; a++) {
            const events = Array.from({ length: 10 }, (_, i) => newEvent('Many', { a, i }));
            await fresh.append(`${prefix}-${a}`, events, NO_STREAM);
            written.push(...events.map((e) => e.eventId));
          }
          const seen: RecordedEvent[] = [];
          let position: GlobalPosition | undefined;
          for (;;) {
            const batch = await fresh.readAll({ after: position, limit: 100 });
            if (batch.length === 0) break;
            for (let i = 1; i < batch.length; i++) expect(comparePositions(batch[i - 1]!.position, batch[i]!.position)).toBeLessThan(0);
            if (position) expect(comparePositions(position, batch[0]!.position)).toBeLessThan(0);
            seen.push(...batch.filter((e) => e.streamId.startsWith(prefix)));
            position = batch.at(-1)!.position;
          }
          expect(seen.map((e) => e.eventId)).toEqual(written);
        } finally {
          await fresh.close();
        }
      }, 60_000);
    });

    describe(`${name}: subscription`, () => {
      it('catches up from a checkpoint, then delivers live appends', async () => {
        const prefix = `sub-${randomUUID()}`;
        const start = (await readAllAfter(store, undefined, () => false)).position;
        for (let i = 0; i < 5; i++) await store.append(`${prefix}-${i}`, [newEvent('Sub', { i })], NO_STREAM);

        const firstRun = new AbortController();
        const received: RecordedEvent[] = [];
        for await (const event of store.subscribe({ after: start, signal: firstRun.signal })) {
          if (!event.streamId.startsWith(prefix)) continue;
          received.push(event);
          if (received.length === 3) firstRun.abort();
        }
        const checkpoint = received.at(-1)!.position;

        const secondRun = new AbortController();
        const resumed: RecordedEvent[] = [];
        const consuming = (async () => {
          for await (const event of store.subscribe({ after: checkpoint, signal: secondRun.signal })) {
            if (!event.streamId.startsWith(prefix)) continue;
            resumed.push(event);
            if (resumed.length === 4) secondRun.abort();
          }
        })();
        await new Promise((resolve) => setTimeout(resolve, 300));
        await store.append(`${prefix}-live-1`, [newEvent('Live', { n: 1 })], NO_STREAM);
        await store.append(`${prefix}-live-2`, [newEvent('Live', { n: 2 })], NO_STREAM);
        await consuming;
        expect(resumed.map((e) => e.data)).toEqual([
          expect.objectContaining({ i: 3 }),
          expect.objectContaining({ i: 4 }),
          expect.objectContaining({ n: 1 }),
          expect.objectContaining({ n: 2 }),
        ]);
      }, 30_000);
    });

    describe(`${name}: hash chain and verify`, () => {
      let tamperStore: EventStore;
      beforeAll(async () => {
        tamperStore = await harness.open();
      });
      afterAll(async () => {
        await tamperStore.close();
      });

      it('verifies an untouched store, then names the first broken link after a stored event is altered', async () => {
        const victim = stream('victim');
        const bystander = stream('bystander');
        await tamperStore.append(victim, [newEvent('A'), newEvent('B'), newEvent('C')], NO_STREAM);
        await tamperStore.append(bystander, [newEvent('X')], NO_STREAM);
        if (harness.isolated) await expect(tamperStore.verify()).resolves.toEqual({ ok: true, checked: 4 });

        const broken = await harness.tamper(tamperStore, victim, 2);
        if (harness.isolated) {
          const report = await tamperStore.verify();
          expect(report.ok).toBe(false);
          expect(report.firstBroken).toMatchObject({ streamId: victim, version: broken });
        }
        expect((await tamperStore.verify({ streamId: victim })).firstBroken).toMatchObject({ streamId: victim, version: broken });
        expect(await tamperStore.verify({ streamId: bystander })).toEqual({ ok: true, checked: 1 });
      });

      if (harness.remove) {
        const remove = harness.remove;
        it('names a removed event and a removed tail', async () => {
          const middle = stream('middle');
          const tail = stream('tail');
          await tamperStore.append(middle, [newEvent('A'), newEvent('B'), newEvent('C')], NO_STREAM);
          await tamperStore.append(tail, [newEvent('A'), newEvent('B')], NO_STREAM);
          await remove(tamperStore, middle, 2);
          await remove(tamperStore, tail, 2);
          expect((await tamperStore.verify({ streamId: middle })).firstBroken).toMatchObject({
            streamId: middle,
            version: 2,
            reason: 'missing-event',
          });
          expect((await tamperStore.verify({ streamId: tail })).firstBroken).toMatchObject({ streamId: tail, version: 2, reason: 'missing-tail' });
        });
      }
    });
  });
}
