/** Sign-in and sign-out (docs/API.md, docs/AUTH.md): password, OpenID Connect, and who is signed in. */
import { Body, Controller, Get, HttpCode, Inject, Logger, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { parse as parseCookies } from 'cookie';
import { Actor } from '@app/domain';
import { LoginResult, Session, UserDirectory } from '@app/application';
import { problem, ProblemException } from '../http/problem';
import { LoginDto } from '../users/users.dto';
import { AuthenticatedRequest, CurrentActor, Public } from './auth';
import { Authenticator, USER_DIRECTORY } from './authenticator';
import { OIDC_STATE_COOKIE, OidcError, OidcSignIn } from './oidc';
import { LoginAttempt } from './login-throttle';

const REFUSED: Record<Exclude<LoginResult, { ok: true }>['reason'], { status: 401 | 403; detail: string }> = {
  'wrong-credentials': { status: 401, detail: 'Tên đăng nhập hoặc mật khẩu không đúng' },
  disabled: { status: 403, detail: 'Tài khoản đã bị vô hiệu hoá; liên hệ quản trị viên' },
  locked: { status: 403, detail: 'Tài khoản tạm khoá do đăng nhập sai nhiều lần; liên hệ quản trị viên để đặt lại mật khẩu' },
};

/** A path of this site to return to after sign-in: relative, never `//host` or a scheme (no open redirect). */
const safeReturnTo = (value: unknown): string => (typeof value === 'string' && /^\/(?![/\\])[\x21-\x7e]{0,500}$/.test(value) ? value : '/');

@ApiTags('đăng nhập')
@Controller('auth')
export class AuthController {
  private readonly logger = new Logger('auth');

  constructor(
    @Inject(USER_DIRECTORY) private readonly directory: UserDirectory,
    private readonly authenticator: Authenticator,
    private readonly oidc: OidcSignIn,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @LoginAttempt()
  @ApiOperation({ summary: 'Đăng nhập bằng mật khẩu: đặt cookie phiên; các thao tác ghi gửi kèm X-CSRF-Token' })
  async login(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const result = await this.directory.login(dto.username, dto.password, { address: req.ip, userAgent: req.headers['user-agent'] });
    this.logger.log({ msg: 'password login', username: dto.username.slice(0, 200), outcome: result.ok ? 'ok' : result.reason, address: req.ip });
    if (!result.ok) throw new ProblemException(problem(REFUSED[result.reason].status, REFUSED[result.reason].detail));
    this.authenticator.setSessionCookie(req, res, result.token, result.session.expiresAt);
    return this.me(result.actor, result.session);
  }

  @Get('options')
  @Public()
  @ApiOperation({ summary: 'Các cách đăng nhập của đơn vị (mật khẩu; nhà cung cấp định danh nếu có)' })
  options() {
    return { password: true, oidc: this.oidc.enabled };
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Đăng xuất: kết thúc phiên và xoá cookie' })
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const token = this.authenticator.sessionToken(req);
    if (token) await this.directory.identity.endSession(token);
    this.authenticator.clearSessionCookie(req, res);
  }

  @Get('me')
  @ApiOperation({ summary: 'Người đang đăng nhập, và csrfToken của phiên' })
  async whoAmI(@CurrentActor() actor: Actor, @Req() req: AuthenticatedRequest) {
    return this.me(actor, req.session);
  }

  private async me(actor: Actor, session: Session | undefined) {
    const user = session ? await this.directory.state(session.userId) : undefined;
    const profile = user?.state.status === 'Active' ? user.state.profile : undefined;
    return {
      id: actor.sub,
      ...(profile ? { username: profile.username, email: profile.email, councilEligible: profile.councilEligible } : {}),
      displayName: actor.name ?? actor.sub,
      role: actor.role,
      ...(actor.org ? { org: actor.org } : {}),
      ...(actor.province ? { province: actor.province } : {}),
      ...(session ? { csrfToken: session.csrfToken, via: session.via, sessionExpiresAt: session.expiresAt.toISOString() } : { via: 'token' }),
    };
  }

  @Get('oidc/login')
  @Public()
  @ApiOperation({ summary: 'Đăng nhập qua nhà cung cấp định danh của tỉnh (OpenID Connect): chuyển hướng tới trang đăng nhập của họ' })
  @ApiQuery({ name: 'returnTo', required: false, description: 'Trang của cổng để quay về sau khi đăng nhập (đường dẫn tương đối)' })
  async oidcLogin(@Query('returnTo') returnTo: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { url, state } = await this.oidcStep(() => this.oidc.start(safeReturnTo(returnTo), this.directory.identity));
    res.cookie(OIDC_STATE_COOKIE, state, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/api/v1/auth/oidc', maxAge: 10 * 60_000 });
    res.redirect(302, url);
  }

  @Get('oidc/callback')
  @Public()
  @ApiOperation({ summary: 'Nhà cung cấp định danh chuyển trình duyệt về đây sau khi đăng nhập' })
  async oidcCallback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const state = typeof req.query.state === 'string' ? req.query.state : undefined;
    const cookieState = parseCookies(typeof req.headers.cookie === 'string' ? req.headers.cookie : '')[OIDC_STATE_COOKIE];
    res.clearCookie(OIDC_STATE_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/api/v1/auth/oidc' });
    const result = await this.oidcStep(async () => {
      if (!state || state !== cookieState)
        throw new OidcError(401, 'Phiên đăng nhập qua nhà cung cấp định danh không khớp (state); vui lòng đăng nhập lại', 'state mismatch');
      const flow = await this.directory.identity.takeFlow(state);
      if (!flow)
        throw new OidcError(
          401,
          'Phiên đăng nhập qua nhà cung cấp định danh đã hết hạn hoặc đã dùng; vui lòng đăng nhập lại',
          'unknown or used state',
        );
      // The URL as the provider sent it: this API's registered redirect URI with the callback's query.
      const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
      const callbackUrl = new URL(query, this.oidc.redirectUri);
      const claims = await this.oidc.finish(callbackUrl, flow, state);
      const userId = await this.oidc.userOf(claims);
      if (!userId)
        throw new OidcError(
          403,
          'Tài khoản nhà cung cấp định danh chưa có trong danh bạ người dùng; liên hệ quản trị viên',
          'no directory user for the claims',
        );
      const login = await this.directory.loginFederated(userId, { address: req.ip, userAgent: req.headers['user-agent'] });
      this.logger.log({ msg: 'oidc login', userId, outcome: login.ok ? 'ok' : login.reason, address: req.ip });
      if (!login.ok) throw new OidcError(403, REFUSED[login.reason].detail, login.reason);
      return { login, returnTo: flow.returnTo };
    });
    this.authenticator.setSessionCookie(req, res, result.login.token, result.login.session.expiresAt);
    res.redirect(303, result.returnTo);
  }

  /** An OIDC step whose failure is a problem the user can act on, logged without secrets. */
  private async oidcStep<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof OidcError)) throw error;
      this.logger.warn({ msg: 'oidc login refused', reason: error.message });
      throw new ProblemException(problem(error.status, error.detail));
    }
  }
}
