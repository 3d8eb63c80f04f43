import type { FlowRunState } from '../../src/workflows';
import { actingAs } from '../helpers/identity';
import { eventually, useTestStack } from '../helpers/stack';
import { flowWith } from '../workflows/interpreter-harness';

type Json = Record<string, unknown>;

describe('cancelling a run over HTTP', () => {
  const { stack } = useTestStack();
  const as = actingAs(stack);
  const startedBy = async (email: string) => {
    const started = await as(email, 'POST', '/flows/cancellable/runs', { fields: { amount: 1 } });
    expect(started.status).toBe(201);
    const id = String(started.body.id);
    await eventually(async () => {
      const { body } = await as('admin', 'GET', `/runs/${id}/state`);
      return (body as unknown as FlowRunState).current?.length ? true : undefined;
    });
    return id;
  };
  const closedAs = (id: string) =>
    eventually(async () => {
      const { body } = await as('admin', 'GET', `/runs/${id}`);
      return body.temporalStatus === 'RUNNING' ? undefined : body;
    });

  beforeAll(async () => {
    const flow = flowWith(
      [
        {
          type: 'approval',
          id: 'first',
          approvers: [{ type: 'person', email: 'pat@example.com' }],
          mode: 'any',
        },
        { type: 'task', id: 'then', title: 'Then', assignee: { type: 'requester' } },
      ],
      'cancellable',
    );
    expect((await as('admin', 'POST', '/flows', { flow })).status).toBe(201);
  });

  it('lets the requester cancel while nothing is decided: the work item closes as cancelled', async () => {
    const id = await startedBy('rue@example.com');
    const other = await as('pat@example.com', 'POST', `/runs/${id}/cancel`, {});
    expect(other.status).toBe(403);
    const stranger = await as('sam@example.com', 'POST', `/runs/${id}/cancel`, {});
    expect((stranger.body.error as { code: string }).code).toBe('run_not_found');
    const cancelled = await as('rue@example.com', 'POST', `/runs/${id}/cancel`, {
      reason: 'ordered twice',
    });
    expect(cancelled).toEqual({ status: 202, body: { id, cancelling: true } });
    const run = await closedAs(id);
    expect(run.temporalStatus).toBe('CANCELLED');
    const item = run.workItem as { status: string; auditEvents: Json[] };
    expect(item.status).toBe('cancelled');
    expect(item.auditEvents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'run.cancel_requested',
          actor: 'rue@example.com',
          data: { reason: 'ordered twice' },
        }),
      ]),
    );
    const closed = item.auditEvents.find((e) => e.action === 'work_item.closed');
    expect(closed?.data).toMatchObject({ status: 'cancelled' });
    const tasks = await stack().prisma.task.findMany({ where: { workItem: { workflowId: id } } });
    expect(tasks.map((t) => t.status)).toEqual(['cancelled']);
    const again = await as('rue@example.com', 'POST', `/runs/${id}/cancel`, {});
    expect(again.status).toBe(409);
    expect((again.body.error as { code: string }).code).toBe('run_closed');
  });

  it('leaves a run with decisions to an admin', async () => {
    const id = await startedBy('rue@example.com');
    const decided = await as('pat@example.com', 'POST', `/runs/${id}/steps/first/decide`, {
      decision: 'approve',
    });
    expect(decided.status).toBe(200);
    const refused = await as('rue@example.com', 'POST', `/runs/${id}/cancel`, {});
    expect(refused.status).toBe(409);
    expect((refused.body.error as { code: string }).code).toBe('action_rejected');
    expect((await as('admin', 'POST', `/runs/${id}/cancel`, {})).status).toBe(202);
    expect((await closedAs(id)).workItem).toMatchObject({ status: 'cancelled' });
    expect((await as('admin', 'POST', '/runs/run-unknown/cancel', {})).status).toBe(404);
  });
});
