/**
 * HS256 JSON Web Tokens with node:crypto (RFC 7519): a few lines we can audit instead of a
 * dependency. Claims as docs/API.md: sub, role, org (applicants), province (scoped staff), name.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Actor, isOrganisationId, provinceOf, ROLES, Role } from '@app/domain';

export interface Claims {
  readonly sub: string;
  readonly role: Role;
  readonly org?: string;
  readonly province?: string;
  readonly name?: string;
  readonly iat: number;
  readonly exp: number;
}

const b64url = (input: Buffer | string) => Buffer.from(input).toString('base64url');
const HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

export function signToken(claims: Omit<Claims, 'iat' | 'exp'>, key: Buffer, options: { now?: Date; ttlSeconds?: number } = {}): string {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const payload = b64url(JSON.stringify({ ...claims, iat, exp: iat + (options.ttlSeconds ?? 8 * 3600) }));
  const signature = createHmac('sha256', key).update(`${HEADER}.${payload}`).digest('base64url');
  return `${HEADER}.${payload}.${signature}`;
}

export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}

/** No token lives longer than this (exp − iat), whatever its signer asked for. */
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;
/** Clock difference tolerated between the signer and this server. */
const CLOCK_SKEW_SECONDS = 60;

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

export function verifyToken(token: string, key: Buffer, now = new Date()): Actor {
  const parts = token.split('.');
  if (parts.length !== 3) throw new InvalidTokenError('malformed token');
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', key).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidTokenError('bad signature');
  let parsedHeader: unknown;
  let claims: Record<string, unknown>;
  try {
    parsedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new InvalidTokenError('undecodable token');
  }
  if ((parsedHeader as { alg?: unknown })?.alg !== 'HS256') throw new InvalidTokenError('unsupported algorithm');
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new InvalidTokenError('claims are not an object');
  const seconds = now.getTime() / 1000;
  const { exp, iat, nbf } = claims;
  if (typeof exp !== 'number' || exp <= seconds) throw new InvalidTokenError('expired token');
  if (typeof iat !== 'number' || iat > seconds + CLOCK_SKEW_SECONDS) throw new InvalidTokenError('issued in the future');
  if (exp - iat > MAX_TOKEN_LIFETIME_SECONDS) throw new InvalidTokenError('lifetime beyond the cap');
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > seconds + CLOCK_SKEW_SECONDS)) throw new InvalidTokenError('not valid yet');
  return actorFromClaims(claims);
}
