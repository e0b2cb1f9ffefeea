// Quick-add from outside the tab and the team's vocabulary, in a real browser on the demo data: the
// installed app's shortcuts (/week?do=log focuses the bar, /week?do=timer opens the timer's start
// menu) and its share target (/week?title&text&url pre-fills the bar, then leaves the URL); the
// manager's "Quick-add words" page (a word learned from two corrections, renamed and removed) and
// brand aliases. Screenshots (quick-add-*) at 1280×800 and 390×844, in English and French; axe on
// each page.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  DESKTOP,
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

const signedIn = (viewport: typeof DESKTOP, email: string, locale: 'en' | 'fr') =>
  signedInContext(browser, server.url, viewport, email, locale);

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON responses loosely
async function api(context: BrowserContext, method: string, path: string, data?: unknown): Promise<any> {
  const res = await context.request.fetch(`${server.url}/api/v1/organizations/${orgId}${path}`, {
    method,
    headers: { origin: server.url },
    data,
  });
  expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
  return res.status() === 204 ? null : res.json();
}

/** What the tests read of the page (the tests' own types have no DOM). */
type PageGlobals = { document: { activeElement: { id: string; closest(selector: string): unknown } | null } };
const activeId = (page: Page) => page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.id);

async function expectAxeClean(page: Page, name: string) {
  expect(await axeViolations(page), name).toEqual([]);
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), sharedBrowser()]);
  const { context } = await signedIn(DESKTOP, 'manager@lumen.example', 'en');
  const me = await (await context.request.get(`${server.url}/api/v1/me`)).json();
  orgId = me.memberships[0].organizationId;
  await context.close();
}, 120_000);

afterAll(async () => {
  await releaseBrowser(browser);
  await server?.close();
});

describe('the installed app opens quick-add', () => {
  it('pre-fills the bar with a shared text and link, and leaves the URL', async () => {
    for (const [viewport, locale, size] of [
      [PHONE, 'en', 'phone'],
      [DESKTOP, 'fr', 'desktop'],
    ] as const) {
      const { context, page } = await signedIn(viewport, 'cm@lumen.example', locale);
      const query =
        'title=Recette%20de%20No%C3%ABl&text=montage%20reel%20%40fournil%2045m&url=https%3A%2F%2Fex.com%2Fr';
      await page.goto(`${server.url}/week?${query}`);
      const input = page.getByTestId('quick-add-input');
      await expect.poll(() => input.inputValue()).toBe('Recette de Noël montage reel @fournil 45m https://ex.com/r');
      await expect.poll(() => activeId(page)).toBe('quick-add');
      await expect.poll(() => new URL(page.url()).search).toBe('');
      await page.getByTestId('week-total').waitFor();
      await screenshot(page, `quick-add-share-${size}-${locale}`);
      await context.close();
    }
  });

  it('focuses the bar for "Log a task" and opens the start menu for "Start timer"', async () => {
    const { context, page } = await signedIn(PHONE, 'hugo@lumen.example', 'en');
    await page.goto(`${server.url}/week?do=log`);
    await expect.poll(() => activeId(page)).toBe('quick-add');
    expect(await page.getByTestId('quick-add-input').inputValue()).toBe('');
    await expect.poll(() => new URL(page.url()).search).toBe('');

    const running = await api(context, 'GET', '/timer');
    if (running.timer) await api(context, 'POST', '/timer/stop', {});
    await page.goto(`${server.url}/week?do=timer`);
    await page.locator('#timer-menu').waitFor();
    await expect
      .poll(() =>
        page.evaluate(
          () => (globalThis as unknown as PageGlobals).document.activeElement?.closest('#timer-menu') != null,
        ),
      )
      .toBe(true);
    await page.getByTestId('week-total').waitFor();
    await screenshot(page, 'quick-add-timer-shortcut-phone-en');
    await expectAxeClean(page, 'timer shortcut');
    await context.close();
  });
});

describe('an unknown @brand in the bar', () => {
  it('is kept in the note on Enter, or created (pending, for a CM) with the button', async () => {
    const { context, page } = await signedIn(DESKTOP, 'ines@lumen.example', 'en');
    await page.goto(`${server.url}/week`);
    await page.getByTestId('week-total').waitFor();
    const input = page.getByTestId('quick-add-input');
    await input.fill('20m visuels @Studio-Zed');
    await page.getByTestId('quick-add-create-brand').waitFor();
    await screenshot(page, 'quick-add-unknown-brand-desktop-en');
    await input.press('Enter');
    await page.getByTestId('toast').first().waitFor();
    const kept = (await api(context, 'GET', '/time-entries?sort=desc&limit=50')).items;
    expect(kept.map((e: { note: string }) => e.note)).toContain('visuels @Studio-Zed');

    await input.fill('15m visuels @Studio-Zed');
    await page.getByTestId('quick-add-create-brand').click();
    await expect.poll(() => input.inputValue()).toBe('');
    const brands: { slug: string; id: string; pending: boolean }[] = (await api(context, 'GET', '/brands')).items;
    const created = brands.find((b) => b.slug === 'studio-zed');
    expect(created?.pending).toBe(true);
    const entries = (await api(context, 'GET', '/time-entries?sort=desc&limit=50')).items;
    expect(
      entries.some((e: { brandId: string; note: string }) => e.brandId === created?.id && e.note === 'visuels'),
    ).toBe(true);
    await context.close();
  });
});

describe("the team's quick-add words", () => {
  it('shows a word learned from two corrections; a manager renames and removes it', async () => {
    const { context, page } = await signedIn(DESKTOP, 'manager@lumen.example', 'en');
    const categories: { id: string; key: string }[] = (await api(context, 'GET', '/categories')).items;
    const listening = categories.find((c) => c.key === 'listening')!.id;
    for (const text of ['20m pige presse', '15m pige radio']) {
      const logged = await api(context, 'POST', '/quick-add', { text });
      await api(context, 'PATCH', `/time-entries/${logged.entry.id}`, { categoryId: listening });
    }

    await page.goto(`${server.url}/settings/vocabulary`);
    const row = page.locator('[data-testid="vocabulary-row"][data-phrase="pige"]');
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Social listening/);
    expect(await row.textContent()).toMatch(/Learned from 2 corrections/);
    await screenshot(page, 'quick-add-vocabulary-desktop-en');
    await expectAxeClean(page, 'vocabulary');

    const input = row.locator('input');
    await input.fill('pige média');
    await row.getByRole('button', { name: /Save/ }).click();
    await page.getByTestId('toast').filter({ hasText: 'pige média' }).first().waitFor();
    const renamed = (await api(context, 'GET', '/quick-add/aliases')).items;
    expect(renamed.map((a: { phrase: string }) => a.phrase)).toContain('pige média');

    for (const [viewport, locale] of [
      [PHONE, 'en'],
      [PHONE, 'fr'],
      [DESKTOP, 'fr'],
    ] as const) {
      const other = await signedIn(viewport, 'manager@lumen.example', locale);
      await other.page.goto(`${server.url}/settings/vocabulary`);
      await other.page.getByTestId('vocabulary-row').first().waitFor();
      await screenshot(other.page, `quick-add-vocabulary-${viewport === PHONE ? 'phone' : 'desktop'}-${locale}`);
      if (viewport === PHONE && locale === 'en') await expectAxeClean(other.page, 'vocabulary phone');
      await other.context.close();
    }

    const remove = page.locator('[data-testid="vocabulary-row"][data-phrase="pige média"]');
    await remove.getByTestId('vocabulary-remove').click();
    await screenshot(page, 'quick-add-vocabulary-remove-desktop-en');
    await remove.getByTestId('vocabulary-remove-confirm').click();
    await page
      .getByTestId('toast')
      .filter({ hasText: /removed/ })
      .first()
      .waitFor();
    const left = (await api(context, 'GET', '/quick-add/aliases')).items;
    expect(left.map((a: { phrase: string }) => a.phrase)).not.toContain('pige média');
    await context.close();
  });

  it('gives a brand other names that quick-add reads', async () => {
    const { context, page } = await signedIn(DESKTOP, 'manager@lumen.example', 'en');
    await page.goto(`${server.url}/settings/brands`);
    const row = page.getByTestId('brand-row').first();
    await row.waitFor();
    const slug = await row.getAttribute('data-slug');
    await row.getByLabel(`Other names of @${slug}`).fill('ZZQ, Zed Q');
    await row.getByRole('button', { name: /Save/ }).click();
    await page.getByTestId('toast').filter({ hasText: /saved/ }).first().waitFor();
    const brands: { slug: string; id: string; aliases: string[] }[] = (await api(context, 'GET', '/brands')).items;
    const brand = brands.find((b) => b.slug === slug)!;
    expect(brand.aliases).toEqual(['ZZQ', 'Zed Q']);
    const parsed = await api(context, 'POST', '/quick-add/parse', { text: 'visuels @zzq 30m' });
    expect(parsed.brand).toBe(slug);
    await screenshot(page, 'quick-add-brand-aliases-desktop-en');
    await expectAxeClean(page, 'brands');
    await context.close();
  });
});
