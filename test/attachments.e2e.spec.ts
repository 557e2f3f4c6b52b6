/**
 * The dossier's documents over HTTP (apps/api/src/attachments): uploaded as bytes, stored under the
 * SHA-256 the server computes, cited by a đề án, and served back only to those who may see a đề án
 * citing them.
 */
import { createHash } from 'node:crypto';
import { assignCouncil, expectStatus, registerDeAn } from './support/e2e-helpers';
import { startServer, TestServer } from './support/server';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
// every byte value: a document is not text
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 31) % 256))]);
const NAME = 'Thuyết minh đề án (bản ký).pdf';

describe('attachments', () => {
  let server: TestServer;
  let applicant: string;
  let otherApplicant: string;
  let officer: string;
  let outsider: string;
  let chair: string;

  beforeAll(async () => {
    // 1 MB per upload, so the limit can be shown without sending 20
    server = await startServer({ ATTACHMENT_MAX_MB: '1' });
    applicant = await server.token({ sub: 'applicant-1', role: 'applicant', org: 'htx-co-khi-an-nhon' });
    otherApplicant = await server.token({ sub: 'applicant-2', role: 'applicant', org: 'cong-ty-khac' });
    officer = await server.token({ sub: 'officer-52', role: 'officer', province: '52' });
    outsider = await server.token({ sub: 'council-outsider', role: 'council' });
    chair = await server.token({ sub: 'council-chair', role: 'council' });
  });
  afterAll(() => server?.stop());

  const upload = (token: string, bytes: Uint8Array, name: string | null = NAME, type = 'application/pdf') =>
    server.request('POST', `/attachments${name === null ? '' : `?name=${encodeURIComponent(name)}`}`, {
      token,
      raw: bytes,
      headers: { 'content-type': type },
    });
  const download = (token: string, id: string, digest: string) =>
    fetch(`${server.base}/api/v1/de-an/${id}/attachments/${digest}`, { headers: { authorization: `Bearer ${token}` } });

  test('an uploaded document is stored under the SHA-256 the server computes, cited by a đề án, and served back byte for byte', async () => {
    const uploaded = expectStatus(await upload(applicant, PDF), 201, 'POST /attachments').body;
    expect(uploaded).toEqual({ name: NAME, sha256: sha256(PDF), size: PDF.length });
    // the same bytes again: the same digest, one document
    expect((await upload(officer, PDF, 'ban-sao.pdf')).body).toMatchObject({ sha256: sha256(PDF) });

    const id = await registerDeAn(server, applicant, { attachments: [{ name: NAME, sha256: uploaded.sha256 }] });
    const reply = await download(applicant, id, uploaded.sha256 as string);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/pdf');
    expect(reply.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent(NAME)}`);
    expect(reply.headers.get('digest')).toBe(`sha-256=${createHash('sha256').update(PDF).digest('base64')}`);
    const body = Buffer.from(await reply.arrayBuffer());
    expect(sha256(body)).toBe(sha256(PDF));

    // who may see the đề án may read its documents; the council once assigned to it
    expect((await download(officer, id, uploaded.sha256 as string)).status).toBe(200);
    expect((await download(chair, id, uploaded.sha256 as string)).status).toBe(404);
    await assignCouncil(server, officer, id, 'council-chair', 'council-member');
    expect((await download(chair, id, uploaded.sha256 as string)).status).toBe(200);
    // who may not see it is told nothing exists
    expect((await download(otherApplicant, id, uploaded.sha256 as string)).status).toBe(404);
    expect((await download(outsider, id, uploaded.sha256 as string)).status).toBe(404);
  });

  test('a document is served only through a đề án that cites it, and a digest cited but never uploaded says so', async () => {
    const mine = expectStatus(await upload(otherApplicant, Buffer.from('báo giá của công ty khác')), 201, 'upload').body.sha256 as string;
    // the fixture cites 'a' × 64, which no one uploaded (as history imported from an older system does)
    const id = await registerDeAn(server, applicant);
    const notCited = await download(applicant, id, mine);
    expect(notCited.status).toBe(404);
    expect(((await notCited.json()) as { detail: string }).detail).toBe('Hồ sơ đề án không có tài liệu này');
    const notUploaded = await download(applicant, id, 'a'.repeat(64));
    expect(notUploaded.status).toBe(404);
    expect(((await notUploaded.json()) as { detail: string }).detail).toMatch(/chưa được tải lên/);
    const badDigest = await download(applicant, id, 'A'.repeat(64));
    expect(badDigest.status).toBe(400);
  });

  test('bad uploads are refused with what to do: no name, a path for a name, no content, beyond the limit, a role that registers nothing', async () => {
    const noName = await upload(applicant, PDF, null);
    expect(noName.status).toBe(400);
    expect(noName.body.errors).toEqual([expect.objectContaining({ field: 'name' })]);
    expect((await upload(applicant, PDF, '../../etc/passwd')).body.errors).toEqual([expect.objectContaining({ field: 'name' })]);
    const empty = await upload(applicant, new Uint8Array(0));
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'body' })]);
    const tooLarge = await upload(applicant, Buffer.alloc(1024 * 1024 + 1, 1));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const auditor = await server.token({ sub: 'auditor-1', role: 'auditor' });
    expect((await upload(auditor, PDF)).status).toBe(403);
    expect((await server.request('POST', `/attachments?name=a.pdf`, { raw: PDF })).status).toBe(401);
    // JSON sent here is stored as the bytes it is, not parsed
    const json = await upload(applicant, Buffer.from('{"__proto__": {"x": 1}}'), 'data.json', 'application/json');
    expect(json.status).toBe(201);
  });
});
