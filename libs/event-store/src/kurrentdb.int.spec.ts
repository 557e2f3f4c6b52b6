import { randomUUID } from 'node:crypto';
import { jsonEvent, KurrentDBClient } from '@kurrent/kurrentdb-client';
import { eventStoreContract } from './testing/event-store.contract';
import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store';

/**
 * KurrentDB needs a server, which cannot be obtained on the development and CI machines:
 * set KURRENTDB_URL (e.g. kurrentdb://127.0.0.1:2113?tls=false, see infra/) to run the contract.
 */
const url = process.env.KURRENTDB_URL;

if (url) {
  const clients: KurrentDBClient[] = [];
  eventStoreContract('kurrentdb', {
    // One server holds every run's streams: whole-store counts are not exact there.
    isolated: false,
    async open() {
      const client = KurrentDBClient.connectionString(url);
      clients.push(client);
      return new KurrentDbEventStore(client);
    },
    // A stored KurrentDB event cannot be altered; the nearest tampering is a forged event
    // appended directly with a hash that does not match its content.
    async tamper(store, streamId) {
      const client = KurrentDBClient.connectionString(url);
      const last = (await store.readStream(streamId)).at(-1)!;
      await client.appendToStream(
        streamId,
        jsonEvent({
          id: randomUUID(),
          type: 'Forged',
          data: { note: 'giả mạo' },
          metadata: { ...last.metadata, $prevHash: last.hash, $hash: 'f'.repeat(64) },
        }),
      );
      await client.dispose();
      return last.version + 1;
    },
  });
} else {
  describe('event store contract: kurrentdb (skipped: set KURRENTDB_URL to run against a KurrentDB server)', () => {
    it('is not run here: no KurrentDB server is reachable from this machine (set KURRENTDB_URL)', () => {
      expect(process.env.KURRENTDB_URL).toBeUndefined();
    });
  });
}
