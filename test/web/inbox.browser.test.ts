import type { Browser } from 'playwright-core';
import { flowWith } from '../workflows/interpreter-harness';
import {
  launchBrowser,
  overflowsSideways,
  screenshot,
  seriousViolations,
  watchedPage,
} from '../helpers/browser';
import { withKey } from '../helpers/identity';
import { eventually, useTestStack } from '../helpers/stack';

const ANN = 'ann@example.com';
const MIA = 'mia@example.com';

describe('the web app in a real browser: sign in, and decide from the inbox', () => {
  const { stack } = useTestStack();
  let browser: Browser;

  const call = async (method: string, path: string, body: unknown, key: string) => {
    const res = await fetch(`${stack().apiUrl}${path}`, {
      method,
      headers: withKey(key),
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const stateOf = async (id: string) =>
    (await fetch(`${stack().apiUrl}/runs/${id}/state`, { headers: withKey(stack().adminKey) }).then(
      (res) => res.json(),
    )) as {
      status: string;
      current: { stepId: string }[];
      fields: Record<string, unknown>;
      decisions: { decision: string; actor: string; comment?: string }[];
    };

  /** Starts a run of `flow` as Ann and waits until it waits on her manager. */
  const startWaiting = async (flow: string, amount: number) => {
    const started = await call(
      'POST',
      `/flows/${flow}/runs`,
      { fields: { amount } },
      await stack().keyFor(ANN),
    );
    expect(started.status).toBe(201);
    const id = String(started.body.id);
    await eventually(async () =>
      (await stateOf(id)).current.some((step) => step.stepId === 'manager_ok') ? true : undefined,
    );
    return id;
  };
  /** The runs in Lee's inbox. */
  const leesRuns = async () => {
    const inbox = await fetch(`${stack().apiUrl}/inbox`, {
      headers: withKey(await stack().keyFor('lee@example.com')),
    }).then((res) => res.json() as Promise<{ items: { run: string }[] }>);
    return inbox.items.map((item) => item.run);
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    const admin = stack().adminKey;
    const flow = flowWith(
      [{ type: 'approval', id: 'manager_ok', approvers: [{ type: 'manager' }], mode: 'any' }],
      'buy',
    );
    expect((await call('POST', '/flows', { flow }, admin)).status).toBe(201);
    expect(
      (await call('PUT', `/directory/people/${ANN}`, { manager: MIA }, admin)).status,
    ).toBeLessThan(300);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('signs the manager in, approves one request and rejects another with a comment', async () => {
    // One after the other, so the inbox (oldest first) lists the cheap one first.
    const cheap = await startWaiting('buy', 900);
    const dear = await startWaiting('buy', 40_000);

    const { page, problems } = await watchedPage(browser);
    await page.goto(`${stack().apiUrl}/app/`);
    await page.getByRole('heading', { name: 'Sign in to Plainflow' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in');

    await page.getByLabel('API key').fill(await stack().keyFor(MIA));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    await page.getByText('2 waiting on you.').waitFor();
    expect(await page.getByText(MIA).isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'inbox');

    const first = page.getByRole('article').filter({ hasText: 'buy' }).first();
    await first.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('status').filter({ hasText: 'Approved' }).waitFor();
    await page.getByText('1 waiting on you.').waitFor();

    const second = page.getByRole('article').first();
    await second.getByLabel('Comment (optional)').fill('Too expensive for this quarter');
    await second.getByRole('button', { name: 'Reject' }).click();
    await page.getByText('Nothing is waiting on you.').waitFor();
    await screenshot(page, 'inbox-done');

    const decided = await Promise.all(
      [cheap, dear].map((id) =>
        eventually(async () => {
          const state = await stateOf(id);
          return state.status === 'running' ? undefined : state;
        }),
      ),
    );
    // The inbox lists the oldest first: the cheap one was approved, the dear one rejected.
    expect(
      decided.map((state) => state.decisions.map((d) => [d.actor, d.decision, d.comment])),
    ).toEqual([
      [[MIA, 'approved', undefined]],
      [[MIA, 'rejected', 'Too expensive for this quarter']],
    ]);
    expect(problems()).toEqual([]);
  });

  it('hands a request on to someone else, who then has it', async () => {
    const id = await startWaiting('buy', 70);
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${stack().apiUrl}/app/`);
    await page.getByLabel('API key').fill(await stack().keyFor(MIA));
    await page.getByRole('button', { name: 'Sign in' }).click();
    const item = page.getByRole('article').first();
    await item.getByText('Hand it on').click();
    await item.getByLabel(/^To /).fill('lee@example.com');
    expect(await seriousViolations(page)).toEqual([]);
    await item.getByRole('button', { name: 'Reassign' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Handed to person:lee@example.com' })
      .waitFor();
    await page.getByText('Nothing is waiting on you.').waitFor();
    expect(await leesRuns()).toEqual([id]);
    expect(problems()).toEqual([]);
  });

  it('works by keyboard alone: signs in, and delegates a vote, in a sensible focus order', async () => {
    const flow = flowWith(
      [
        {
          type: 'approval',
          id: 'manager_ok',
          approvers: [{ type: 'manager' }],
          mode: 'any',
          allowDelegation: true,
        },
      ],
      'buy-delegable',
    );
    expect((await call('POST', '/flows', { flow }, stack().adminKey)).status).toBe(201);
    const id = await startWaiting('buy-delegable', 55);
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${stack().apiUrl}/app/`);
    await page.getByRole('heading', { name: 'Sign in to Plainflow' }).waitFor();
    /** Tab to the next control, and say which it is (its id, or its text). */
    const tab = async () => {
      await page.keyboard.press('Tab');
      return page.evaluate(() => {
        const { document } = globalThis as unknown as {
          document: { activeElement: { id: string; textContent: string | null } | null };
        };
        const focused = document.activeElement;
        return focused?.id || focused?.textContent?.trim() || '';
      });
    };
    expect(await tab()).toBe('api-key');
    await page.keyboard.type(await stack().keyFor(MIA));
    await page.keyboard.press('Enter');
    await page.getByText('1 waiting on you.').waitFor();

    const order: string[] = [];
    for (let i = 0; i < 12 && order.at(-1) !== 'Hand it on'; i += 1) order.push(await tab());
    expect(order.slice(0, 4)).toEqual(['Inbox', 'Flows', 'Runs', 'Sign out']);
    expect(order.at(-1)).toBe('Hand it on');
    expect(order.filter((name) => ['Approve', 'Reject'].includes(name))).toEqual([
      'Approve',
      'Reject',
    ]);
    await page.keyboard.press('Enter');
    expect(await tab()).toMatch(/-to$/);
    await page.keyboard.type('lee@example.com');
    expect(await tab()).toBe('Delegate my vote');
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: 'Vote delegated to lee@example.com' })
      .waitFor();
    await page.getByText('Nothing is waiting on you.').waitFor();
    expect(await leesRuns()).toContain(id);
    expect(problems()).toEqual([]);
  });

  it('starts a run from its intake form and completes its task with the task form', async () => {
    const flow = flowWith(
      [
        {
          type: 'task',
          id: 'quote',
          title: 'Get a quote',
          assignee: { type: 'requester' },
          form: [
            { name: 'quote_id', type: 'text' },
            { name: 'cost', type: 'money', currency: 'EUR' },
            { name: 'tier', type: 'choice', options: ['basic', 'premium'] },
            { name: 'rush', type: 'boolean', optional: true },
          ],
        },
      ],
      'quotes',
    );
    expect((await call('POST', '/flows', { flow }, stack().adminKey)).status).toBe(201);
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${stack().apiUrl}/app/`);
    await page.getByLabel('API key').fill(await stack().keyFor(ANN));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Flows' }).click();
    const card = page.getByRole('article').filter({ hasText: 'quotes' });
    await card.getByRole('button', { name: 'Start a run' }).click();
    await card.getByLabel('Title (optional)').fill('Desk chairs');
    await card.getByLabel('amount', { exact: true }).fill('450');
    await card.getByLabel('vendor (optional)').fill('Chairly');
    await card.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByRole('heading', { name: 'Desk chairs' }).waitFor();
    const runId = decodeURIComponent(page.url().split('/').pop() ?? '');

    await page.getByRole('link', { name: 'Inbox' }).click();
    const task = page.getByRole('article').filter({ hasText: 'Get a quote' });
    await task.getByLabel('quote id').fill('Q-77');
    await task.getByLabel('cost (EUR)').fill('440.5');
    await task.getByLabel('tier').selectOption('premium');
    await task.getByLabel('rush (optional)').check();
    expect(await seriousViolations(page)).toEqual([]);
    await task.getByRole('button', { name: 'Complete' }).click();
    await page.getByRole('status').filter({ hasText: 'Completed: Get a quote' }).waitFor();

    const ended = await eventually(async () => {
      const state = await stateOf(runId);
      return state.status === 'running' ? undefined : state;
    });
    expect(ended).toMatchObject({
      status: 'completed',
      fields: {
        amount: 450,
        vendor: 'Chairly',
        quote_id: 'Q-77',
        cost: 440.5,
        tier: 'premium',
        rush: true,
      },
    });
    expect(problems()).toEqual([]);
  });

  it('refuses a wrong key on the sign-in page, saying why, and fits a phone', async () => {
    const { page, problems } = await watchedPage(browser, 390);
    await page.goto(`${stack().apiUrl}/app/`);
    await page.getByLabel('API key').fill('pf_not-a-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'The API key is not valid' }).waitFor();
    expect(await overflowsSideways(page)).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);
    // The refused sign-in is the one answer of 400 or more (Chromium logs it), and the page says why.
    expect(problems()).toHaveLength(2);
    expect(problems()).toEqual(
      expect.arrayContaining([
        'console: Failed to load resource: the server responded with a status of 401 (Unauthorized)',
        expect.stringMatching(/^401: POST http:.*\/auth\/session$/),
      ]),
    );
  });
});
