/**
 * A real OpenID provider on loopback for the end-to-end tests: `oidc-provider` (a certified
 * implementation), with one confidential client and the accounts the test names. The provider's
 * login page is replaced by the smallest honest stand-in: the account is the one the browser asks
 * for with the standard `login_hint` parameter (the user typing their name), and consent is given
 * for the scopes requested. Everything else — discovery, PKCE, state, nonce, the code exchange,
 * signed ID tokens, JWKS — is the provider's own.
 *
 * Env: OIDC_TEST_CLIENT (JSON: a client or a list, each client_id, client_secret, redirect_uris), OIDC_TEST_ACCOUNTS (JSON:
 * { accountId: { email, name } }). Prints `listening <issuer>` once it accepts connections.
 */
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const clients = [JSON.parse(process.env.OIDC_TEST_CLIENT)].flat();
const accounts = JSON.parse(process.env.OIDC_TEST_ACCOUNTS);

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: clients.map((client) => ({
    ...client,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  })),
  cookies: { keys: ['oidc-test-cookie-key-not-a-secret'] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  pkce: { required: () => true },
  // The claims parameter lets a test ask for the e-mail in the ID token itself (by default it is only at userinfo).
  features: { devInteractions: { enabled: false }, claimsParameter: { enabled: true } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(_ctx, accountId) {
    const account = accounts[accountId];
    if (!account) return undefined;
    return { accountId, claims: async () => ({ sub: accountId, email: account.email, email_verified: true, name: account.name }) };
  },
});

provider.use(async (ctx, next) => {
  const match = /^\/interaction\/([\w-]+)$/.exec(ctx.path);
  if (!match || ctx.method !== 'GET') return next();
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const accountId = details.params.login_hint;
  if (typeof accountId !== 'string' || !accounts[accountId]) {
    const result = { error: 'access_denied', error_description: 'unknown account' };
    ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false }));
    return;
  }
  const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  grant.addOIDCClaims(details.prompt.details.missingOIDCClaims ?? []); // claims asked for by name (the claims parameter)
  const result = { login: { accountId }, consent: { grantId: await grant.save() } };
  ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false }));
});

server.on('request', provider.callback());
console.log(`listening ${issuer}`);
