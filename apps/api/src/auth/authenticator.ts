/**
 * Who a request comes from (docs/AUTH.md): a bearer token — ours (HS256, claims name the actor) or
 * the identity provider's (RS/ES, the directory says who that is) — or the session cookie of a
 * signed-in user, whose directory entry is read on every request, so that disabling a user or
 * changing their role counts at once. A write carried by the cookie must echo the session's CSRF
 * token in X-CSRF-Token. Nothing here refuses a request: it says who, or why not, and the
 * authorization guard decides.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { parse as parseCookies } from 'cookie';
import { Actor } from '@app/domain';
import { InvalidTokenError, Session, TokenKeys, UserDirectory, verifyToken } from '@app/application';
import { OidcSignIn } from './oidc';

export const TOKEN_KEYS = Symbol('TOKEN_KEYS');
export const USER_DIRECTORY = Symbol('USER_DIRECTORY');

export const SESSION_COOKIE = 'kc_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface Authentication {
  readonly actor?: Actor;
  readonly session?: Session;
  /** Why there is no actor (401), or why the actor may not make this request (403). */
  readonly refusal?: { readonly status: 401 | 403; readonly detail: string };
}

export const MESSAGES = {
  malformed: 'Thiếu hoặc sai định dạng token (Authorization: Bearer …)',
  invalidToken: 'Token không hợp lệ hoặc đã hết hạn',
  noSession: 'Phiên đăng nhập không còn hiệu lực; vui lòng đăng nhập lại',
  inactive: 'Tài khoản đã bị vô hiệu hoá hoặc tạm khoá; liên hệ quản trị viên',
  unknownIdpUser: 'Tài khoản nhà cung cấp định danh chưa có trong danh bạ người dùng; liên hệ quản trị viên',
  csrf: 'Thiếu hoặc sai mã chống giả mạo (X-CSRF-Token); tải lại trang và thử lại',
  missing: 'Chưa đăng nhập (phiên đăng nhập hoặc Authorization: Bearer …)',
} as const;

@Injectable()
export class Authenticator {
  private readonly logger = new Logger('auth');

  constructor(
    @Inject(TOKEN_KEYS) private readonly keys: TokenKeys,
    @Inject(USER_DIRECTORY) private readonly directory: UserDirectory,
    private readonly oidc: OidcSignIn,
  ) {}

  /** `csrf: false` only where the caller checks the write's origin itself (the queue board). */
  async authenticate(request: Request, options = { csrf: true }): Promise<Authentication> {
    const header = request.headers.authorization;
    if (header !== undefined) return this.fromBearer(request, header);
    const token = this.sessionToken(request);
    if (token !== undefined) return this.fromSession(request, token, options.csrf);
    return {};
  }

  sessionToken(request: Request): string | undefined {
    const header = request.headers.cookie;
    if (typeof header !== 'string') return undefined;
    const token = parseCookies(header)[SESSION_COOKIE];
    return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : undefined;
  }

  setSessionCookie(request: Request, response: Response, token: string, expiresAt: Date): void {
    response.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: request.secure, path: '/', expires: expiresAt });
  }

  clearSessionCookie(request: Request, response: Response): void {
    response.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: request.secure, path: '/' });
  }

  private async fromBearer(request: Request, header: string): Promise<Authentication> {
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(header);
    if (!match) return this.refuse(request, 401, MESSAGES.malformed, 'malformed authorization header');
    try {
      const verified = await verifyToken(match[1]!, this.keys, () => this.oidc.tokenKeys());
      if (verified.kind === 'local') return { actor: verified.actor };
      const userId = await this.oidc.userOf(verified.claims);
      if (!userId) return this.refuse(request, 403, MESSAGES.unknownIdpUser, 'identity provider token of no directory user');
      const { actor } = await this.directory.actorOf(userId);
      return actor ? { actor } : this.refuse(request, 403, MESSAGES.inactive, 'identity provider token of an inactive user', userId);
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      return this.refuse(request, 401, MESSAGES.invalidToken, `invalid token: ${error.message}`);
    }
  }

  private async fromSession(request: Request, token: string, csrf: boolean): Promise<Authentication> {
    const session = await this.directory.identity.session(token);
    if (!session) return this.refuse(request, 401, MESSAGES.noSession, 'unknown, expired or revoked session');
    const { actor } = await this.directory.actorOf(session.userId);
    if (!actor) return this.refuse(request, 403, MESSAGES.inactive, 'session of an inactive user', session.userId);
    if (csrf && !SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== session.csrfToken) {
      return { ...this.refuse(request, 403, MESSAGES.csrf, 'cookie-authenticated write without its CSRF token', session.userId), session };
    }
    return { actor, session };
  }

  /** The refusal, logged with what it was about and never a secret (no token, cookie or password). */
  private refuse(request: Request, status: 401 | 403, detail: string, reason: string, userId?: string): Authentication {
    this.logger.warn({ msg: 'authentication refused', reason, userId, method: request.method, path: request.path, address: request.ip });
    return { refusal: { status, detail } };
  }
}
