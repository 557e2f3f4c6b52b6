/**
 * The token signing key: JWT_SECRET when set, otherwise a random key created once in DATA_DIR
 * (mode 0600) so that a fresh machine needs no setup and tokens survive restarts.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function signingKey(config: { JWT_SECRET?: string; DATA_DIR: string }): { key: Buffer; created: boolean; path?: string } {
  if (config.JWT_SECRET) return { key: Buffer.from(config.JWT_SECRET, 'utf8'), created: false };
  const path = join(config.DATA_DIR, 'jwt-signing.key');
  if (existsSync(path)) return { key: Buffer.from(readFileSync(path, 'utf8').trim(), 'base64'), created: false, path };
  mkdirSync(config.DATA_DIR, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, key.toString('base64'), { mode: 0o600, flag: 'wx' });
  return { key, created: true, path };
}
