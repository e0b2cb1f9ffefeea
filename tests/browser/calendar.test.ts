// The calendar in Chromium, at 1280×800 and 390×844, in English and French: an entry created by
// dragging on a gap (a tap on the phone), resized by its edge, moved to another day, and the moves
// undone; then the same with the keyboard only. Every step is checked against the API; axe finds
// nothing serious. A week's public holiday and day off (GET absences, as My week reads them) are
// labelled and have no gaps. Screenshots calendar-*.
import { addDays, isoWeekdayOf, localDateOf, weekStartOf } from '@proofwork/core';
import { DEMO_ORGANIZATIONS, demoWindow } from '@proofwork/db';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  DEMO_PASSWORD,
  DESKTOP,
  newContext,
  PHONE,
  releaseBrowser,
  screenshot,
  sharedBrowser,
  signedInContext,
  startServer,
  type TestServer,
} from './support';

let server: TestServer;
let browser: Browser;
let orgId: string;
let brandSlug: string;

const ZONE = 'Europe/Paris';
/** Waits for a value; generous, because the machine running the tests may be busy. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 8000, interval: 100 });

const lumen = DEMO_ORGANIZATIONS.find((o) => o.slug === 'agence-lumen')!;
/** Weeks before the demo data without a public holiday on a weekday, one per test, so each starts empty. */
const emptyWeeks: string[] = [];
const weekOf = (n: number) => emptyWeeks[n]!;
/** The latest public holiday on a weekday before the demo data (its week is none of the above). */
let holiday: { localDate: string; name: string };

type Entry = {
  id: string;
  startedAt: string | null;
  endedAt: string | null;
  localDate: string;
  platform: string | null;
  deliverableId: string | null;
};

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), sharedBrowser()]);
  // The organization's public holidays, as the calendar reads them, for the year before the demo data.
  const context = await browser.newContext();
  await context.request.post(`${server.url}/api/auth/sign-in/email`, {
    headers: { origin: server.url },
    data: { email: 'cm@lumen.example', password: DEMO_PASSWORD },
  });
  const me = await (await context.request.get(`${server.url}/api/v1/me`)).json();
  const before = addDays(demoWindow(lumen, new Date()).firstWeek, -3 * 7);
  const res = await context.request.get(
    `${server.url}/api/v1/organizations/${me.memberships[0].organizationId}/absences?from=${addDays(before, -357)}&to=${addDays(before, 6)}`,
  );
  expect(res.status()).toBe(200);
  const holidays = ((await res.json()).publicHolidays as { localDate: string; name: string }[]).filter(
    (h) => isoWeekdayOf(h.localDate) <= 5,
  );
  await context.close();
  for (let week = before; emptyWeeks.length < 8; week = addDays(week, -7)) {
    if (!holidays.some((h) => h.localDate >= week && h.localDate <= addDays(week, 4))) emptyWeeks.push(week);
  }
  holiday = holidays.sort((a, b) => a.localDate.localeCompare(b.localDate)).at(-1)!;
}, 120_000);

afterAll(async () => {
  await releaseBrowser(browser);
  await server?.close();
});

async function signedIn(
  viewport: typeof DESKTOP,
  locale: 'en' | 'fr',
): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page } = await signedInContext(browser, server.url, viewport, 'cm@lumen.example', locale);
  const me = await (await context.request.get(`${server.url}/api/v1/me`)).json();
  orgId = me.memberships[0].organizationId;
  const brands = (await (await context.request.get(`${server.url}/api/v1/organizations/${orgId}/brands`)).json()).items;
  brandSlug = brands.find((b: { archivedAt: string | null }) => !b.archivedAt).slug;
  return { context, page };
}

async function entriesOf(request: APIRequestContext, week: string): Promise<Entry[]> {
  const res = await request.get(
    `${server.url}/api/v1/organizations/${orgId}/time-entries?from=${week}&to=${addDays(week, 6)}`,
  );
  expect(res.status()).toBe(200);
  return (await res.json()).items;
}

/** Local wall-clock minutes and day of an instant in Paris. */
function local(iso: string) {
  const d = new Date(iso);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(d)
    .split(':')
    .map(Number);
  return { day: localDateOf(d, ZONE), minute: parts[0]! * 60 + parts[1]! };
}

async function expectOnly(request: APIRequestContext, week: string, day: string, start: number, end: number) {
  await poll(async () => {
    const items = await entriesOf(request, week);
    return items.map((e) => ({ from: local(e.startedAt!), to: local(e.endedAt!).minute }));
  }).toEqual([{ from: { day, minute: start }, to: end }]);
}

async function openWeek(page: Page, week: string) {
  await page.goto(`${server.url}/calendar?week=${week}`);
  await page.getByTestId('timeline').waitFor();
}

/** The point of a minute of a day's column. */
async function pointOf(page: Page, day: string, minute: number) {
  const cols = page.locator('.cols');
  const start = Number(await cols.getAttribute('data-range-start'));
  const end = Number(await cols.getAttribute('data-range-end'));
  const box = (await page.locator(`[data-testid="calendar-day"][data-day="${day}"]`).boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + ((minute - start) / (end - start)) * box.height };
}

async function dragTo(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 4 });
  await page.mouse.up();
}

/** Types a quick-add line in the composer, choosing the brand with the picker's keys, and saves. */
async function describeAndSave(page: Page, word: string) {
  const line = page.getByTestId('composer-line');
  await line.pressSequentially(`${word} @${brandSlug.slice(0, 3)}`);
  await page.locator('#composer-suggestions [role="option"]').first().waitFor();
  await line.press('Enter');
  await poll(() => line.inputValue()).toBe(`${word} @${brandSlug} `);
  // A space ends the mention, so Enter saves rather than picks.
  await line.pressSequentially('#insta ');
  await poll(() => page.getByTestId('composer-reading').textContent()).toContain('instagram');
  await line.press('Enter');
  await page.getByTestId('composer').waitFor({ state: 'detached' });
}

type Focusable = { ownerDocument: { activeElement: unknown } };

/** Presses Tab until the element has the keyboard. */
async function tabTo(page: Page, target: ReturnType<Page['locator']>) {
  const focused = () => target.evaluate((el) => el === (el as unknown as Focusable).ownerDocument.activeElement);
  for (let i = 0; i < 80 && !(await focused()); i++) await page.keyboard.press('Tab');
  expect(await focused()).toBe(true);
}

async function expectAxeClean(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
}

// Each way of working (pointer, keyboard) runs at both sizes and in both languages, the pairs
// crossed: every size, language and input is covered without running each flow four times.
const cases = [
  { size: 'desktop', viewport: DESKTOP, locale: 'en', word: 'moderation reel', pointer: true, keyboard: false },
  { size: 'desktop', viewport: DESKTOP, locale: 'fr', word: 'modération', pointer: false, keyboard: true },
  { size: 'phone', viewport: PHONE, locale: 'en', word: 'moderation', pointer: false, keyboard: true },
  { size: 'phone', viewport: PHONE, locale: 'fr', word: 'modération', pointer: true, keyboard: false },
] as const;

describe('the calendar', () => {
  cases.forEach(({ size, viewport, locale, word, pointer, keyboard }, n) => {
    if (pointer)
      it(`creates on a gap, resizes, moves to another day and undoes, by ${size === 'phone' ? 'tap' : 'mouse'}, at ${size} size in ${locale}`, async () => {
        const week = weekOf(2 * n);
        const monday = week;
        const tuesday = addDays(week, 1);
        const { context, page } = await signedIn(viewport, locale);
        await openWeek(page, week);
        if (size === 'phone') {
          await page.getByTestId('day-label').waitFor();
          // The phone opens on the week's first day when today is not in it.
          expect(await page.locator('[data-testid="calendar-day"]').count()).toBe(1);
        }
        // A working day with nothing logged is one gap.
        const gap = page.locator(`[data-testid="calendar-day"][data-day="${monday}"] [data-testid="gap"]`);
        await poll(() => gap.count()).toBe(1);

        if (size === 'desktop') {
          await dragTo(page, await pointOf(page, monday, 600), await pointOf(page, monday, 690));
          await page.getByTestId('composer').waitFor();
          expect(await page.getByTestId('composer-start').inputValue()).toBe('10:00');
          expect(await page.getByTestId('composer-end').inputValue()).toBe('11:30');
        } else {
          const p = await pointOf(page, monday, 605);
          await page.touchscreen.tap(p.x, p.y);
          await page.getByTestId('composer').waitFor();
          expect(await page.getByTestId('composer-start').inputValue()).toBe('10:00');
          expect(await page.getByTestId('composer-end').inputValue()).toBe('11:00');
          await page.getByTestId('composer-end').fill('11:30');
        }
        await screenshot(page, `calendar-${size}-${locale}-composer`);
        await expectAxeClean(page);
        await describeAndSave(page, word);
        await expectOnly(page.request, week, monday, 600, 690);
        const [created] = await entriesOf(page.request, week);
        expect(created?.platform).toBe('instagram');
        // A deliverable named in the line is recorded, as quick-add records it.
        if (word.includes('reel')) expect(created?.deliverableId).toBeTruthy();
        else expect(created?.deliverableId).toBeNull();
        const block = page.locator(`[data-testid="block"][data-entry-id="${created!.id}"]`);
        await poll(() => block.getAttribute('data-end')).toBe('690');
        // The gap is split around the new entry.
        await poll(() => gap.count()).toBe(2);

        if (size === 'desktop') {
          // Resize by the bottom edge to 12:00, then drag the block to Tuesday 14:00.
          const edge = (await block.getByTestId('handle-end').boundingBox())!;
          const target = await pointOf(page, monday, 720);
          await dragTo(page, { x: edge.x + edge.width / 2, y: edge.y + edge.height / 2 }, { x: target.x, y: target.y });
          await expectOnly(page.request, week, monday, 600, 720);
          // The grab point is read off the block as drawn: wait until it shows the new end (the API can
          // answer before the page has drawn the change on a busy machine).
          await poll(() => block.getAttribute('data-end')).toBe('720');
          const box = (await block.boundingBox())!;
          const grab = { x: box.x + box.width / 2, y: box.y + 10 };
          const grabMinute = 600 + ((grab.y - box.y) / box.height) * 120;
          const drop = await pointOf(page, tuesday, 14 * 60 + (grabMinute - 600));
          await dragTo(page, grab, drop);
          await expectOnly(page.request, week, tuesday, 840, 960);
        } else {
          // The new entry is selected; a tap on it lets go, another takes it again. Then the toolbar's
          // buttons: end 15 min later twice, next day.
          await page.getByTestId('selected-bar').waitFor();
          await block.locator('button.text').tap();
          await page.getByTestId('selected-bar').waitFor({ state: 'detached' });
          await block.locator('button.text').tap();
          await page.getByTestId('selected-bar').waitFor();
          await page.getByTestId('nudge-endLater').tap();
          await expectOnly(page.request, week, monday, 600, 705);
          await page.getByTestId('nudge-endLater').tap();
          await expectOnly(page.request, week, monday, 600, 720);
          await page.getByTestId('nudge-nextDay').tap();
          await expectOnly(page.request, week, tuesday, 600, 720);
          // The phone follows the entry to its new day.
          await poll(() => page.locator('[data-testid="calendar-day"]').getAttribute('data-day')).toBe(tuesday);
        }
        await screenshot(page, `calendar-${size}-${locale}-moved`);
        await expectAxeClean(page);

        // Undo the move, then the resize: back to Monday 10:00–11:30.
        await page.getByTestId('calendar-undo').click();
        await expectOnly(page.request, week, monday, 600, 720);
        await page.getByTestId('calendar-undo').click();
        if (size === 'phone') await page.getByTestId('calendar-undo').click();
        await expectOnly(page.request, week, monday, 600, 690);
        // And the creation: nothing left.
        await page.getByTestId('calendar-undo').click();
        await poll(async () => (await entriesOf(page.request, week)).length).toBe(0);
        await poll(() => page.getByTestId('calendar-undo').isDisabled()).toBe(true);
        await context.close();
      });

    if (keyboard)
      it(`does the same with the keyboard only, at ${size} size in ${locale}`, async () => {
        const week = weekOf(2 * n + 1);
        const wednesday = addDays(week, 2);
        const thursday = addDays(week, 3);
        const { context, page } = await signedIn(viewport, locale);
        await openWeek(page, week);
        if (size === 'phone') {
          // Day by day with the keyboard: Tab to "next day", Enter twice.
          await tabTo(page, page.getByTestId('day-next'));
          await page.keyboard.press('Enter');
          await page.keyboard.press('Enter');
          await poll(() => page.getByTestId('calendar-day').getAttribute('data-day')).toBe(wednesday);
        }
        // Tab to Wednesday's gap; Enter opens the composer on its first hour.
        const gap = page.locator(`[data-testid="calendar-day"][data-day="${wednesday}"] [data-testid="gap"]`).first();
        await tabTo(page, gap);
        const s = Number(await gap.getAttribute('data-start'));
        await page.keyboard.press('Enter');
        await page.getByTestId('composer').waitFor();
        await describeAndSave(page, word);
        await expectOnly(page.request, week, wednesday, s, s + 60);

        // The new entry has the keyboard: Shift+↓ moves its end, → moves it a day, Ctrl+Z undoes.
        const [created] = await entriesOf(page.request, week);
        const button = () => page.locator(`[data-entry-id="${created!.id}"] button.text`);
        // A person presses the next key once the block shows its change and still has the keyboard.
        const focused = () =>
          poll(() => button().evaluate((el) => el === (el as unknown as Focusable).ownerDocument.activeElement)).toBe(
            true,
          );
        await focused();
        await page.keyboard.press('Shift+ArrowDown');
        await expectOnly(page.request, week, wednesday, s, s + 75);
        await focused();
        await page.keyboard.press('Alt+ArrowUp');
        await expectOnly(page.request, week, wednesday, s - 15, s + 75);
        await focused();
        await page.keyboard.press('ArrowDown');
        await expectOnly(page.request, week, wednesday, s, s + 90);
        await focused();
        await page.keyboard.press('ArrowRight');
        await expectOnly(page.request, week, thursday, s, s + 90);
        await focused();
        await screenshot(page, `calendar-${size}-${locale}-keyboard`);
        await expectAxeClean(page);
        await page.keyboard.press('Control+z');
        await expectOnly(page.request, week, wednesday, s, s + 90);
        await page.keyboard.press('Control+z');
        await expectOnly(page.request, week, wednesday, s - 15, s + 75);
        await page.keyboard.press('Control+z');
        await expectOnly(page.request, week, wednesday, s, s + 75);
        await page.keyboard.press('Control+z');
        await expectOnly(page.request, week, wednesday, s, s + 60);
        // Undo kept the keyboard on the entry: Delete removes it, Ctrl+Z brings it back.
        await focused();
        await page.keyboard.press('Delete');
        await poll(async () => (await entriesOf(page.request, week)).length).toBe(0);
        await page.keyboard.press('Control+z');
        await expectOnly(page.request, week, wednesday, s, s + 60);
        await context.close();
      });
  });

  it('keeps the timeline in place whatever the week’s total says, at every width', async () => {
    // The total arrives after the page and changes with every edit; the timeline under a drag
    // already started must not move when it does (a drop then landed a quarter of an hour off).
    const { context, page } = await signedIn(DESKTOP, 'fr');
    await openWeek(page, weekOf(7));
    const total = page.getByTestId('calendar-week-total');
    await total.waitFor();
    const timelineTop = () => page.getByTestId('timeline').evaluate((el) => Math.round(el.getBoundingClientRect().top));
    for (const width of [390, 700, 820, 900, 1000, 1100, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.getByTestId('timeline').waitFor();
      // The page answers a new width on its own time (a phone shows one day): measure once it is still.
      let before = await timelineTop();
      for (let same = 0; same < 3; ) {
        await page.waitForTimeout(100);
        const now = await timelineTop();
        same = now === before ? same + 1 : 0;
        before = now;
      }
      for (const text of ['123 h 45 min saisies cette semaine', '0 min saisies cette semaine']) {
        await total.evaluate((el, t) => {
          el.textContent = t;
        }, text);
        expect(await timelineTop(), `${width} px, total "${text}"`).toBe(before);
      }
      // Before it arrives: no total at all.
      await total.evaluate((el) => {
        el.style.display = 'none';
      });
      expect(await timelineTop(), `${width} px, no total yet`).toBe(before);
      await total.evaluate((el) => {
        el.style.display = '';
      });
    }
    await context.close();
  });

  it('labels a public holiday and a day off and shows no gap on them', async () => {
    const { context, page } = await signedIn(DESKTOP, 'fr');
    const week = weekStartOf(holiday.localDate);
    // A training day on another weekday of that week, entered as My week enters one.
    const training = [0, 1, 2, 3, 4].map((i) => addDays(week, i)).find((d) => d !== holiday.localDate)!;
    const working = [0, 1, 2, 3, 4]
      .map((i) => addDays(week, i))
      .find((d) => d !== holiday.localDate && d !== training)!;
    const off = await context.request.post(`${server.url}/api/v1/organizations/${orgId}/absences`, {
      headers: { origin: server.url },
      data: { from: training, kind: 'training' },
    });
    expect(off.status(), await off.text()).toBe(201);
    await openWeek(page, week);
    const badge = (d: string) => page.locator(`.head[data-day="${d}"] [data-testid="calendar-day-off"]`);
    const gaps = (d: string) => page.locator(`[data-testid="calendar-day"][data-day="${d}"] [data-testid="gap"]`);
    await poll(() => badge(holiday.localDate).getAttribute('data-kind')).toBe('publicHoliday');
    expect(await badge(holiday.localDate).textContent()).toContain(holiday.name);
    expect(await badge(training).getAttribute('data-kind')).toBe('training');
    expect(await badge(training).textContent()).toContain('Formation');
    expect(await badge(working).count()).toBe(0);
    // Nothing logged that week: a working day is one gap, the days off none.
    await poll(() => gaps(working).count()).toBe(1);
    expect(await gaps(holiday.localDate).count()).toBe(0);
    expect(await gaps(training).count()).toBe(0);
    // Each day's column sits under its own heading (a day off once moved to the end of the row).
    const left = (selector: string) =>
      page
        .locator(selector)
        .evaluateAll((els) =>
          els.map((el) => [el.getAttribute('data-day'), Math.round(el.getBoundingClientRect().left)]),
        );
    expect(await left('[data-testid="calendar-day"]')).toEqual(await left('.head[data-day]'));
    await screenshot(page, 'calendar-desktop-fr-days-off');
    await expectAxeClean(page);
    // A phone shows one day: the holiday's, reached with "next day" from the week's first.
    await page.setViewportSize(PHONE);
    await page.getByTestId('day-label').waitFor();
    while ((await page.getByTestId('calendar-day').getAttribute('data-day')) !== holiday.localDate)
      await page.getByTestId('day-next').click();
    await poll(() => badge(holiday.localDate).isVisible()).toBe(true);
    expect(await gaps(holiday.localDate).count()).toBe(0);
    await screenshot(page, 'calendar-phone-fr-days-off');
    await context.close();
  });

  it('lets a manager open one member’s calendar, where her running timer grows live', async () => {
    const cm = await signedIn(DESKTOP, 'en');
    const me = await (await cm.context.request.get(`${server.url}/api/v1/me`)).json();
    const leaId = me.memberships[0].memberId;
    const categories = (
      await (await cm.context.request.get(`${server.url}/api/v1/organizations/${orgId}/categories`)).json()
    ).items;
    const running = await cm.context.request.post(`${server.url}/api/v1/organizations/${orgId}/timer/start`, {
      headers: { origin: server.url },
      data: { categoryId: categories[0].id },
    });
    expect(running.status(), await running.text()).toBeLessThan(300);
    // A duration without clock times, on the day the timer runs.
    const today = localDateOf(new Date(), ZONE);
    const untimed = await cm.context.request.post(`${server.url}/api/v1/organizations/${orgId}/time-entries`, {
      headers: { origin: server.url },
      data: { categoryId: categories[1].id, durationSeconds: 1800, localDate: today },
    });
    expect(untimed.status(), await untimed.text()).toBe(201);
    await cm.context.close();

    const context = await newContext(browser, DESKTOP, 'en-US');
    const res = await context.request.post(`${server.url}/api/auth/sign-in/email`, {
      headers: { origin: server.url },
      data: { email: 'manager@lumen.example', password: DEMO_PASSWORD },
    });
    expect(res.ok()).toBe(true);
    await context.request.patch(`${server.url}/api/v1/me`, { headers: { origin: server.url }, data: { locale: 'en' } });
    const page = await context.newPage();
    await page.goto(`${server.url}/calendar?member=${leaId}`);
    await page.getByTestId('timeline').waitFor();
    expect(await page.getByTestId('calendar-member').inputValue()).toBe(leaId);
    const timer = page.getByTestId('running-block');
    await timer.waitFor();
    const first = await timer.textContent();
    await poll(() => timer.textContent()).not.toBe(first);
    // The duration-only entry is listed above the timeline, for its day.
    expect(await page.locator(`[data-testid="untimed"][data-day="${today}"] li`).count()).toBe(1);
    // The week links keep the member.
    expect(await page.getByTestId('week-prev').getAttribute('href')).toContain(`member=${leaId}`);
    await screenshot(page, 'calendar-desktop-en-manager');
    await expectAxeClean(page);
    await context.close();
  });
});
