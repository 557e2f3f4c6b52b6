/**
 * Refuses JSON bodies carrying prototype keys (__proto__, constructor, prototype) at any depth:
 * the validation pipe would silently drop them, but a request that tries them is not a client
 * mistake to paper over.
 */
import type { NextFunction, Request, Response } from 'express';
import { problem } from './problem';

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

function findForbidden(value: unknown, path: string, depth = 0): string | undefined {
  if (value === null || typeof value !== 'object' || depth > 32) return undefined;
  for (const key of Object.keys(value)) {
    const field = path ? `${path}.${key}` : key;
    if (FORBIDDEN.has(key)) return field;
    const found = findForbidden((value as Record<string, unknown>)[key], field, depth + 1);
    if (found) return found;
  }
  return undefined;
}

export function refusePrototypeKeys(req: Request, res: Response, next: NextFunction): void {
  const field = findForbidden(req.body, '');
  if (!field) return next();
  res.status(400).type('application/problem+json').send(JSON.stringify({
    ...problem(400, 'Dữ liệu chứa khoá không được phép', { errors: [{ field, message: 'khoá không được phép' }] }),
    instance: req.originalUrl,
  }));
}
