/**
 * Read-model administration over HTTP against a real server process: status for admins only, a
 * rebuild in the background (202, 404 for an unknown name, 409 while one runs), the status in /health.
 */
import { registration } from './support/fixtures';
import { startServer, TestServer } from './support/server';

jest.setTimeout(300_000); // the server may take minutes to boot on a loaded machine

/** Every projection the server runs, as a 404 for an unknown name lists them. */
const reply404Names = (reply: { body: { projections: string[] } }) => reply.body.projections;

describe('read-model administration over HTTP (embedded store)', () => {
  let server: TestServer;
  let admin: string;
  let officer: string;

  beforeAll(async () => {
    server = await startServer();
    admin = await server.token({ sub: 'qt-1', role: 'admin' });
    officer = await server.token({ sub: 'cb-52', role: 'officer', province: '52' });
    const applicant = await server.token({ sub: 'u-htx', role: 'applicant', org: 'htx-an-nhon' });
    for (let i = 0; i < 8; i += 1) {
      const reply = await server.request('POST', '/de-an', { token: applicant, body: registration({ title: `Đề án quản trị số ${i}` }) });
      expect(reply.status).toBe(201);
    }
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('lists each projection with owner, position, lag, state and last error; admins only', async () => {
    expect((await server.request('GET', '/admin/projections')).status).toBe(401);
    const forbidden = await server.request('GET', '/admin/projections', { token: officer });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toContain('application/problem+json');

    // The runners apply the registrations in the background: wait until each has caught up.
    const deadline = Date.now() + 60_000;
    let reply = await server.request('GET', '/admin/projections', { token: admin });
    while (reply.status === 200 && reply.body.projections.some((p: { lag: number }) => p.lag > 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      reply = await server.request('GET', '/admin/projections', { token: admin });
    }
    expect(reply.status).toBe(200);
    expect(reply.body.projections.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['de-an-list', 'plan-list']));
    expect(reply.body.projections[0]).toMatchObject({
      state: 'running',
      owner: 'this-process',
      position: expect.any(String),
      lag: expect.any(Number),
      lagCapped: false,
      applied: expect.any(Number),
      lastError: null,
    });
  });

  // 409 is certain only if the first rebuild still runs when the second arrives: the unit spec of the controller pins the mapping.
  it('rebuilds in the background: 404 for an unknown name, 400 for a bad body, 202 (or 409 while one runs), then done', async () => {
    const unknown = await server.request('POST', '/admin/projections/rebuild', { token: admin, body: { name: 'khong-co' } });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(unknown.body).toMatchObject({
      title: 'Không tìm thấy',
      status: 404,
      detail: expect.stringContaining('khong-co'),
      projections: expect.arrayContaining(['de-an-list', 'plan-list']),
    });
    expect((await server.request('POST', '/admin/projections/rebuild', { token: admin, body: { name: 42 } })).status).toBe(400);
    expect((await server.request('POST', '/admin/projections/rebuild', { token: officer, body: {} })).status).toBe(403);

    const [first, second] = await Promise.all([
      server.request('POST', '/admin/projections/rebuild', { token: admin, body: {} }),
      server.request('POST', '/admin/projections/rebuild', { token: admin, body: { name: 'de-an-list' } }),
    ]);
    expect(first.status).toBe(202);
    expect([202, 409]).toContain(second.status);
    if (second.status === 409) expect(second.body).toMatchObject({ title: 'Xung đột trạng thái', status: 409 });
    const accepted = first;
    expect(accepted.body.accepted).toEqual(reply404Names(unknown));

    const deadline = Date.now() + 60_000;
    for (;;) {
      const { body } = await server.request('GET', '/admin/projections', { token: admin });
      const rebuilt = body.projections.filter((p: { name: string }) => accepted.body.accepted.includes(p.name));
      if (rebuilt.every((p: { state: string; rebuild: { phase: string } | null }) => p.state === 'running' && p.rebuild?.phase === 'done')) break;
      if (Date.now() > deadline) throw new Error(`rebuild did not finish: ${JSON.stringify(body)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const list = await server.request('GET', '/de-an', { token: officer });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(8);
  });

  it('shows the projections in /health', async () => {
    const reply = await server.request('GET', '/health');
    expect(reply.status).toBe(200);
    expect(reply.body.details.readModels).toMatchObject({ status: 'up' });
    const owners = reply.body.details.readModels.projections.map((p: { name: string; owner: string }) => [p.name, p.owner]);
    expect(owners).toEqual(
      expect.arrayContaining([
        ['de-an-list', 'this-process'],
        ['plan-list', 'this-process'],
      ]),
    );
  });
});
