import { randomUUID } from 'node:crypto';
import {
  Client,
  Connection,
  ScheduleNotFoundError,
  type WorkflowExecutionInfo,
} from '@temporalio/client';
import pino from 'pino';
import { createApp } from '../../src/api/app';
import { listen } from '../../src/api/server';
import { storeFlowVersion } from '../../src/db/flow-versions';
import type { Flow, OverlapPolicy } from '../../src/dsl';
import { reconcileAtStart, reconcileFlowSchedules } from '../../src/schedules/reconcile';
import { scheduleIdOf, scheduleOptionsFor } from '../../src/schedules/schedule-options';
import type { FlowRunInput } from '../../src/workflows';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { eventually, startTestStack, type TestStack } from '../helpers/stack';
import { withKey } from '../helpers/identity';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('reconciling flow schedules, and triggering them under their overlap policy', () => {
  let db: TestDatabase;
  let stack: TestStack;
  const names: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startTestStack(db.url, 4);
  });

  afterAll(async () => {
    for (const name of names) {
      await stack?.temporal.schedule
        .getHandle(scheduleIdOf(name))
        .delete()
        .catch(() => undefined);
      for (const run of await runsOf(name).catch(() => [])) {
        if (run.status.name !== 'RUNNING') continue;
        await stack.temporal.workflow
          .getHandle(run.workflowId)
          .terminate('test over')
          .catch(() => undefined);
      }
    }
    await stack?.stop();
    await db?.drop();
  });

  /** A flow name no other test or test file uses. */
  const uniqueName = (label: string) => {
    const name = `${label}-${randomUUID().slice(0, 8)}`;
    names.push(name);
    return name;
  };

  const yearly = (overlap?: OverlapPolicy): Flow['trigger'] => ({
    type: 'schedule',
    cron: '0 0 1 1 *',
    ...(overlap ? { overlap } : {}),
  });

  /** A flow whose runs stay open, waiting for an event nobody sends. */
  const flowOf = (name: string, trigger: Flow['trigger']): Flow => ({
    name,
    description: 'a flow for reconcile tests',
    version: 1,
    ownerTeam: 'ops',
    trigger,
    steps: [
      {
        type: 'wait',
        id: 'hold',
        for: { type: 'event', event: 'never-sent', timeout: 'PT2M' },
      },
    ],
  });

  const settings = () => ({ taskQueue: stack.taskQueue, requester: 'scheduler@plainflow.local' });
  const reconcile = () => reconcileFlowSchedules(stack.temporal, stack.prisma, settings());

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: withKey(stack.adminKey),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: (text ? JSON.parse(text) : {}) as Record<string, any>, // eslint-disable-line @typescript-eslint/no-explicit-any
    };
  };

  const deploy = (name: string, trigger: Flow['trigger']) =>
    call('POST', '/flows', { flow: flowOf(name, trigger) });

  const scheduledVersion = async (name: string) => {
    const description = await stack.temporal.schedule.getHandle(scheduleIdOf(name)).describe();
    return (description.action.args?.[0] as FlowRunInput).flow.version;
  };

  const scheduleMissing = (name: string) =>
    expect(stack.temporal.schedule.getHandle(scheduleIdOf(name)).describe()).rejects.toBeInstanceOf(
      ScheduleNotFoundError,
    );

  async function runsOf(name: string): Promise<WorkflowExecutionInfo[]> {
    const runs: WorkflowExecutionInfo[] = [];
    for await (const run of stack.temporal.workflow.list({ query: `FlowName = '${name}'` })) {
      runs.push(run);
    }
    return runs;
  }

  it('creates, updates and deletes schedules to match the latest versions, then changes nothing', async () => {
    const missing = uniqueName('stored-directly');
    await storeFlowVersion(stack.prisma, flowOf(missing, yearly()));

    const stale = uniqueName('stale');
    expect((await deploy(stale, yearly())).body).toMatchObject({ schedule: 'created' });
    await storeFlowVersion(stack.prisma, flowOf(stale, yearly()));

    const toManual = uniqueName('now-manual');
    await deploy(toManual, yearly());
    await storeFlowVersion(stack.prisma, flowOf(toManual, { type: 'manual' }));

    const orphan = uniqueName('orphan');
    await stack.temporal.schedule.create(scheduleOptionsFor(flowOf(orphan, yearly()), settings()));
    // Another installation's schedule on the same namespace: not ours to delete.
    const foreign = uniqueName('foreign');
    await stack.temporal.schedule.create(
      scheduleOptionsFor(flowOf(foreign, yearly()), { ...settings(), taskQueue: 'elsewhere' }),
    );

    const current = uniqueName('current');
    await deploy(current, yearly());

    const first = await reconcile();
    expect(first.created).toContain(scheduleIdOf(missing));
    expect(first.updated).toContain(scheduleIdOf(stale));
    expect(first.deleted).toEqual(
      expect.arrayContaining([scheduleIdOf(toManual), scheduleIdOf(orphan)]),
    );
    expect(first.deleted).not.toContain(scheduleIdOf(foreign));
    expect(first.unchanged).toContain(scheduleIdOf(current));
    expect(first.failed).toEqual([]);

    expect(await scheduledVersion(missing)).toBe(1);
    expect(await scheduledVersion(stale)).toBe(2);
    await scheduleMissing(toManual);
    await scheduleMissing(orphan);
    expect(await scheduledVersion(foreign)).toBe(1);

    const second = await call('POST', '/schedules/reconcile');
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ created: 0, updated: 0, deleted: 0, failed: 0 });
    const unchanged = (second.body.schedules as { unchanged: string[] }).unchanged;
    // A manual flow without a schedule is in order too.
    expect(unchanged).toEqual(
      expect.arrayContaining([missing, stale, current, toManual].map(scheduleIdOf)),
    );
  }, 60_000);

  it('reports a stored version that cannot be scheduled and reconciles the others', async () => {
    const broken = uniqueName('business-days');
    await storeFlowVersion(stack.prisma, flowOf(broken, { type: 'schedule', every: '1bd' }));
    const summary = await reconcile();
    expect(summary.failed).toEqual([
      { flow: broken, error: expect.stringContaining('business days') as unknown },
    ]);
    await scheduleMissing(broken);
    await stack.prisma.flowDefinition.delete({ where: { name: broken } });
  }, 30_000);

  it('triggers under the skip policy: a new run id, then none while that run is open', async () => {
    const name = uniqueName('skip');
    await deploy(name, yearly('skip'));
    const first = await call('POST', `/flows/${name}/schedule/trigger`);
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({
      schedule: scheduleIdOf(name),
      overlap: 'skip',
      outcome: 'started',
    });
    const workflowId = first.body.workflowId as string;
    expect(workflowId).toMatch(new RegExp(`^scheduled-run:${name}-`));
    const runs = await eventually(async () => {
      const all = await runsOf(name);
      return all.length > 0 ? all : undefined;
    });
    expect(runs.map((run) => run.workflowId)).toEqual([workflowId]);

    const second = await call('POST', `/flows/${name}/schedule/trigger`);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ overlap: 'skip', outcome: 'skipped', workflowId: null });
    expect(await runsOf(name)).toHaveLength(1);
  }, 30_000);

  it('triggers under allow_all: a second run starts beside the open one', async () => {
    const name = uniqueName('allow-all');
    await deploy(name, yearly('allow_all'));
    const first = await call('POST', `/flows/${name}/schedule/trigger`);
    // Scheduled workflow ids end in the start time to the second: one start per second.
    await sleep(1100);
    const second = await call('POST', `/flows/${name}/schedule/trigger`);
    expect([first.body.outcome, second.body.outcome]).toEqual(['started', 'started']);
    expect(second.body.workflowId).not.toBe(first.body.workflowId);
    const runs = await eventually(async () => {
      const all = await runsOf(name);
      return all.length === 2 ? all : undefined;
    });
    expect(runs.map((run) => run.workflowId).sort()).toEqual(
      [first.body.workflowId, second.body.workflowId].sort(),
    );
  }, 30_000);

  it('refuses to trigger the schedule of a manual or unknown flow', async () => {
    const name = uniqueName('manual');
    await deploy(name, { type: 'manual' });
    const manual = await call('POST', `/flows/${name}/schedule/trigger`);
    expect(manual.status).toBe(409);
    expect(manual.body.error).toMatchObject({ code: 'no_schedule_trigger' });
    const unknown = await call('POST', '/flows/no-such-flow/schedule/trigger');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'flow_not_found' });
  });

  it('logs a reconcile at start that cannot reach Temporal, and the route answers 503', async () => {
    await storeFlowVersion(stack.prisma, flowOf(uniqueName('while-down'), yearly()));
    const down = Connection.lazy({ address: '127.0.0.1:1' });
    const client = new Client({ connection: down });
    const lines: string[] = [];
    const captured = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    // Temporal counts as unreachable after a second, not the production default of ten.
    const api = await listen(
      createApp({
        temporal: client,
        prisma: stack.prisma,
        taskQueue: stack.taskQueue,
        temporalCallTimeoutMs: 1_000,
        logger: captured,
      }),
      0,
      '127.0.0.1',
    );
    try {
      await expect(
        reconcileAtStart(client, stack.prisma, { ...settings(), callTimeoutMs: 1_000 }, captured),
      ).resolves.toBeUndefined();
      expect(lines.join('')).toContain('flow schedules not reconciled');
      const res = await fetch(`${api.url}/schedules/reconcile`, {
        method: 'POST',
        headers: withKey(stack.adminKey),
      });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        'temporal_unavailable',
      );
    } finally {
      await api.close();
      await down.close();
    }
  });
});
