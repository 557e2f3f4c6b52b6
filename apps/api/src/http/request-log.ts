/** Request ids and structured JSON logs: one line per request, and Nest's own logs as JSON too. */
import { randomUUID } from 'node:crypto';
import { LoggerService } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { AuthenticatedRequest } from '../auth/auth';

const write = (level: string, fields: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, ...fields })}\n`);

export function requestLog(quiet = false) {
  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && /^[A-Za-z0-9_.:-]{1,100}$/.test(given) ? given : randomUUID();
    req.headers['x-request-id'] = requestId;
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      if (quiet) return;
      write('info', {
        msg: 'request', requestId, method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6, sub: (req as AuthenticatedRequest).actor?.sub,
      });
    });
    next();
  };
}

export class JsonLogger implements LoggerService {
  log(message: unknown, context?: string) { write('info', { context, msg: message }); }
  error(message: unknown, trace?: string, context?: string) { write('error', { context, msg: message, trace }); }
  warn(message: unknown, context?: string) { write('warn', { context, msg: message }); }
  debug() {}
  verbose() {}
}
