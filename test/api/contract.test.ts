import { createApp } from '../../src/api/app';
import { openApiPath } from '../../src/api/contract/openapi';
import { API_ROUTES } from '../../src/api/contract/routes';
import { logger } from '../../src/logger';
import { contractProblem } from '../helpers/contract-check';
import { registeredRoutes } from '../helpers/routes';
import { useTestStack } from '../helpers/stack';

describe('the published contract', () => {
  const { stack } = useTestStack();

  it('documents every route the app registers, and no other', () => {
    const app = createApp({
      temporal: stack().temporal,
      prisma: stack().prisma,
      taskQueue: stack().taskQueue,
      logger,
    });
    const registered = registeredRoutes(app).map((r) => `${r.method} ${r.path}`);
    const documented = API_ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect([...documented].sort()).toEqual([...registered].sort());
  });

  it('serves /openapi.json without a credential, and it validates as OpenAPI 3.1', async () => {
    const res = await fetch(`${stack().apiUrl}/openapi.json`);
    expect(res.status).toBe(200);
    const document = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    expect(document.openapi).toBe('3.1.0');
    // An ES module: loaded the way this CommonJS test may load one.
    const { Validator } = await import('@seriousme/openapi-schema-validator');
    const validator = new Validator();
    const verdict = await validator.validate(document);
    expect([verdict.valid, verdict.errors]).toEqual([true, undefined]);
    expect(validator.version).toBe('3.1');
    expect(document.paths[openApiPath('/runs/:id/steps/:stepId/decide')]?.post).toBeDefined();
    expect(document.paths['/health']?.get?.security).toEqual([]);
  });

  it('serves a readable page at /docs with its assets', async () => {
    const page = await fetch(`${stack().apiUrl}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/docs\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) {
      expect([asset, (await fetch(`${stack().apiUrl}${asset}`)).status]).toEqual([asset, 200]);
    }
    const missing = await fetch(`${stack().apiUrl}/docs/assets/nothing.js`);
    expect(missing.status).toBe(404);
  });

  it('is what every integration test holds each API answer to (the fetch check)', () => {
    expect(
      contractProblem('GET', '/inbox?limit=1', 200, { items: [], total: 0, nextCursor: null }),
    ).toBeUndefined();
    expect(contractProblem('GET', '/inbox', 200, { items: 'none' })).toMatch(
      /GET \/inbox answered 200/,
    );
    expect(contractProblem('GET', '/runs/run-1/timeline', 201, {})).toMatch(/does not document/);
    expect(
      contractProblem('GET', '/flows/x/versions/2', 404, {
        error: { code: 'version_not_found', message: 'no' },
      }),
    ).toBeUndefined();
    expect(
      contractProblem('GET', '/flows', 404, { error: { code: 'run_not_found', message: 'no' } }),
    ).toMatch(/run_not_found, which \/flows does not document/);
    expect(contractProblem('GET', '/flows', 400, { message: 'no' })).toMatch(
      /not the error format/,
    );
  });
});
