import { completeTaskUpdate, decideUpdate, stateQuery } from '../../src/workflows';
import { eventually } from '../helpers/stack';
import type { Flow } from '../../src/dsl';
import { withKey } from '../helpers/identity';
import {
  flowWith,
  itReplaysEveryRun,
  startRun,
  useInterpreterStack,
  workStore,
} from './interpreter-harness';

// Many runs whose branches write to the work store at the same moments: each branch's work
// escalates a second after it opens, then three people act on each run at once. Each run's history
// must replay, and every write must be there exactly once. (Local activities for these writes
// failed this test: see the README's Speed section.)

const RUNS = 12;
// The suite runs other files beside this one on two cores: escalating every run takes a while.
const SETTLE_MS = 90_000;
const AL = 'al@example.com';
const BO = 'bo@example.com';
const CY = 'cy@example.com';
const OUTSIDER = 'zed@example.com';
const board = { type: 'role', role: 'load-board' } as const;

const flow: Flow = flowWith(
  [
    {
      type: 'parallel',
      id: 'work',
      branches: [
        {
          steps: [
            {
              type: 'approval',
              id: 'sign',
              approvers: [{ type: 'person', email: OUTSIDER }],
              mode: 'any',
              timeout: { after: 'PT1S', then: { type: 'escalate', to: board } },
            },
            { type: 'set', id: 'signed', fields: { left: true } },
          ],
        },
        {
          steps: [
            { type: 'set', id: 'checking', fields: { right: true } },
            {
              type: 'task',
              id: 'check',
              title: 'Check',
              assignee: { type: 'person', email: OUTSIDER },
              due: { within: 'PT1S', then: { type: 'escalate', to: board } },
            },
            { type: 'set', id: 'checked', fields: { joined: true } },
          ],
        },
        {
          steps: [
            {
              type: 'task',
              id: 'file',
              title: 'File',
              assignee: { type: 'person', email: OUTSIDER },
              due: { within: 'PT1S', then: { type: 'escalate', to: board } },
            },
            { type: 'set', id: 'filed', fields: { reached: true } },
          ],
        },
      ],
    },
  ],
  'under-load',
);

describe('runs whose branches write to the work store at once', () => {
  const stack = useInterpreterStack();

  beforeAll(async () => {
    const res = await fetch(`${stack().apiUrl}/directory/roles/load-board`, {
      method: 'PUT',
      headers: withKey(stack().adminKey),
      body: JSON.stringify({ members: [AL, BO, CY] }),
    });
    expect(res.status).toBeLessThan(300);
  });

  it(
    'escalates and completes every branch of every run, each write once',
    async () => {
      const handles = await Promise.all(
        Array.from({ length: RUNS }, () => startRun(stack(), flow)),
      );
      const escalated = ['role:load-board'];
      await Promise.all(
        handles.map((handle) =>
          eventually(async () => {
            const { current } = await handle.query(stateQuery);
            const all = ['sign', 'check', 'file'].every((step) => {
              const pending = current.find((c) => c.stepId === step)?.pending;
              return JSON.stringify(pending) === JSON.stringify(escalated);
            });
            return all ? true : undefined;
          }, SETTLE_MS),
        ),
      );
      const results = await Promise.all(
        handles.map(async (handle) => {
          await Promise.all([
            handle.executeUpdate(decideUpdate, {
              args: [{ stepId: 'sign', actor: AL, decision: 'approve' }],
            }),
            handle.executeUpdate(completeTaskUpdate, { args: [{ stepId: 'check', actor: BO }] }),
            handle.executeUpdate(completeTaskUpdate, { args: [{ stepId: 'file', actor: CY }] }),
          ]);
          return handle.result();
        }),
      );
      for (const result of results) {
        expect(result).toMatchObject({
          status: 'completed',
          fields: { left: true, right: true, joined: true, reached: true },
        });
        const item = await workStore(stack(), result);
        const count = (action: string) => item.actions.filter((a) => a === action).length;
        expect([
          count('approval.escalated'),
          count('task.escalated'),
          count('approval.decided'),
          count('task.completed'),
          count('work_item.updated'),
          count('work_item.closed'),
        ]).toEqual([1, 2, 1, 2, 4, 1]);
        // The approval's request to the outsider is closed as escalated, the board's is done.
        expect(item.tasks.map((t) => t.status).sort()).toEqual([
          'done',
          'done',
          'done',
          'escalated',
        ]);
      }
    },
    3 * SETTLE_MS,
  );

  itReplaysEveryRun();
});
