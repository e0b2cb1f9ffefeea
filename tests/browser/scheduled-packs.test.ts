// The Scheduled packs card of the Evidence page in a real browser against the demo: a manager adds
// a monthly pack for two budget holders (a bad address is named first), pauses and resumes it, then
// deletes it; axe on the card; screenshots evidence-packs-* at both sizes in both languages.
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AxeViolation,
  axeViolations,
  DESKTOP,
  newContext,
  PHONE,
  releaseBrowser,
  repoRoot,
  screenshot,
  sharedBrowser,
  signIn,
  startServer,
  type TestServer,
} from './support';

let server: TestServer;
let browser: Browser;
const violations: { page: string; violations: AxeViolation[] }[] = [];
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), sharedBrowser()]);
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await releaseBrowser(browser);
  await server?.close();
});

async function managerPage(email: string, viewport: typeof DESKTOP, language: 'en' | 'fr'): Promise<Page> {
  const context = await newContext(browser, viewport, language === 'fr' ? 'fr-FR' : 'en-US');
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, server.url, email);
  const me = await page.request.patch(`${server.url}/api/v1/me`, {
    data: { locale: language },
    headers: { origin: server.url },
  });
  expect(me.status()).toBe(200);
  await page.goto(`${server.url}/evidence`);
  return page;
}

describe('scheduled packs', () => {
  it('a manager schedules a monthly pack for two budget holders, pauses, resumes and deletes it', async () => {
    const page = await managerPage('owner@lumen.example', DESKTOP, 'en');
    const card = page.getByTestId('scheduled-packs');
    await card.scrollIntoViewIfNeeded();
    await expect.poll(() => card.getByText('No scheduled packs yet.').count()).toBe(1);
    await card.getByLabel('Recipients (e-mail addresses)').fill('budget@client.example, not-an-address');
    await expect.poll(() => card.getByText('Not an e-mail address: not-an-address').count()).toBe(1);
    expect(await page.getByTestId('add-pack').isDisabled()).toBe(true);
    await card.getByLabel('Recipients (e-mail addresses)').fill('Budget@Client.example\ncfo@client.example');
    await card.getByLabel('Report language').selectOption('fr');
    await page.getByTestId('add-pack').click();
    await expect.poll(() => card.getByTestId('pack').count()).toBe(1);
    const pack = card.getByTestId('pack');
    expect(await pack.textContent()).toContain('budget@client.example, cfo@client.example');
    expect(await pack.textContent()).toContain('Monthly pack');
    const found = await axeViolations(page);
    if (found.length > 0) violations.push({ page: 'evidence-packs', violations: found });
    await screenshot(page, 'evidence-packs-desktop-en');

    await page.getByTestId('toggle-pack').click();
    await expect.poll(() => pack.getByText('Paused').count()).toBe(1);
    await page.getByTestId('toggle-pack').click();
    await expect.poll(() => pack.getByText('Active').count()).toBe(1);

    for (const [name, viewport, language] of [
      ['phone-en', PHONE, 'en'],
      ['desktop-fr', DESKTOP, 'fr'],
      ['phone-fr', PHONE, 'fr'],
    ] as const) {
      const other = await managerPage('owner@lumen.example', viewport, language);
      const otherCard = other.getByTestId('scheduled-packs');
      await otherCard.scrollIntoViewIfNeeded();
      await expect.poll(() => otherCard.getByTestId('pack').count()).toBe(1);
      await screenshot(other, `evidence-packs-${name}`);
      // The card itself (a phone's screenshot is the top of the page).
      await otherCard.screenshot({
        path: path.join(repoRoot, 'tests', 'browser', 'screenshots', `evidence-packs-card-${name}.png`),
        animations: 'disabled',
      });
    }

    await page.getByTestId('delete-pack').click();
    await page.getByTestId('confirm-delete-pack').click();
    await expect.poll(() => card.getByText('No scheduled packs yet.').count()).toBe(1);
  }, 120_000);

  it('has no serious or critical axe violation on the card', () => {
    expect(violations).toEqual([]);
  });
});
