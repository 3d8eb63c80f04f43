import path from 'node:path';
import express, { Router } from 'express';
import { notFound } from './errors';
import { API_ROUTES } from './contract/routes';
import { openApiDocument } from './contract/openapi';
import { version } from '../../package.json';

const SWAGGER_UI = path.dirname(require.resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Plainflow API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<main id="api"></main>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#api', deepLinking: true, withCredentials: true });\n`;

/**
 * The published contract: `GET /openapi.json` (OpenAPI 3.1, generated from the zod schemas the
 * routes validate and answer with) and `GET /docs`, a readable page of it. Both are public.
 */
export function docsRouter(): Router {
  const router = Router();
  const document = openApiDocument(API_ROUTES, version);

  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(PAGE);
  });
  router.get('/docs/init.js', (_req, res) => {
    res.type('js').send(INIT);
  });
  router.use('/docs/assets', express.static(SWAGGER_UI, { index: false, maxAge: '1d' }), notFound);
  return router;
}
