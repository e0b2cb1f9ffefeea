// The manager's approvals and settings pages in a real browser, on the demo data: approving,
// sending back and reopening weeks; editing the organization, a category and a deliverable type's
// perceived minutes; inviting someone; the guard a CM meets by URL. Every change is checked through
// the API. axe runs on every page at both sizes; screenshots (admin-*) at 1280×800 and 390×844, in
// English and French, land in tests/browser/screenshots/.
import { addDays, localDateOf, weekStartOf } from '@proofwork/core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AxeViolation,
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
const violations: { page: string; violations: AxeViolation[] }[] = [];

const PAGES = [
  { path: '/approvals', name: 'approvals', ready: 'approval-grid' },
  { path: '/settings', name: 'settings-organization', ready: 'org-form' },
  { path: '/settings/members', name: 'settings-members', ready: 'member-row' },
  { path: '/settings/categories', name: 'settings-categories', ready: 'category-row' },
  { path: '/settings/brands', name: 'settings-brands', ready: 'brand-row' },
  { path: '/settings/deliverable-types', name: 'settings-types', ready: 'type-row' },
] as const;

const thisWeek = () => weekStartOf(localDateOf(new Date(), 'Europe/Paris'));
const lastWeek = () => addDays(thisWeek(), -7);

/** Signs in through the API (the sign-in page has its own tests) and picks the UI language. */
const signedIn = (viewport: typeof DESKTOP, email: string, locale: 'en' | 'fr') =>
  signedInContext(browser, server.url, viewport, email, locale);

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON responses loosely
async function apiGet(context: BrowserContext, path: string): Promise<any> {
  const res = await context.request.get(`${server.url}/api/v1/organizations/${orgId}${path}`);
  expect(res.status(), path).toBe(200);
  return res.json();
}

async function open(page: Page, path: string, ready: string) {
  await page.goto(`${server.url}${path}`);
  await page.getByTestId(ready).first().waitFor();
}

const checked = new Set<string>();

/** Screenshot, and axe once per page and size (the other language changes words, not structure). */
async function capture(page: Page, name: string) {
  await screenshot(page, `admin-${name}`);
  const key = name.replace(/-(en|fr)$/, '');
  if (checked.has(key)) return;
  checked.add(key);
  const found = await axeViolations(page);
  if (found.length > 0) violations.push({ page: name, violations: found });
}

async function toast(page: Page, text: RegExp | string) {
  await page.getByTestId('toast').filter({ hasText: text }).first().waitFor();
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

describe('approvals and settings (manager side)', () => {
  it('lets the Agence Lumen manager approve, send back and reopen weeks, and the API agrees', async () => {
    const { context, page } = await signedIn(DESKTOP, 'manager@lumen.example', 'en');
    const members: { id: string; name: string }[] = (await apiGet(context, '/members')).items;
    const idOf = (name: string) => members.find((m) => m.name === name)!.id;

    await open(page, '/approvals', 'decision');
    // The default period holds the weeks waiting: last week, submitted by the six CMs.
    await expect.poll(() => page.getByTestId('decision').count()).toBe(6);
    const lea = page.locator(`[data-testid="decision"][data-member="Léa Martin"][data-week="${lastWeek()}"]`);
    await expect.poll(async () => (await lea.getByTestId('decision-total').textContent())?.trim()).toMatch(/\d+h/);
    await capture(page, 'approvals-desktop-en');

    // Not blind: the week's entries, its after-hours and weekend time, and the member's page.
    await lea.getByTestId('review-toggle').locator('summary').click();
    const review = lea.getByTestId('week-review');
    await expect.poll(() => review.getByTestId('review-entry').count()).toBeGreaterThan(3);
    expect(await review.getByTestId('review-after-hours').textContent()).toMatch(/\d/);
    expect(await review.getByTestId('review-weekend').textContent()).toMatch(/\d/);
    // Clock times are read in the member's zone, the one the after-hours figures use, and say so.
    expect(await review.getByTestId('review-zone').textContent()).toBe('(Europe/Paris)');
    expect(await review.getByTestId('review-member-link').getAttribute('href')).toBe(`/team/${idOf('Léa Martin')}`);
    await capture(page, 'approvals-review-desktop-en');

    await lea.getByTestId('approve').click();
    await toast(page, /approved for Léa Martin/);
    await expect.poll(() => page.getByTestId('decision').count()).toBe(5);

    const hugo = page.locator(`[data-testid="decision"][data-member="Hugo Bernard"]`);
    await hugo.getByTestId('reject').click();
    await expect(hugo.getByTestId('reject-confirm').isDisabled()).resolves.toBe(true);
    await hugo.getByTestId('reject-comment').fill('Tuesday’s shoot is missing.');
    await hugo.getByTestId('reject-confirm').click();
    await toast(page, /sent back to Hugo Bernard/);

    // Two weeks ago was approved by the seed: widen the period and reopen Inès's week.
    const twoWeeksAgo = addDays(thisWeek(), -14);
    await page.getByTestId('span').selectOption('4');
    const cell = page.locator(`[data-testid="cell"][data-member="Inès Petit"][data-week="${twoWeeksAgo}"]`);
    await expect.poll(() => cell.getAttribute('data-status')).toBe('approved');
    await cell.locator('button').click();
    await page.getByTestId('week-detail').getByTestId('reopen').click();
    await toast(page, /reopened for Inès Petit/);
    await expect.poll(() => cell.getAttribute('data-status')).toBe('reopened');
    await capture(page, 'approvals-decided-desktop-en');

    const week = async (name: string, weekStart: string) =>
      (await apiGet(context, `/weeks?memberId=${idOf(name)}&from=${weekStart}&to=${weekStart}`)).items[0];
    const approved = await week('Léa Martin', lastWeek());
    expect(approved.status).toBe('approved');
    expect(approved.locked).toBe(true);
    expect(approved.snapshot.totalSeconds).toBeGreaterThan(0);
    const rejected = await week('Hugo Bernard', lastWeek());
    expect(rejected.status).toBe('rejected');
    expect(rejected.comment).toBe('Tuesday’s shoot is missing.');
    expect((await week('Inès Petit', twoWeeksAgo)).status).toBe('reopened');
    // The other CMs' weeks are still waiting.
    expect((await week('Théo Laurent', lastWeek())).status).toBe('submitted');
    await context.close();

    // Hugo is told on My week, with the manager's reason, in the word the manager saw.
    const cm = await signedIn(PHONE, 'hugo@lumen.example', 'fr');
    await open(cm.page, '/week', 'sent-back-banner');
    const banner = cm.page.getByTestId('sent-back-banner');
    expect(await banner.textContent()).toContain('renvoyée');
    expect(await banner.textContent()).toContain('Tuesday’s shoot is missing.');
    await capture(cm.page, 'week-sent-back-phone-fr');
    await banner.getByRole('link').click();
    await cm.page.waitForURL(new RegExp(`/week\\?week=${lastWeek()}`));
    await expect.poll(() => cm.page.getByTestId('approval').textContent()).toContain('Renvoyée');
    await cm.context.close();
  });

  it('edits a category and a deliverable type’s perceived minutes; both persist', async () => {
    const { context, page } = await signedIn(DESKTOP, 'manager@lumen.example', 'en');
    await open(page, '/settings/categories', 'category-row');
    const row = page.locator('[data-testid="category-row"][data-key="moderation"]');
    await row.getByTestId('category-edit').click();
    const editor = row.getByTestId('category-editor');
    await editor.getByTestId('category-name-en').fill('Moderation & community');
    await editor.getByTestId('category-name-fr').fill('Modération & communauté');
    await editor.getByTestId('category-color').fill('#123abc');
    await capture(page, 'settings-categories-editing-desktop-en');
    await editor.getByTestId('category-save').click();
    await toast(page, /Moderation & community/);
    await expect.poll(() => row.getByTestId('category-name').textContent()).toBe('Moderation & community');
    const category = (await apiGet(context, '/categories')).items.find((c: { key: string }) => c.key === 'moderation');
    expect(category).toMatchObject({ nameEn: 'Moderation & community', nameFr: 'Modération & communauté' });
    expect(category.color.toLowerCase()).toBe('#123abc');

    // An empty name is refused before it leaves the page.
    await row.getByTestId('category-edit').click();
    await row.getByTestId('category-name-en').fill('');
    await expect(row.getByTestId('category-save').isDisabled()).resolves.toBe(true);

    await open(page, '/settings/deliverable-types', 'type-row');
    const post = page.locator('[data-testid="type-row"][data-key="post"]');
    const before = (await apiGet(context, '/deliverable-types')).items.find((t: { key: string }) => t.key === 'post');
    const next = before.perceivedMinutes === 7 ? 8 : 7;
    await post.getByTestId('type-minutes').fill(String(next));
    await post.getByTestId('type-save').click();
    await toast(page, /saved/);
    await page.reload();
    await page.getByTestId('type-row').first().waitFor();
    expect(await post.getByTestId('type-minutes').inputValue()).toBe(String(next));
    const after = (await apiGet(context, '/deliverable-types')).items.find((t: { key: string }) => t.key === 'post');
    expect(after.perceivedMinutes).toBe(next);

    // A value out of range shows on the field and keeps the save button off.
    await post.getByTestId('type-minutes').fill('-3');
    await expect(post.getByTestId('type-save').isDisabled()).resolves.toBe(true);
    await expect(post.getByTestId('type-minutes').getAttribute('aria-invalid')).resolves.toBe('true');

    // Managers see the organization settings read-only (the API lets only owners change them).
    await open(page, '/settings', 'org-form');
    await page.getByTestId('owners-only').waitFor();
    expect(await page.getByTestId('org-save').count()).toBe(0);
    await context.close();
  });

  it('lets the owner change an organization setting and invite someone with a copyable link', async () => {
    const { context, page } = await signedIn(DESKTOP, 'owner@lumen.example', 'en');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await open(page, '/settings', 'org-form');
    await page.getByTestId('org-contract').fill('37.5');
    await page.getByTestId('org-save').click();
    await toast(page, /Organization settings saved/);
    expect((await apiGet(context, '')).defaultWeeklyContractSeconds).toBe(37.5 * 3600);

    await open(page, '/settings/members', 'member-row');
    expect(await page.getByTestId('member-row').count()).toBe(8);
    await page.locator('#invite-email').fill('new.person@lumen.example');
    await page.locator('#invite-role').selectOption('manager');
    await page.getByTestId('invite-submit').click();
    const box = page.getByTestId('invite-link');
    await box.waitFor();
    const link = await box.locator('input').inputValue();
    // The link carries a random secret (43 base64url characters), not the invitation's id.
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    await box.getByTestId('copy-link').click();
    await expect.poll(() => box.getByTestId('copy-link').textContent()).toMatch(/Copied/);
    expect(
      await page.evaluate(() =>
        (
          globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
        ).navigator.clipboard.readText(),
      ),
    ).toBe(link);
    await expect
      .poll(() => page.getByTestId('pending-invitation').filter({ hasText: 'new.person@lumen.example' }).count())
      .toBe(1);
    // The listing never shows the link again: only a new one can be made.
    const invitations = (await apiGet(context, '/invitations')).items;
    expect(invitations).toContainEqual(expect.objectContaining({ email: 'new.person@lumen.example', role: 'manager' }));
    expect(JSON.stringify(invitations)).not.toContain(link.split('/invite/')[1]);
    await capture(page, 'settings-members-owner-desktop-en');

    // A new link for a lost one: the old link stops working, the new one is shown once.
    const row = page.getByTestId('pending-invitation').filter({ hasText: 'new.person@lumen.example' });
    await row.getByTestId('renew-invitation').click();
    await row.getByTestId('renew-invitation-confirm').click();
    await expect.poll(async () => box.locator('input').inputValue()).not.toBe(link);
    const renewed = await box.locator('input').inputValue();
    expect(renewed).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    const old = await context.request.get(`${server.url}/api/v1/invitations/${link.split('/invite/')[1]}`);
    expect(old.status()).toBe(404);
    const fresh = await context.request.get(`${server.url}/api/v1/invitations/${renewed.split('/invite/')[1]}`);
    expect(fresh.status()).toBe(200);
    await capture(page, 'settings-members-renewed-desktop-en');
    await context.close();
  });

  it('shows the guard page to a CM at /settings and /approvals', async () => {
    const { context, page } = await signedIn(PHONE, 'cm@lumen.example', 'en');
    for (const path of ['/settings', '/approvals', '/settings/members']) {
      await page.goto(`${server.url}${path}`);
      await page.getByTestId('manager-guard').waitFor();
      expect(await page.getByTestId('settings-tab').count()).toBe(0);
      expect(await page.getByTestId('approval-grid').count()).toBe(0);
    }
    await context.close();
  });

  // Desktop in English, phone in French: every page at both sizes and in both languages, crossed
  // (phone-width.test.ts opens every page at phone size in both languages).
  it('renders every page at both sizes in English and French without serious accessibility violations', async () => {
    for (const [viewport, size, language] of [
      [DESKTOP, 'desktop', 'en'],
      [PHONE, 'phone', 'fr'],
    ] as const) {
      const { context, page } = await signedIn(viewport, 'owner@lumen.example', language);
      for (const p of PAGES) {
        await open(page, p.path, p.ready);
        expect(
          await page.evaluate(
            () =>
              (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement
                .lang,
          ),
        ).toBe(language);
        await capture(page, `${p.name}-${size}-${language}`);
      }
      await context.close();
    }
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
  });
});
