/**
 * Refuses JSON bodies carrying prototype keys (__proto__, constructor, prototype) at any depth:
 * the validation pipe would silently drop them, but a request that tries them is not a client
 * mistake to paper over.
 */
import type { NextFunction, Request, Response } from 'express';
import { prototypeKey } from '@app/application';
import { problem } from './problem';

export function refusePrototypeKeys(req: Request, res: Response, next: NextFunction): void {
  const field = prototypeKey(req.body);
  if (!field) return next();
  res.status(400).type('application/problem+json').send(JSON.stringify({
    ...problem(400, 'Dữ liệu chứa khoá không được phép', { errors: [{ field, message: 'khoá không được phép' }] }),
    instance: req.originalUrl,
  }));
}
