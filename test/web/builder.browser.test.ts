import type { Browser } from 'playwright-core';
import {
  launchBrowser,
  overflowsSideways,
  screenshot,
  seriousViolations,
  watchedPage,
} from '../helpers/browser';
import { withKey } from '../helpers/identity';
import { useTestStack } from '../helpers/stack';

const CLEAR = 'When someone requests a purchase, their manager approves it within 2 days.';
const UNCLEAR = `${CLEAR} Then it gets sorted out somehow.`;

describe('the flow builder in a real browser', () => {
  const { stack } = useTestStack();
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  const signIn = async (role: 'author' | 'member', width?: number) => {
    const watched = await watchedPage(browser, width);
    await watched.page.goto(`${stack().apiUrl}/app/`);
    await watched.page
      .getByLabel('API key')
      .fill(await stack().keyFor(`${role}@example.com`, role));
    await watched.page.getByRole('button', { name: 'Sign in' }).click();
    await watched.page.getByRole('heading', { name: 'Inbox' }).waitFor();
    return watched;
  };

  it('draws the English as it is typed, marks what is unclear, and deploys once nothing is', async () => {
    const { page, problems } = await signIn('author');
    await page.getByRole('link', { name: 'Build a flow' }).click();
    await page.getByRole('heading', { name: 'Build a flow' }).waitFor();
    const deploy = page.getByRole('button', { name: 'Deploy' });

    await page.getByLabel('The flow in plain English').fill(UNCLEAR);
    await page.getByText('1 thing to resolve before it can be deployed.').waitFor();
    const question = page.getByRole('listitem').filter({ hasText: 'Who does "sort"?' });
    expect(await question.locator('q').textContent()).toBe('sorted out somehow');
    expect(await page.locator('mark.problem-words').textContent()).toBe('sorted out somehow');
    expect(await deploy.isDisabled()).toBe(true);
    // The question answered in place: the answer goes into the text, which is read again.
    await question.getByLabel('Answer: Who does "sort"?').fill('the facilities team');
    await question.getByRole('button', { name: 'Answer' }).click();
    await page.getByText('Nothing is unclear: ready to deploy.').waitFor();
    expect(await page.getByLabel('The flow in plain English').inputValue()).toBe(
      `${CLEAR} Then it gets sorted out by the facilities team somehow.`,
    );
    expect(await page.locator('.chip').count()).toBe(2);
    expect(await deploy.isDisabled()).toBe(false);

    await page.getByLabel('The flow in plain English').fill(CLEAR);
    await page.getByLabel('Name (optional)').fill('purchase-approval');
    await page.getByText('Nothing is unclear: ready to deploy.').waitFor();
    await page.locator('.diagram svg').waitFor();
    expect(await page.locator('mark.problem-words').count()).toBe(0);
    await page
      .getByRole('listitem')
      .filter({ hasText: "Approval by the requester's manager" })
      .waitFor();
    // A step and its source phrase choose each other.
    const [step] = await page.locator('.chip').allTextContents();
    await page.locator('.chip').first().click();
    const phrase = page.locator('.marked .phrase.chosen');
    expect(CLEAR).toContain(await phrase.textContent());
    expect(await page.locator('.chip.chosen').textContent()).toBe(step);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'builder');

    await deploy.click();
    await page.getByText('Deployed purchase-approval version 1.').waitFor();
    const flow = await fetch(`${stack().apiUrl}/flows/purchase-approval`, {
      headers: withKey(stack().adminKey),
    });
    expect(flow.status).toBe(200);
    expect(problems()).toEqual([]);
  });

  it('offers the builder to authors only, and fits a phone', async () => {
    const member = await signIn('member', 390);
    expect(await member.page.getByRole('link', { name: 'Build a flow' }).count()).toBe(0);
    expect(await overflowsSideways(member.page)).toBe(false);
    const author = await signIn('author', 390);
    await author.page.getByRole('link', { name: 'Build a flow' }).click();
    await author.page.getByLabel('The flow in plain English').fill(CLEAR);
    await author.page.getByText('Nothing is unclear: ready to deploy.').waitFor();
    await author.page.locator('.diagram svg').waitFor();
    expect(await overflowsSideways(author.page)).toBe(false);
    expect(member.problems()).toEqual([]);
    expect(author.problems()).toEqual([]);
  });
});
