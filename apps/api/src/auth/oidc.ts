/**
 * Sign-in through a province's OpenID provider (docs/AUTH.md), with `openid-client`: the
 * authorization code flow with PKCE, state and nonce. The flow's secrets wait in the identity store
 * (any API process may receive the callback), and the state also sits in a short-lived cookie, so a
 * callback only completes in the browser that started it. The provider's user is the directory user
 * with that e-mail address or whose username is the subject (OIDC_MATCH); there is no
 * self-registration: an admin creates the user first.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JWTPayload } from 'jose';
import { APP_CONFIG, AppConfig, IdentityProviderKeys, importEsm, jose, SQL_CLIENT, userIdOf } from '@app/application';
import { READ_MODELS_SCHEMA, usersByEmail } from '@app/projections';
import { SqlClient } from '@app/event-store';

type OpenIdClient = typeof import('openid-client');
type Configuration = import('openid-client').Configuration;

export const OIDC_STATE_COOKIE = 'kc_oidc_state';

export class OidcError extends Error {
  override name = 'OidcError';
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 503,
    readonly detail: string,
    reason: string,
  ) {
    super(reason);
  }
}

@Injectable()
export class OidcSignIn {
  private readonly logger = new Logger('oidc');
  private discovered?: Promise<{ client: OpenIdClient; config: Configuration; keys: IdentityProviderKeys }>;

  constructor(
    @Inject(APP_CONFIG) private readonly settings: AppConfig,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
  ) {}

  get redirectUri(): string {
    return this.settings.OIDC_REDIRECT_URI!;
  }

  get enabled(): boolean {
    return this.settings.OIDC_ISSUER !== undefined;
  }

  /** The provider's configuration, discovered on first use (and again after a failure: the provider may have been down). */
  private provider() {
    if (!this.enabled) throw new OidcError(404, 'Đơn vị chưa cấu hình đăng nhập qua nhà cung cấp định danh (OIDC)', 'OIDC is not configured');
    this.discovered ??= this.discover().catch((error: unknown) => {
      this.discovered = undefined;
      this.logger.error({ msg: 'OpenID provider discovery failed', issuer: this.settings.OIDC_ISSUER, error: String(error) });
      throw new OidcError(503, 'Không kết nối được nhà cung cấp định danh; vui lòng thử lại sau', 'discovery failed');
    });
    return this.discovered;
  }

  private async discover() {
    const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_AUDIENCE } = this.settings;
    const client = await importEsm<OpenIdClient>('openid-client');
    const issuer = new URL(OIDC_ISSUER!);
    const config = await client.discovery(
      issuer,
      OIDC_CLIENT_ID!,
      OIDC_CLIENT_SECRET,
      OIDC_CLIENT_SECRET ? undefined : client.None(),
      // A provider on plain http is for a loopback test or a closed network; production providers are https.
      issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined,
    );
    const metadata = config.serverMetadata();
    const { createRemoteJWKSet } = await jose();
    const keys: IdentityProviderKeys = {
      issuer: metadata.issuer,
      audience: OIDC_AUDIENCE ?? OIDC_CLIENT_ID!,
      jwks: createRemoteJWKSet(new URL(metadata.jwks_uri!)),
    };
    return { client, config, keys };
  }

  /** The keys provider-issued bearer tokens are checked with; undefined without a provider. */
  async tokenKeys(): Promise<IdentityProviderKeys | undefined> {
    if (!this.enabled) return undefined;
    try {
      return (await this.provider()).keys;
    } catch {
      return undefined; // a provider that is down: its tokens cannot be checked, so none is accepted
    }
  }

  /** Where to send the browser, and the state to keep in its cookie. */
  async start(
    returnTo: string,
    identity: { startFlow(flow: { state: string; codeVerifier: string; nonce: string; returnTo: string }): Promise<void> },
  ) {
    const { client, config } = await this.provider();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    await identity.startFlow({ state, codeVerifier, nonce, returnTo });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.OIDC_REDIRECT_URI!,
      scope: 'openid email profile',
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state };
  }

  /**
   * Completes the code flow: the callback's URL as the provider sent it, and the flow found by its
   * state. Resolves to the provider's claims of the user; any mismatch (state, nonce, PKCE, issuer,
   * audience, signature) is an OidcError 401.
   */
  async finish(callbackUrl: URL, flow: { codeVerifier: string; nonce: string }, state: string): Promise<JWTPayload> {
    const { client, config } = await this.provider();
    try {
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedNonce: flow.nonce,
        expectedState: state,
        idTokenExpected: true,
      });
      const claims = tokens.claims()!;
      // A provider may keep the e-mail out of the ID token (as the core spec has it); its userinfo endpoint then tells it.
      if (this.settings.OIDC_MATCH === 'email' && claims.email === undefined) {
        const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
        return { ...claims, email: info.email, email_verified: info.email_verified };
      }
      return claims;
    } catch (error) {
      throw new OidcError(401, 'Đăng nhập qua nhà cung cấp định danh không thành công; vui lòng thử lại', `code grant refused: ${String(error)}`);
    }
  }

  /** The directory user a provider's claims name, by e-mail (verified) or subject as OIDC_MATCH says. */
  async userOf(claims: JWTPayload): Promise<string | undefined> {
    if (this.settings.OIDC_MATCH === 'subject') return typeof claims.sub === 'string' ? userIdOf(claims.sub) : undefined;
    const { email, email_verified: verified } = claims as { email?: unknown; email_verified?: unknown };
    if (typeof email !== 'string' || verified === false) return undefined;
    const ids = await usersByEmail(this.sql, READ_MODELS_SCHEMA, email);
    return ids.length === 1 ? ids[0] : undefined; // two users with one address: neither is taken for the other
  }
}
