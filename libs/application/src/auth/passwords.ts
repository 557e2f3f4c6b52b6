/**
 * Password hashes with scrypt, Node's own memory-hard KDF (RFC 7914): a per-user random salt and
 * the parameters in the stored string (`$scrypt$v=1$n=…,r=…,p=…$salt$hash`), so that stronger
 * parameters later rehash a user's password at their next sign-in instead of locking them out.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** 2^15 × 8 × 128 B = 32 MiB per hash: OWASP's scrypt floor is 2^17 × 8 × 1 at 128 MiB; this trades some of it for a 2-core server's login rate. */
const CURRENT = { v: 1, n: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

const derive = (password: string, salt: Buffer, n: number, r: number, p: number) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N: n, r, p, maxmem: 256 * n * r * p }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { v, n, r, p } = CURRENT;
  const key = await derive(password, salt, n, r, p);
  return `$scrypt$v=${v}$n=${n},r=${r},p=${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

const FORMAT = /^\$scrypt\$v=(\d+)\$n=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

/** Whether the password matches the stored hash, and whether the hash should be redone with today's parameters. */
export async function checkPassword(password: string, stored: string): Promise<{ ok: boolean; rehash: boolean }> {
  const m = FORMAT.exec(stored);
  if (!m) return { ok: false, rehash: false };
  const [, v, n, r, p, salt, hash] = m as unknown as [string, string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  const ok = key.length === expected.length && timingSafeEqual(key, expected);
  return { ok, rehash: ok && (Number(v) !== CURRENT.v || Number(n) !== CURRENT.n || Number(r) !== CURRENT.r || Number(p) !== CURRENT.p) };
}

/** Checked against when the username is unknown, so that an unknown user takes as long to refuse as a wrong password. */
let dummy: Promise<string> | undefined;
export const dummyHash = (): Promise<string> => (dummy ??= hashPassword(randomBytes(16).toString('hex')));

/** What an admin-set password must be: 12–200 characters, not all of one kind. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 12) return 'mật khẩu phải có ít nhất 12 ký tự';
  if (password.length > 200) return 'mật khẩu dài quá 200 ký tự';
  if (new Set(password).size < 5) return 'mật khẩu quá đơn giản (cần ít nhất 5 ký tự khác nhau)';
  return undefined;
}

/** A password for the first admin when ADMIN_PASSWORD is not set: 20 random characters. */
export const randomPassword = (): string => randomBytes(15).toString('base64url');
