/**
 * The web portal (apps/portal, built by Vite into dist/portal) at `/`, same origin as the API so
 * that its session cookie and CSRF token work without CORS. Hashed assets are cached for a year;
 * every other path that is not the API's is the portal's own route and gets its index.html.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { NextFunction, Request, Response } from 'express';

/** Where `vite build` puts the portal: dist/portal, beside dist/apps. */
export const PORTAL_DIR = join(__dirname, '..', '..', '..', '..', 'portal');

const NOT_PORTAL = /^\/(api|docs|docs-json|admin|health)(\/|$)/;

export function servePortal(dir = PORTAL_DIR): ((req: Request, res: Response, next: NextFunction) => void) | undefined {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return undefined;
  const files = express.static(dir, { index: false, maxAge: '1y', immutable: true, fallthrough: true });
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_PORTAL.test(req.path)) return next();
    files(req, res, () => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  };
}
