import type { Flow, Step } from '../../src/dsl';
import { actingAs } from '../helpers/identity';
import { eventually, useTestStack } from '../helpers/stack';
import { flowWith } from '../workflows/interpreter-harness';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface InboxItem {
  kind: string;
  run: string;
  step: string;
  assignee: string;
  flow: { name: string; version: number };
  overdue: boolean;
  dueAt: string | null;
  form: { name: string }[];
  actions: { name: string; href: string; body: Record<string, unknown> }[];
}
interface RunItem {
  id: string;
  flow: string;
  status: string;
  waitingOn: { step: string; assignee: string }[];
}

const approvalBy = (approvers: unknown[], extra = {}): Step =>
  ({
    type: 'approval',
    id: 'approve',
    title: 'Approve the purchase',
    approvers,
    mode: 'any',
    ...extra,
  }) as Step;

const flows: Flow[] = [
  flowWith([approvalBy([{ type: 'role', role: 'buyers' }], { allowDelegation: true })], 'lists-a'),
  flowWith(
    [
      {
        type: 'task',
        id: 'pack',
        title: 'Pack the order',
        assignee: { type: 'team', team: 'ops-desk' },
        due: { within: 'PT1H' },
        form: [{ name: 'tracking', type: 'text' }],
      },
    ],
    'lists-b',
  ),
  flowWith([approvalBy([{ type: 'manager' }])], 'lists-c'),
];

describe('lists: the inbox, runs, timelines and flows as the signed-in person sees them', () => {
  const { stack } = useTestStack();
  const as = actingAs(stack);
  const ids: Record<string, string[]> = {};

  beforeAll(async () => {
    expect(
      (await as('admin', 'PUT', '/directory/roles/buyers', { members: ['bea@example.com'] }))
        .status,
    ).toBe(201);
    await as('admin', 'PUT', '/directory/teams/ops-desk', {
      members: ['tom@example.com', 'tia@example.com'],
    });
    await as('admin', 'PUT', '/directory/people/req@example.com', { manager: 'mia@example.com' });
    for (const flow of flows) {
      const deployed = await as('admin', 'POST', '/flows', { flow });
      expect([deployed.status, deployed.body]).toEqual([201, expect.anything()]);
    }
    const changed = structuredClone(flows[0]!);
    (changed.steps[0] as { title: string }).title = 'Approve the order';
    changed.steps.push({
      type: 'notify',
      id: 'tell',
      to: [{ type: 'requester' }],
      message: 'Done',
    });
    expect((await as('admin', 'POST', '/flows', { flow: changed })).status).toBe(201);
    for (const [name, count] of [
      ['lists-a', 2],
      ['lists-b', 1],
      ['lists-c', 1],
    ] as const) {
      ids[name] = [];
      for (let i = 0; i < count; i++) {
        const started = await as('req@example.com', 'POST', `/flows/${name}/runs`, {
          title: `${name} #${i}`,
          fields: { amount: 10 + i },
        });
        expect(started.status).toBe(201);
        ids[name].push(String(started.body.id));
      }
    }
    await eventually(async () => {
      const { body } = await as('admin', 'GET', '/runs?waitingOn=role:buyers');
      return (body as unknown as Page<RunItem>).items.length === 2 ? true : undefined;
    });
    await eventually(async () => {
      const { body } = await as('admin', 'GET', '/runs?status=running');
      const items = (body as unknown as Page<RunItem>).items;
      return items.every((run) => run.waitingOn.length > 0) && items.length === 4
        ? true
        : undefined;
    });
  });

  it('shows each person what waits on them: through a role, a team queue, as a manager; nobody else', async () => {
    const inbox = async (email: string, query = '') =>
      (await as(email, 'GET', `/inbox${query}`)).body as unknown as Page<InboxItem> & {
        total: number;
      };
    const bea = await inbox('bea@example.com');
    expect(bea.total).toBe(2);
    expect(bea.items.map((i) => [i.kind, i.flow.name, i.flow.version, i.step])).toEqual([
      ['approval', 'lists-a', 2, 'approve'],
      ['approval', 'lists-a', 2, 'approve'],
    ]);
    expect(bea.items[0]!.actions.map((a) => a.name)).toEqual([
      'approve',
      'reject',
      'delegate',
      'reassign',
    ]);
    expect(bea.items[0]!.actions[0]).toMatchObject({
      href: `/runs/${bea.items[0]!.run}/steps/approve/decide`,
      body: { decision: 'approve' },
    });

    const tom = await inbox('tom@example.com');
    expect(tom.items).toHaveLength(1);
    expect(tom.items[0]).toMatchObject({
      kind: 'task',
      assignee: 'team:ops-desk',
      form: [{ name: 'tracking' }],
    });
    expect(tom.items[0]!.actions.map((a) => a.name)).toEqual(['claim', 'complete', 'reassign']);
    expect(tom.items[0]!.dueAt).not.toBeNull();

    const mia = await inbox('mia@example.com');
    expect(mia.items.map((i) => [i.kind, i.flow.name, i.assignee])).toEqual([
      ['approval', 'lists-c', 'manager'],
    ]);
    expect((await inbox('eve@example.com')).items).toEqual([]);

    // Page by page, and by kind.
    const first = await inbox('bea@example.com', '?limit=1');
    expect(first.items).toHaveLength(1);
    const second = await inbox('bea@example.com', `?limit=1&cursor=${first.nextCursor}`);
    expect(second.items).toHaveLength(1);
    expect(second.items[0]!.run).not.toBe(first.items[0]!.run);
    expect(second.nextCursor).toBeNull();
    expect((await inbox('bea@example.com', '?kind=task')).items).toEqual([]);
    expect((await inbox('tom@example.com', '?overdue=false')).items).toHaveLength(1);
    const bad = await as('bea@example.com', 'GET', '/inbox?limit=1000&knd=task');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/invalid_query.*limit|limit.*invalid_query/s);
  });

  it('lists runs the person may see, filtered, sorted and page by page', async () => {
    const runs = async (email: string, query = '') => {
      const answer = await as(email, 'GET', `/runs${query}`);
      expect(answer.status).toBe(200);
      return answer.body as unknown as Page<RunItem>;
    };
    const all = [...ids['lists-a']!, ...ids['lists-b']!, ...ids['lists-c']!];
    expect((await runs('req@example.com')).items.map((r) => r.id).sort()).toEqual([...all].sort());
    expect((await runs('eve@example.com')).items).toEqual([]);
    expect((await runs('bea@example.com')).items.map((r) => r.id).sort()).toEqual(
      [...ids['lists-a']!].sort(),
    );
    expect((await runs('bea@example.com', '?waitingOn=me')).items).toHaveLength(2);
    expect((await runs('admin', '?flow=lists-a&version=2')).items).toHaveLength(2);
    expect((await runs('admin', '?flow=lists-a&version=1')).items).toHaveLength(0);
    expect((await runs('admin', '?waitingOn=team:ops-desk')).items.map((r) => r.id)).toEqual(
      ids['lists-b'],
    );
    expect((await runs('admin', '?requester=nobody@example.com')).items).toEqual([]);

    const newest = await runs('req@example.com', '?limit=3');
    expect(newest.items).toHaveLength(3);
    const rest = await runs('req@example.com', `?limit=3&cursor=${newest.nextCursor}`);
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
    const oldest = await runs('req@example.com', '?sort=startedAt');
    expect(oldest.items.map((r) => r.id)).toEqual(
      [...newest.items, ...rest.items].map((r) => r.id).reverse(),
    );
    expect(
      (
        await runs(
          'req@example.com',
          `?startedAfter=${new Date(Date.now() + 60_000).toISOString()}`,
        )
      ).items,
    ).toEqual([]);

    const decided = await as(
      'bea@example.com',
      'POST',
      `/runs/${ids['lists-a']![0]}/steps/approve/decide`,
      {
        decision: 'approve',
      },
    );
    expect(decided.status).toBe(200);
    const completed = await eventually(async () => {
      const page = await runs('req@example.com', '?status=completed');
      return page.items.length === 1 ? page : undefined;
    });
    expect(completed.items[0]!.id).toBe(ids['lists-a']![0]);
    expect((await runs('req@example.com', '?status=running')).items).toHaveLength(3);

    const forged = Buffer.from(JSON.stringify({ at: new Date().toISOString(), id: 'x' })).toString(
      'base64url',
    );
    for (const query of [
      '?status=done',
      '?version=1',
      '?cursor=bm9wZQ',
      `?cursor=${forged}`,
      '?sort=title',
      '?limit=0',
    ]) {
      const refused = await as('req@example.com', 'GET', `/runs${query}`);
      expect([query, refused.status, (refused.body.error as { code: string }).code]).toEqual([
        query,
        400,
        'invalid_query',
      ]);
    }
  });

  it("tells a run's story from its audit events, to those who may read it", async () => {
    const id = ids['lists-c']![0]!;
    const { body, status } = await as('mia@example.com', 'GET', `/runs/${id}/timeline`);
    expect(status).toBe(200);
    const entries = body.entries as { action: string; summary: string; step: string | null }[];
    expect(entries[0]).toMatchObject({
      action: 'work_item.created',
      summary: 'Started: lists-c #0',
    });
    expect(entries).toContainEqual(
      expect.objectContaining({
        action: 'approval.requested',
        step: 'approve',
        summary: 'Approval requested from manager',
      }),
    );
    const paged = await as('mia@example.com', 'GET', `/runs/${id}/timeline?limit=1`);
    expect(paged.body).toMatchObject({ nextAfter: 1 });
    for (const path of ['timeline', 'audit', 'state', '']) {
      const url = path ? `/runs/${id}/${path}` : `/runs/${id}`;
      expect([url, (await as('eve@example.com', 'GET', url)).status]).toEqual([url, 404]);
      expect([url, (await as('mia@example.com', 'GET', url)).status]).toEqual([url, 200]);
    }
  });

  it('lists flows, their versions, one version, and what changed between two', async () => {
    const list = (await as('eve@example.com', 'GET', '/flows?limit=100')).body as unknown as Page<{
      name: string;
      latestVersion: number;
      trigger: { type: string };
      ownerTeam: string;
      schedule: unknown;
    }>;
    expect(list.items.filter((f) => f.name.startsWith('lists-'))).toEqual([
      expect.objectContaining({
        name: 'lists-a',
        latestVersion: 2,
        ownerTeam: 'ops',
        schedule: null,
      }),
      expect.objectContaining({ name: 'lists-b', latestVersion: 1 }),
      expect.objectContaining({ name: 'lists-c', latestVersion: 1 }),
    ]);
    expect(list.items.find((f) => f.name === 'lists-a')?.trigger.type).toBe('request');
    const firstPage = (await as('eve@example.com', 'GET', '/flows?limit=1'))
      .body as unknown as Page<{ name: string }>;
    const secondPage = (
      await as('eve@example.com', 'GET', `/flows?limit=1&cursor=${firstPage.nextCursor}`)
    ).body as unknown as Page<{ name: string }>;
    expect(secondPage.items[0]!.name > firstPage.items[0]!.name).toBe(true);

    const versions = await as('eve@example.com', 'GET', '/flows/lists-a/versions');
    expect((versions.body.items as { version: number }[]).map((v) => v.version)).toEqual([2, 1]);
    const one = await as('eve@example.com', 'GET', '/flows/lists-a/versions/1');
    expect(one.body).toMatchObject({ name: 'lists-a', version: 1, flow: { version: 1 } });
    expect(one.body.diagram).toEqual(expect.stringContaining('flowchart'));
    const diff = await as('eve@example.com', 'GET', '/flows/lists-a/diff?from=1&to=2');
    expect(diff.body).toMatchObject({
      from: 1,
      to: 2,
      added: [{ id: 'tell', type: 'notify', path: 'steps.1' }],
      removed: [],
      changed: [{ id: 'approve', changed: ['title'] }],
      flowChanged: [],
    });
    expect((await as('eve@example.com', 'GET', '/flows/lists-a/versions/9')).body).toMatchObject({
      error: { code: 'version_not_found' },
    });
    expect((await as('eve@example.com', 'GET', '/flows/nope/versions')).body).toMatchObject({
      error: { code: 'flow_not_found' },
    });
    expect((await as('eve@example.com', 'GET', '/flows/lists-a/versions/x')).status).toBe(400);
    expect((await as('eve@example.com', 'GET', '/flows/lists-a/diff?from=1')).status).toBe(400);
  });

  it('pages the older lists too: users, keys, teams, roles and webhooks', async () => {
    const all = async (path: string, key: string) => {
      const names: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor === null ? '?limit=1' : `?limit=1&cursor=${cursor}`;
        const answer = await as('admin', 'GET', `${path}${query}`);
        expect(answer.status).toBe(200);
        const items = answer.body[key] as { email?: string; name?: string; id?: string }[];
        expect(items.length).toBeLessThanOrEqual(1);
        names.push(...items.map((item) => item.email ?? item.name ?? item.id ?? ''));
        cursor = answer.body.nextCursor as string | null;
      } while (cursor !== null);
      return names;
    };
    const users = await all('/users', 'users');
    expect(users).toEqual([...users].sort());
    expect(users).toEqual(expect.arrayContaining(['bea@example.com', 'req@example.com']));
    expect(await all('/directory/teams', 'teams')).toEqual(['ops-desk']);
    expect(await all('/directory/roles', 'roles')).toEqual(['buyers']);
    expect((await all('/keys', 'keys')).length).toBeGreaterThanOrEqual(users.length);
    expect(await all('/webhooks', 'webhooks')).toEqual([]);
    const refused = await as('admin', 'GET', '/users?limit=101');
    expect(refused.body).toMatchObject({ error: { code: 'invalid_query' } });
  });
});
