/**
 * The API as the portal calls it: openapi-fetch typed by the generated schema (tools/portal-api.mjs),
 * same origin, the session cookie sent by the browser. Writes carry the session's CSRF token, a fresh
 * Idempotency-Key per submission (a double click acts once) and, on a đề án, If-Match with the
 * version the page showed (412 when someone changed it meanwhile). Errors arrive as ApiProblem.
 */
import createClient from 'openapi-fetch';
import type { paths } from './schema';

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

let csrfToken: string | undefined;
export const setCsrfToken = (token: string | undefined) => {
  csrfToken = token;
};
/** The header a write sent outside fetch (an upload with its progress) carries. */
export const csrfHeaders = (): Record<string, string> => (csrfToken ? { 'X-CSRF-Token': csrfToken } : {});

api.use({
  onRequest({ request }) {
    if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method) && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
});

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** An RFC 9457 problem the API answered with. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: readonly FieldError[] = [],
    readonly body: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

/** The data of a call, or its problem thrown. */
export async function unwrap<T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const problem = (error ?? {}) as { title?: string; detail?: string; errors?: FieldError[] };
  throw new ApiProblem(
    response.status,
    problem.title ?? response.statusText,
    problem.detail,
    problem.errors ?? [],
    problem as Record<string, unknown>,
  );
}

/** Headers of a write: a new Idempotency-Key for this submission, and If-Match when the page showed a version. */
export const writeHeaders = (version?: number): Record<string, string> => ({
  'Idempotency-Key': crypto.randomUUID(),
  ...(version !== undefined ? { 'If-Match': `"${version}"` } : {}),
});

/** A raw request for what the schema does not type (a step's route, a file download). */
export async function send<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(method !== 'GET' ? csrfHeaders() : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!response.ok)
    throw new ApiProblem(
      response.status,
      String(parsed.title ?? response.statusText),
      parsed.detail as string | undefined,
      (parsed.errors as FieldError[]) ?? [],
      parsed,
    );
  return parsed as T;
}
