import { randomUUID } from 'node:crypto';
import type { RaisedFlag } from '../../src/insights/flags';
import type { WatchPlan } from '../../src/insights/watch';
import { ensureWatcherSchedule } from '../../src/schedules/watcher';
import { withKey } from '../helpers/identity';
import { useTestStack } from '../helpers/stack';

const HOUR = 60 * 60 * 1000;

type Round = WatchPlan & { dryRun: boolean; raised: number; prompted: number };

describe('the watcher', () => {
  const { stack } = useTestStack();
  const now = Date.now();
  let n = 0;

  /** A run of `watched` whose one task opened `openedHoursAgo`, closed or due as given. */
  async function run(
    versionId: string,
    openedHoursAgo: number,
    task: { closedHoursAgo?: number; dueInHours?: number },
  ) {
    const { prisma } = stack();
    n += 1;
    const item = await prisma.workItem.create({
      data: {
        workflowId: `watched-${n}`,
        flowName: 'watched',
        flowVersionId: versionId,
        title: `watched #${n}`,
        requester: 'ann@example.com',
        createdAt: new Date(now - openedHoursAgo * HOUR),
      },
    });
    await prisma.task.create({
      data: {
        id: randomUUID(),
        workItemId: item.id,
        kind: 'task',
        stepPath: 'prep',
        title: 'Prepare',
        assignee: 'person:ann@example.com',
        status: task.closedHoursAgo === undefined ? 'open' : 'done',
        idempotencyKey: `watched-${n}`,
        createdAt: new Date(now - openedHoursAgo * HOUR),
        completedAt:
          task.closedHoursAgo === undefined ? null : new Date(now - task.closedHoursAgo * HOUR),
        dueAt: task.dueInHours === undefined ? null : new Date(now + task.dueInHours * HOUR),
      },
    });
    return item.workflowId;
  }

  const post = async (path: string, key?: string) => {
    const res = await fetch(`${stack().apiUrl}${path}`, {
      method: 'POST',
      headers: withKey(key ?? stack().adminKey),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const round = async (dryRun: boolean) => {
    const answer = await post(`/watcher/run?dryRun=${dryRun}`);
    expect(answer.status).toBe(200);
    return answer.body as unknown as Round;
  };

  let tight = '';
  let overdue = '';
  let idle = '';

  beforeAll(async () => {
    const { prisma } = stack();
    const flow = await prisma.flowDefinition.create({
      data: { name: 'watched', ownerTeam: 'ops' },
    });
    const version = await prisma.flowVersion.create({
      data: { flowId: flow.id, version: 1, definition: {} },
    });
    // Prep usually takes 4 h.
    for (let i = 0; i < 6; i += 1) await run(version.id, 50, { closedHoursAgo: 46 });
    tight = await run(version.id, 1, { dueInHours: 1 });
    overdue = await run(version.id, 3, { dueInHours: -1 });
    // On time: due in 10 h, predicted in 3.
    await run(version.id, 1, { dueInHours: 10 });
    // Nothing has happened on it for 30 h: its holder is prompted, once for this period.
    idle = await run(version.id, 30, {});
  });

  const flagged = () =>
    stack().prisma.auditEvent.findMany({
      where: { action: 'watcher.flagged' },
      orderBy: { id: 'asc' },
    });

  it('answers a dry run with the flags a round would raise, and changes nothing', async () => {
    const dry = await round(true);
    expect(dry).toMatchObject({ dryRun: true, raised: 0 });
    expect(dry.flags.map((f) => [f.runId, f.reason, f.recipients])).toEqual([
      [tight, 'due_at_risk', ['person:ann@example.com', 'team:ops']],
      [overdue, 'overdue', ['person:ann@example.com', 'team:ops']],
    ]);
    expect(dry.prompts.map((p) => [p.runId, p.assignee])).toEqual([
      [idle, 'person:ann@example.com'],
    ]);
    expect(await flagged()).toEqual([]);
  });

  it('raises each flag once: the round does what the dry run said, the next round adds nothing', async () => {
    const dry = await round(true);
    const real = await round(false);
    expect(real).toMatchObject({ dryRun: false, raised: 2, prompted: 1, prompts: dry.prompts });
    expect(real.flags.map(({ key, reason, because }) => ({ key, reason, because }))).toEqual(
      dry.flags.map(({ key, reason, because }) => ({ key, reason, because })),
    );
    const events = await flagged();
    expect(events.map((e) => [e.actor, (e.data as { reason: string }).reason])).toEqual([
      ['watcher', 'due_at_risk'],
      ['watcher', 'overdue'],
    ]);
    const notices = await stack().prisma.notification.findMany({ where: { kind: 'watcher' } });
    expect(notices.map((x) => x.recipient).sort()).toEqual([
      'person:ann@example.com',
      'person:ann@example.com',
      'team:ops',
      'team:ops',
    ]);
    expect(await round(false)).toMatchObject({ raised: 0, flags: [], prompted: 0, prompts: [] });
    expect(await round(true)).toMatchObject({ raised: 0, flags: [], prompts: [] });
    expect(await flagged()).toHaveLength(2);
    const prompted = await stack().prisma.auditEvent.findMany({
      where: { action: 'watcher.prompted' },
    });
    expect(prompted.map((e) => e.data)).toEqual([
      expect.objectContaining({ step: 'prep', assignee: 'person:ann@example.com' }),
    ]);
    const reminders = await stack().prisma.notification.findMany({ where: { kind: 'reminder' } });
    expect(reminders.map((r) => [r.recipient, r.message])).toEqual([
      ['person:ann@example.com', expect.stringMatching(/for 30 h: it waits on you\.$/)],
    ]);
  });

  it('lists the flags it raised, newest first, with whether their work is still open', async () => {
    const get = async (query: string, key?: string) => {
      const res = await fetch(`${stack().apiUrl}/insights/flags${query}`, {
        headers: withKey(key ?? stack().adminKey),
      });
      return { status: res.status, body: (await res.json()) as { items: RaisedFlag[] } };
    };
    const all = await get('');
    expect(all.status).toBe(200);
    expect(all.body.items.map((f) => [f.runId, f.reason, f.open, f.holder])).toEqual([
      [overdue, 'overdue', true, 'person:ann@example.com'],
      [tight, 'due_at_risk', true, 'person:ann@example.com'],
    ]);
    expect(all.body.items[0]).toMatchObject({
      flow: 'watched',
      step: 'prep',
      recipients: ['person:ann@example.com', 'team:ops'],
    });
    expect(all.body.items[0]?.because).toContain('due');
    // The overdue work is done: it stays listed, no longer open, and `open=true` leaves it out.
    const { prisma } = stack();
    const item = await prisma.workItem.findUniqueOrThrow({ where: { workflowId: overdue } });
    await prisma.task.updateMany({ where: { workItemId: item.id }, data: { status: 'done' } });
    const after = await get('?limit=1');
    expect(after.body.items.map((f) => [f.runId, f.open, f.holder])).toEqual([
      [overdue, false, null],
    ]);
    const open = await get('?open=true');
    expect(open.body.items.map((f) => f.runId)).toEqual([tight]);
    expect((await get('?flow=another')).body.items).toEqual([]);
    expect((await get('?limit=0')).status).toBe(400);
    const member = await stack().keyFor('mo@example.com', 'member');
    expect((await get('', member)).status).toBe(403);
  });

  it('is for admins, and refuses a dry run it cannot read', async () => {
    const author = await stack().keyFor('au@example.com', 'author');
    expect((await post('/watcher/run?dryRun=true', author)).status).toBe(403);
    const bad = await post('/watcher/run?dryRun=maybe');
    expect([bad.status, bad.body.error]).toEqual([
      400,
      expect.objectContaining({ code: 'invalid_query' }),
    ]);
  });

  it('is scheduled every PLAINFLOW_WATCH_MINUTES, the interval updated at the next start', async () => {
    const id = `watcher-test-${randomUUID()}`;
    const { temporal, taskQueue } = stack();
    try {
      expect(
        await ensureWatcherSchedule(temporal, taskQueue, { minutes: 15, idleHours: 24 }, id),
      ).toBe('created');
      expect(
        await ensureWatcherSchedule(temporal, taskQueue, { minutes: 30, idleHours: 8 }, id),
      ).toBe('updated');
      const described = await temporal.schedule.getHandle(id).describe();
      expect(described.spec.intervals?.[0]?.every).toBe(30 * 60_000);
      expect(described.action).toMatchObject({
        workflowType: 'watchWorkflow',
        taskQueue,
        args: [{ idleHours: 8 }],
      });
    } finally {
      await temporal.schedule.getHandle(id).delete();
    }
  });
});
