/**
 * Structured JSON logs with pino (nestjs-pino for Nest's own logs): one line per request with its
 * id, and every log line of a request carries that id. The request id is the caller's X-Request-Id
 * when well-formed, else a new one; it is answered back and becomes the events' correlation id.
 * A request line names the path without its query (a board token may ride in one) and no headers.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Options } from 'pino-http';
import { jsonLogger } from '@app/application';
import type { AuthenticatedRequest } from '../auth/auth';

const REQUEST_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

/** The process's logger and the request logging around it (one pino instance for Nest's logs and the requests'). */
export function httpLogOptions(quiet = false): Options {
  return {
    logger: jsonLogger(quiet),
    genReqId(req: IncomingMessage, res: ServerResponse) {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      req.headers['x-request-id'] = id;
      res.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
    customProps: (req) => ({ sub: (req as AuthenticatedRequest).actor?.sub }),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
  };
}
