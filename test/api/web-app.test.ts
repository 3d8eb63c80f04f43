import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { errorHandler } from '../../src/api/errors';
import { listen, type ApiServer } from '../../src/api/server';
import { webAppRouter } from '../../src/api/web-app';
import { logger } from '../../src/logger';

describe('serving the web app under /app', () => {
  const built = mkdtempSync(path.join(os.tmpdir(), 'plainflow-web-'));
  const servers: ApiServer[] = [];

  const serve = async (dir: string) => {
    const app = express();
    app.use(webAppRouter(dir));
    app.use(errorHandler(logger));
    const server = await listen(app, 0);
    servers.push(server);
    return server.url;
  };

  beforeAll(() => {
    mkdirSync(path.join(built, 'assets'));
    writeFileSync(path.join(built, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(path.join(built, 'assets', 'main-abc.js'), 'console.log(1);');
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    rmSync(built, { recursive: true, force: true });
  });

  it('answers its page for every path under /app, and its assets by name', async () => {
    const url = await serve(built);
    for (const page of ['/app', '/app/', '/app/runs/run-1', '/app/build']) {
      const res = await fetch(`${url}${page}`);
      expect([res.status, await res.text()]).toEqual([200, '<!doctype html><title>app</title>']);
    }
    const asset = await fetch(`${url}/app/assets/main-abc.js`);
    expect([asset.status, asset.headers.get('cache-control')]).toEqual([
      200,
      'public, max-age=31536000, immutable',
    ]);
    const missing = await fetch(`${url}/app/assets/gone.js`);
    expect(missing.status).toBe(404);
  });

  it('says when it is not built, with a 503 naming the command', async () => {
    const url = await serve(path.join(built, 'nowhere'));
    const res = await fetch(`${url}/app/`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect([body.error.code, body.error.message]).toEqual([
      'web_app_not_built',
      'The web app is not built: run npm run build:web',
    ]);
  });
});
