// tokenKeys takes the configured defaults from AppConfig, a decorated class.
import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { randomBytes, scryptSync } from 'node:crypto';
import { InvalidTokenError, jose, signToken, verifyToken } from './jwt';
import { tokenKeys } from './signing-key';
import { checkPassword, hashPassword } from './passwords';

const key = randomBytes(32);
const keys = tokenKeys(key);
const officer = { sub: 'cb-52', role: 'officer', province: '52' } as const;
const refused = (promise: Promise<unknown>, reason?: string) =>
  expect(promise).rejects.toThrow(reason ? expect.objectContaining({ name: 'InvalidTokenError', message: reason }) : InvalidTokenError);

describe('bearer tokens (jose)', () => {
  it('a token we signed names its actor, its key by kid, our issuer and audience', async () => {
    const token = await signToken(officer, keys);
    const { decodeProtectedHeader, decodeJwt } = await jose();
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'HS256', kid: keys.secrets[0].kid });
    expect(decodeJwt(token)).toMatchObject({ iss: 'khuyen-cong', aud: 'khuyen-cong-api', sub: 'cb-52' });
    await expect(verifyToken(token, keys)).resolves.toEqual({ kind: 'local', actor: officer });
  });

  it('a rotated secret still verifies its tokens until they expire; an unknown kid does not', async () => {
    const old = tokenKeys(randomBytes(32));
    const rotated = { ...keys, secrets: [keys.secrets[0], old.secrets[0]] as const };
    await expect(verifyToken(await signToken(officer, old), rotated)).resolves.toMatchObject({ kind: 'local' });
    await refused(verifyToken(await signToken(officer, old), keys), 'unknown key id');
  });

  it('refuses another issuer or audience, an expired token, a lifetime beyond the cap, and alg none', async () => {
    await refused(verifyToken(await signToken(officer, { ...keys, issuer: 'other' }), keys));
    await refused(verifyToken(await signToken(officer, { ...keys, audience: 'other' }), keys));
    await refused(verifyToken(await signToken(officer, keys, { now: new Date(Date.now() - 9 * 3600_000) }), keys));
    await refused(verifyToken(await signToken(officer, keys, { ttlSeconds: 25 * 3600 }), keys), 'lifetime beyond the cap');
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    await refused(verifyToken(`${b64({ alg: 'none' })}.${b64({ ...officer, exp: 4e9, iat: 1 })}.`, keys));
  });

  it("an identity provider's RS256 token is checked against its JWKS: issuer, audience, signature", async () => {
    const { generateKeyPair, exportJWK, createLocalJWKSet, SignJWT } = await jose();
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'idp-1', alg: 'RS256' }] });
    const idp = { issuer: 'https://idp.binhdinh.gov.vn', audience: 'khuyen-cong', jwks };
    const issue = (claims: Record<string, unknown>) =>
      new SignJWT({ email: 'cb@binhdinh.gov.vn', ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'idp-1' })
        .setSubject('idp-user-7')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey);
    await expect(verifyToken(await issue({ iss: idp.issuer, aud: 'khuyen-cong' }), keys, async () => idp)).resolves.toMatchObject({
      kind: 'idp',
      claims: { sub: 'idp-user-7', email: 'cb@binhdinh.gov.vn' },
    });
    await refused(verifyToken(await issue({ iss: idp.issuer, aud: 'someone-else' }), keys, async () => idp));
    await refused(verifyToken(await issue({ iss: 'https://evil.example', aud: 'khuyen-cong' }), keys, async () => idp));
    await refused(verifyToken(await issue({ iss: idp.issuer, aud: 'khuyen-cong' }), keys)); // no provider configured
  });
});

describe('password hashes (scrypt)', () => {
  it('checks a password against its salted hash, and asks for a rehash of older parameters', async () => {
    const hash = await hashPassword('mật khẩu đủ dài 2026');
    expect(hash).toMatch(/^\$scrypt\$v=1\$n=32768,r=8,p=1\$/);
    expect(await hashPassword('mật khẩu đủ dài 2026')).not.toBe(hash); // per-user salt
    await expect(checkPassword('mật khẩu đủ dài 2026', hash)).resolves.toEqual({ ok: true, rehash: false });
    await expect(checkPassword('mật khẩu sai', hash)).resolves.toEqual({ ok: false, rehash: false });
    const salt = randomBytes(16);
    const older = `$scrypt$v=1$n=16384,r=8,p=1$${salt.toString('base64url')}$${scryptSync('cũ', salt, 32, { N: 16384 }).toString('base64url')}`;
    await expect(checkPassword('cũ', older)).resolves.toEqual({ ok: true, rehash: true });
  });
});
