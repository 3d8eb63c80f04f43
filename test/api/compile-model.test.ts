import { createApp } from '../../src/api/app';
import { listen, type ApiServer } from '../../src/api/server';
import { memoryCache } from '../../src/nl-compiler/model/hybrid';
import { ModelClient } from '../../src/nl-compiler/model/model-client';
import { logger } from '../../src/logger';
import { withKey } from '../helpers/identity';
import { GOOD, TEXT } from '../helpers/model-answers';
import { startModelServer, type ModelServer } from '../helpers/model-server';
import { useTestStack } from '../helpers/stack';

describe('compiling English with a configured model, over HTTP', () => {
  const { stack } = useTestStack();
  let server: ModelServer;
  let api: ApiServer;

  beforeAll(async () => {
    server = await startModelServer([{ content: GOOD }]);
    const model = new ModelClient({
      apiKey: 'sk-test',
      baseURL: server.url,
      model: 'recorded-model',
      timeoutMs: 5_000,
      maxRetries: 0,
    });
    api = await listen(
      createApp({
        temporal: stack().temporal,
        prisma: stack().prisma,
        taskQueue: stack().taskQueue,
        logger,
        model,
        modelCache: memoryCache(),
      }),
      0,
      '127.0.0.1',
    );
  });

  afterAll(async () => {
    await api?.close();
    await server?.close();
  });

  const post = async (base: string, path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: withKey(stack().adminKey),
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('previews what the grammar could not read with the model, and deploys it', async () => {
    const preview = await post(api.url, '/compile', { text: TEXT });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      deployable: true,
      diagnostics: [],
      model: { model: 'recorded-model', rounds: 1, cached: false },
    });
    expect(preview.body.outline).toContain('task to=team:payroll');
    const deployed = await post(api.url, '/flows', { text: TEXT, name: 'timesheets' });
    expect(deployed.status).toBe(201);
    expect(deployed.body).toMatchObject({ name: 'timesheets', version: 1 });
    // The preview's answer was kept: deploying the same text asked the model nothing new.
    expect(server.requests).toHaveLength(1);
  });

  it('refuses "llm" where no model is configured, and deploys nothing the grammar could not read', async () => {
    const asked = await post(stack().apiUrl, '/compile', { text: TEXT, llm: true });
    expect(asked.status).toBe(400);
    expect(asked.body).toMatchObject({ error: { code: 'model_not_configured' } });
    const grammarOnly = await post(stack().apiUrl, '/flows', { text: TEXT, name: 'timesheets-2' });
    expect(grammarOnly.status).toBe(400);
    expect(grammarOnly.body).toMatchObject({ error: { code: 'compile_failed' } });
  });
});
