import { randomUUID } from 'node:crypto';
import {
  Client,
  Connection,
  ScheduleNotFoundError,
  type WorkflowExecutionInfo,
} from '@temporalio/client';
import { createApp } from '../../src/api/app';
import { listen, type ApiServer } from '../../src/api/server';
import type { Flow, ScheduleTrigger } from '../../src/dsl';
import { logger } from '../../src/logger';
import { syncFlowSchedule } from '../../src/schedules/flow-schedules';
import { scheduleIdOf } from '../../src/schedules/schedule-options';
import type { FlowRunInput } from '../../src/workflows';
import { FlowVersionKey } from '../../src/workflows/search-attributes';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { eventually, startTestStack, type TestStack } from '../helpers/stack';
import { withKey } from '../helpers/identity';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('scheduled flows on Temporal Schedules', () => {
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

  const flowOf = (name: string, trigger: Flow['trigger']): Flow => ({
    name,
    description: 'a scheduled flow for tests',
    version: 1,
    ownerTeam: 'ops',
    trigger,
    steps: [{ type: 'set', id: 'mark', status: 'done' }],
  });

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

  const schedule = (trigger: Omit<ScheduleTrigger, 'type'>): Flow['trigger'] => ({
    type: 'schedule',
    ...trigger,
  });

  const runsOf = async (name: string): Promise<WorkflowExecutionInfo[]> => {
    const runs: WorkflowExecutionInfo[] = [];
    for await (const run of stack.temporal.workflow.list({ query: `FlowName = '${name}'` })) {
      runs.push(run);
    }
    return runs;
  };

  const actionInput = async (name: string) => {
    const description = await stack.temporal.schedule.getHandle(scheduleIdOf(name)).describe();
    return description.action.args?.[0] as FlowRunInput;
  };

  it('runs an interval flow every 2 seconds with its overlap policy and catch-up window', async () => {
    const name = uniqueName('every-two');
    const deployed = await deploy(
      name,
      schedule({ every: 'PT2S', overlap: 'buffer_one', catchUpWindow: 'PT30S' }),
    );
    expect(deployed.status).toBe(201);
    expect(deployed.body).toMatchObject({ version: 1, schedule: 'created' });

    const shown = await call('GET', `/flows/${name}/schedule`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      id: `flow-schedule:${name}`,
      flow: name,
      version: 1,
      paused: false,
      spec: { every: 'PT2S', summary: 'every 2 seconds' },
      timeZone: 'UTC',
      overlap: 'buffer_one',
      catchUpWindow: 'PT30S',
    });
    expect((shown.body.nextActionTimes as string[]).length).toBeGreaterThan(0);
    const input = await actionInput(name);
    expect(input).toMatchObject({ requester: 'scheduler@plainflow.local', fields: {} });
    expect(input.flow.version).toBe(1);

    const completed = await eventually(async () => {
      const runs = await runsOf(name);
      const done = runs.filter((run) => run.status.name === 'COMPLETED');
      return done.length >= 2 ? done : undefined;
    });
    expect(completed[0]?.workflowId).toMatch(new RegExp(`^scheduled-run:${name}-`));
    expect(completed[0]?.typedSearchAttributes.get(FlowVersionKey)).toBe('1');
    const later = await call('GET', `/flows/${name}/schedule`);
    expect((later.body.recentActions as unknown[]).length).toBeGreaterThanOrEqual(2);
    const recentIds = (later.body.recentActions as { workflowId: string }[]).map(
      (action) => action.workflowId,
    );
    expect(recentIds).toEqual(expect.arrayContaining([completed[0]?.workflowId]));
  });

  it('starts no runs while paused, and starts them again once resumed', async () => {
    const name = uniqueName('pausing');
    await deploy(name, schedule({ every: 'PT2S' }));
    await eventually(async () => ((await runsOf(name)).length >= 1 ? true : undefined));

    const paused = await call('POST', `/flows/${name}/schedule/pause`, { note: 'quarter close' });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ paused: true, note: 'quarter close' });
    await sleep(1500);
    const before = (await runsOf(name)).length;
    await sleep(5000);
    expect((await runsOf(name)).length).toBe(before);

    const resumed = await call('POST', `/flows/${name}/schedule/resume`, {});
    expect(resumed.body).toMatchObject({ paused: false });
    await eventually(async () => ((await runsOf(name)).length > before ? true : undefined));
  }, 60_000);

  it('triggers one run at once, and pins runs to the version deployed last', async () => {
    const name = uniqueName('yearly');
    const yearly = schedule({ cron: '0 0 1 1 *' });
    await deploy(name, yearly);
    const triggered = await call('POST', `/flows/${name}/schedule/trigger`);
    expect(triggered.status).toBe(202);
    const first = await eventually(async () => {
      const runs = await runsOf(name);
      return runs.length > 0 ? runs : undefined;
    });
    await sleep(2000);
    expect(await runsOf(name)).toHaveLength(1);
    expect(first[0]?.typedSearchAttributes.get(FlowVersionKey)).toBe('1');

    await call('POST', `/flows/${name}/schedule/pause`, { note: 'kept across deploys' });
    const second = await deploy(name, yearly);
    expect(second.body).toMatchObject({ version: 2, schedule: 'updated' });
    expect((await actionInput(name)).flow.version).toBe(2);
    const shown = await call('GET', `/flows/${name}/schedule`);
    expect(shown.body).toMatchObject({ version: 2, paused: true, note: 'kept across deploys' });

    await call('POST', `/flows/${name}/schedule/trigger`);
    const runs = await eventually(async () => {
      const all = await runsOf(name);
      return all.length === 2 ? all : undefined;
    });
    const versions = runs.map((run) => run.typedSearchAttributes.get(FlowVersionKey)).sort();
    expect(versions).toEqual(['1', '2']);
  });

  it('deletes the schedule when a version without a schedule trigger is deployed', async () => {
    const name = uniqueName('to-manual');
    await deploy(name, schedule({ cron: '0 6 * * *' }));
    const manual = await deploy(name, { type: 'manual' });
    expect(manual.body).toMatchObject({ version: 2, schedule: 'deleted' });
    await expect(
      stack.temporal.schedule.getHandle(scheduleIdOf(name)).describe(),
    ).rejects.toBeInstanceOf(ScheduleNotFoundError);
    const shown = await call('GET', `/flows/${name}/schedule`);
    expect(shown.status).toBe(409);
    expect(shown.body.error).toMatchObject({ code: 'no_schedule_trigger' });
    expect((await call('POST', `/flows/${name}/schedule/trigger`)).status).toBe(409);
  });

  it('deletes a schedule on request, then answers 404 schedule_not_found', async () => {
    const name = uniqueName('deleted');
    await deploy(name, schedule({ cron: '0 6 * * *' }));
    const deleted = await call('DELETE', `/flows/${name}/schedule`);
    expect(deleted.status).toBe(204);
    for (const [method, path] of [
      ['GET', `/flows/${name}/schedule`],
      ['POST', `/flows/${name}/schedule/pause`],
      ['DELETE', `/flows/${name}/schedule`],
    ] as const) {
      const res = await call(method, path);
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({ code: 'schedule_not_found' });
    }
  });

  it('makes the schedule again when it is deleted while a deploy updates it', async () => {
    const name = uniqueName('raced');
    await deploy(name, schedule({ cron: '0 6 * * *' }));
    const { schedule: schedules } = stack.temporal;
    // The real client, with a DELETE /flows/:name/schedule let in between the deploy's create
    // (refused: the schedule exists) and its update, once.
    let raced = false;
    const racing = {
      schedule: {
        getHandle: (id: string) => schedules.getHandle(id),
        create: async (options: Parameters<typeof schedules.create>[0]) => {
          try {
            return await schedules.create(options);
          } catch (err) {
            if (!raced) {
              raced = true;
              await schedules.getHandle(options.scheduleId).delete();
            }
            throw err;
          }
        },
      },
      withDeadline: stack.temporal.withDeadline.bind(stack.temporal),
    } as unknown as Client;
    const settings = { taskQueue: stack.taskQueue, requester: 'scheduler@example.com' };
    const change = await syncFlowSchedule(
      racing,
      flowOf(name, schedule({ cron: '0 7 * * *' })),
      settings,
    );
    expect(raced).toBe(true);
    expect(change).toBe('created');
    const made = await call('GET', `/flows/${name}/schedule`);
    expect(made.status).toBe(200);
    expect(made.body.spec).toMatchObject({ cron: '0 7 * * *' });
  });

  it('answers 404 flow_not_found for an unknown flow and 400 for a bad note', async () => {
    for (const [method, path] of [
      ['GET', '/flows/no-such-flow/schedule'],
      ['POST', '/flows/no-such-flow/schedule/resume'],
      ['DELETE', '/flows/no-such-flow/schedule'],
    ] as const) {
      const res = await call(method, path);
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({ code: 'flow_not_found' });
    }
    const name = uniqueName('bad-note');
    await deploy(name, schedule({ cron: '0 6 * * *' }));
    const bad = await call('POST', `/flows/${name}/schedule/pause`, { note: 5 });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_body' });
    expect((await call('GET', `/flows/${name}/schedule`)).body).toMatchObject({ paused: false });
  });

  it('refuses at deploy an interval in business days or a catch-up window under 10 seconds', async () => {
    const name = uniqueName('business-days');
    for (const trigger of [
      schedule({ every: '1bd' }),
      schedule({ every: 'PT1H', catchUpWindow: 'PT5S' }),
    ]) {
      const res = await deploy(name, trigger);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_flow' });
    }
    expect((await call('GET', `/flows/${name}`)).status).toBe(404);
  });

  it('reads a cron in its time zone: the next starts fall at 09:30 in New York', async () => {
    const name = uniqueName('new-york');
    await deploy(name, schedule({ cron: '30 9 * * *', timeZone: 'America/New_York' }));
    const shown = await call('GET', `/flows/${name}/schedule`);
    expect(shown.body).toMatchObject({
      timeZone: 'America/New_York',
      spec: { cron: '30 9 * * *' },
      catchUpWindow: 'PT1H',
      overlap: 'skip',
    });
    const times = shown.body.nextActionTimes as string[];
    expect(times.length).toBeGreaterThanOrEqual(2);
    const wallClock = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'America/New_York',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    for (const time of times) expect(wallClock.format(new Date(time))).toBe('09:30');
    // 09:30 in New York is 13:30 or 14:30 UTC, depending on daylight saving time.
    expect(['13:30', '14:30']).toContain(new Date(times[0] ?? '').toISOString().slice(11, 16));
  });

  it('stores no version when the schedule cannot be written (Temporal unreachable): 503', async () => {
    const down = Connection.lazy({ address: '127.0.0.1:1' });
    const client = new Client({ connection: down });
    let api: ApiServer | undefined;
    try {
      api = await listen(
        createApp({
          temporal: client,
          prisma: stack.prisma,
          taskQueue: stack.taskQueue,
          // Temporal counts as unreachable after a second, not the production default of ten.
          temporalCallTimeoutMs: 1_000,
          logger,
        }),
        0,
        '127.0.0.1',
      );
      const name = uniqueName('temporal-down');
      const res = await fetch(`${api.url}/flows`, {
        method: 'POST',
        headers: withKey(stack.adminKey),
        body: JSON.stringify({ flow: flowOf(name, schedule({ every: 'PT1M' })) }),
      });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        'temporal_unavailable',
      );
      expect((await call('GET', `/flows/${name}`)).status).toBe(404);
      const retried = await deploy(name, schedule({ every: 'PT1M' }));
      expect(retried.body).toMatchObject({ version: 1, schedule: 'created' });
    } finally {
      await api?.close();
      await down.close();
    }
  });
});
