/**
 * Refuses JSON bodies that are built to hurt rather than mistaken: nesting deeper than any request
 * of API.md needs (the validation pipe and class-transformer recurse and would overflow the stack),
 * prototype keys (__proto__, constructor, prototype) at any depth, which the validation pipe
 * would silently drop, and text that cannot be stored as sent: U+0000 (PostgreSQL's text and jsonb
 * refuse it; found by proof:fuzz as a 500) and lone UTF-16 surrogates (not Unicode text at all).
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
export function unstorableText(value: unknown, path = ''): string | undefined {
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

export function refuseHostileJson(req: Request, res: Response, next: NextFunction): void {
  const deep = tooDeep(req.body);
  // Checked first: prototypeKey looks MAX_JSON_DEPTH levels deep, so nothing can hide below it.
  const refusal: { detail: string; error: FieldError } | undefined = deep !== undefined
    ? { detail: 'Dữ liệu lồng nhau quá sâu', error: { field: deep.slice(0, 200), message: `không được lồng quá ${MAX_JSON_DEPTH} cấp` } }
    : (() => {
      const field = prototypeKey(req.body);
      if (field !== undefined) return { detail: 'Dữ liệu chứa khoá không được phép', error: { field, message: 'khoá không được phép' } };
      const text = unstorableText(req.body);
      return text === undefined ? undefined : { detail: 'Dữ liệu chứa ký tự không hợp lệ', error: { field: text.slice(0, 200), message: 'chứa ký tự NUL hoặc ký tự Unicode không hợp lệ' } };
    })();
  if (!refusal) return next();
  res.status(400).type('application/problem+json').send(JSON.stringify({ ...problem(400, refusal.detail, { errors: [refusal.error] }), instance: req.originalUrl }));
}
