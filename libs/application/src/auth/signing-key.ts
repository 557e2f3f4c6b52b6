/**
 * The token signing secrets: JWT_SECRET when set, otherwise a random key created once in DATA_DIR
 * (mode 0600) so that a fresh machine needs no setup and tokens survive restarts. JWT_PREVIOUS_SECRETS
 * (comma-separated) still verify the tokens they signed, so a secret can be rotated without
 * signing everyone out of their scripts at once.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '../config';
import { signingSecret, TokenKeys } from './jwt';

export function signingKey(config: Pick<AppConfig, 'JWT_SECRET' | 'DATA_DIR'>): { key: Buffer; created: boolean; path?: string } {
  if (config.JWT_SECRET) return { key: Buffer.from(config.JWT_SECRET, 'utf8'), created: false };
  const path = join(config.DATA_DIR, 'jwt-signing.key');
  if (existsSync(path)) return { key: Buffer.from(readFileSync(path, 'utf8').trim(), 'base64'), created: false, path };
  mkdirSync(config.DATA_DIR, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, key.toString('base64'), { mode: 0o600, flag: 'wx' });
  return { key, created: true, path };
}

/** The issuer, audience and secrets of this deployment's tokens (the configured defaults unless told). */
export function tokenKeys(key: Buffer, config: Pick<AppConfig, 'JWT_ISSUER' | 'JWT_AUDIENCE' | 'JWT_PREVIOUS_SECRETS'> = new AppConfig()): TokenKeys {
  const previous = (config.JWT_PREVIOUS_SECRETS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => signingSecret(Buffer.from(s, 'utf8')));
  return { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, secrets: [signingSecret(key), ...previous] };
}
