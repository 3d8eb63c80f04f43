import { decideUpdate } from '../../src/workflows';
import { FlowNameKey, FlowVersionKey } from '../../src/workflows/search-attributes';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { eventually, startTestStack, type TestStack } from '../helpers/stack';
import { withKey } from '../helpers/identity';

describe('deploying flows and starting their runs over HTTP', () => {
  let db: TestDatabase;
  let stack: TestStack;

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startTestStack(db.url, 2);
  });

  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method: 'POST',
      headers: withKey(stack.adminKey),
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  const purchase =
    'Purchase requests are submitted with the vendor and the amount. The CFO must approve within 2 days.';

  it('compiles English into a new version of a flow, and keeps each version', async () => {
    const first = await post('/flows', { text: purchase, name: 'purchase', ownerTeam: 'finance' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      name: 'purchase',
      version: 1,
      outline: [
        'trigger request',
        'field vendor text',
        'field amount money',
        'approval any to=role:cfo timeout=2d',
      ],
    });
    const second = await post('/flows', { text: purchase, name: 'purchase', ownerTeam: 'finance' });
    expect(second.body).toMatchObject({ version: 2 });
    const shown = await fetch(`${stack.apiUrl}/flows/purchase`, {
      headers: withKey(stack.adminKey),
    });
    const latest = (await shown.json()) as Record<string, unknown>;
    expect(latest).toMatchObject({ name: 'purchase', version: 2, sourceText: purchase });
  });

  it('starts a run of the latest version that people then act on', async () => {
    const started = await post('/flows/purchase/runs', {
      fields: { vendor: 'Acme', amount: 1200 },
    });
    expect(started.status).toBe(201);
    const id = String(started.body.id);
    const handle = stack.temporal.workflow.getHandle(id);
    const description = await handle.describe();
    expect(description.typedSearchAttributes.get(FlowNameKey)).toBe('purchase');
    expect(description.typedSearchAttributes.get(FlowVersionKey)).toBe('2');
    await eventually(async () => {
      try {
        await handle.executeUpdate(decideUpdate, {
          args: [{ stepId: 'approval_1', actor: 'role:cfo', decision: 'approve' }],
        });
        return true;
      } catch {
        return undefined;
      }
    });
    const view = await eventually(async () => {
      const res = await fetch(`${stack.apiUrl}/runs/${id}`, { headers: withKey(stack.adminKey) });
      const body = (await res.json()) as {
        temporalStatus: string;
        workItem: { fields: unknown } | null;
      };
      return body.temporalStatus === 'COMPLETED' ? body : undefined;
    });
    expect(view.workItem?.fields).toEqual({ vendor: 'Acme', amount: 1200 });
  });

  it('names every intake field that is missing, mistyped or unknown', async () => {
    const res = await post('/flows/purchase/runs', {
      fields: { amount: 'a lot', colour: 'red' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'invalid_body',
      details: [
        { path: 'fields.vendor', message: 'required' },
        { path: 'fields.amount', message: 'expected a number' },
        { path: 'fields.colour', message: 'not a field of this flow' },
      ],
    });
  });

  it('refuses a flow document with errors, naming their paths', async () => {
    const res = await post('/flows', {
      flow: {
        name: 'broken',
        description: '',
        version: 1,
        ownerTeam: 'ops',
        trigger: { type: 'manual' },
        steps: [{ type: 'approval', id: 'a', approvers: [], mode: 'any' }],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'invalid_flow',
      details: [expect.objectContaining({ path: '$.steps[0].approvers' })],
    });
  });

  it('refuses English it could not compile completely, with the diagnostics', async () => {
    const res = await post('/flows', { text: 'Then it gets approved.' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'compile_failed',
      details: { questions: [expect.objectContaining({ code: 'missing-approver' })] },
    });
  });

  it('deploys a recurring flow, now that runs repeat steps', async () => {
    const res = await post('/flows', {
      text: 'When an outage starts, every 15 minutes notify the support team until it is resolved.',
      name: 'outage',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'outage', version: 1 });
  });

  it('deploys a flow with a call step to one of its destinations', async () => {
    const res = await post('/flows', {
      flow: {
        name: 'ping',
        description: 'calls out',
        version: 1,
        ownerTeam: 'ops',
        trigger: { type: 'manual' },
        destinations: [{ name: 'billing', url: 'https://billing.example.com' }],
        steps: [{ type: 'call', id: 'ping_billing', method: 'POST', destination: 'billing' }],
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'ping', version: 1 });
  });

  it('answers 404 for a flow that was never deployed', async () => {
    const res = await post('/flows/nothing-here/runs', {});
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'flow_not_found' });
  });
});
