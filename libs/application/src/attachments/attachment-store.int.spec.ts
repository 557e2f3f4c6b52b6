import { PgClient, PGliteClient, SqlClient } from '@app/event-store';
import { AttachmentCorruptedError, AttachmentStore, sha256Of } from './attachment-store';

const POSTGRES = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe.each([
  ['pglite', () => PGliteClient.open()],
  ['postgres', async () => new PgClient(POSTGRES)],
] as const)('attachment store on %s', (_kind, open: () => Promise<SqlClient>) => {
  let sql: SqlClient;
  let store: AttachmentStore;
  beforeAll(async () => {
    sql = await open();
    store = await AttachmentStore.open(sql);
  });
  afterAll(() => sql.close());

  // every byte value, so that nothing is read back as text
  const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256));

  test('stores bytes under the SHA-256 it computes and gives them back unchanged', async () => {
    const stored = await store.put(bytes, 'application/pdf', 'applicant-1', new Date());
    expect(stored).toEqual({ sha256: sha256Of(bytes), size: 4096 });
    const read = await store.get(stored.sha256);
    expect(read?.content.equals(bytes)).toBe(true);
    expect(read?.mediaType).toBe('application/pdf');
  });

  test('the same document uploaded twice is one document', async () => {
    const first = await store.put(Buffer.from('báo giá'), 'text/plain', 'a', new Date());
    const second = await store.put(Buffer.from('báo giá'), 'text/plain', 'b', new Date());
    expect(second).toEqual(first);
    const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM files.attachments WHERE sha256 = $1`, [first.sha256]);
    expect(rows[0]?.n).toBe(1);
  });

  test('an unknown digest is absent', async () => {
    await expect(store.get('0'.repeat(64))).resolves.toBeUndefined();
  });

  test('bytes altered in the database are refused on read, not served', async () => {
    const { sha256 } = await store.put(Buffer.from('biên bản nghiệm thu'), 'text/plain', 'a', new Date());
    await sql.query(`UPDATE files.attachments SET content = $2 WHERE sha256 = $1`, [sha256, Buffer.from('biên bản đã sửa')]);
    await expect(store.get(sha256)).rejects.toBeInstanceOf(AttachmentCorruptedError);
  });
});
