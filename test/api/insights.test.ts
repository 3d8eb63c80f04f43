import { randomUUID } from 'node:crypto';
import { appendAuditEvent } from '../../src/activities/audit';
import type { FlowInsights } from '../../src/api/insights';
import { withKey } from '../helpers/identity';
import { useTestStack } from '../helpers/stack';

const HOUR = 60 * 60 * 1000;
const MINUTE = 60 * 1000;

/** The value at fraction `p` of `values`, interpolated between neighbours (as percentile_cont). */
function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return (sorted[low] ?? 0) + ((sorted[high] ?? 0) - (sorted[low] ?? 0)) * (rank - low);
}

interface SeededTask {
  version: number;
  step: string;
  kind: 'task' | 'approval' | 'handoff';
  openedAt: Date;
  closedAt: Date | null;
  dueAt: Date | null;
  /** For an approval that ended: how (its `approval.completed` event). */
  outcome?: 'approved' | 'rejected' | 'timed_out';
  /** Whether its work was escalated once (a `*.escalated` event). */
  escalated?: boolean;
}

/** The Monday (UTC) starting the week of `at`, as YYYY-MM-DD. */
function weekOf(at: Date): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

/** How approvals ended: counts and shares, as the route computes them from the seeded outcomes. */
function outcomes(tasks: SeededTask[]) {
  const count = (outcome: SeededTask['outcome']) =>
    tasks.filter((t) => t.outcome === outcome).length;
  const ended = count('approved') + count('rejected') + count('timed_out');
  const share = (n: number) => (ended === 0 ? null : Math.round((n / ended) * 1000) / 1000);
  return {
    approved: count('approved'),
    rejected: count('rejected'),
    timedOut: count('timed_out'),
    rejectedShare: share(count('rejected')),
    timedOutShare: share(count('timed_out')),
  };
}

describe('GET /flows/:name/insights', () => {
  const { stack } = useTestStack();
  const now = Date.now();
  const base = now - 20 * 24 * HOUR;
  const seeded: SeededTask[] = [];
  const runs = new Map<number, { started: number; finished: number }>();
  const weeks = new Map<string, { started: number; finished: number }>();
  const countWeek = (at: Date, version: number, what: 'started' | 'finished') => {
    const key = `${weekOf(at)}|${version}`;
    const tally = weeks.get(key) ?? { started: 0, finished: 0 };
    weeks.set(key, { ...tally, [what]: tally[what] + 1 });
  };

  const get = async (key: string, path: string) => {
    const res = await fetch(`${stack().apiUrl}${path}`, { headers: withKey(key) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  /** A flow with versions 1 and 2 and `count` runs of each, their tasks at known times. */
  async function seedFlow(name: string, count: number, record: boolean) {
    const { prisma } = stack();
    const flow = await prisma.flowDefinition.create({ data: { name } });
    const versions = new Map<number, string>();
    for (const version of [1, 2]) {
      const row = await prisma.flowVersion.create({
        data: { flowId: flow.id, version, definition: {} },
      });
      versions.set(version, row.id);
    }
    const items = [];
    const tasks = [];
    const events: { workItemId: string; action: string; at: Date; data: Record<string, string> }[] =
      [];
    for (let i = 0; i < count; i += 1) {
      const version = i % 3 === 0 ? 2 : 1;
      const startedAt = base + i * 37 * MINUTE;
      const finished = i % 5 !== 0;
      const id = randomUUID();
      items.push({
        id,
        workflowId: `${name}-${i}`,
        flowName: name,
        flowVersionId: versions.get(version) ?? null,
        title: `${name} ${i}`,
        requester: 'ann@example.com',
        status: finished ? 'completed' : 'open',
        createdAt: new Date(startedAt),
        closedAt: finished ? new Date(startedAt + 3 * 24 * HOUR) : null,
      });
      // Review waits 1-40 h (longest where i is large); fix waits 5-95 min; v2 adds a handoff.
      const steps: Omit<SeededTask, 'version'>[] = [
        {
          step: 'review',
          kind: 'approval',
          openedAt: new Date(startedAt + MINUTE),
          closedAt:
            finished || i % 2 === 0 ? new Date(startedAt + MINUTE + ((i % 40) + 1) * HOUR) : null,
          dueAt: new Date(startedAt + 2 * 24 * HOUR),
          outcome: (['rejected', 'timed_out', 'approved', 'approved'] as const)[i % 4],
          escalated: i % 8 === 0,
        },
        {
          step: 'fix',
          kind: 'task',
          openedAt: new Date(startedAt + 2 * MINUTE),
          closedAt: finished
            ? new Date(startedAt + 2 * MINUTE + ((i % 10) * 10 + 5) * MINUTE)
            : null,
          dueAt: i % 4 === 0 ? new Date(now + HOUR) : null,
          escalated: i % 9 === 0,
        },
      ];
      if (version === 2) {
        steps.push({
          step: 'pass_on',
          kind: 'handoff',
          openedAt: new Date(startedAt + 3 * MINUTE),
          closedAt: new Date(startedAt + 3 * MINUTE + (i % 7) * 3 * HOUR),
          dueAt: null,
        });
      }
      for (const [n, task] of steps.entries()) {
        tasks.push({
          workItemId: id,
          kind: task.kind,
          stepPath: task.step,
          title: task.step,
          assignee: `person:p${i % 4}@example.com`,
          status: task.closedAt ? 'done' : 'open',
          idempotencyKey: `${name}-${i}:${n}`,
          createdAt: task.openedAt,
          completedAt: task.closedAt,
          dueAt: task.dueAt,
        });
        const closed = task.closedAt ?? undefined;
        if (task.kind === 'approval' && closed && task.outcome) {
          events.push({
            workItemId: id,
            action: 'approval.completed',
            at: closed,
            data: { step: task.step, outcome: task.outcome },
          });
        }
        if (task.escalated) {
          events.push({
            workItemId: id,
            action: `${task.kind === 'approval' ? 'approval' : 'task'}.escalated`,
            at: new Date(task.openedAt.getTime() + MINUTE),
            data: { step: task.step },
          });
        }
        if (record) {
          seeded.push({
            ...task,
            version,
            outcome: task.kind === 'approval' && closed ? task.outcome : undefined,
          });
        }
      }
      if (record) {
        const tally = runs.get(version) ?? { started: 0, finished: 0 };
        runs.set(version, {
          started: tally.started + 1,
          finished: tally.finished + (finished ? 1 : 0),
        });
        countWeek(new Date(startedAt), version, 'started');
        if (finished) countWeek(new Date(startedAt + 3 * 24 * HOUR), version, 'finished');
      }
    }
    // One run before the window, left out of every figure.
    items.push({
      id: randomUUID(),
      workflowId: `${name}-old`,
      flowName: name,
      flowVersionId: versions.get(1) ?? null,
      title: 'old',
      requester: 'ann@example.com',
      status: 'completed',
      createdAt: new Date(now - 200 * 24 * HOUR),
      closedAt: new Date(now - 199 * 24 * HOUR),
    });
    await prisma.workItem.createMany({ data: items });
    await prisma.task.createMany({ data: tasks });
    for (const [n, event] of events.entries()) {
      await prisma.$transaction((tx) =>
        appendAuditEvent(tx, {
          ...event,
          actor: 'system',
          idempotencyKey: `${name}:event:${n}`,
        }),
      );
    }
  }

  beforeAll(async () => {
    await seedFlow('insight-flow', 300, true);
    // Another flow's runs, which must not count.
    await seedFlow('other-flow', 40, false);
  });

  it('answers runs per version and every step’s waits as computed from the seeded times', async () => {
    const { status, body } = await get(stack().adminKey, '/flows/insight-flow/insights');
    expect(status).toBe(200);
    const insights = body as unknown as FlowInsights;
    const at = Date.parse(insights.at);

    expect(insights.runs).toEqual(
      [1, 2].map((version) => {
        const tally = runs.get(version) ?? { started: 0, finished: 0 };
        return { version, ...tally, open: tally.started - tally.finished };
      }),
    );

    const groups = new Map<string, SeededTask[]>();
    for (const task of seeded) {
      const key = `${task.version}:${task.step}`;
      groups.set(key, [...(groups.get(key) ?? []), task]);
    }
    const expected = [...groups.values()].map((tasks) => {
      const first = tasks[0] as SeededTask;
      const closed = tasks.filter((t) => t.closedAt !== null);
      const waits = closed.map((t) => (t.closedAt as Date).getTime() - t.openedAt.getTime());
      const round = (value: number | null) => (value === null ? null : Math.round(value));
      return {
        version: first.version,
        step: first.step,
        kind: first.kind,
        finished: closed.length,
        open: tasks.length - closed.length,
        overdue: tasks.filter((t) => t.closedAt === null && t.dueAt && t.dueAt.getTime() < at)
          .length,
        waitMs: { p50: round(percentile(waits, 0.5)), p95: round(percentile(waits, 0.95)) },
        totalWaitMs: Math.round(
          tasks.reduce((sum, t) => sum + (t.closedAt?.getTime() ?? at) - t.openedAt.getTime(), 0),
        ),
        escalations: tasks.filter((t) => t.escalated).length,
        outcomes: first.kind === 'approval' ? outcomes(tasks) : null,
      };
    });
    expected.sort((a, b) => b.totalWaitMs - a.totalWaitMs);
    expect(insights.weeks).toEqual(
      [...weeks.entries()]
        .map(([key, tally]) => {
          const [week = '', version] = key.split('|');
          return { week, version: Number(version), ...tally };
        })
        .sort((a, b) => a.week.localeCompare(b.week) || a.version - b.version),
    );
    expect(insights.steps).toEqual(expected);
    // Open fixes, waiting since their runs started days ago, outweigh every closed wait; some
    // open work is overdue.
    expect(insights.steps[0]).toMatchObject({ step: 'fix', version: 1, open: 40 });
    expect(insights.steps.some((s) => s.overdue > 0)).toBe(true);
  });

  it('counts only what started within the window it is asked for', async () => {
    const since = new Date(base + 100 * 37 * MINUTE).toISOString();
    const until = new Date(base + 200 * 37 * MINUTE).toISOString();
    const query = new URLSearchParams({ since, until });
    const { status, body } = await get(
      stack().adminKey,
      `/flows/insight-flow/insights?${query.toString()}`,
    );
    expect(status).toBe(200);
    const insights = body as unknown as FlowInsights;
    expect(insights.runs.reduce((sum, r) => sum + r.started, 0)).toBe(100);
    const opened = seeded.filter(
      (t) => t.openedAt.getTime() >= Date.parse(since) && t.openedAt.getTime() < Date.parse(until),
    ).length;
    expect(insights.steps.reduce((sum, s) => sum + s.finished + s.open, 0)).toBe(opened);
  });

  it('refuses a window that ends before it starts, an unknown flow, and members', async () => {
    const backwards = await get(
      stack().adminKey,
      `/flows/insight-flow/insights?since=${encodeURIComponent(new Date(now).toISOString())}&until=${encodeURIComponent(new Date(base).toISOString())}`,
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.error).toMatchObject({ code: 'invalid_query' });
    const unknown = await get(stack().adminKey, '/flows/no-such-flow/insights');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'flow_not_found' });
    const member = await get(
      await stack().keyFor('mo@example.com'),
      '/flows/insight-flow/insights',
    );
    expect(member.status).toBe(403);
  });
});
