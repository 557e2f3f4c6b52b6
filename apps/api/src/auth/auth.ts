/**
 * Authentication and role checks for every route, as two global guards with the rate limit between
 * them: the first finds who the caller is — a bearer token or a session cookie (authenticator.ts)
 * — or why not, refusing nothing; the rate limit then counts per caller, or by address for anonymous
 * calls; the last applies the route's rule: public, or a caller (401) with one of its roles (403).
 * Ownership and scope are checked where the đề án is loaded (libs/access/src/access.ts), answering
 * 404 for what the caller may not see.
 */
import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Actor, Role } from '@app/domain';
import { Session } from '@app/application';
import { problem, ProblemException } from '../http/problem';
import { Authentication, Authenticator, MESSAGES } from './authenticator';

const PUBLIC = 'auth:public';
const ROLES = 'auth:roles';

/** No token needed (health, docs). */
export const Public = () => SetMetadata(PUBLIC, true);
/** Roles that may call the route. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export type AuthenticatedRequest = Request & { actor?: Actor; session?: Session; refusal?: Authentication['refusal'] };

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new ProblemException(problem(401, MESSAGES.missing));
  return actor;
});

/** The rate limit's key: the caller's whole identity when the token is valid, else the client address. */
export const rateLimitTracker = (request: AuthenticatedRequest): string => {
  const { actor } = request;
  return actor ? `user:${[actor.role, actor.org ?? '', actor.province ?? '', actor.sub].join('\u0000')}` : `ip:${request.ip ?? 'unknown'}`;
};

@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(private readonly authenticator: Authenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const { actor, session, refusal } = await this.authenticator.authenticate(request);
    Object.assign(request, { actor: refusal ? undefined : actor, session, refusal });
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
    if (request.refusal) throw new ProblemException(problem(request.refusal.status, request.refusal.detail));
    if (!request.actor) throw new ProblemException(problem(401, MESSAGES.missing));
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(request.actor.role)) {
      throw new ProblemException(problem(403, `Vai trò ${request.actor.role} không được thực hiện thao tác này`));
    }
    return true;
  }
}
