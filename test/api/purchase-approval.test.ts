import { actingAs } from '../helpers/identity';
import { eventually, useTestStack } from '../helpers/stack';

const ENGLISH =
  'When an employee requests a purchase with an amount, the buyers approve it within 20 seconds. Then notify the requester.';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

describe('a purchase approval, from English to verified audit trails, over HTTP', () => {
  const { stack } = useTestStack();
  const as = actingAs(stack);
  const approver = 'dana@example.com';
  const requester = 'rob@example.com';

  it('previews, deploys, runs three, decides them from the inbox, lists them by status, verifies each trail', async () => {
    await stack().keyFor('olive@example.com', 'author');
    expect(
      (await as('admin', 'PUT', '/directory/roles/buyer', { members: [approver] })).status,
    ).toBe(201);

    const preview = await as('olive@example.com', 'POST', '/compile', {
      text: ENGLISH,
      name: 'purchase',
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ deployable: true, questions: [], diagnostics: [] });
    expect(preview.body.diagram).toEqual(expect.stringContaining('flowchart'));
    const spans = preview.body.spans as Record<string, { start: number; end: number }>;
    expect(Object.keys(spans).length).toBeGreaterThan(0);
    for (const { start, end } of Object.values(spans)) {
      expect(ENGLISH.slice(start, end).length).toBeGreaterThan(0);
    }

    const deployed = await as('olive@example.com', 'POST', '/flows', {
      text: ENGLISH,
      name: 'purchase',
    });
    expect(deployed.status).toBe(201);

    const runs: string[] = [];
    for (const amount of [100, 200, 300]) {
      const started = await as(requester, 'POST', '/flows/purchase/runs', {
        title: `Purchase of ${amount}`,
        fields: { amount },
      });
      expect(started.status).toBe(201);
      runs.push(String(started.body.id));
    }
    const inbox = async () =>
      (await as(approver, 'GET', '/inbox')).body as unknown as Page<{
        run: string;
        kind: string;
        step: string;
      }>;
    const waiting = await eventually(async () => {
      const page = await inbox();
      return page.items.length === 3 ? page : undefined;
    });
    expect(waiting.items.map((i) => i.kind)).toEqual(['approval', 'approval', 'approval']);
    expect(waiting.items.map((i) => i.run).sort()).toEqual([...runs].sort());

    const [approved, rejected, timedOut] = runs as [string, string, string];
    const step = waiting.items[0]!.step;
    expect(
      (
        await as(approver, 'POST', `/runs/${approved}/steps/${step}/decide`, {
          decision: 'approve',
        })
      ).status,
    ).toBe(200);
    expect((await inbox()).items.map((i) => i.run).sort()).toEqual([rejected, timedOut].sort());
    expect(
      (
        await as(approver, 'POST', `/runs/${rejected}/steps/${step}/decide`, {
          decision: 'reject',
        })
      ).status,
    ).toBe(200);
    expect((await inbox()).items.map((i) => i.run)).toEqual([timedOut]);
    await eventually(async () => ((await inbox()).items.length === 0 ? true : undefined), 40_000);

    const byStatus = async (status: string) =>
      (
        (await as(requester, 'GET', `/runs?flow=purchase&status=${status}`))
          .body as unknown as Page<{ id: string }>
      ).items.map((r) => r.id);
    await eventually(async () => ((await byStatus('running')).length === 0 ? true : undefined));
    const outcome = await as(requester, 'GET', `/runs/${rejected}/state`);
    const rejectedStatus = String(outcome.body.status);
    expect(await byStatus(rejectedStatus)).toContain(rejected);
    expect((await byStatus('completed')).sort()).toEqual(
      (rejectedStatus === 'completed' ? runs : [approved, timedOut]).sort(),
    );
    const timeline = await as(requester, 'GET', `/runs/${timedOut}/timeline`);
    expect((timeline.body.entries as { action: string }[]).map((e) => e.action)).toContain(
      'approval.timed_out',
    );

    for (const id of runs) {
      expect((await as(requester, 'GET', `/runs/${id}/audit/verify`)).body).toMatchObject({
        ok: true,
      });
    }
    await stack().prisma
      .$executeRaw`UPDATE "audit_events" SET "data" = '{"decision":"approved"}'::jsonb
      WHERE "seq" = 3 AND "work_item_id" = (SELECT "id" FROM "work_items" WHERE "workflow_id" = ${rejected})`;
    expect((await as(requester, 'GET', `/runs/${rejected}/audit/verify`)).body).toMatchObject({
      ok: false,
      brokenAt: 3,
    });
    expect((await as(requester, 'GET', `/runs/${approved}/audit/verify`)).body).toMatchObject({
      ok: true,
    });
  });
});
