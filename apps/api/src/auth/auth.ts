/**
 * Authentication and role checks for every route: a global guard verifies the bearer token
 * (401 otherwise) and the route's @Roles (403 otherwise). Ownership and scope are checked where
 * the đề án is loaded (access.ts), answering 404 for what the caller may not see.
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

export type AuthenticatedRequest = Request & { actor?: Actor };

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new ProblemException(problem(401, 'Thiếu token xác thực'));
  return actor;
});

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, @Inject(SIGNING_KEY) private readonly key: Buffer) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(header) : null;
    if (!match) throw new ProblemException(problem(401, 'Thiếu hoặc sai định dạng token (Authorization: Bearer …)'));
    try {
      request.actor = verifyToken(match[1]!, this.key);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new ProblemException(problem(401, 'Token không hợp lệ hoặc đã hết hạn'));
      throw error;
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(request.actor.role)) {
      throw new ProblemException(problem(403, `Vai trò ${request.actor.role} không được thực hiện thao tác này`));
    }
    return true;
  }
}
