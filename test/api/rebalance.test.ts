import type { Flow } from '../../src/dsl';
import { movesThrough, sendMoves } from '../../src/insights/rebalance';
import type { WatchRoundResult } from '../../src/insights/watch';
import { watchWorkflow, type FlowRunState } from '../../src/workflows';
import { flowWith } from '../workflows/interpreter-harness';
import { withKey } from '../helpers/identity';
import { eventually, useTestStack } from '../helpers/stack';

type Json = Record<string, unknown>;
type Round = WatchRoundResult & { dryRun: boolean };

const AMY = 'amy@example.com';
const BOB = 'bob@example.com';
const CAL = 'cal@example.com';
const DEE = 'dee@example.com';
const DAY = 24 * 60 * 60 * 1000;

describe('the watcher rebalancing team work by capacity, through the runs', () => {
  const { stack } = useTestStack();

  const keys = new Map<string, string>();
  const request = async (method: string, path: string, body?: unknown, as?: string) => {
    let key = stack().adminKey;
    if (as !== undefined) {
      key = keys.get(as) ?? (await stack().keyFor(as));
      keys.set(as, key);
    }
    const res = await fetch(`${stack().apiUrl}${path}`, {
      method,
      headers: withKey(key),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const person = async (email: string, body: Json) => {
    expect((await request('PUT', `/directory/people/${email}`, body)).status).toBeLessThan(300);
  };

  /** Starts a run of `flow` and answers its id and who its one task went to. */
  const start = async (flow: string) => {
    const res = await request('POST', `/flows/${flow}/runs`, { fields: { amount: 1 } }, AMY);
    expect(res.status).toBe(201);
    const id = String(res.body.id);
    const holder = await eventually(async () => {
      const task = await stack().prisma.task.findFirst({
        where: { workItem: { workflowId: id }, status: 'open' },
      });
      return task?.assignee;
    });
    return { id, holder };
  };

  const support = (name: string, rebalance: boolean): Flow => ({
    ...flowWith(
      [
        {
          type: 'task',
          id: 'handle',
          title: 'Handle the ticket',
          assignee: { type: 'team', team: 'support', assignment: 'least_loaded' },
        },
      ],
      name,
    ),
    ...(rebalance ? { rebalance } : {}),
  });

  const runs: { id: string; holder: string }[] = [];
  const plain: { id: string; holder: string }[] = [];
  let queued = '';

  beforeAll(async () => {
    const team = await request('PUT', '/directory/teams/support', {
      members: [AMY, BOB, CAL, DEE],
    });
    expect(team.status).toBe(201);
    for (const flow of [support('tickets', true), support('plain-tickets', false)]) {
      expect((await request('POST', '/flows', { flow })).status).toBe(201);
    }
    // least_loaded, ties by email: eight tickets go two to each, the two plain ones to amy, bob.
    for (let i = 0; i < 8; i += 1) runs.push(await start('tickets'));
    for (let i = 0; i < 2; i += 1) plain.push(await start('plain-tickets'));
    for (const email of [AMY, BOB, CAL, DEE]) await person(email, { capacity: 3 });
    // Then cal and dee reach 3, and the next one finds everyone at capacity: it stays queued.
    for (let i = 0; i < 2; i += 1) runs.push(await start('tickets'));
    queued = (await start('tickets')).id;
    // Now amy is away, bob may hold one, cal six and dee four.
    const away = {
      from: new Date(Date.now() - DAY).toISOString(),
      until: new Date(Date.now() + 7 * DAY).toISOString(),
    };
    await person(AMY, { away });
    await person(BOB, { capacity: 1 });
    await person(CAL, { capacity: 6 });
    await person(DEE, { capacity: 4 });
  });

  it('starts from the load the team strategy gave', () => {
    expect(runs.map((r) => r.holder)).toEqual(
      [AMY, BOB, CAL, DEE, AMY, BOB, CAL, DEE, CAL, DEE].map((email) => `person:${email}`),
    );
    expect(plain.map((r) => r.holder)).toEqual([`person:${AMY}`, `person:${BOB}`]);
  });

  let dry: Round;

  it('answers in a dry run the moves it would make, and moves nothing', async () => {
    const answer = await request('POST', '/watcher/run?dryRun=true');
    expect(answer.status).toBe(200);
    dry = answer.body as unknown as Round;
    // Newest first: the queued ticket to cal (3 open, ties with dee by email); bob's newest to
    // dee (cal has 4 now); amy's newest to cal (dee is at capacity); bob's other to cal; amy's
    // first stays: cal has reached 6, dee 4, and bob 1.
    const at = (i: number) => runs[i]?.id;
    expect(dry.moves.map((m) => [m.runId, m.from, m.to])).toEqual([
      [queued, 'team:support', `person:${CAL}`],
      [at(5), `person:${BOB}`, `person:${DEE}`],
      [at(4), `person:${AMY}`, `person:${CAL}`],
      [at(1), `person:${BOB}`, `person:${CAL}`],
    ]);
    expect(dry.moves.map((m) => m.because)).toEqual([
      expect.stringMatching(/^team:support queued it when no member was available; cal@/),
      expect.stringMatching(/^bob@example\.com holds 3 open tasks, over a capacity of 1; dee@/),
      expect.stringMatching(
        /^amy@example\.com is away until .*; cal@example\.com has the fewest open tasks \(4\)/,
      ),
      expect.stringMatching(/^bob@example\.com holds 2 open tasks, over a capacity of 1/),
    ]);
    expect(dry.stays.map((s) => [s.runId, s.from, s.because])).toEqual([
      [
        at(0),
        `person:${AMY}`,
        expect.stringMatching(/no other member of team:support is available$/),
      ],
    ]);
    const moved = await stack().prisma.auditEvent.count({ where: { action: 'task.reassigned' } });
    expect(moved).toBe(0);
  });

  it('makes those moves in a scheduled round, through the reassign Update, once', async () => {
    const { temporal, taskQueue, prisma } = stack();
    const real = await temporal.workflow.execute(watchWorkflow, {
      taskQueue,
      workflowId: `watch-${Date.now()}`,
      args: [{}],
    });
    expect(real).toMatchObject({ moved: 4, refused: [] });
    expect(real.moves).toEqual(dry.moves);
    const events = await prisma.auditEvent.findMany({
      where: { action: 'task.reassigned' },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => [e.actor, e.data])).toEqual(
      dry.moves.map((m): [string, unknown] => [
        'watcher',
        expect.objectContaining({ taskId: m.taskId, from: m.from, to: m.to, comment: m.because }),
      ]),
    );
    for (const move of dry.moves) {
      const state = (await request('GET', `/runs/${move.runId}/state`))
        .body as unknown as FlowRunState;
      expect(state.current).toEqual([
        expect.objectContaining({ stepId: 'handle', pending: [move.to] }),
      ]);
    }
    // The plain flow's work stays with amy, though she is away: it does not allow rebalancing.
    const plainTask = await prisma.task.findFirstOrThrow({
      where: { workItem: { workflowId: plain[0]?.id }, status: 'open' },
    });
    expect(plainTask.assignee).toBe(`person:${AMY}`);

    // A round retried after it sent a move sends it again with the same Update id: taken once.
    const [first] = dry.moves;
    if (!first) throw new Error('no move to send again');
    await movesThrough(temporal)(first);
    expect(await prisma.auditEvent.count({ where: { action: 'task.reassigned' } })).toBe(4);
    const again = (await request('POST', '/watcher/run')).body as unknown as Round;
    expect(again).toMatchObject({ dryRun: false, moved: 0, moves: [] });
    expect(again.stays.map((s) => s.runId)).toEqual([runs[0]?.id]);
    expect(await prisma.auditEvent.count({ where: { action: 'task.reassigned' } })).toBe(4);
  });

  it('leaves the moved work to its new holder alone', async () => {
    const ticket = runs[5]?.id ?? '';
    const refused = await request('POST', `/runs/${ticket}/steps/handle/complete`, {}, BOB);
    expect(refused.status).toBe(409);
    const done = await request('POST', `/runs/${ticket}/steps/handle/complete`, {}, DEE);
    expect(done.body).toMatchObject({
      decisions: [{ stepId: 'handle', actor: DEE, decision: 'completed' }],
    });
    await eventually(async () => {
      const state = await request('GET', `/runs/${ticket}/state`);
      return state.body.status === 'completed' ? true : undefined;
    });
    // A move planned before the work was done is refused by the run, and reported.
    const late = dry.moves.find((move) => move.runId === ticket);
    if (!late) throw new Error('no move of the completed ticket');
    const sent = await sendMoves(
      [{ ...late, key: `${late.key}:late` }],
      movesThrough(stack().temporal),
    );
    expect(sent.moved).toBe(0);
    expect(sent.refused.map((r) => r.taskId)).toEqual([late.taskId]);
    expect(sent.refused[0]?.problem).toMatch(/completed|not waiting/);
  });
});
