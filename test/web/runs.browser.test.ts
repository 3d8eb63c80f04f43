import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import {
  launchBrowser,
  overflowsSideways,
  screenshot,
  seriousViolations,
  watchedPage,
} from '../helpers/browser';
import { useTestStack } from '../helpers/stack';

const HOUR = 60 * 60 * 1000;
const RITA = 'rita@example.com';

describe('the runs list in a real browser', () => {
  const { stack } = useTestStack();
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    const { prisma } = stack();
    const now = Date.now();
    for (const name of ['restock', 'refunds']) {
      const flow = await prisma.flowDefinition.create({ data: { name, ownerTeam: 'ops' } });
      await prisma.flowVersion.create({ data: { flowId: flow.id, version: 1, definition: {} } });
    }
    // Rita asked for 60 restocks (the newest three wait on her, one of them overdue) and a refund.
    for (let n = 0; n < 61; n += 1) {
      const item = await prisma.workItem.create({
        data: {
          workflowId: `stock-${n}`,
          flowName: n === 60 ? 'refunds' : 'restock',
          title: n === 60 ? 'Refund' : `Restock ${n}`,
          requester: RITA,
          createdAt: new Date(now - (100 - n) * HOUR),
        },
      });
      if (n >= 57 && n < 60) {
        await prisma.task.create({
          data: {
            id: randomUUID(),
            workItemId: item.id,
            kind: 'task',
            stepPath: 'count',
            title: 'Count the shelf',
            assignee: `person:${RITA}`,
            idempotencyKey: `stock-${n}-count`,
            dueAt: new Date(now + (n === 59 ? -1 : 5) * HOUR),
          },
        });
      }
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('filters by flow and by what waits on me, a page at a time, with what is overdue marked', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${stack().apiUrl}/app/runs`);
    await page.getByLabel('API key').fill(await stack().keyFor(RITA, 'member'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Runs', exact: true }).waitFor();
    const rows = page.locator('table.runs tbody tr');
    /** Waits until the table shows `count` runs, the first one titled `first`. */
    const shown = (count: number, first: string) =>
      page.waitForFunction(
        ([n, title]) => {
          const { document } = globalThis as unknown as {
            document: { querySelectorAll(selector: string): ArrayLike<{ textContent: string }> };
          };
          const cells = document.querySelectorAll('table.runs tbody tr td:first-child');
          return cells.length === n && cells[0]?.textContent === title;
        },
        [count, first] as const,
      );
    await shown(50, 'Refund');

    await page.getByLabel('Flow').selectOption('restock');
    await shown(50, 'Restock 59');
    expect(await page.locator('caption').textContent()).toBe('Newest first: the first 50');
    await page.getByRole('button', { name: 'Show more' }).click();
    await shown(60, 'Restock 59');
    expect(await page.getByRole('button', { name: 'Show more' }).count()).toBe(0);
    const titles = await rows.locator('td:first-child').allTextContents();
    expect(new Set(titles).size).toBe(60);

    await page.getByLabel('Waiting on me').check();
    await shown(3, 'Restock 59');
    expect(await rows.locator('td:first-child').allTextContents()).toEqual([
      'Restock 59',
      'Restock 58',
      'Restock 57',
    ]);
    expect(await rows.first().locator('.overdue').textContent()).toBe(
      `count: person:${RITA} (overdue) `,
    );
    expect(await rows.nth(1).locator('.overdue').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'runs');
    await page.setViewportSize({ width: 390, height: 800 });
    expect(await overflowsSideways(page)).toBe(false);
    expect(problems()).toEqual([]);
  });
});
