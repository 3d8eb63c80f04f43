import { randomUUID } from 'node:crypto';
import type { AtRiskItem } from '../../src/insights/at-risk';
import type { Flow } from '../../src/dsl';
import { withKey } from '../helpers/identity';
import { useTestStack } from '../helpers/stack';

const HOUR = 60 * 60 * 1000;

const riskFlow: Flow = {
  name: 'risk-flow',
  description: 'prepare, sign, ship, within two days',
  version: 1,
  ownerTeam: 'ops',
  trigger: { type: 'request', fields: [] },
  deadline: { within: 'P2D', then: { type: 'cancel' } },
  steps: [
    { type: 'task', id: 'prep', title: 'Prepare', assignee: { type: 'requester' } },
    {
      type: 'approval',
      id: 'sign',
      approvers: [{ type: 'person', email: 'boss@example.com' }],
      mode: 'any',
    },
    { type: 'task', id: 'ship', title: 'Ship', assignee: { type: 'requester' } },
  ],
};

interface Answer {
  at: string;
  total: number;
  items: AtRiskItem[];
}

describe('GET /insights/at-risk', () => {
  const { stack } = useTestStack();
  const now = Date.now();
  let n = 0;

  /** A run of `flow` (version 1 of a stored flow, or none) started `startedHoursAgo`, with its tasks. */
  async function run(
    flow: string,
    versionId: string | null,
    startedHoursAgo: number,
    tasks: {
      step: string;
      kind: 'task' | 'approval' | 'handoff';
      openedHoursAgo: number;
      closedHoursAgo?: number;
      dueInHours?: number;
    }[],
  ) {
    const { prisma } = stack();
    n += 1;
    const item = await prisma.workItem.create({
      data: {
        workflowId: `risk-${n}`,
        flowName: flow,
        flowVersionId: versionId,
        title: `${flow} #${n}`,
        requester: 'ann@example.com',
        createdAt: new Date(now - startedHoursAgo * HOUR),
      },
    });
    await prisma.task.createMany({
      data: tasks.map((t, i) => ({
        id: randomUUID(),
        workItemId: item.id,
        kind: t.kind,
        stepPath: t.step,
        title: t.step,
        assignee: 'person:ann@example.com',
        status: t.closedHoursAgo === undefined ? 'open' : 'done',
        idempotencyKey: `risk-${n}:${i}`,
        createdAt: new Date(now - t.openedHoursAgo * HOUR),
        completedAt:
          t.closedHoursAgo === undefined ? null : new Date(now - t.closedHoursAgo * HOUR),
        dueAt: t.dueInHours === undefined ? null : new Date(now + t.dueInHours * HOUR),
      })),
    });
    return { runId: item.workflowId, workItemId: item.id };
  }

  let runs: Record<string, { runId: string; workItemId: string }> = {};

  beforeAll(async () => {
    const { prisma } = stack();
    const definition = await prisma.flowDefinition.create({ data: { name: 'risk-flow' } });
    const v1 = await prisma.flowVersion.create({
      data: { flowId: definition.id, version: 1, definition: riskFlow },
    });
    // History: ten runs whose prep took 4 h and sign 10 h; three whose ship took 1 h (too few).
    for (let i = 0; i < 10; i += 1) {
      await run('risk-flow', v1.id, 100, [
        { step: 'prep', kind: 'task', openedHoursAgo: 100, closedHoursAgo: 96 },
        ...(i < 6
          ? [{ step: 'sign', kind: 'approval' as const, openedHoursAgo: 96, closedHoursAgo: 86 }]
          : []),
        ...(i < 3
          ? [{ step: 'ship', kind: 'task' as const, openedHoursAgo: 86, closedHoursAgo: 85 }]
          : []),
      ]);
    }
    runs = {
      // Prep usually takes 4 h: opened 1 h ago and due in 1 h, it will be 2 h late.
      tight: await run('risk-flow', v1.id, 1, [
        { step: 'prep', kind: 'task', openedHoursAgo: 1, dueInHours: 1 },
      ]),
      // Due in 10 h, predicted in 3 h; the run ends in 3 + 10 + 4 h, well within 2 days.
      fine: await run('risk-flow', v1.id, 1, [
        { step: 'prep', kind: 'task', openedHoursAgo: 1, dueInHours: 10 },
      ]),
      overdue: await run('risk-flow', v1.id, 3, [
        { step: 'prep', kind: 'task', openedHoursAgo: 3, dueInHours: -1 },
      ]),
      // Started 40 h ago, its deadline is in 8 h; sign closes in 9 h, then ship (4 h, by kind).
      late: await run('risk-flow', v1.id, 40, [
        { step: 'prep', kind: 'task', openedHoursAgo: 40, closedHoursAgo: 36 },
        { step: 'sign', kind: 'approval', openedHoursAgo: 1 },
      ]),
      // No handoff has ever closed: the default pace of a day, against a due time in 2 h.
      unknown: await run('other-flow', null, 1, [
        { step: 'pass', kind: 'handoff', openedHoursAgo: 1, dueInHours: 2 },
      ]),
    };
  });

  const get = async (path: string, key?: string) => {
    const res = await fetch(`${stack().apiUrl}${path}`, {
      headers: withKey(key ?? stack().adminKey),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('lists overdue work and work predicted to miss its due time or deadline, with why', async () => {
    const { status, body } = await get('/insights/at-risk');
    expect(status).toBe(200);
    const answer = body as unknown as Answer;
    const at = Date.parse(answer.at);
    const iso = (hoursFromNow: number) => new Date(now + hoursFromNow * HOUR).toISOString();
    const summary = answer.items.map((item) => ({
      run: Object.entries(runs).find(([, r]) => r.runId === item.runId)?.[0],
      step: item.step,
      reason: item.reason,
      pace: item.pace,
      predictedAt: item.predictedAt,
      deadline: item.deadline,
    }));
    // Latest first: the default-paced handoff (22 h late), the deadline (5 h), the tight prep
    // (2 h), the overdue prep (1 h past due).
    expect(summary).toEqual([
      {
        run: 'unknown',
        step: 'pass',
        reason: 'due_at_risk',
        pace: { ms: 24 * HOUR, basis: 'default', samples: 0 },
        predictedAt: iso(23),
        deadline: null,
      },
      {
        run: 'late',
        step: 'sign',
        reason: 'deadline_at_risk',
        pace: { ms: 10 * HOUR, basis: 'step', samples: 6 },
        predictedAt: iso(9),
        deadline: { at: iso(8), predictedEnd: iso(13), remainingSteps: ['ship'] },
      },
      {
        run: 'tight',
        step: 'prep',
        reason: 'due_at_risk',
        pace: { ms: 4 * HOUR, basis: 'step', samples: 11 },
        predictedAt: iso(3),
        deadline: null,
      },
      {
        run: 'overdue',
        step: 'prep',
        reason: 'overdue',
        pace: { ms: 4 * HOUR, basis: 'step', samples: 11 },
        predictedAt: new Date(Math.max(now + HOUR, at)).toISOString(),
        deadline: null,
      },
    ]);
    expect(answer.total).toBe(4);
    const late = answer.items.find((item) => item.reason === 'deadline_at_risk');
    expect(late?.because).toMatch(/sign usually takes 10 h \(p50 of 6 closed in this version\)/);
  });

  it('narrows to one flow, limits, and refuses members', async () => {
    const flow = (await get('/insights/at-risk?flow=other-flow')).body as unknown as Answer;
    expect(flow.items.map((item) => item.runId)).toEqual([runs.unknown?.runId]);
    const first = (await get('/insights/at-risk?limit=1')).body as unknown as Answer;
    expect([first.total, first.items.length]).toEqual([4, 1]);
    const member = await get('/insights/at-risk', await stack().keyFor('mo@example.com'));
    expect(member.status).toBe(403);
    const bad = await get('/insights/at-risk?limit=0');
    expect(bad.status).toBe(400);
  });
});
