/**
 * People sign in (docs/AUTH.md): the admin creates an applicant, an officer and a council, each
 * signs in with their password and does their step, recorded as their directory id; a disabled user
 * is refused at once, live session or not; wrong passwords lock an account until an admin resets
 * it; and an officer signs in through a real OpenID provider on loopback (oidc-provider), whose
 * own ID tokens also serve as bearer tokens — for our audience only.
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { userIdOf } from '@app/application';
import { assignCouncil, commandBody, createUser, expectStatus, registerDeAn, signIn, USER_PASSWORD } from './support/e2e-helpers';
import { E2E_ADMIN_PASSWORD, freePort, startServer, TestServer } from './support/server';
import { M, planBody } from './support/fixtures';

const CLIENT = { client_id: 'khuyen-cong', client_secret: randomBytes(24).toString('hex') };
const OTHER_CLIENT = { client_id: 'another-app', client_secret: randomBytes(24).toString('hex'), redirect_uris: ['http://127.0.0.1:9/cb'] };
const ACCOUNTS = {
  'cb-oidc': { email: 'can.bo@binhdinh.gov.vn', name: 'Cán bộ qua OIDC' },
  stranger: { email: 'nguoi.la@example.vn', name: 'Người lạ' },
};
const MAX_FAILURES = 3;
const LOGIN_LIMIT = 60;

/** The loopback OpenID provider (test/support/oidc-provider.mjs), started for the API on `apiPort`. */
async function startProvider(apiPort: number): Promise<{ issuer: string; child: ChildProcess }> {
  const client = { ...CLIENT, redirect_uris: [`http://127.0.0.1:${apiPort}/api/v1/auth/oidc/callback`] };
  const child = spawn(process.execPath, [join(__dirname, 'support', 'oidc-provider.mjs')], {
    env: { ...process.env, OIDC_TEST_CLIENT: JSON.stringify([client, OTHER_CLIENT]), OIDC_TEST_ACCOUNTS: JSON.stringify(ACCOUNTS) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const issuer = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the OpenID provider did not start: ${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the OpenID provider exited (${code}): ${output}`)));
  });
  return { issuer, child };
}

/** A browser as far as redirects and cookies go (cookies ignore the port, as browsers' do). */
class Browser {
  private readonly cookies = new Map<string, string>();

  /** GETs `url` and follows redirects while `until` says to go on; the last answer. */
  async visit(url: string, until: (url: URL) => boolean = () => false): Promise<{ url: URL; status: number; location?: string }> {
    let current = new URL(url);
    for (let hop = 0; hop < 15; hop++) {
      const response = await fetch(current, { redirect: 'manual', headers: this.cookieHeader() });
      for (const cookie of response.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        const [name, ...value] = pair!.split('=');
        if (/max-age=0|expires=Thu, 01 Jan 1970/i.test(cookie)) this.cookies.delete(name!.trim());
        else this.cookies.set(name!.trim(), value.join('='));
      }
      const location = response.headers.get('location');
      await response.arrayBuffer();
      if (response.status < 300 || response.status >= 400 || !location) return { url: current, status: response.status };
      const next = new URL(location, current);
      if (until(next)) return { url: current, status: response.status, location: next.href };
      current = next;
    }
    throw new Error(`too many redirects from ${url}`);
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  private cookieHeader(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }
}

/** The API's sign-in through the provider, as `account` (the provider's login_hint). */
async function oidcSignIn(server: TestServer, account: string) {
  const browser = new Browser();
  const start = await browser.visit(`${server.base}/api/v1/auth/oidc/login?returnTo=/portal/ho-so`, () => true);
  expect(start.status).toBe(302);
  const toProvider = new URL(start.location!);
  toProvider.searchParams.set('login_hint', account);
  const back = await browser.visit(toProvider.href, (next) => next.pathname === '/portal/ho-so');
  return { browser, back };
}

/** The provider's ID token for `client` by the code flow done by hand (PKCE): what a script holding such a token sends. */
async function providerIdToken(issuer: string, client: { client_id: string; client_secret: string }, redirectUri: string, account: string) {
  const verifier = randomBytes(32).toString('base64url');
  const auth = new URL(`${issuer}/auth`);
  for (const [k, v] of Object.entries({
    client_id: client.client_id,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid email',
    state: randomBytes(8).toString('hex'),
    nonce: randomBytes(8).toString('hex'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    login_hint: account,
    claims: JSON.stringify({ id_token: { email: null, email_verified: null } }),
  }))
    auth.searchParams.set(k, v);
  const landed = await new Browser().visit(auth.href, (next) => next.href.startsWith(redirectUri));
  const code = new URL(landed.location!).searchParams.get('code')!;
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier, ...client }),
  });
  const tokens = (await response.json()) as { id_token?: string };
  if (!tokens.id_token) throw new Error(`no ID token: ${JSON.stringify(tokens)}`);
  return tokens.id_token;
}

describe('people sign in', () => {
  let server: TestServer;
  let provider: { issuer: string; child: ChildProcess };
  let admin: Awaited<ReturnType<typeof signIn>>;
  const ids = { applicant: '', officer: '', chair: '', member: '' };

  beforeAll(async () => {
    // The provider must know the API's callback before the API starts: a port taken meanwhile means both start again on another.
    for (let attempt = 1; ; attempt++) {
      const port = freePort();
      provider = await startProvider(port);
      try {
        server = await startServer(
          {
            OIDC_ISSUER: provider.issuer,
            OIDC_CLIENT_ID: CLIENT.client_id,
            OIDC_CLIENT_SECRET: CLIENT.client_secret,
            OIDC_REDIRECT_URI: `http://127.0.0.1:${port}/api/v1/auth/oidc/callback`,
            LOGIN_MAX_FAILURES: String(MAX_FAILURES),
            LOGIN_ATTEMPTS_PER_MINUTE: String(LOGIN_LIMIT),
          },
          [],
          port,
        );
        break;
      } catch (error) {
        provider.child.kill();
        if (attempt >= 3 || !/EADDRINUSE/.test(String(error))) throw error;
      }
    }
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    provider?.child.kill();
  });

  /** A user's history of acts, as an auditor reads it: who did each. */
  const acts = async (deAnId: string) => {
    const reply = await server.request('GET', `/de-an/${deAnId}/history`, { token: await server.token({ sub: 'ktnn', role: 'auditor' }) });
    return (reply.body.events as { type: string; actor: { sub: string; role: string; name?: string } }[]).map((e) => [
      e.type,
      e.actor.sub,
      e.actor.role,
    ]);
  };

  test('the first admin (ADMIN_PASSWORD) signs in; a wrong password or an unknown user get the same 401, and no session', async () => {
    const wrong = await server.request('POST', '/auth/login', { body: { username: 'admin', password: 'not the password' } });
    const unknown = await server.request('POST', '/auth/login', { body: { username: 'nobody-here', password: 'not the password' } });
    for (const reply of [wrong, unknown]) {
      expect(reply.status).toBe(401);
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(reply.body).toMatchObject({ title: 'Chưa xác thực', detail: 'Tên đăng nhập hoặc mật khẩu không đúng' });
      expect(reply.headers.get('set-cookie')).toBeNull();
    }
    expect(wrong.body.detail).toBe(unknown.body.detail);
    const missing = await server.request('POST', '/auth/login', { body: { username: 'admin' } });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'password' })]);

    admin = await signIn(server, 'admin', E2E_ADMIN_PASSWORD);
    expect(admin.me).toMatchObject({ username: 'admin', role: 'admin', id: userIdOf('admin'), via: 'password' });
    const cookie = (await server.request('POST', '/auth/login', { body: { username: 'admin', password: E2E_ADMIN_PASSWORD } })).headers.get(
      'set-cookie',
    )!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // plain http here; behind TLS (TRUST_PROXY) it is Secure
    const me = await server.request('GET', '/auth/me', { session: admin });
    expect(me.body).toMatchObject({ id: userIdOf('admin'), csrfToken: admin.csrfToken });
  });

  test('the admin creates an applicant, an officer and a council; weak passwords, taken usernames and bad fields are refused', async () => {
    const session = { session: admin };
    ids.applicant = await createUser(server, session, {
      username: 'htx.an.nhon',
      displayName: 'HTX An Nhơn',
      role: 'applicant',
      org: 'htx-an-nhon',
      province: '52',
    });
    ids.officer = await createUser(server, session, {
      username: 'cb.binhdinh',
      displayName: 'Cán bộ Bình Định',
      role: 'officer',
      province: '52',
      email: ACCOUNTS['cb-oidc'].email,
    });
    ids.chair = await createUser(server, session, { username: 'chu.tich', displayName: 'Chủ tịch HĐ', role: 'council', councilEligible: true });
    ids.member = await createUser(server, session, { username: 'uy.vien', displayName: 'Ủy viên HĐ', role: 'council', councilEligible: true });
    expect(ids.applicant).toBe(userIdOf('htx.an.nhon'));

    const taken = await server.request('POST', '/users', {
      session: admin,
      body: { username: 'CB.BinhDinh', displayName: 'X', role: 'officer', province: '52', password: USER_PASSWORD },
    });
    expect(taken.status).toBe(409);
    const weak = await server.request('POST', '/users', {
      session: admin,
      body: { username: 'yeu', displayName: 'Y', role: 'auditor', password: 'aaaaaaaaaaaa' },
    });
    expect(weak.status).toBe(400);
    expect(weak.body.errors).toEqual([expect.objectContaining({ field: 'password' })]);
    const noOrg = await server.request('POST', '/users', {
      session: admin,
      body: { username: 'dn.khong.ma', displayName: 'Z', role: 'applicant', password: USER_PASSWORD },
    });
    expect(noOrg.status).toBe(400);
    const badRole = await server.request('POST', '/users', {
      session: admin,
      body: { username: 'he.thong', displayName: 'S', role: 'system', password: USER_PASSWORD },
    });
    expect(badRole.status).toBe(400);
    expect(badRole.body.errors).toEqual([expect.objectContaining({ field: 'role' })]);

    const officer = await signIn(server, 'cb.binhdinh', USER_PASSWORD);
    const notAdmin = await server.request('POST', '/users', {
      session: officer,
      body: { username: 'x.y.z', displayName: 'X', role: 'admin', password: USER_PASSWORD },
    });
    expect(notAdmin.status).toBe(403);
    expect((await server.request('GET', '/users', { session: officer })).status).toBe(403);
  });

  test('each signs in with their password and does their step, recorded under their directory id', async () => {
    const applicant = await signIn(server, 'htx.an.nhon', USER_PASSWORD);
    const officer = await signIn(server, 'cb.binhdinh', USER_PASSWORD);
    const chair = await signIn(server, 'chu.tich', USER_PASSWORD);
    const member = await signIn(server, 'uy.vien', USER_PASSWORD);
    expect(applicant.me).toMatchObject({ role: 'applicant', org: 'htx-an-nhon', displayName: 'HTX An Nhơn' });

    const deAnId = await registerDeAn(server, { session: applicant });
    await assignCouncil(server, { session: officer }, deAnId, ids.chair, ids.member);
    for (const reviewer of [chair, member]) {
      const review = await server.request('POST', `/de-an/${deAnId}/reviews`, {
        session: reviewer,
        body: commandBody('reviews', { planId: '', chair: ids.chair, member: ids.member }),
      });
      expectStatus(review, 200, 'POST /reviews');
    }
    expect(await acts(deAnId)).toEqual([
      ['DeAnRegistered', ids.applicant, 'applicant'],
      ['CouncilAssigned', ids.officer, 'officer'],
      ['ReviewSubmitted', ids.chair, 'council'],
      ['ReviewSubmitted', ids.member, 'council'],
    ]);
    const plan = await server.request('POST', '/plans', { session: officer, body: planBody({ allocation: 100 * M }) });
    expect(plan.status).toBe(201);
  });

  test('a disabled user is refused at once — their live session too — and cannot sign in again; enabled, they can', async () => {
    const applicant = await signIn(server, 'htx.an.nhon', USER_PASSWORD);
    const other = await signIn(server, 'htx.an.nhon', USER_PASSWORD);
    const disabled = await server.request('PATCH', `/users/${ids.applicant}`, { session: admin, body: { disabled: true } });
    expect(disabled.body).toMatchObject({ status: 'Disabled' });
    for (const session of [applicant, other]) {
      const me = await server.request('GET', '/auth/me', { session });
      expect(me.status).toBe(401);
      const write = await server.request('POST', '/de-an', { session, body: commandBody('register', { planId: '', chair: '', member: '' }) });
      expect(write.status).toBe(401);
    }
    const again = await server.request('POST', '/auth/login', { body: { username: 'htx.an.nhon', password: USER_PASSWORD } });
    expect(again.status).toBe(403);
    expect(again.headers.get('set-cookie')).toBeNull();
    const wrong = await server.request('POST', '/auth/login', { body: { username: 'htx.an.nhon', password: 'wrong password here' } });
    expect(wrong.status).toBe(401); // who does not know the password learns nothing of the account

    await server.request('PATCH', `/users/${ids.applicant}`, { session: admin, body: { disabled: false } });
    expect((await server.request('GET', '/auth/me', { session: await signIn(server, 'htx.an.nhon', USER_PASSWORD) })).status).toBe(200);
  });

  test('a session survives a crash of the server (kill -9 and a new start)', async () => {
    const chair = await signIn(server, 'chu.tich', USER_PASSWORD);
    await server.restart();
    expect((await server.request('GET', '/auth/me', { session: chair })).body).toMatchObject({ id: ids.chair, role: 'council' });
    // The first admin is not created again, and its password is still the one it had.
    admin = await signIn(server, 'admin', E2E_ADMIN_PASSWORD);
  });

  test('a role change counts at the next request of a live session; an admin revokes sessions; logout ends one', async () => {
    const officer = await signIn(server, 'cb.binhdinh', USER_PASSWORD);
    await server.request('PATCH', `/users/${ids.officer}`, { session: admin, body: { role: 'auditor', province: null } });
    expect((await server.request('GET', '/auth/me', { session: officer })).body).toMatchObject({ role: 'auditor' });
    expect((await server.request('POST', '/plans', { session: officer, body: planBody({ allocation: 1 * M }) })).status).toBe(403);
    await server.request('PATCH', `/users/${ids.officer}`, { session: admin, body: { role: 'officer', province: '52' } });

    const listed = await server.request('GET', `/users/${ids.officer}`, { session: admin });
    expect(listed.body.sessions.length).toBeGreaterThan(0);
    const revoked = await server.request('DELETE', `/users/${ids.officer}/sessions`, { session: admin });
    expect(revoked.body.revoked).toBeGreaterThan(0);
    expect((await server.request('GET', '/auth/me', { session: officer })).status).toBe(401);

    const chair = await signIn(server, 'chu.tich', USER_PASSWORD);
    expect((await server.request('POST', '/auth/logout', { session: chair })).status).toBe(204);
    expect((await server.request('GET', '/auth/me', { session: chair })).status).toBe(401);
  });

  test(`${MAX_FAILURES} wrong passwords in a row lock the account (an event by the system) until the admin resets the password`, async () => {
    await createUser(server, { session: admin }, { username: 'tai.chinh', displayName: 'Kế toán', role: 'finance', province: '52' });
    const id = userIdOf('tai.chinh');
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect((await server.request('POST', '/auth/login', { body: { username: 'tai.chinh', password: `sai mat khau ${i}` } })).status).toBe(401);
    }
    const locked = await server.request('POST', '/auth/login', { body: { username: 'tai.chinh', password: USER_PASSWORD } });
    expect(locked.status).toBe(403);
    expect(locked.body.detail).toMatch(/khoá/);
    expect((await server.request('GET', `/users/${id}`, { session: admin })).body).toMatchObject({ locked: true });
    const reset = await server.request('PATCH', `/users/${id}`, { session: admin, body: { password: 'mat-khau-moi-sau-khi-khoa' } });
    expect(reset.body).toMatchObject({ locked: false });
    await signIn(server, 'tai.chinh', 'mat-khau-moi-sau-khi-khoa');
    expect((await server.request('POST', '/auth/login', { body: { username: 'tai.chinh', password: USER_PASSWORD } })).status).toBe(401);
  });

  test('an officer signs in through the loopback OpenID provider (code flow, PKCE), matched to the directory by e-mail', async () => {
    const { browser, back } = await oidcSignIn(server, 'cb-oidc');
    expect(back.location).toBe(`${server.base}/portal/ho-so`);
    const token = browser.cookie('kc_session')!;
    const me = await server.request('GET', '/auth/me', { headers: { cookie: `kc_session=${token}` } });
    expect(me.body).toMatchObject({ id: ids.officer, role: 'officer', province: '52', username: 'cb.binhdinh', via: 'oidc' });

    // The provider's user without a directory entry is refused, and gets no session.
    const stranger = await oidcSignIn(server, 'stranger');
    expect(stranger.back.status).toBe(403);
    expect(stranger.browser.cookie('kc_session')).toBeUndefined();
  });

  test('OIDC: a callback whose state is not the browser’s, or replayed, is refused', async () => {
    const browser = new Browser();
    const start = await browser.visit(`${server.base}/api/v1/auth/oidc/login`, () => true);
    const state = new URL(start.location!).searchParams.get('state')!;
    const forged = await browser.visit(`${server.base}/api/v1/auth/oidc/callback?code=abc&state=${'x'.repeat(43)}`);
    expect(forged.status).toBe(401);
    // Another browser (no state cookie) bringing a genuine state: refused too.
    const elsewhere = await new Browser().visit(`${server.base}/api/v1/auth/oidc/callback?code=abc&state=${state}`);
    expect(elsewhere.status).toBe(401);
    const { browser: done } = await oidcSignIn(server, 'cb-oidc');
    expect(done.cookie('kc_session')).toBeDefined();
  });

  test("the provider's ID token is a bearer token for our audience only", async () => {
    const ours = await providerIdToken(provider.issuer, CLIENT, `${server.base}/api/v1/auth/oidc/callback`, 'cb-oidc');
    const me = await server.request('GET', '/auth/me', { token: ours });
    expect(me.body).toMatchObject({ id: ids.officer, role: 'officer' });
    const theirs = await providerIdToken(provider.issuer, OTHER_CLIENT, OTHER_CLIENT.redirect_uris[0]!, 'cb-oidc');
    const refused = await server.request('GET', '/auth/me', { token: theirs });
    expect(refused.status).toBe(401);
    expect(refused.body.title).toBe('Chưa xác thực');
  });

  test(`logins beyond ${LOGIN_LIMIT} a minute (per username and per address) are refused with 429`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= LOGIN_LIMIT; i++)
      statuses.push((await server.request('POST', '/auth/login', { body: { username: 'ke.do.mat.khau', password: `thu ${i}` } })).status);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
  });
});
