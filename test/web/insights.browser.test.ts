import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot, seriousViolations, watchedPage } from '../helpers/browser';
import { withKey } from '../helpers/identity';
import { useTestStack } from '../helpers/stack';

const HOUR = 60 * 60 * 1000;

describe('the insights page in a real browser', () => {
  const { stack } = useTestStack();
  let browser: Browser;
  const now = Date.now();

  beforeAll(async () => {
    browser = await launchBrowser();
    const { prisma } = stack();
    const flow = await prisma.flowDefinition.create({ data: { name: 'orders', ownerTeam: 'ops' } });
    const version = await prisma.flowVersion.create({
      data: { flowId: flow.id, version: 1, definition: {} },
    });
    await prisma.directoryPerson.create({ data: { email: 'ann@example.com', capacity: 4 } });
    // Six orders: packing takes an hour, the check 20: the check is the bottleneck. The last
    // check is still open, and overdue.
    for (let n = 0; n < 6; n += 1) {
      const open = n === 5;
      const started = now - (30 + n) * HOUR;
      const item = await prisma.workItem.create({
        data: {
          workflowId: `order-${n}`,
          flowName: 'orders',
          flowVersionId: version.id,
          title: `Order ${n}`,
          requester: 'req@example.com',
          createdAt: new Date(started),
          closedAt: open ? null : new Date(started + 21 * HOUR),
        },
      });
      const task = (step: string, from: number, hours: number | null, dueAt?: Date) =>
        prisma.task.create({
          data: {
            id: randomUUID(),
            workItemId: item.id,
            kind: 'task',
            stepPath: step,
            title: step,
            assignee: 'person:ann@example.com',
            status: hours === null ? 'open' : 'done',
            idempotencyKey: `order-${n}-${step}`,
            createdAt: new Date(from),
            completedAt: hours === null ? null : new Date(from + hours * HOUR),
            dueAt: dueAt ?? null,
          },
        });
      await task('pack', started, 1);
      await task(
        'check',
        started + HOUR,
        open ? null : 20,
        open ? new Date(now - HOUR) : undefined,
      );
    }
    // A watch round flags the overdue check.
    const round = await fetch(`${stack().apiUrl}/watcher/run`, {
      method: 'POST',
      headers: withKey(stack().adminKey),
    });
    expect(await round.json()).toMatchObject({ raised: 1 });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('ranks where work waits, lists what is late and what the watcher flagged, and shows the workload', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${stack().apiUrl}/app/`);
    await page.getByLabel('API key').fill(await stack().keyFor('lead@example.com', 'author'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Insights' }).click();
    await page.getByRole('heading', { name: 'Insights', exact: true }).waitFor();

    const ranking = page.locator('table.waits tbody tr');
    await ranking.first().waitFor();
    expect(await ranking.locator('th').allTextContents()).toEqual(['check (v1)', 'pack (v1)']);
    // Five closed checks of 20 h and one open for 34 h (134 h); six packs of an hour.
    expect(await ranking.first().locator('td').allTextContents()).toEqual([
      '5.6 d',
      '20.0 h',
      '20.0 h',
      '1',
      '1',
    ]);
    const late = page.getByRole('region', { name: 'Late or likely late' }).getByRole('listitem');
    await late.first().waitFor();
    expect(await late.allTextContents()).toEqual([
      expect.stringMatching(/^Overdue Order 5 · orders \/ check · person:ann@example\.com/),
    ]);
    const flags = page.getByRole('region', { name: "The watcher's flags" }).getByRole('listitem');
    await flags.first().waitFor();
    expect(await flags.allTextContents()).toEqual([
      expect.stringMatching(
        /^Overdue Order 5 · orders \/ check · flagged .+ to person:ann@example\.com, team:ops · still open, with person:ann@example\.com/,
      ),
    ]);
    const ann = page.getByRole('row').filter({ hasText: 'ann@example.com' });
    expect(await ann.locator('td').allTextContents()).toEqual([
      'ann@example.com',
      '1',
      '1',
      '0',
      '4',
      'yes',
    ]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'insights');
    expect(problems()).toEqual([]);
  });
});
