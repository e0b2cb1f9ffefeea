// My week's figures in Chromium are the API's: a Friday 22:00 → Saturday 02:00 entry shows 2 h after
// hours and 2 h of weekend on the page, in its entry's badges, in GET time-entries/week and on the
// team dashboard; stopping a timer refreshes the figures; on a Saturday, today's empty card stays on
// screen, and so does a weekend day of the member's schedule. Screenshots week-figures-* at both
// sizes in both languages, week-saturday-*.
import { addDays, formatDuration, parseDuration, zonedInstant } from '@proofwork/core';
import { DEMO_ORGANIZATIONS, demoWindow, recomputeMemberWeek } from '@proofwork/db';
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
let orgId: string;
let memberId: string;
/** Three weeks before the demo's data, so the week holds only the entry of this test. */
const weekStart = addDays(
  demoWindow(DEMO_ORGANIZATIONS.find((o) => o.slug === 'agence-lumen')!, new Date()).firstWeek,
  -3 * 7,
);
const friday = addDays(weekStart, 4);
let entryId: string;

type WeekSummary = { totalSeconds: number; afterHoursSeconds: number; weekendSeconds: number; entryCount: number };

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), sharedBrowser()]);
  const api = await request.newContext({ extraHTTPHeaders: { origin: server.url } });
  await api.post(`${server.url}/api/auth/sign-in/email`, {
    data: { email: 'cm@lumen.example', password: DEMO_PASSWORD },
  });
  const me = await (await api.get(`${server.url}/api/v1/me`)).json();
  orgId = me.memberships[0].organizationId;
  memberId = me.memberships[0].memberId;
  const created = await api.post(`${server.url}/api/v1/organizations/${orgId}/time-entries`, {
    data: {
      categoryId: (await (await api.get(`${server.url}/api/v1/organizations/${orgId}/categories`)).json()).items[0].id,
      startedAt: zonedInstant(friday, 22 * 60, 'Europe/Paris').toISOString(),
      endedAt: zonedInstant(addDays(friday, 1), 2 * 60, 'Europe/Paris').toISOString(),
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  entryId = (await created.json()).id;
  await api.dispose();
}, 120_000);

afterAll(async () => {
  await releaseBrowser(browser);
  await server?.close();
});

async function seconds(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(testId).textContent())?.trim() ?? '';
  const value = parseDuration(text);
  if (value === null) throw new Error(`"${text}" in ${testId} is not a duration`);
  return value;
}

async function weekSummary(page: Page, week: string): Promise<WeekSummary> {
  const res = await page.request.get(`${server.url}/api/v1/organizations/${orgId}/time-entries/week?weekStart=${week}`);
  expect(res.status()).toBe(200);
  return res.json();
}

async function openWeek(page: Page, week: string) {
  await page.goto(`${server.url}/week?week=${week}`);
  await page.getByTestId('week-total').waitFor();
  await expect.poll(() => page.getByTestId('day').first().getAttribute('data-day')).toBe(week);
}

describe('My week in Chromium', () => {
  it('shows the Friday 22:00 → 02:00 entry as 2 h after hours and 2 h weekend, like the API and the team dashboard', async () => {
    const context = await newContext(browser, DESKTOP, 'en-US');
    const page = await context.newPage();
    await signIn(page, server.url, 'cm@lumen.example');
    await page.request.patch(`${server.url}/api/v1/me`, { data: { locale: 'en' }, headers: { origin: server.url } });
    await openWeek(page, weekStart);

    const api = await weekSummary(page, weekStart);
    expect(api).toMatchObject({ totalSeconds: 4 * 3600, afterHoursSeconds: 2 * 3600, weekendSeconds: 2 * 3600 });
    expect(await seconds(page, 'week-total')).toBe(api.totalSeconds);
    expect(await seconds(page, 'after-hours')).toBe(api.afterHoursSeconds);
    expect(await seconds(page, 'weekend')).toBe(api.weekendSeconds);
    expect(await page.getByTestId('entry-count').textContent()).toBe('1');
    const fridayCard = page.locator(`[data-testid="day"][data-day="${friday}"]`);
    expect(parseDuration((await fridayCard.getByTestId('day-total').textContent()) ?? '')).toBe(4 * 3600);
    // The entry's own badges carry the same split.
    const entry = page.locator(`[data-entry-id="${entryId}"]`);
    expect(await entry.locator('.badges').textContent()).toContain(`After hours ${formatDuration(2 * 3600, 'en')}`);
    expect(await entry.locator('.badges').textContent()).toContain(`Weekend ${formatDuration(2 * 3600, 'en')}`);
    await screenshot(page, 'week-figures-desktop-en');

    // The team dashboard reads the rollup the worker writes for this member-week: the same seconds.
    await recomputeMemberWeek(server.database.db, orgId, { memberId, weekStart });
    const manager = await request.newContext({ extraHTTPHeaders: { origin: server.url } });
    await manager.post(`${server.url}/api/auth/sign-in/email`, {
      data: { email: 'manager@lumen.example', password: DEMO_PASSWORD },
    });
    const team = await (
      await manager.get(
        `${server.url}/api/v1/organizations/${orgId}/dashboards/team?from=${weekStart}&to=${addDays(weekStart, 6)}`,
      )
    ).json();
    await manager.dispose();
    // Every member who tracks time has a row for the week (coverage 0 without time); this CM's is theirs.
    expect(team.items.filter((r: { memberId: string }) => r.memberId === memberId)).toEqual([
      expect.objectContaining({
        memberId,
        loggedSeconds: api.totalSeconds,
        afterHoursSeconds: api.afterHoursSeconds,
        weekendSeconds: api.weekendSeconds,
      }),
    ]);

    // French: the same figures, in French words.
    await page.getByTestId('language-toggle').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Ma semaine');
    expect(await page.getByTestId('after-hours').textContent()).toBe(formatDuration(api.afterHoursSeconds, 'fr'));
    expect(await entry.locator('.badges').textContent()).toContain(`Week-end ${formatDuration(2 * 3600, 'fr')}`);
    await screenshot(page, 'week-figures-desktop-fr');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'week-figures-phone-fr');
    // The phone has no header toggle: the language is the account's.
    await page.request.patch(`${server.url}/api/v1/me`, { data: { locale: 'en' }, headers: { origin: server.url } });
    await openWeek(page, weekStart);
    await expect.poll(() => page.locator('h1').textContent()).toBe('My week');
    await screenshot(page, 'week-figures-phone-en');
    await context.close();
  });

  it('refreshes the figures from the API when a timer stops', async () => {
    const context = await newContext(browser, DESKTOP, 'en-US');
    const page = await context.newPage();
    await signIn(page, server.url, 'cm@lumen.example');
    const current = (await page.getByTestId('day').first().getAttribute('data-day')) ?? '';
    const before = Number(await page.getByTestId('entry-count').textContent());
    await page.locator('[data-testid="timer-start"]:visible').first().click();
    await page.getByTestId('timer-start-category').first().click();
    await page.getByTestId('timer-running').waitFor();
    await page.waitForTimeout(1100);
    await page.getByTestId('timer-stop').click();
    await page.getByTestId('timer-running').waitFor({ state: 'detached' });
    await expect.poll(async () => Number(await page.getByTestId('entry-count').textContent())).toBe(before + 1);
    const api = await weekSummary(page, current);
    expect(api.entryCount).toBe(before + 1);
    expect(await seconds(page, 'week-total')).toBe(Math.round(api.totalSeconds / 60) * 60);
    await context.close();
  });

  it("keeps today on screen on a weekend, and the weekend days of the member's schedule", async () => {
    // Saturday morning in Paris for the browser, in this file's week (its one entry is on Friday):
    // an empty weekend day is left out, but not today.
    const saturday = addDays(weekStart, 5);
    const sunday = addDays(weekStart, 6);
    const context = await newContext(browser, DESKTOP, 'en-US');
    const page = await context.newPage();
    await page.clock.setFixedTime(zonedInstant(saturday, 10 * 60, 'Europe/Paris'));
    await signIn(page, server.url, 'cm@lumen.example');
    const member = `${server.url}/api/v1/organizations/${orgId}/members/${memberId}`;
    const headers = { origin: server.url };
    await page.request.patch(`${server.url}/api/v1/me`, { data: { locale: 'en' }, headers });
    const day = (d: string) => page.locator(`[data-testid="day"][data-day="${d}"]`);
    async function openThisWeek() {
      await page.goto(`${server.url}/week`);
      // Loaded once the Friday entry shows (while loading, every day is drawn with skeletons).
      await page.locator(`[data-entry-id="${entryId}"]`).waitFor();
      expect(await page.getByTestId('day').first().getAttribute('data-day')).toBe(weekStart);
    }
    await openThisWeek();
    expect(await day(saturday).getAttribute('class')).toContain('today');
    expect(await day(saturday).locator('h2').textContent()).toContain('Today');
    expect(await day(saturday).textContent()).toContain('Nothing logged.');
    expect(await day(sunday).count()).toBe(0);
    await screenshot(page, 'week-saturday-desktop-en');

    // A CM who works on Sundays sees that day too, still to come.
    const schedule = (await (await page.request.get(member)).json()).workingSchedule;
    const sundays = [1, 2, 3, 4, 5, 7].map((d) => ({ day: d, start: '09:00', end: '17:00' }));
    const changed = await page.request.patch(member, { data: { workingSchedule: sundays }, headers });
    expect(changed.status(), await changed.text()).toBe(200);
    try {
      await page.request.patch(`${server.url}/api/v1/me`, { data: { locale: 'fr' }, headers });
      await page.setViewportSize(PHONE);
      await openThisWeek();
      expect(await day(saturday).locator('h2').textContent()).toContain('Aujourd’hui');
      expect(await day(sunday).textContent()).toContain('Pas encore.');
      await screenshot(page, 'week-saturday-phone-fr');
    } finally {
      await page.request.patch(member, { data: { workingSchedule: schedule }, headers });
      await page.request.patch(`${server.url}/api/v1/me`, { data: { locale: 'en' }, headers });
    }
    await context.close();
  });
});
