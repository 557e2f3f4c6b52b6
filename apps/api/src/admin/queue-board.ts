/**
 * Bull Board at /admin/queues, for admins only. A browser cannot send a bearer header when it opens
 * a page, so `/admin/queues?token=…` checks the token, keeps it in an HttpOnly, SameSite=Strict
 * cookie scoped to this path (Secure when the request came over TLS, as TRUST_PROXY lets a proxy
 * tell), and redirects to the board without it; API clients may send `Authorization: Bearer …`, and
 * an admin signed in to the portal is let in by their session cookie.
 * The board can retry and remove jobs: a write carried by the cookie must come from this origin
 * (Origin or Referer), so another site cannot make an admin's browser send one. When Redis is down
 * the board answers 503 at once instead of waiting on it.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import type { Authentication } from '../auth/authenticator';

export const QUEUE_BOARD_PATH = '/admin/queues';
const COOKIE = 'kc_queues_token';

type Middleware = (req: Request, res: Response, next: NextFunction) => void;

/** How long the board waits for Redis before answering 503; and for its own answer, if Redis goes away meanwhile. */
const REDIS_WAIT_MS = 1_000;
const BOARD_ANSWER_MS = 8_000;

export function queueBoard(
  queues: readonly Queue[],
  authenticate: (req: Request, options: { csrf: boolean }) => Promise<Authentication>,
  redisReady: (ms: number) => Promise<boolean>,
): [Middleware, Middleware, ReturnType<ExpressAdapter['getRouter']>] {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: false })), serverAdapter: adapter });
  const down = (res: Response) => refuse(res, 503, 'Không kết nối được Redis: hàng đợi tạm thời không xem được, hãy thử lại sau');
  const whenRedisUp: Middleware = (_req, res, next) => {
    // Redis may also go away after the check (its queue commands then wait for it): the board answers within BOARD_ANSWER_MS all the same.
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      down(res);
      // The board's own answer, if it ever comes, is dropped: this one was sent.
      res.send = () => res;
      res.json = () => res;
    }, BOARD_ANSWER_MS);
    res.once('close', () => clearTimeout(timer));
    redisReady(REDIS_WAIT_MS).then((ready) => (ready ? next() : down(res)), next);
  };
  return [adminOnly(authenticate), whenRedisUp, adapter.getRouter()];
}

const refuse = (res: Response, status: 401 | 403 | 503, title: string) =>
  res
    .status(status)
    .type('application/problem+json')
    .send(JSON.stringify({ type: 'about:blank', status, title }));

/** Whether a request comes from a page of this origin (a write carried by the cookie must). */
function sameOrigin(req: Request): boolean {
  const from = req.headers.origin ?? req.headers.referer;
  if (typeof from !== 'string') return false;
  try {
    const url = new URL(from);
    return url.host === req.headers.host && url.protocol === `${req.protocol}:`;
  } catch {
    return false;
  }
}

function adminOnly(authenticate: (req: Request, options: { csrf: boolean }) => Promise<Authentication>): Middleware {
  return (req, res, next) => {
    const fromQuery = typeof req.query.token === 'string' ? req.query.token : undefined;
    const header = req.headers.authorization;
    const kept = fromQuery ?? cookie(req.headers.cookie, COOKIE);
    // A token from the query or this board's cookie is checked as if it had come as a bearer header.
    if (header === undefined && kept !== undefined) req.headers.authorization = `Bearer ${kept}`;
    authenticate(req, { csrf: false }).then(({ actor, refusal }) => {
      if (refusal) return refuse(res, refusal.status, refusal.detail);
      if (!actor) return refuse(res, 401, 'Thiếu token xác thực (Authorization: Bearer … hoặc ?token=…)');
      if (actor.role !== 'admin') return refuse(res, 403, `Vai trò ${actor.role} không được xem hàng đợi`);
      const write = !['GET', 'HEAD', 'OPTIONS'].includes(req.method);
      if (write && header === undefined && !sameOrigin(req))
        return refuse(res, 403, 'Thao tác trên hàng đợi phải gửi từ chính trang quản trị (Origin khác)');
      if (fromQuery) {
        res.cookie(COOKIE, fromQuery, { httpOnly: true, sameSite: 'strict', path: QUEUE_BOARD_PATH, secure: req.secure });
        return res.redirect(303, QUEUE_BOARD_PATH);
      }
      return next();
    }, next);
  };
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}
