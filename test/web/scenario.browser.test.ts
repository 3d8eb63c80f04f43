import type { Browser, Page } from 'playwright-core';
import {
  launchBrowser,
  overflowsSideways,
  screenshot,
  seriousViolations,
  watchedPage,
} from '../helpers/browser';
import { useEmbeddedPlainflow } from '../helpers/embedded';
import { withKey } from '../helpers/identity';
import { flowWith } from '../workflows/interpreter-harness';

const AUTHOR = 'olga@example.com';
const BOSS = 'boss@example.com';
const ENGLISH = 'When someone requests a purchase, their manager approves it within 2 days.';

describe('from English to a completed run, all in the browser, on the embedded defaults', () => {
  // As `npm start` runs it: PGlite, its own Temporal dev server, a worker and the API.
  const stack = useEmbeddedPlainflow();
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    const res = await fetch(`${stack().apiUrl}/directory/people/${AUTHOR}`, {
      method: 'PUT',
      headers: withKey(stack().adminKey),
      body: JSON.stringify({ manager: BOSS }),
    });
    expect(res.status).toBeLessThan(300);
  });

  afterAll(async () => {
    await browser?.close();
  });

  const signIn = async (page: Page, key: string) => {
    await page.goto(`${stack().apiUrl}/app/`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
  };
  const menu = async (page: Page, name: string) => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
    await page.getByRole('heading', { name, exact: true }).waitFor();
  };

  it('writes the flow, deploys it, starts a run, has the manager approve it, and shows it completed', async () => {
    const author = await watchedPage(browser);
    await signIn(author.page, await stack().keyFor(AUTHOR, 'author'));
    await menu(author.page, 'Build a flow');
    await author.page.getByLabel('The flow in plain English').fill(ENGLISH);
    await author.page.getByLabel('Name (optional)').fill('purchase-approval');
    await author.page.getByText('Nothing is unclear: ready to deploy.').waitFor();
    await author.page.locator('.diagram svg').waitFor();
    await author.page.getByRole('button', { name: 'Deploy' }).click();
    await author.page.getByText('Deployed purchase-approval version 1.').waitFor();

    await menu(author.page, 'Flows');
    const card = author.page.getByRole('article').filter({ hasText: 'purchase-approval' });
    await card.getByText('version 1').waitFor();
    expect(await seriousViolations(author.page)).toEqual([]);
    await card.getByRole('button', { name: 'Start a run' }).click();
    await card.getByLabel('Title (optional)').fill('New laptop');
    await card.getByRole('button', { name: 'Start', exact: true }).click();
    await author.page.getByRole('heading', { name: 'New laptop' }).waitFor();
    expect(await author.page.locator('.run-status').textContent()).toBe('running');
    await author.page.getByText(/^It waits at \S+, marked in the diagram\.$/).waitFor();
    await author.page.locator('.diagram svg .waiting').waitFor();
    const runUrl = author.page.url();
    const runId = decodeURIComponent(runUrl.split('/').pop() ?? '');
    expect(
      await author.page
        .getByRole('link', { name: 'This run in the Temporal Web UI' })
        .getAttribute('href'),
    ).toBe(`${stack().temporalUiUrl}/namespaces/default/workflows/${encodeURIComponent(runId)}`);

    const boss = await watchedPage(browser);
    await signIn(boss.page, await stack().keyFor(BOSS));
    const request = boss.page.getByRole('article').filter({ hasText: 'New laptop' });
    await request.getByLabel('Comment (optional)').fill('Fine by me');
    await request.getByRole('button', { name: 'Approve' }).click();
    await boss.page.getByText('Nothing is waiting on you.').waitFor();

    // The author's run page, still open, reads the run again while it runs.
    expect(author.page.url()).toBe(runUrl);
    await author.page.locator('.run-status', { hasText: 'completed' }).waitFor();
    await author.page.getByText('It waits on no step now.').waitFor();
    expect(await author.page.locator('.diagram svg .waiting').count()).toBe(0);
    const timeline = await author.page.locator('.timeline li').allTextContents();
    expect(timeline.some((line) => line.includes(BOSS))).toBe(true);
    expect(await seriousViolations(author.page)).toEqual([]);
    await screenshot(author.page, 'run');

    await menu(author.page, 'Runs');
    const row = author.page.getByRole('row').filter({ hasText: 'New laptop' });
    await row.getByRole('cell', { name: 'completed', exact: true }).waitFor();
    await author.page.getByLabel('Status').selectOption('running');
    await author.page.getByText('No runs.').waitFor();
    expect(await seriousViolations(author.page)).toEqual([]);
    expect(author.problems()).toEqual([]);
    expect(boss.problems()).toEqual([]);
  });

  it('pauses, resumes and triggers the schedule of a flow its author made', async () => {
    const key = await stack().keyFor(AUTHOR, 'author');
    const flow = {
      ...flowWith(
        [{ type: 'task', id: 'sweep', title: 'Sweep', assignee: { type: 'team', team: 'ops' } }],
        'nightly-sweep',
      ),
      trigger: { type: 'schedule', cron: '0 3 * * *' },
    };
    const deployed = await fetch(`${stack().apiUrl}/flows`, {
      method: 'POST',
      headers: withKey(key),
      body: JSON.stringify({ flow }),
    });
    expect(deployed.status).toBe(201);
    const { page, problems } = await watchedPage(browser);
    await signIn(page, key);
    await menu(page, 'Flows');
    const card = page.getByRole('article').filter({ hasText: 'nightly-sweep' });
    await card.getByText('on a schedule (active)').waitFor();
    await card.getByRole('button', { name: 'Pause the schedule' }).click();
    await card.getByText('on a schedule (paused)').waitFor();
    await card
      .getByRole('status')
      .filter({ hasText: 'Paused: it starts no runs until resumed.' })
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await card.getByRole('button', { name: 'Resume the schedule' }).click();
    await card.getByText('on a schedule (active)').waitFor();
    await card.getByRole('button', { name: 'Run now' }).click();
    await card
      .getByRole('status')
      .filter({ hasText: /^Started the run |^Asked the schedule/ })
      .waitFor();
    const view = await fetch(`${stack().apiUrl}/flows/nightly-sweep/schedule`, {
      headers: withKey(key),
    }).then((res) => res.json() as Promise<{ paused: boolean }>);
    expect(view.paused).toBe(false);
    expect(problems()).toEqual([]);
  });

  it('shows two versions of a flow side by side, with what changed marked', async () => {
    const key = await stack().keyFor(AUTHOR, 'author');
    for (const text of [
      'Expense claims are submitted with the amount. Finance approves within 2 days.',
      'Expense claims are submitted with the amount. Finance approves within 3 days. Then payroll pays it out.',
    ]) {
      const deployed = await fetch(`${stack().apiUrl}/flows`, {
        method: 'POST',
        headers: withKey(key),
        body: JSON.stringify({ text, name: 'expense-claim' }),
      });
      expect(deployed.status).toBe(201);
    }
    const { page, problems } = await watchedPage(browser);
    await signIn(page, key);
    await menu(page, 'Flows');
    await page.getByRole('link', { name: 'Versions of expense-claim, side by side' }).click();
    await page.getByRole('heading', { name: 'expense-claim' }).waitFor();
    expect(await page.getByLabel('Compare version').inputValue()).toBe('1');
    expect(await page.getByLabel('with version').inputValue()).toBe('2');
    const changes = page.locator('.changes li');
    await changes.first().waitFor();
    expect(await changes.allTextContents()).toEqual([
      'Added task_1 (task)',
      'Changed approval_1 (approval): timeout',
      "Changed the flow's own description",
    ]);
    await page.getByText('Then payroll pays it out.').waitFor();
    await page.locator('.side-by-side .diagram svg').nth(1).waitFor();
    // The new step is marked in the newer diagram, the changed one in both.
    expect(await page.locator('.side-by-side section').nth(1).locator('svg .added').count()).toBe(
      1,
    );
    expect(await page.locator('.side-by-side svg .changed').count()).toBe(2);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'versions');
    expect(await overflowsSideways(page)).toBe(false);
    await page.getByLabel('with version').selectOption('1');
    await page.getByText('The same version twice: choose two to compare.').waitFor();
    expect(problems()).toEqual([]);
  });

  it('shows the runs on a phone without sideways scrolling', async () => {
    const { page, problems } = await watchedPage(browser, 390);
    await signIn(page, await stack().keyFor(AUTHOR, 'author'));
    await menu(page, 'Runs');
    await page.getByRole('row').filter({ hasText: 'New laptop' }).waitFor();
    expect(await overflowsSideways(page)).toBe(false);
    expect(problems()).toEqual([]);
  });
});
