/** The one mapping from every error to an HTTP problem. Nothing else in the API chooses a status. */
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { DomainError, IllegalTransitionError, InvalidCommandError, PLAN_STREAM_PREFIX, RuleViolationError, USER_STREAM_PREFIX } from '@app/domain';
import { BodyValidationError, ConcurrencyConflictError, IdempotencyKeyReusedError, VersionMismatchError } from '@app/application';
import { EventIdConflictError, WrongExpectedVersionError } from '@app/event-store';
import { problem, ProblemDetails, ProblemException } from './problem';

export function toProblem(error: unknown): ProblemDetails {
  if (error instanceof ProblemException) return error.problem;
  if (error instanceof BodyValidationError) return problem(400, 'Một số trường không hợp lệ', { errors: error.errors });
  if (error instanceof DomainError) {
    if (error instanceof InvalidCommandError) return problem(400, error.message, { errors: [{ field: error.field, message: error.reason }] });
    if (error instanceof IllegalTransitionError) {
      return problem(409, `Không thể thực hiện ${error.command} khi ${error.subject} đang ở trạng thái ${error.status}`, {
        command: error.command,
        state: error.status,
      });
    }
    if (error instanceof RuleViolationError) {
      return problem(422, error.message, { rule: error.ruleId, legalBasis: error.legalBasis, details: error.details });
    }
    return problem(403, error.message);
  }
  if (error instanceof VersionMismatchError) {
    const subject = error.streamId.startsWith(USER_STREAM_PREFIX)
      ? 'Người dùng'
      : error.streamId.startsWith(PLAN_STREAM_PREFIX)
        ? 'Kế hoạch'
        : 'Đề án';
    return problem(412, `${subject} đang ở phiên bản ${error.actual}, không phải ${error.expected} (If-Match)`, { currentVersion: error.actual });
  }
  if (error instanceof IdempotencyKeyReusedError) {
    // 422, as the Idempotency-Key draft (draft-ietf-httpapi-idempotency-key-header) asks of a key reused with another payload.
    return problem(422, 'Idempotency-Key này đã được dùng cho một yêu cầu khác; mỗi yêu cầu mới cần một khoá mới', {
      type: 'urn:khuyen-cong:problem:idempotency-key-reused',
      title: 'Idempotency-Key đã được dùng',
    });
  }
  if (error instanceof ConcurrencyConflictError || error instanceof WrongExpectedVersionError || error instanceof EventIdConflictError) {
    return problem(409, 'Dữ liệu vừa được người khác thay đổi; vui lòng thử lại');
  }
  if (error instanceof ThrottlerException) return problem(429, 'Vui lòng thử lại sau ít phút');
  if (error instanceof HttpException) {
    const status = error.getStatus();
    // body-parser's errors (bad JSON, too large) arrive as HttpExceptions with their own status.
    const detail = status === 400 ? 'Nội dung yêu cầu không phải JSON hợp lệ' : status === 413 ? 'Nội dung yêu cầu vượt quá giới hạn' : undefined;
    return problem(status, detail, status === 400 ? { errors: [{ field: 'body', message: detail ?? 'không hợp lệ' }] } : {});
  }
  const status = (error as { status?: unknown; type?: unknown })?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // express/body-parser errors that are not HttpExceptions (entity.parse.failed, entity.too.large, …)
    const detail = status === 413 ? 'Nội dung yêu cầu vượt quá giới hạn' : 'Nội dung yêu cầu không hợp lệ';
    return problem(status, detail, status === 400 ? { errors: [{ field: 'body', message: detail }] } : {});
  }
  return problem(500, 'Đã xảy ra lỗi không mong muốn; sự cố đã được ghi lại');
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request>();
    const response = context.getResponse<Response>();
    const body = { ...toProblem(error), instance: request.originalUrl };
    if (body.status >= 500)
      this.logger.error({ msg: 'unhandled error', requestId: request.headers['x-request-id'], error: String((error as Error)?.stack ?? error) });
    response.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }
}
