/**
 * What the headers of a command request carry (API.md): the Idempotency-Key a retry repeats, the
 * version If-Match demands, and the request id that becomes the events' correlation id. Checked
 * here once for every command endpoint.
 */
import type { Request } from 'express';
import { problem, ProblemException } from './problem';

export interface CommandRequest {
  readonly idempotencyKey?: string;
  readonly ifMatch?: number;
  readonly requestId?: string;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

export function commandRequest(request: Request, idempotencyKey?: string, ifMatch?: string): CommandRequest {
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new ProblemException(problem(400, 'Idempotency-Key không hợp lệ', { errors: [{ field: 'Idempotency-Key', message: 'phải có 8–128 ký tự chữ, số, -, _, ., :' }] }));
  }
  let version: number | undefined;
  if (ifMatch !== undefined) {
    const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim());
    if (!match) throw new ProblemException(problem(400, 'If-Match phải là số phiên bản', { errors: [{ field: 'If-Match', message: 'phải là số phiên bản, ví dụ "3"' }] }));
    version = Number(match[1]);
  }
  // Set (and checked) by the request log middleware.
  const requestId = request.headers['x-request-id'];
  return { ...(idempotencyKey !== undefined ? { idempotencyKey } : {}), ...(version !== undefined ? { ifMatch: version } : {}), ...(typeof requestId === 'string' ? { requestId } : {}) };
}
