/**
 * The HTTP edge against a real server (issue 11, finding 6): the rate limit counts per caller — by
 * token subject, by address for anonymous calls, across routes — and reads the address a trusted
 * proxy forwards (TRUST_PROXY), never one an untrusted client claims; no X-Powered-By; Bull Board's
 * cookie is Secure behind a TLS proxy, a write carried by it must come from the board's own origin,
 * and the board answers 503 at once when Redis is down.
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { signToken, tokenKeys } from '@app/application';
import { startServer, TestServer } from './support/server';

describe('the HTTP edge', () => {
  let server: TestServer;
  const secret = randomBytes(32).toString('hex');
  const mint = (sub: string) => signToken({ sub, role: 'auditor' }, tokenKeys(Buffer.from(secret, 'utf8')));
  const LIMIT = 5;

  beforeAll(async () => {
    server = await startServer({ JWT_SECRET: secret, RATE_LIMIT_PER_MINUTE: String(LIMIT), TRUST_PROXY: 'loopback' });
  }, 180_000);
  afterAll(() => server?.stop());

  const statuses = async (n: number, path: string, headers: Record<string, string>) => {
    const result: number[] = [];
    for (let i = 0; i < n; i++) result.push((await server.request('GET', path, { headers })).status);
    return result;
  };

  it('counts per token subject across routes: one caller at its limit does not lock the route for another behind the same address', async () => {
    const a = { authorization: `Bearer ${await mint('auditor-a')}` };
    expect(await statuses(LIMIT, '/de-an', a)).toEqual(Array(LIMIT).fill(200));
    expect(await statuses(1, '/de-an', a)).toEqual([429]);
    expect(await statuses(1, '/plans', a)).toEqual([429]); // the limit is the caller's, not the route's
    expect(await statuses(1, '/de-an', { authorization: `Bearer ${await mint('auditor-b')}` })).toEqual([200]);
  });

  it('counts anonymous calls by the address a trusted proxy forwards; health is never counted', async () => {
    const first = { 'x-forwarded-for': '203.0.113.7' };
    expect(await statuses(LIMIT, '/de-an', first)).toEqual(Array(LIMIT).fill(401));
    expect(await statuses(1, '/de-an', first)).toEqual([429]);
    expect(await statuses(1, '/de-an', { 'x-forwarded-for': '203.0.113.8' })).toEqual([401]);
    expect(await statuses(LIMIT + 2, '/health', first)).toEqual(Array(LIMIT + 2).fill(200));
  });

  it('answers /health at the root as under /api/v1', async () => {
    const root = await fetch(`${server.base}/health`);
    expect(root.status).toBe(200);
    expect(await root.json()).toMatchObject({ status: 'ok', details: { store: { status: 'up', kind: 'pglite' } } });
  });

  it('sends no X-Powered-By, on the API nor on the board', async () => {
    expect((await server.request('GET', '/health')).headers.get('x-powered-by')).toBeNull();
    expect((await fetch(`${server.base}/admin/queues`)).headers.get('x-powered-by')).toBeNull();
  });

  it("Bull Board: the cookie is Secure behind a TLS proxy; a write carried by the cookie must come from the board's origin", async () => {
    const admin = await signToken({ sub: 'qt', role: 'admin' }, tokenKeys(Buffer.from(secret, 'utf8')));
    const entered = await fetch(`${server.base}/admin/queues?token=${admin}`, { redirect: 'manual', headers: { 'x-forwarded-proto': 'https' } });
    expect(entered.status).toBe(303);
    expect(entered.headers.get('set-cookie')).toMatch(/; Secure/i);
    const plain = await fetch(`${server.base}/admin/queues?token=${admin}`, { redirect: 'manual' });
    expect(plain.headers.get('set-cookie')).not.toMatch(/; Secure/i);
    const cookie = plain.headers.get('set-cookie')!.split(';')[0]!;
    const clean = (headers: Record<string, string>) =>
      fetch(`${server.base}/admin/queues/api/queues/deadlines/clean/completed`, { method: 'PUT', headers: { cookie, ...headers } });
    expect((await clean({ origin: 'https://evil.example' })).status).toBe(403);
    expect((await clean({})).status).toBe(403);
    expect((await clean({ origin: server.base })).status).not.toBe(403);
  });
});

describe('Bull Board with Redis down', () => {
  let redis: ChildProcess;
  let server: TestServer;
  const port = 45_000 + Math.floor(Math.random() * 5_000); // outside freePort's range: no API server of a suite beside this one takes it
  const secret = randomBytes(32).toString('hex');

  beforeAll(async () => {
    redis = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    server = await startServer({ JWT_SECRET: secret, REDIS_URL: `redis://127.0.0.1:${port}` });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    redis?.kill('SIGKILL');
  });

  it('answers 503 within seconds, not after a minute (at once when the connection is known to be down, within 8 s when Redis goes away mid-request)', async () => {
    const admin = await signToken({ sub: 'qt', role: 'admin' }, tokenKeys(Buffer.from(secret, 'utf8')));
    expect((await fetch(`${server.base}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(200);
    await new Promise((resolve) => {
      redis.once('exit', resolve);
      redis.kill('SIGKILL');
    });
    const started = Date.now();
    const reply = await fetch(`${server.base}/admin/queues/api/queues`, {
      headers: { authorization: `Bearer ${admin}` },
      signal: AbortSignal.timeout(20_000),
    });
    expect(reply.status).toBe(503);
    expect(reply.headers.get('content-type')).toContain('application/problem+json');
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 60_000);
});
