/**
 * Refuses input built to hurt rather than mistaken, before any controller: JSON nested deeper than
 * any request of docs/API.md needs (the validation pipe and class-transformer recurse and would overflow
 * the stack), prototype keys (__proto__, constructor, prototype) at any depth, which the validation
 * pipe would silently drop, and text that cannot be stored or queried as sent, in the body, the
 * query or the path: U+0000 (PostgreSQL's text and jsonb refuse it; found by proof:fuzz as 500s)
 * and lone UTF-16 surrogates (not Unicode text at all).
 */
import type { NextFunction, Request, Response } from 'express';
import { prototypeKey } from '@app/application';
import { FieldError, problem } from './problem';

/** The deepest legitimate body (an import batch: records → steps → body → results → line) is ~6 levels. */
export const MAX_JSON_DEPTH = 32;

/** The path to the first value nested deeper than `max` levels, or undefined. */
export function tooDeep(value: unknown, max = MAX_JSON_DEPTH, path = '', depth = 0): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= max) return path;
  for (const [key, child] of Object.entries(value)) {
    const found = tooDeep(child, max, path ? `${path}.${key}` : key, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** U+0000, or a surrogate without its pair (JSON's \uD800 escapes can carry one). */
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what it looks for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The path to the first key or string value holding unstorable text, or undefined. Call after tooDeep (it recurses). */
function unstorableText(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (UNSTORABLE.test(key)) return at.replace(new RegExp(UNSTORABLE.source, 'g'), '\ufffd');
    const found = unstorableText(child, at);
    if (found !== undefined) return found;
  }
  return undefined;
}

type Refusal = { readonly detail: string; readonly error: FieldError };

const badText = (field: string): Refusal => ({
  detail: 'Dữ liệu chứa ký tự không hợp lệ',
  error: { field: field.slice(0, 200), message: 'chứa ký tự NUL hoặc ký tự Unicode không hợp lệ' },
});

function refusalOf(req: Request): Refusal | undefined {
  // An uploaded document (POST /attachments) is bytes, not JSON: only its query and path are text.
  if (!Buffer.isBuffer(req.body)) {
    const body = bodyRefusal(req.body);
    if (body) return body;
  }
  // Query values reach SQL parameters too (a NUL there was a 500, found by proof:fuzz), and so may path ids.
  const query = unstorableText(req.query);
  if (query !== undefined) return badText(`query.${query}`);
  if (/%00/i.test(req.path)) return badText('path');
  return undefined;
}

function bodyRefusal(body: unknown): Refusal | undefined {
  const deep = tooDeep(body);
  if (deep !== undefined)
    return { detail: 'Dữ liệu lồng nhau quá sâu', error: { field: deep.slice(0, 200), message: `không được lồng quá ${MAX_JSON_DEPTH} cấp` } };
  // After the depth check: prototypeKey and unstorableText recurse, and nothing deeper is left for them.
  const key = prototypeKey(body);
  if (key !== undefined) return { detail: 'Dữ liệu chứa khoá không được phép', error: { field: key, message: 'khoá không được phép' } };
  const text = unstorableText(body);
  return text !== undefined ? badText(text) : undefined;
}

export function refuseHostileInput(req: Request, res: Response, next: NextFunction): void {
  const refusal = refusalOf(req);
  if (!refusal) return next();
  res
    .status(400)
    .type('application/problem+json')
    .send(JSON.stringify({ ...problem(400, refusal.detail, { errors: [refusal.error] }), instance: req.originalUrl }));
}
