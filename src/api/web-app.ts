import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type RequestHandler } from 'express';
import { ApiError, notFound } from './errors';

/** Where `npm run build:web` puts the app (`web/`, built by Vite). */
export const WEB_APP_DIR = path.resolve(__dirname, '..', '..', 'web', 'dist');

/**
 * The web app under `/app`: its built files, and its page for every other path under it (the
 * app routes in the browser). Public like `/docs`: what it shows comes from the API, with the
 * session cookie of `POST /auth/session`.
 */
export function webAppRouter(dir: string = WEB_APP_DIR): Router {
  const router = Router();
  router.use(
    '/app/assets',
    express.static(path.join(dir, 'assets'), { index: false, maxAge: '1y', immutable: true }),
    notFound,
  );
  const page: RequestHandler = (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    const file = path.join(dir, 'index.html');
    if (!existsSync(file)) {
      throw new ApiError('web_app_not_built', 'The web app is not built: run npm run build:web');
    }
    res.set('cache-control', 'no-cache').sendFile(file);
  };
  router.get('/app', page);
  // Every other path under /app is a page of the app, routed in the browser.
  router.use('/app', page);
  return router;
}
