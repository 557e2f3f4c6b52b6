/**
 * Bearer tokens (RFC 7519) signed and checked by `jose`: HS256 tokens this deployment issues (the
 * CLI's, for machines and scripts), each naming its key by `kid` so that a rotated secret keeps
 * its tokens valid until they expire, and, when an OpenID provider is configured, the RS/ES tokens
 * it issues, checked against its JWKS. Every token must name our issuer and audience, carry exp and
 * iat, and live at most MAX_TOKEN_LIFETIME_SECONDS. Claims of our tokens as docs/API.md: sub, role,
 * org (applicants), province (scoped staff), name.
 */
import { createHash } from 'node:crypto';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { Actor, isOrganisationId, provinceOf, ROLES, Role } from '@app/domain';
import { importEsm } from './esm';

export interface Claims {
  readonly sub: string;
  readonly role: Role;
  readonly org?: string;
  readonly province?: string;
  readonly name?: string;
}

export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}

/** No token lives longer than this (exp − iat), whatever its signer asked for. */
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;
/** Clock difference tolerated between the signer and this server. */
const CLOCK_SKEW_SECONDS = 60;

/** A signing secret and the id tokens name it by: the first 16 characters of its SHA-256, so the kid tells nothing of the secret. */
export interface SigningSecret {
  readonly kid: string;
  readonly secret: Uint8Array;
}
export const signingSecret = (secret: Buffer): SigningSecret => ({
  kid: createHash('sha256').update(secret).digest('base64url').slice(0, 16),
  secret: new Uint8Array(secret),
});

/** What our tokens must say and which secrets sign them: the first signs, all verify (rotation). */
export interface TokenKeys {
  readonly issuer: string;
  readonly audience: string;
  readonly secrets: readonly [SigningSecret, ...SigningSecret[]];
}

/** An OpenID provider whose access or ID tokens are accepted as bearer tokens. */
export interface IdentityProviderKeys {
  readonly issuer: string;
  readonly audience: string;
  readonly jwks: JWTVerifyGetKey;
}

type Jose = typeof import('jose');
let loaded: Promise<Jose> | undefined;
export const jose = (): Promise<Jose> => (loaded ??= importEsm<Jose>('jose'));

export async function signToken(claims: Claims, keys: TokenKeys, options: { now?: Date; ttlSeconds?: number } = {}): Promise<string> {
  const { SignJWT } = await jose();
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const { sub, ...rest } = claims;
  const [signer] = keys.secrets;
  return new SignJWT({ ...rest })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: signer.kid })
    .setSubject(sub)
    .setIssuer(keys.issuer)
    .setAudience(keys.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.ttlSeconds ?? 8 * 3600))
    .sign(signer.secret);
}

/**
 * The actor a token's claims name — or InvalidTokenError. Scope claims fail closed: a `province` or
 * `org` that is present but not a well-formed value (a number, "", an unknown province, an
 * organisation id outside its character set) makes the token invalid, never a token of wider scope.
 */
export function actorFromClaims(claims: Readonly<Record<string, unknown>>): Actor {
  const { sub, role, org, province, name } = claims;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 200 || sub.trim() !== sub) throw new InvalidTokenError('bad subject');
  if (!(ROLES as readonly string[]).includes(role as string)) throw new InvalidTokenError('unknown role');
  if (org !== undefined && !isOrganisationId(org)) throw new InvalidTokenError('malformed organisation claim');
  if (province !== undefined && (typeof province !== 'string' || provinceOf(province) === undefined))
    throw new InvalidTokenError('malformed province claim');
  if (name !== undefined && (typeof name !== 'string' || name.length === 0 || name.length > 200)) throw new InvalidTokenError('malformed name claim');
  if (role === 'applicant' && org === undefined) throw new InvalidTokenError('an applicant token names its organisation');
  return {
    sub,
    role: role as Role,
    ...(org ? { org: org as string } : {}),
    ...(province ? { province: province as string } : {}),
    ...(name ? { name: name as string } : {}),
  };
}

/** A verified token: our own names its actor; an identity provider's only its claims (the directory says who that is). */
export type VerifiedToken = { readonly kind: 'local'; readonly actor: Actor } | { readonly kind: 'idp'; readonly claims: JWTPayload };

const HMAC = ['HS256'];
const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];

/** `idp` is asked for only when the token is signed asymmetrically (so that a provider that is down never slows our own tokens). */
export async function verifyToken(
  token: string,
  keys: TokenKeys,
  idp?: () => Promise<IdentityProviderKeys | undefined>,
  now = new Date(),
): Promise<VerifiedToken> {
  const { jwtVerify, decodeProtectedHeader, errors } = await jose();
  let alg: string | undefined;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    throw new InvalidTokenError('undecodable token');
  }
  const common = {
    currentDate: now,
    clockTolerance: CLOCK_SKEW_SECONDS,
    maxTokenAge: MAX_TOKEN_LIFETIME_SECONDS,
    requiredClaims: ['exp', 'iat', 'sub'],
  };
  try {
    if (alg !== undefined && HMAC.includes(alg)) {
      const { payload } = await jwtVerify(
        token,
        ({ kid }) => {
          const secret = keys.secrets.find((s) => s.kid === kid);
          if (!secret) throw new InvalidTokenError('unknown key id');
          return secret.secret;
        },
        { ...common, algorithms: HMAC, issuer: keys.issuer, audience: keys.audience },
      );
      checkLifetime(payload);
      return { kind: 'local', actor: actorFromClaims(payload) };
    }
    const provider = alg !== undefined && ASYMMETRIC.includes(alg) ? await idp?.() : undefined;
    if (provider) {
      const { payload } = await jwtVerify(token, provider.jwks, {
        ...common,
        algorithms: ASYMMETRIC,
        issuer: provider.issuer,
        audience: provider.audience,
      });
      checkLifetime(payload);
      return { kind: 'idp', claims: payload };
    }
  } catch (error) {
    if (error instanceof InvalidTokenError) throw error;
    if (error instanceof errors.JOSEError) throw new InvalidTokenError(error.code);
    throw error;
  }
  throw new InvalidTokenError('unsupported algorithm');
}

function checkLifetime(payload: JWTPayload): void {
  if (payload.exp! - payload.iat! > MAX_TOKEN_LIFETIME_SECONDS) throw new InvalidTokenError('lifetime beyond the cap');
}
