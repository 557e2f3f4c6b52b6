/**
 * Authentication and role checks for every route, as two global guards with the rate limit between
 * them: the first reads the bearer token (who the caller is, or why not; it refuses nothing), the
 * rate limit then counts per caller — by token subject, or by address for anonymous calls — and the
 * last applies the route's rule: public, or a caller (401) with one of its roles (403). Ownership and
 * scope are checked where the đề án is loaded (libs/access/src/access.ts), answering 404 for
 * what the caller may not see.
 */
import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Actor, Role } from '@app/domain';
import { InvalidTokenError, verifyToken } from '@app/application';
import { problem, ProblemException } from '../http/problem';

export const SIGNING_KEY = Symbol('SIGNING_KEY');
const PUBLIC = 'auth:public';
const ROLES = 'auth:roles';

/** No token needed (health, docs). */
export const Public = () => SetMetadata(PUBLIC, true);
/** Roles that may call the route. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export type AuthenticatedRequest = Request & { actor?: Actor; authError?: string };

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new ProblemException(problem(401, 'Thiếu token xác thực'));
  return actor;
});

/** The rate limit's key: the caller's whole identity when the token is valid, else the client address. */
export const rateLimitTracker = (request: AuthenticatedRequest): string => {
  const { actor } = request;
  return actor ? `user:${[actor.role, actor.org ?? '', actor.province ?? '', actor.sub].join('\u0000')}` : `ip:${request.ip ?? 'unknown'}`;
};

@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(@Inject(SIGNING_KEY) private readonly key: Buffer) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (header === undefined) return true;
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(header);
    if (!match) {
      request.authError = 'Thiếu hoặc sai định dạng token (Authorization: Bearer …)';
      return true;
    }
    try {
      request.actor = verifyToken(match[1]!, this.key);
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      request.authError = 'Token không hợp lệ hoặc đã hết hạn';
    }
    return true;
  }
}

@Injectable()
export class AuthorizationGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!request.actor) throw new ProblemException(problem(401, request.authError ?? 'Thiếu hoặc sai định dạng token (Authorization: Bearer …)'));
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(request.actor.role)) {
      throw new ProblemException(problem(403, `Vai trò ${request.actor.role} không được thực hiện thao tác này`));
    }
    return true;
  }
}
