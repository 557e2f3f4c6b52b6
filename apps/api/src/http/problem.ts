/**
 * RFC 9457 problem details: the one shape of every error the API answers, with a Vietnamese title
 * for the user and, for invalid input, the fields at fault.
 */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

export const TITLES: Readonly<Record<number, string>> = {
  400: 'Dữ liệu không hợp lệ',
  401: 'Chưa xác thực',
  403: 'Không có quyền thực hiện',
  404: 'Không tìm thấy',
  405: 'Phương thức không được hỗ trợ',
  408: 'Hết thời gian chờ yêu cầu',
  409: 'Xung đột trạng thái',
  412: 'Phiên bản không khớp',
  413: 'Dữ liệu gửi lên quá lớn',
  415: 'Định dạng dữ liệu không được hỗ trợ',
  422: 'Vi phạm quy định nghiệp vụ',
  429: 'Quá nhiều yêu cầu',
  431: 'Tiêu đề yêu cầu quá lớn',
  500: 'Lỗi hệ thống',
  503: 'Dịch vụ tạm thời không sẵn sàng',
};

const SLUGS: Readonly<Record<number, string>> = {
  400: 'invalid-input',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  408: 'request-timeout',
  409: 'conflict',
  412: 'precondition-failed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'business-rule',
  429: 'too-many-requests',
  431: 'header-fields-too-large',
  500: 'internal',
  503: 'unavailable',
};

export function problem(status: number, detail?: string, extensions: Record<string, unknown> = {}): ProblemDetails {
  return {
    type: `urn:khuyen-cong:problem:${SLUGS[status] ?? 'error'}`,
    title: TITLES[status] ?? 'Lỗi',
    status,
    ...(detail ? { detail } : {}),
    ...extensions,
  };
}

/** Thrown by the edge (guards, pipes, controllers) to answer with a problem. */
export class ProblemException extends Error {
  constructor(readonly problem: ProblemDetails) {
    super(problem.detail ?? problem.title);
    this.name = 'ProblemException';
  }
}

export const notFound = (what = 'Không tìm thấy đề án') => new ProblemException(problem(404, what));
