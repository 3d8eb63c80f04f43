import { actingAs } from '../helpers/identity';
import { eventually, useTestStack } from '../helpers/stack';
import { flowWith } from '../workflows/interpreter-harness';

describe("a run's audit trail over HTTP", () => {
  const { stack } = useTestStack();
  const as = actingAs(stack);

  it('lists the events in order, verifies the chain, and names the first link altered in the database', async () => {
    const flow = flowWith(
      [{ type: 'task', id: 'check', title: 'Check', assignee: { type: 'requester' } }],
      'audited',
    );
    expect((await as('admin', 'POST', '/flows', { flow })).status).toBe(201);
    const started = await as('ada@example.com', 'POST', '/flows/audited/runs', {
      fields: { amount: 7 },
    });
    const id = String(started.body.id);
    await eventually(async () => {
      const done = await as('ada@example.com', 'POST', `/runs/${id}/steps/check/complete`, {});
      return done.status === 200 ? true : undefined;
    });
    const trail = await eventually(async () => {
      const { body } = await as('ada@example.com', 'GET', `/runs/${id}/audit`);
      const events = body.events as { seq: number; action: string; actor: string }[] | undefined;
      return events?.some((e) => e.action === 'work_item.closed') ? events : undefined;
    });
    expect(trail.map((e) => e.seq)).toEqual(trail.map((_, i) => i + 1));
    expect(trail[0]).toMatchObject({ action: 'work_item.created', actor: 'ada@example.com' });
    expect(trail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'task.completed', actor: 'ada@example.com' }),
      ]),
    );
    const verified = await as('ada@example.com', 'GET', `/runs/${id}/audit/verify`);
    expect(verified.body).toMatchObject({ ok: true, events: trail.length });

    await stack().prisma.$executeRaw`UPDATE "audit_events" SET "actor" = 'mallory@example.com'
      WHERE "seq" = 2 AND "work_item_id" = (SELECT "id" FROM "work_items" WHERE "workflow_id" = ${id})`;
    const broken = await as('ada@example.com', 'GET', `/runs/${id}/audit/verify`);
    expect(broken.body).toMatchObject({ ok: false, brokenAt: 2, reason: 'altered' });
    expect((await as('ada@example.com', 'GET', '/runs/run-nothing/audit/verify')).status).toBe(404);
  });
});
