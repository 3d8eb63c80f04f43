import { createApp } from '../../src/api/app';
import { listen, type ApiServer } from '../../src/api/server';
import { logger } from '../../src/logger';
import { flowWith } from '../workflows/interpreter-harness';
import { withKey } from '../helpers/identity';
import { useTestStack } from '../helpers/stack';

describe('GET /runs/:id: the version a run is pinned to, and its link to the Temporal Web UI', () => {
  const { stack } = useTestStack();
  let withUi: ApiServer;

  beforeAll(async () => {
    const { temporal, prisma, taskQueue } = stack();
    withUi = await listen(
      createApp({ temporal, prisma, taskQueue, logger, temporalUiUrl: 'http://127.0.0.1:8233' }),
      0,
    );
  });

  afterAll(async () => {
    await withUi?.close();
  });

  const get = async (base: string, path: string) => {
    const res = await fetch(`${base}${path}`, { headers: withKey(stack().adminKey) });
    return (await res.json()) as Record<string, unknown>;
  };

  it('answers the version and, where the API knows the UI, the run in it', async () => {
    const flow = flowWith(
      [{ type: 'task', id: 'look', title: 'Look', assignee: { type: 'team', team: 'ops' } }],
      'linked',
    );
    const post = (path: string, body: unknown) =>
      fetch(`${stack().apiUrl}${path}`, {
        method: 'POST',
        headers: withKey(stack().adminKey),
        body: JSON.stringify(body),
      }).then((res) => res.json() as Promise<Record<string, unknown>>);
    await post('/flows', { flow });
    const { id } = await post('/flows/linked/runs', { fields: { amount: 1 } });
    const run = String(id);
    const { namespace } = stack().temporal.options;
    for (;;) {
      const answer = await get(withUi.url, `/runs/${run}`);
      if (answer.workItem !== null) {
        expect(answer).toMatchObject({
          flowName: 'linked',
          flowVersion: 1,
          temporalUi: `http://127.0.0.1:8233/namespaces/${namespace}/workflows/${run}`,
        });
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await get(stack().apiUrl, `/runs/${run}`)).toMatchObject({ temporalUi: null });
  });
});
