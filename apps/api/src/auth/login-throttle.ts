/**
 * The login's own rate limits, besides the per-caller one every route has: attempts per username
 * (guessing one account's password from many addresses) and per address (one address trying many
 * accounts). Each process counts its own (the throttler's memory); the lockout after
 * LOGIN_MAX_FAILURES wrong passwords is the limit all processes share.
 */
import { ExecutionContext, SetMetadata } from '@nestjs/common';
import type { ThrottlerOptions } from '@nestjs/throttler';
import type { Request } from 'express';

const LOGIN_ATTEMPT = 'auth:login-attempt';
/** The route is a login attempt: the login throttlers count it (they skip every other route). */
export const LoginAttempt = () => SetMetadata(LOGIN_ATTEMPT, true);
const notALogin = (context: ExecutionContext) => Reflect.getMetadata(LOGIN_ATTEMPT, context.getHandler()) !== true;

const usernameOf = (request: Record<string, unknown>) => {
  const { username } = ((request as unknown as Request).body ?? {}) as { username?: unknown };
  return `username:${typeof username === 'string' ? username.trim().toLowerCase().slice(0, 200) : ''}`;
};

export const loginThrottlers = (perMinute: number): ThrottlerOptions[] => [
  { name: 'login-username', ttl: 60_000, limit: perMinute, skipIf: notALogin, getTracker: usernameOf },
  {
    name: 'login-address',
    ttl: 60_000,
    limit: perMinute,
    skipIf: notALogin,
    getTracker: (request) => `address:${(request as unknown as Request).ip ?? 'unknown'}`,
  },
];
