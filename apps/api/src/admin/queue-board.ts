/**
 * Bull Board at /admin/queues, for admins only. A browser cannot send a bearer header when it opens
 * a page, so `/admin/queues?token=…` checks the token, keeps it in an HttpOnly cookie scoped to this
 * path, and redirects to the board without it; API clients may send `Authorization: Bearer …`.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { InvalidTokenError, verifyToken } from '@app/application';

export const QUEUE_BOARD_PATH = '/admin/queues';
const COOKIE = 'kc_queues_token';

export function queueBoard(queues: readonly Queue[], key: Buffer): [(req: Request, res: Response, next: NextFunction) => void, ReturnType<ExpressAdapter['getRouter']>] {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: false })), serverAdapter: adapter });
  return [adminOnly(key), adapter.getRouter()];
}

function adminOnly(key: Buffer) {
  return (req: Request, res: Response, next: NextFunction) => {
    const fromQuery = typeof req.query.token === 'string' ? req.query.token : undefined;
    const header = req.headers.authorization?.match(/^Bearer (\S+)$/)?.[1];
    const token = fromQuery ?? header ?? cookie(req.headers.cookie, COOKIE);
    const refuse = (status: 401 | 403, title: string) =>
      res.status(status).type('application/problem+json').send(JSON.stringify({ type: 'about:blank', status, title }));
    if (!token) return refuse(401, 'Thiếu token xác thực (Authorization: Bearer … hoặc ?token=…)');
    try {
      const actor = verifyToken(token, key);
      if (actor.role !== 'admin') return refuse(403, `Vai trò ${actor.role} không được xem hàng đợi`);
    } catch (error) {
      if (error instanceof InvalidTokenError) return refuse(401, 'Token không hợp lệ hoặc đã hết hạn');
      throw error;
    }
    if (fromQuery) {
      res.cookie(COOKIE, fromQuery, { httpOnly: true, sameSite: 'strict', path: QUEUE_BOARD_PATH, secure: req.secure });
      return res.redirect(303, QUEUE_BOARD_PATH);
    }
    return next();
  };
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}
