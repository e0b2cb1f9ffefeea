// Days off on My week in Chromium (the demo's manager, whose weeks are not approved), by keyboard: the week of the demo's public holiday (11 November,
// Armistice) shows it; marking Thursday off (and Friday half a day) lowers the week's expected hours to
// what GET time-entries/week says; removing one gives them back. Desktop and phone, English and French;
// screenshots days-off-*; axe clean.
import { addDays } from '@proofwork/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
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
const WEEK = '2026-11-09';

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), sharedBrowser()]);
}, 120_000);

afterAll(async () => {
  await releaseBrowser(browser);
  await server?.close();
});

async function figures(page: Page): Promise<{ expectedWeekSeconds: number; holidayDays: number; absenceDays: number }> {
  const me = await (await page.request.get(`${server.url}/api/v1/me`)).json();
  const orgId = me.memberships[0].organizationId;
  const res = await page.request.get(`${server.url}/api/v1/organizations/${orgId}/time-entries/week?weekStart=${WEEK}`);
  expect(res.status()).toBe(200);
  return res.json();
}

const shown = async (page: Page) =>
  Number(((await page.getByTestId('week-expected').getAttribute('data-expected')) ?? 'NaN').trim());

describe('days off on My week', () => {
  for (const [size, viewport, lang] of [
    ['desktop', DESKTOP, 'en'],
    ['phone', PHONE, 'fr'],
  ] as const) {
    it(`marks a day and half a day off by keyboard and reads the expected hours back (${size}, ${lang})`, async () => {
      const context = await newContext(browser, viewport, lang === 'fr' ? 'fr-FR' : 'en-US');
      const page = await context.newPage();
      // The manager: his weeks are not approved (a CM's older weeks are, and a locked week takes no day off).
      await signIn(page, server.url, 'manager@lumen.example');
      await page.request.patch(`${server.url}/api/v1/me`, { data: { locale: lang }, headers: { origin: server.url } });
      await page.goto(`${server.url}/week?week=${WEEK}`);
      await page.getByTestId('week-total').waitFor();
      // The public holiday is listed, and Wednesday's heading says so.
      await page.getByTestId('public-holiday').waitFor();
      expect(await page.getByTestId('public-holiday').textContent()).toContain(
        lang === 'fr' ? 'Armistice' : 'Armistice',
      );
      const before = await figures(page);
      expect(before.holidayDays).toBe(1);
      expect(await shown(page)).toBe(before.expectedWeekSeconds);

      // Keyboard only: focus the day select, choose Thursday, tab to Add and press Enter.
      await page.getByTestId('days-off-day').focus();
      await page.keyboard.press('ArrowDown'); // Tuesday
      await page.keyboard.press('ArrowDown'); // Wednesday
      await page.keyboard.press('ArrowDown'); // Thursday
      expect(await page.getByTestId('days-off-day').inputValue()).toBe(addDays(WEEK, 3));
      await page.getByTestId('days-off-add').focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('absence').count()).toBe(1);
      const one = await figures(page);
      expect(one.absenceDays).toBe(1);
      expect(one.expectedWeekSeconds).toBeLessThan(before.expectedWeekSeconds);
      await expect.poll(() => shown(page)).toBe(one.expectedWeekSeconds);

      // Friday, half a day, sick.
      await page.getByTestId('days-off-day').selectOption(addDays(WEEK, 4));
      await page.getByTestId('days-off-kind').selectOption('sick');
      await page.getByTestId('days-off').locator('input[type="checkbox"]').check();
      await page.getByTestId('days-off-add').click();
      await expect.poll(() => page.getByTestId('absence').count()).toBe(2);
      const half = await figures(page);
      expect(half.absenceDays).toBe(1.5);
      await expect.poll(() => shown(page)).toBe(half.expectedWeekSeconds);
      await screenshot(page, `days-off-${size}-${lang}`);
      const violations = await axeViolations(page);
      expect(violations).toEqual([]);

      // Removing Thursday gives its hours back.
      await page.getByTestId('absence').first().getByRole('button').click();
      await expect.poll(() => page.getByTestId('absence').count()).toBe(1);
      const after = await figures(page);
      expect(after.absenceDays).toBe(0.5);
      await expect.poll(() => shown(page)).toBe(after.expectedWeekSeconds);
      await page.getByTestId('absence').first().getByRole('button').click();
      await expect.poll(() => page.getByTestId('absence').count()).toBe(0);
      await expect.poll(() => shown(page)).toBe(before.expectedWeekSeconds);
      await context.close();
    }, 90_000);
  }
});
