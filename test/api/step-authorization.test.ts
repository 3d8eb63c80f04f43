import type { FlowRunState } from '../../src/workflows';
import { actingAs } from '../helpers/identity';
import { eventually, useTestStack } from '../helpers/stack';
import { flowWith } from '../workflows/interpreter-harness';

type Json = Record<string, unknown>;

// Who may act on a step is decided by the signed-in user and the directory, never by the body.
describe('acting on steps as the signed-in user', () => {
  const { stack } = useTestStack(4);
  const as = actingAs(stack);
  const act = (email: string, id: string, step: string, action: string, body: Json = {}) =>
    as(email, 'POST', `/runs/${id}/steps/${step}/${action}`, body);
  const waitingAt = (id: string, stepId: string) =>
    eventually(async () => {
      const { body } = await as('admin', 'GET', `/runs/${id}/state`);
      const state = body as unknown as FlowRunState;
      return state.current?.some((c) => c.stepId === stepId) ? state : undefined;
    });
  const refused = (res: { status: number; body: Json }) => {
    expect(res.status).toBe(409);
    expect((res.body.error as { code: string }).code).toBe('action_rejected');
  };

  beforeAll(async () => {
    expect(
      (await as('admin', 'PUT', '/directory/roles/buyer', { members: ['bea@example.com'] })).status,
    ).toBe(201);
    const ops = await as('admin', 'PUT', '/directory/teams/ops', {
      members: ['olli@example.com', 'oona@example.com'],
    });
    expect(ops.status).toBe(201);
    const ria = await as('admin', 'PUT', '/directory/people/ria@example.com', {
      manager: 'mo@example.com',
    });
    expect(ria).toMatchObject({ status: 201, body: { manager: 'mo@example.com' } });
    const flow = flowWith(
      [
        { type: 'task', id: 'prep', title: 'Prepare', assignee: { type: 'role', role: 'buyer' } },
        {
          type: 'approval',
          id: 'sign',
          approvers: [{ type: 'manager' }],
          mode: 'any',
          allowDelegation: true,
        },
        {
          type: 'approval',
          id: 'board',
          approvers: [{ type: 'role', role: 'board' }],
          mode: 'any',
        },
        { type: 'task', id: 'pick', title: 'Pick it up', assignee: { type: 'team', team: 'ops' } },
        { type: 'handoff', id: 'pass', to: { type: 'person', email: 'hal@example.com' } },
      ],
      'step-authorization',
    );
    expect((await as('admin', 'POST', '/flows', { flow })).status).toBe(201);
  });

  it('lets exactly the eligible, delegated and reassigned people act, and audits their emails', async () => {
    const started = await as('ria@example.com', 'POST', '/flows/step-authorization/runs', {
      fields: { amount: 10 },
    });
    expect(started.status).toBe(201);
    const id = String(started.body.id);

    await waitingAt(id, 'prep');
    refused(await act('mallory@example.com', id, 'prep', 'complete'));
    const spoofed = await act('mallory@example.com', id, 'prep', 'complete', {
      actor: 'bea@example.com',
    });
    expect(spoofed.status).toBe(400);
    expect(
      (await act('bea@example.com', id, 'prep', 'reassign', { to: 'person:ron@example.com' }))
        .status,
    ).toBe(200);
    refused(await act('bea@example.com', id, 'prep', 'complete'));
    expect((await act('ron@example.com', id, 'prep', 'complete')).status).toBe(200);

    await waitingAt(id, 'sign');
    refused(await act('mallory@example.com', id, 'sign', 'decide', { decision: 'approve' }));
    refused(await act('ria@example.com', id, 'sign', 'decide', { decision: 'approve' }));
    refused(await act('mallory@example.com', id, 'sign', 'delegate', { to: 'eve@example.com' }));
    refused(
      await act('mallory@example.com', id, 'sign', 'reassign', { to: 'person:eve@example.com' }),
    );
    expect(
      (await act('mo@example.com', id, 'sign', 'delegate', { to: 'dee@example.com' })).status,
    ).toBe(200);
    refused(await act('mo@example.com', id, 'sign', 'decide', { decision: 'approve' }));
    expect(
      (await act('dee@example.com', id, 'sign', 'reassign', { to: 'person:eli@example.com' }))
        .status,
    ).toBe(200);
    refused(await act('dee@example.com', id, 'sign', 'decide', { decision: 'approve' }));
    expect(
      (await act('eli@example.com', id, 'sign', 'decide', { decision: 'approve' })).status,
    ).toBe(200);

    // The board is not in the directory when the step opens: whoever joins it may then act.
    await waitingAt(id, 'board');
    refused(await act('bob@example.com', id, 'board', 'decide', { decision: 'approve' }));
    await as('admin', 'PUT', '/directory/roles/board', { members: ['bob@example.com'] });
    expect(
      (await act('bob@example.com', id, 'board', 'decide', { decision: 'approve' })).status,
    ).toBe(200);

    await waitingAt(id, 'pick');
    refused(await act('mallory@example.com', id, 'pick', 'claim'));
    expect((await act('olli@example.com', id, 'pick', 'claim')).status).toBe(200);
    refused(await act('oona@example.com', id, 'pick', 'complete'));
    expect((await act('olli@example.com', id, 'pick', 'complete')).status).toBe(200);

    await waitingAt(id, 'pass');
    refused(await act('mallory@example.com', id, 'pass', 'accept'));
    expect(
      (await act('hal@example.com', id, 'pass', 'reassign', { to: 'person:ivo@example.com' }))
        .status,
    ).toBe(200);
    refused(await act('hal@example.com', id, 'pass', 'accept'));
    expect((await act('ivo@example.com', id, 'pass', 'accept')).status).toBe(200);

    const run = await eventually(async () => {
      const { body } = await as('admin', 'GET', `/runs/${id}`);
      return body.temporalStatus === 'COMPLETED' ? body : undefined;
    });
    const events = (run.workItem as { auditEvents: { action: string; actor: string }[] })
      .auditEvents;
    const byPeople = events.filter((e) => e.actor !== 'plainflow').map((e) => [e.action, e.actor]);
    expect(byPeople).toEqual(
      expect.arrayContaining([
        ['task.reassigned', 'bea@example.com'],
        ['task.completed', 'ron@example.com'],
        ['approval.delegated', 'mo@example.com'],
        ['approval.decided', 'eli@example.com'],
        ['approval.decided', 'bob@example.com'],
        ['task.claimed', 'olli@example.com'],
        ['task.completed', 'olli@example.com'],
      ]),
    );
    expect(byPeople.every(([, actor]) => actor!.includes('@'))).toBe(true);
  });

  it('refuses a directory change or a deploy by a member, and keeps the author of a flow its owner', async () => {
    const member = await as('mel@example.com', 'PUT', '/directory/roles/cfo', {
      members: ['mel@example.com'],
    });
    expect(member.status).toBe(403);
    expect(await stack().prisma.directoryGroup.count({ where: { name: 'cfo' } })).toBe(0);

    // Made authors first; the keys `as` makes later keep their role.
    await stack().keyFor('ada@example.com', 'author');
    await stack().keyFor('abe@example.com', 'author');
    const flow = flowWith([{ type: 'end', id: 'done', status: 'completed' }], 'owned-flow');
    expect((await as('ada@example.com', 'POST', '/flows', { flow })).status).toBe(201);
    const other = await as('abe@example.com', 'POST', '/flows', { flow });
    expect(other.status).toBe(403);
    expect((await as('ada@example.com', 'POST', '/flows', { flow })).body).toMatchObject({
      version: 2,
    });
    expect((await as('admin', 'POST', '/flows', { flow })).body).toMatchObject({ version: 3 });
    const stored = await stack().prisma.flowVersion.findMany({
      where: { flow: { name: 'owned-flow' } },
      orderBy: { version: 'asc' },
    });
    expect(stored.map((v) => v.deployedBy)).toEqual([
      'ada@example.com',
      'ada@example.com',
      'admin@example.com',
    ]);
  });
});
