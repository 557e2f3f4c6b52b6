/**
 * HS256 JSON Web Tokens with node:crypto (RFC 7519): a few lines we can audit instead of a
 * dependency. Claims as API.md: sub, role, org (applicants), province (scoped staff), name.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Actor, ROLES, Role } from '@app/domain';

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

export function verifyToken(token: string, key: Buffer, now = new Date()): Actor {
  const parts = token.split('.');
  if (parts.length !== 3) throw new InvalidTokenError('malformed token');
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', key).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidTokenError('bad signature');
  let parsedHeader: unknown;
  let claims: Partial<Claims>;
  try {
    parsedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<Claims>;
  } catch {
    throw new InvalidTokenError('undecodable token');
  }
  if ((parsedHeader as { alg?: unknown })?.alg !== 'HS256') throw new InvalidTokenError('unsupported algorithm');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now.getTime()) throw new InvalidTokenError('expired token');
  if (typeof claims.sub !== 'string' || claims.sub.length === 0 || claims.sub.length > 200) throw new InvalidTokenError('bad subject');
  if (!(ROLES as readonly string[]).includes(claims.role as string)) throw new InvalidTokenError('unknown role');
  if (claims.role === 'applicant' && typeof claims.org !== 'string') throw new InvalidTokenError('an applicant token names its organisation');
  const text = (value: unknown) => (typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined);
  const org = text(claims.org);
  const province = text(claims.province);
  const name = text(claims.name);
  return { sub: claims.sub, role: claims.role as Role, ...(org ? { org } : {}), ...(province ? { province } : {}), ...(name ? { name } : {}) };
}
