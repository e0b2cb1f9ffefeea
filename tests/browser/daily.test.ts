// The small frictions of a CM's first week, in Chromium at phone and desktop sizes: one toast at a
// time on a phone, the recent lines close once a line is saved, Ctrl+Z undoes the last line, focus lands on the new page's heading, the timer
// menu works with the arrow keys, a timer stopped within a minute offers to be discarded, and
// submitting a week asks first with the week’s figures; the grid saves its valid cells when one is
// refused, and points out time typed on a day that has not come.
import { addDays, parseDuration } from '@proofwork/core';
import { type Browser, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  DESKTOP,
  newContext,
  PHONE,
  releaseBrowser,
  screenshot,
  sharedBrowser,
  signIn,
  startServer,
  type TestServer,
} from './support';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), sharedBrowser()]);
}, 120_000);

afterAll(async () => {
  await releaseBrowser(browser);
  await server?.close();
});

type PageGlobals = { document: { activeElement: { tagName: string; textContent: string } | null } };
const active = (page: Page) =>
  page.evaluate(() => {
    const el = (globalThis as unknown as PageGlobals).document.activeElement;
    return el ? `${el.tagName}:${el.textContent?.trim()}` : '';
  });

async function weekTotal(page: Page): Promise<number> {
  const text = (await page.getByTestId('week-total').textContent())?.trim() ?? '';
  return parseDuration(text) ?? Number.NaN;
}

async function log(page: Page, line: string) {
  const input = page.getByTestId('quick-add-input');
  await input.fill(line);
  await input.press('Enter');
  // The bar empties once the line is saved; the next line is typed after that, as a person would.
  await expect.poll(() => input.inputValue(), { timeout: 10_000 }).toBe('');
}

describe('the first week of a CM', () => {
  it('on a phone: one toast at a time, Ctrl+Z undoes the last line, focus follows navigation', async () => {
    const context = await newContext(browser, PHONE, 'en-US');
    const page = await context.newPage();
    await signIn(page, server.url, 'cm@northwind.example');
    const before = await weekTotal(page);
    await log(page, '10m replying to comments');
    await log(page, '15m scheduling posts');
    await log(page, '20m reporting');
    await expect.poll(() => weekTotal(page), { timeout: 10_000 }).toBe(before + 45 * 60);
    await expect.poll(() => page.getByTestId('toast').filter({ visible: true }).count(), { timeout: 10_000 }).toBe(1);
    // Saved: the recent lines close so the week shows again; typing opens nothing until emptied.
    expect(await page.getByTestId('recent-line').count()).toBe(0);
    await screenshot(page, 'daily-one-toast-phone-en', { keepToasts: true });

    // The input is empty again: Ctrl+Z is for the last line, not for the text field.
    await page.getByTestId('quick-add-input').focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => weekTotal(page), { timeout: 10_000 }).toBe(before + 25 * 60);

    // Moving to another page puts the focus on its heading.
    await page.locator('nav a[href="/grid"]:visible').first().click();
    await page.waitForURL(/\/grid/);
    await expect.poll(() => active(page), { timeout: 10_000 }).toMatch(/^H1:/);
    await context.close();
  });

  it('on a desktop: the timer menu with the keyboard, a short timer discarded, submitting asks first', async () => {
    const context = await newContext(browser, DESKTOP, 'en-US');
    const page = await context.newPage();
    await signIn(page, server.url, 'cm@northwind.example');

    await page.getByTestId('timer-start').click();
    await page.keyboard.press('ArrowDown');
    const first = await active(page);
    expect(first).toMatch(/^BUTTON:/);
    await page.keyboard.press('ArrowDown');
    const second = await active(page);
    expect(second).not.toBe(first);
    await page.keyboard.press('ArrowUp');
    expect(await active(page)).toBe(first);
    await page.keyboard.press('Enter');
    await page.getByTestId('timer-running').waitFor();

    // Stopped at once: offered to be thrown away, and thrown away.
    const api = await request.newContext({ extraHTTPHeaders: { origin: server.url } });
    await api.post(`${server.url}/api/auth/sign-in/email`, {
      data: { email: 'cm@northwind.example', password: DEMO_PASSWORD },
    });
    const orgId = (await (await api.get(`${server.url}/api/v1/me`)).json()).memberships[0].organizationId;
    const timerEntry = (await (await api.get(`${server.url}/api/v1/organizations/${orgId}/timer`)).json()).timer;
    await page.waitForTimeout(1200);
    await page.getByTestId('timer-running').getByRole('button').click();
    const toast = page.getByTestId('toast').filter({ hasText: 'Started by mistake?' });
    await toast.waitFor();
    await screenshot(page, 'daily-short-timer-desktop-en', { keepToasts: true });
    await toast.getByRole('button', { name: 'Discard it' }).click();
    await expect
      .poll(async () => {
        const res = await api.get(`${server.url}/api/v1/organizations/${orgId}/time-entries/${timerEntry.id}`);
        return (await res.json()).deletedAt !== null;
      })
      .toBe(true);

    // Submitting asks first, with the week's figures and a word that the week is not over.
    await page.getByTestId('submit-week').click();
    const confirm = page.getByTestId('submit-confirm');
    await confirm.waitFor();
    await expect.poll(() => confirm.textContent(), { timeout: 10_000 }).toMatch(/You logged .+ against a contract of/);
    await confirm.getByTestId('submit-unfinished').waitFor();
    await screenshot(page, 'daily-submit-confirm-desktop-en');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByTestId('approval').getAttribute('data-status')).toBe('open');
    await api.dispose();
    await context.close();
  });

  it('on a desktop in French: the grid saves the valid cells, keeps the refused one, and warns of future days', async () => {
    const context = await newContext(browser, DESKTOP, 'fr-FR');
    const page = await context.newPage();
    await signIn(page, server.url, 'cm@lumen.example');
    await page.locator('a[href="/grid"]:visible').first().click();
    const grid = page.getByTestId('week-grid');
    await grid.waitFor();
    const monday = (await page.getByTestId('cell').first().getAttribute('data-day')) ?? '';
    // A cell of Monday holding logged entries with clock times: it cannot go down to nothing.
    const mondayCells = page.locator(`input[data-testid="cell"][data-day="${monday}"]`);
    const values = await mondayCells.evaluateAll((els) => els.map((el) => (el as unknown as { value: string }).value));
    const index = values.findIndex((v) => v !== '');
    expect(index).toBeGreaterThanOrEqual(0);
    const held = mondayCells.nth(index);
    const heldCategory = await held.getAttribute('data-category');
    await held.fill('0');
    const [added] = await page.getByTestId('add-row').selectOption({ index: 1 });
    const fresh = page.locator(`input[data-category="${added}"][data-day="${monday}"]`);
    await fresh.fill('45');
    await page.getByTestId('grid-save').click();
    // The valid cell is saved (the server's figure, formatted); the refused one keeps what was typed.
    await expect.poll(() => fresh.inputValue(), { timeout: 10_000 }).toMatch(/^45 ?min$/);
    const refused = page.locator(`input[data-category="${heldCategory}"][data-day="${monday}"]`);
    expect(await refused.inputValue()).toBe('0');
    expect(await refused.getAttribute('aria-invalid')).toBe('true');
    await expect
      .poll(() => page.getByRole('alert').allTextContents())
      .toContainEqual(expect.stringMatching(/n’a pas été enregistrée/));
    await screenshot(page, 'daily-grid-refused-desktop-fr');

    // Next week has not come yet: time typed there is pointed out before saving.
    await page.goto(`${server.url}/grid?week=${addDays(monday, 7)}`);
    await grid.waitFor();
    expect(await page.getByTestId('grid-future').count()).toBe(0);
    await page.getByTestId('add-row').selectOption({ index: 1 });
    await page.getByTestId('cell').first().fill('1h');
    await expect
      .poll(() => page.getByTestId('grid-future').textContent(), { timeout: 10_000 })
      .toMatch(/pas encore arrivé/);
    await screenshot(page, 'daily-grid-future-desktop-fr');
    await context.close();
  });
});
