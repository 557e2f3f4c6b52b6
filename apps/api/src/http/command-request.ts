/**
 * What the headers of a command request carry (docs/API.md): the Idempotency-Key a retry repeats (with
 * the hash of the request it came with, so that the key reused for another request is refused), the
 * version If-Match demands, and the request id that becomes the events' correlation id. Checked
 * here once for every command endpoint.
 */
import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { CommandContext } from '@app/application';
import { canonicalJson } from '@app/event-store';
import { problem, ProblemException } from './problem';

/** How the OpenAPI document describes the Idempotency-Key header of every command endpoint. */
export const IDEMPOTENCY_KEY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Gửi lại cùng khoá với cùng yêu cầu: trả kết quả lần đầu, không tạo sự kiện mới; dùng lại khoá cho yêu cầu khác: 422',
} as const;

/** … and the If-Match header of every command on an existing đề án. */
export const IF_MATCH_HEADER = { name: 'If-Match', required: false, description: 'Phiên bản đề án đã đọc (412 nếu khác)' } as const;

export interface CommandRequest {
  readonly idempotencyKey?: string;
  /** SHA-256 of method, path and body, when there is an Idempotency-Key. */
  readonly requestHash?: string;
  readonly ifMatch?: number;
  readonly requestId?: string;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/** The headers of a command request (read here, not as route parameters, so that OpenAPI documents them once, as optional). */
export function commandRequest(request: Request): CommandRequest {
  const header = (name: string) => (typeof request.headers[name] === 'string' ? (request.headers[name] as string) : undefined);
  const idempotencyKey = header('idempotency-key');
  const ifMatch = header('if-match');
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new ProblemException(
      problem(400, 'Idempotency-Key không hợp lệ', { errors: [{ field: 'Idempotency-Key', message: 'phải có 8–128 ký tự chữ, số, -, _, ., :' }] }),
    );
  }
  let version: number | undefined;
  if (ifMatch !== undefined) {
    const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim());
    if (!match)
      throw new ProblemException(
        problem(400, 'If-Match phải là số phiên bản', { errors: [{ field: 'If-Match', message: 'phải là số phiên bản, ví dụ "3"' }] }),
      );
    version = Number(match[1]);
  }
  // Set (and checked) by the request log middleware.
  const requestId = request.headers['x-request-id'];
  return {
    ...(idempotencyKey !== undefined ? { idempotencyKey, requestHash: requestHash(request) } : {}),
    ...(version !== undefined ? { ifMatch: version } : {}),
    ...(typeof requestId === 'string' ? { requestId } : {}),
  };
}

/**
 * The same request whatever the spelling of its URL (the route matched and its parameters, not the raw
 * path: a trailing slash or another letter case reach the same handler) and the order of its JSON keys.
 */
const requestHash = (request: Request): string => {
  const route = (request.route as { path?: unknown } | undefined)?.path;
  const target = typeof route === 'string' ? `${route} ${canonicalJson(request.params ?? {})}` : request.path;
  return createHash('sha256')
    .update(`${request.method} ${target}\n${canonicalJson(request.body ?? null)}`)
    .digest('hex');
};

/** What the command handling needs of the request. */
export function commandContext(request: CommandRequest): CommandContext {
  return {
    ...(request.ifMatch !== undefined ? { expectedVersion: request.ifMatch } : {}),
    ...(request.requestId ? { correlationId: request.requestId } : {}),
    ...(request.requestHash ? { requestHash: request.requestHash } : {}),
  };
}
