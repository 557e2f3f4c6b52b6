/**
 * Deadlines over HTTP, on a server whose policy counts in seconds (DEADLINE_POLICY_FILE): a council
 * assignment leads to a reminder and then to DeadlineMissed in the history; /deadlines lists the
 * overdue ones; Bull Board is for admins; /health shows the queue.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { signToken, tokenKeys } from '@app/application';
import { TestServer, startServer } from './support/server';
import { assignCouncil, registerDeAn, until } from './support/e2e-helpers';

describe('deadlines over HTTP', () => {
  let server: TestServer;
  const dir = mkdtempSync(join(tmpdir(), 'kc-deadlines-'));
  const secret = randomBytes(32).toString('hex');
  const mint = (claims: Parameters<typeof signToken>[0]) => signToken(claims, tokenKeys(Buffer.from(secret, 'utf8')));
  let applicant: string, officer: string, chair: string, otherOrg: string, admin: string;

  beforeAll(async () => {
    [applicant, officer, chair, otherOrg, admin] = await Promise.all([
      mint({ sub: 'dn-1', role: 'applicant', org: 'htx-an-nhon' }),
      mint({ sub: 'cb-52', role: 'officer', province: '52' }),
      mint({ sub: 'hd-chair', role: 'council' }),
      mint({ sub: 'dn-2', role: 'applicant', org: 'htx-khac' }),
      mint({ sub: 'qt-1', role: 'admin' }),
    ]);
    const policy = join(dir, 'policy.json');
    writeFileSync(policy, JSON.stringify({ appraisal: { due: 'PT4S', remindBefore: ['PT2S'] }, revision: { due: 'PT1H' } }));
    server = await startServer({ JWT_SECRET: secret, DEADLINE_POLICY_FILE: policy });
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('assigning a council: a reminder to the council, then DeadlineMissed in the history and a notice of it', async () => {
    const id = await registerDeAn(server, applicant);
    await assignCouncil(server, officer, id, 'hd-chair', 'hd-member');

    const open = await until('the open deadline', async () => {
      const items = (await server.request('GET', `/deadlines?deAnId=${id}`, { token: officer })).body.items as { kind: string }[];
      return items.length > 0 ? items : undefined;
    });
    expect(open).toEqual([expect.objectContaining({ deAnId: id, kind: 'appraisal', overdue: false })]);

    const reminder = await until('the reminder', async () => {
      const items = (await server.request('GET', '/notifications', { token: chair })).body.items as { deAnId: string; missed: boolean }[];
      return items.find((n) => n.deAnId === id && !n.missed);
    });
    expect(reminder).toMatchObject({ kind: 'appraisal', remindBefore: 'PT2S', message: expect.stringMatching(/^Nhắc hạn: Thẩm định đề án/) });

    const missed = await until('DeadlineMissed', async () => {
      const events = (await server.request('GET', `/de-an/${id}/history`, { token: officer })).body.events as { type: string }[];
      return events.find((e) => e.type === 'DeadlineMissed');
    });
    expect(missed).toMatchObject({ data: { kind: 'appraisal' }, actor: { sub: 'system:deadline-scheduler', role: 'system' } });
    const notices = await until('the notice of the miss', async () => {
      const items = (await server.request('GET', '/notifications', { token: officer })).body.items as { deAnId: string; missed: boolean }[];
      return items.some((n) => n.deAnId === id && n.missed) ? items.filter((n) => n.deAnId === id) : undefined;
    });
    expect(notices.map((n) => n.missed).sort()).toEqual([false, true]);
    // Another organisation's applicant sees none of it.
    expect((await server.request('GET', '/notifications', { token: otherOrg })).body.items).toEqual([]);
  });

  it('a council member sees the deadlines and notifications of the đề án they are assigned to, and of no other', async () => {
    const assigned = await registerDeAn(server, applicant);
    const elsewhere = await registerDeAn(server, applicant);
    await assignCouncil(server, officer, assigned, 'hd-chair', 'hd-member');
    await assignCouncil(server, officer, elsewhere, 'hd-other-chair', 'hd-other-member');
    await until('the reminders of both', async () => {
      const items = (await server.request('GET', '/notifications', { token: admin })).body.items as { deAnId: string }[];
      return [assigned, elsewhere].every((id) => items.some((n) => n.deAnId === id)) ? true : undefined;
    });
    const seen = async (token: string) => ({
      deadlines: new Set(((await server.request('GET', '/deadlines', { token })).body.items as { deAnId: string }[]).map((d) => d.deAnId)),
      notifications: new Set(((await server.request('GET', '/notifications', { token })).body.items as { deAnId: string }[]).map((n) => n.deAnId)),
    });
    const member = await seen(chair);
    expect(member.notifications.has(assigned) && !member.notifications.has(elsewhere)).toBe(true);
    expect(member.deadlines.has(elsewhere)).toBe(false);
    // the đề án is 404 for them: neither its deadline nor its notices may be listed
    expect((await server.request('GET', `/de-an/${elsewhere}`, { token: chair })).status).toBe(404);
    expect((await server.request('GET', `/deadlines?deAnId=${elsewhere}`, { token: chair })).body.items).toEqual([]);
    const outsider = await seen(await mint({ sub: 'hd-nobody', role: 'council' }));
    expect([outsider.deadlines.size, outsider.notifications.size]).toEqual([0, 0]);
  });

  it('a revision request closes the appraisal: the revision (due in an hour) is open and not overdue', async () => {
    const id = await registerDeAn(server, applicant);
    await assignCouncil(server, officer, id, 'hd-chair', 'hd-member');
    const due = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const asked = await server.request('POST', `/de-an/${id}/revision-request`, {
      token: officer,
      body: { items: ['Bổ sung dự toán'], dueDate: due },
    });
    expect(asked.status).toBe(200);
    const items = await until('the revision deadline', async () => {
      const list = (await server.request('GET', `/deadlines?deAnId=${id}`, { token: applicant })).body.items as { kind: string }[];
      return list.some((d) => d.kind === 'revision') ? list : undefined;
    });
    expect(items.map((d) => d.kind)).toEqual(['revision']);
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    const history = (await server.request('GET', `/de-an/${id}/history`, { token: officer })).body.events as { type: string }[];
    expect(history.filter((e) => e.type === 'DeadlineMissed')).toEqual([]);
    const overdue = (await server.request('GET', '/deadlines?overdue=true', { token: officer })).body.items as { deAnId: string }[];
    expect(overdue.filter((d) => d.deAnId === id)).toEqual([]);
  });

  it('GET /deadlines?overdue=maybe is a 400 naming the field', async () => {
    const reply = await server.request('GET', '/deadlines?overdue=maybe', { token: officer });
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.body)).toContain('overdue');
  });

  it('Bull Board at /admin/queues: 401 without a token, 403 for an officer, the board for an admin', async () => {
    const page = (query: string, headers: Record<string, string> = {}) =>
      fetch(`${server.base}/admin/queues${query}`, { headers, redirect: 'manual' });
    expect((await page('')).status).toBe(401);
    expect((await page('', { authorization: `Bearer ${officer}` })).status).toBe(403);
    const entered = await page(`?token=${admin}`);
    expect(entered.status).toBe(303);
    const cookie = entered.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    const board = await page('', { cookie: cookie.split(';')[0]! });
    expect(board.status).toBe(200);
    expect(await board.text()).toMatch(/<html/i);
    const queues = await fetch(`${server.base}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${admin}` } });
    expect(queues.status).toBe(200);
    expect(JSON.stringify(await queues.json())).toContain('deadlines');
  });

  it('/health shows the deadline queue', async () => {
    const health = await server.request('GET', '/health');
    expect(health.body.details.deadlines).toMatchObject({
      redis: 'up',
      queue: 'deadlines',
      scheduling: true,
      jobs: expect.any(Object),
      lastReconcile: expect.any(Object),
    });
  });
});
