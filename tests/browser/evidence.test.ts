// The evidence section in a real browser against the demo: a manager exports a PDF through the
// dialog (progress bar, then the download: a real PDF), the dialog opens pre-filled from a dashboard
// link and a CSV comes back in French; a share link opened in a fresh context without an account
// shows the period's team figures, then the 404 page once revoked. axe on /evidence with the dialog
// open and on the share page; screenshots evidence-* at both sizes in both languages.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { addDays, localDateOf, weekStartOf } from '@proofwork/core';
import { rebuildRollups, updateExport } from '@proofwork/db';
import { systemClock } from '@proofwork/server';
import { createRegistry, type ExportRunner, PROCESSORS, silentLog, startExportRunner } from '@proofwork/workers';
import { sql } from 'drizzle-orm';
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
let runner: ExportRunner | null = null;
let orgId = '';
const violations: { page: string; violations: AxeViolation[] }[] = [];
const contexts: BrowserContext[] = [];

/** The export worker, in process, on the test's own database (stopped to catch a queued export). */
async function startRunner() {
  const registry = createRegistry(PROCESSORS);
  const ctx = { db: server.database.db, log: silentLog, clock: systemClock };
  runner = await startExportRunner({
    db: server.database.db,
    log: silentLog,
    run: (payload) => registry.run(ctx, 'export.build', payload),
    pollMs: 300,
  });
}
async function stopRunner() {
  await runner?.stop();
  runner = null;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), sharedBrowser()]);
  // The evidence figures come from weekly rollups, which the (absent) pipeline would have built.
  await rebuildRollups(server.database.db);
}, 120_000);

afterAll(async () => {
  await stopRunner();
  for (const context of contexts) await context.close().catch(() => {});
  await releaseBrowser(browser);
  await server?.close();
  // The export files of this run (the server and the worker share the default export directory).
  if (orgId) await rm(path.join(repoRoot, '.data', 'exports', orgId), { recursive: true, force: true });
});

async function check(page: Page, name: string) {
  const found = await axeViolations(page);
  if (found.length > 0) violations.push({ page: name, violations: found });
}

/** A signed-in page of a manager, in a language chosen on the account. */
async function managerPage(
  email: string,
  viewport: typeof DESKTOP,
  language: 'en' | 'fr',
): Promise<{ page: Page; context: BrowserContext }> {
  const context = await newContext(browser, viewport, language === 'fr' ? 'fr-FR' : 'en-US');
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, server.url, email);
  const me = await page.request.patch(`${server.url}/api/v1/me`, {
    data: { locale: language },
    headers: { origin: server.url },
  });
  expect(me.status()).toBe(200);
  orgId ||= (await me.json()).memberships[0].organizationId;
  return { page, context };
}

const lastFourWeeks = () => {
  const monday = weekStartOf(localDateOf(new Date(), 'Europe/Paris'));
  return { from: addDays(monday, -28), to: addDays(monday, -1) };
};

async function download(page: Page) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
  return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
}

describe('exports', () => {
  it('a manager exports a PDF: the dialog, the progress bar, then the download of a real PDF', async () => {
    const { page } = await managerPage('manager@lumen.example', DESKTOP, 'en');
    await page.goto(`${server.url}/evidence`);
    await page.getByTestId('exports-empty').waitFor();
    await screenshot(page, 'evidence-empty-desktop-en');

    await page.getByTestId('open-export').click();
    const dialog = page.getByRole('dialog', { name: 'Export evidence' });
    await dialog.waitFor();
    await check(page, 'evidence dialog (desktop)');
    // Esc closes the modal; it opens again from the button.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('open-export').click();
    await dialog.getByRole('radio', { name: /PDF report/ }).check();
    await dialog.getByRole('button', { name: 'Last month' }).click();
    await dialog.getByRole('button', { name: 'Last 4 weeks' }).click();
    expect(await page.locator('#export-from').inputValue()).toBe(lastFourWeeks().from);

    // No worker yet: the export waits, queued, with its progress bar at 0.
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    const bar = page.getByRole('progressbar', { name: 'Export progress' });
    await bar.waitFor();
    expect(await bar.getAttribute('aria-valuenow')).toBe('0');
    await screenshot(page, 'evidence-dialog-desktop-en');

    // Every value the bar shows is recorded while the worker builds the file.
    await page.evaluate(() => {
      const g = globalThis as unknown as { seen: number[]; document: { querySelector(s: string): unknown } };
      g.seen = [];
      const el = g.document.querySelector('[data-testid="export-progress"]') as {
        getAttribute(n: string): string | null;
      };
      const Observer = (
        globalThis as unknown as { MutationObserver: new (cb: () => void) => { observe: (...a: unknown[]) => void } }
      ).MutationObserver;
      new Observer(() => g.seen.push(Number(el.getAttribute('aria-valuenow')))).observe(el, { attributes: true });
    });
    await startRunner();
    await page.getByTestId('export-download').waitFor();
    const seen = await page.evaluate(() => (globalThis as unknown as { seen: number[] }).seen);
    expect(seen.some((v) => v > 0 && v < 100)).toBe(true);

    const file = await download(page);
    expect(file.name).toMatch(/^proofwork-agence-lumen-.*\.pdf$/);
    expect(file.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(file.bytes.length).toBeGreaterThan(5000);

    await dialog.getByRole('button', { name: 'Close' }).last().click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByTestId('export-row').first();
    await expect.poll(() => row.getAttribute('data-status')).toBe('done');
    expect(await row.textContent()).toContain('PDF');
    await screenshot(page, 'evidence-page-desktop-en');
  });

  it('opens the dialog pre-filled from a dashboard link, shows progress in every size and language, and a CSV in French', async () => {
    const period = { from: '2026-10-05', to: '2026-10-25' };
    const { from, to } = lastFourWeeks();
    const cases = [
      { email: 'manager@lumen.example', viewport: PHONE, language: 'en', name: 'phone-en' },
      { email: 'owner@lumen.example', viewport: DESKTOP, language: 'fr', name: 'desktop-fr' },
      { email: 'owner@lumen.example', viewport: PHONE, language: 'fr', name: 'phone-fr' },
    ] as const;
    await stopRunner();
    const pages: Page[] = [];
    for (const c of cases) {
      const { page } = await managerPage(c.email, c.viewport, c.language);
      pages.push(page);
      const wanted = c.name === 'phone-fr' ? { from, to } : period;
      await page.goto(`${server.url}/evidence?from=${wanted.from}&to=${wanted.to}&dialog=export`);
      const dialog = page.getByTestId('export-dialog');
      await dialog.waitFor();
      expect(await page.locator('#export-from').inputValue()).toBe(wanted.from);
      expect(await page.locator('#export-to').inputValue()).toBe(wanted.to);
      if (c.name === 'phone-fr') {
        await dialog.getByRole('radio', { name: /CSV/ }).check();
        await dialog.getByTestId('csv-separator').getByText('Point-virgule').waitFor();
        await check(page, 'evidence dialog (phone)');
        await screenshot(page, 'evidence-dialog-form-phone-fr');
      }
      await dialog.locator('button[type="submit"]').click();
      const bar = page.getByRole('progressbar');
      await bar.waitFor();
      // A build half done, as a worker reports it: the bar follows what the server pushes.
      const [queued] = (await server.database.db.execute(
        sql`select id, organization_id as "organizationId" from exports where status = 'queued' order by created_at desc limit 1`,
      )) as unknown as { id: string; organizationId: string }[];
      await updateExport(server.database.db, queued!.organizationId, queued!.id, { status: 'running', progress: 50 });
      await expect.poll(() => bar.getAttribute('aria-valuenow')).toBe('50');
      await screenshot(page, `evidence-dialog-${c.name}`);
      // Back in the queue for the real worker.
      await updateExport(server.database.db, queued!.organizationId, queued!.id, { status: 'queued', progress: 0 });
      await expect.poll(() => bar.getAttribute('aria-valuenow')).toBe('0');
    }
    await startRunner();
    for (const [i, c] of cases.entries()) {
      const page = pages[i]!;
      await page.getByTestId('export-download').waitFor();
      if (c.name === 'phone-fr') {
        const file = await download(page);
        expect(file.name).toMatch(/\.csv$/);
        const text = file.bytes.toString('utf8');
        // UTF-8 with BOM, French separators, one line per entry after the header.
        expect(text.charCodeAt(0)).toBe(0xfeff);
        const lines = text.trim().split(/\r?\n/);
        expect(lines[0]!.split(';').length).toBeGreaterThan(8);
        expect(lines.length).toBeGreaterThan(20);
      }
      await page.keyboard.press('Escape');
      await page.getByTestId('export-dialog').waitFor({ state: 'hidden' });
      await expect.poll(() => page.getByTestId('export-row').first().getAttribute('data-status')).toBe('done');
      await screenshot(page, `evidence-page-${c.name}`);
    }
  });
});

describe('share links', () => {
  it('a share link shows the period’s evidence to a fresh context without login, then a clean 404 once revoked', async () => {
    const { page } = await managerPage('manager@lumen.example', DESKTOP, 'en');
    await page.goto(`${server.url}/evidence`);
    const form = page.getByTestId('share-form');
    await form.getByLabel('Label (optional)').fill('Budget review 2027');
    await form.getByLabel('Expires in').selectOption('30');
    // Made for a French budget holder: the report speaks French whatever the viewer's browser says.
    await form.locator('#share-language').selectOption('fr');
    await form.getByRole('button', { name: 'Create link' }).click();
    const once = page.getByTestId('new-share-link');
    await once.waitFor();
    expect(await once.textContent()).toContain('You won’t see it again');
    const url = await once.getByRole('textbox').inputValue();
    expect(url).toMatch(/\/share\/[A-Za-z0-9_-]{43}$/);
    await screenshot(page, 'evidence-share-created-desktop-en');

    const shareUrl = `${server.url}${new URL(url).pathname}`;
    const views: Record<string, Page> = {};
    // An English browser at desktop size, a French one on a phone: both read the link's language.
    for (const [name, viewport, locale] of [
      ['desktop-en', DESKTOP, 'en-US'],
      ['phone-fr', PHONE, 'fr-FR'],
    ] as const) {
      const context = await newContext(browser, viewport, locale);
      contexts.push(context);
      const viewer = await context.newPage();
      await viewer.goto(shareUrl);
      const report = viewer.getByTestId('share-report');
      await report.waitFor();
      const text = (await report.textContent()) ?? '';
      expect(text).toContain('Agence Lumen');
      expect(text).toContain('Budget review 2027');
      // No member's name ever reaches a share link.
      for (const member of ['Léa Martin', 'Hugo Bernard', 'Julien Moreau']) expect(text).not.toContain(member);
      const headline = (await viewer.getByTestId('share-headline').textContent()) ?? '';
      expect(headline, `${name}: the link's language, not the browser's`).toMatch(/Le temps perçu d’une? .* est de/);
      expect(await viewer.getByTestId('share-mix').locator('li').count()).toBeGreaterThan(3);
      await check(viewer, `share page (${name})`);
      await screenshot(viewer, `evidence-share-${name}`);
      views[name] = viewer;
    }
    // The viewer's toggle switches the language without an account.
    await views['desktop-en']!.getByTestId('share-language').click();
    await views['desktop-en']!.getByText('The headline', { exact: true }).waitFor();
    expect(await views['desktop-en']!.getByTestId('share-headline').textContent()).toMatch(
      /is perceived to take .*; it took a median of/,
    );

    // The manager sees the views, then revokes the link (with a confirm step).
    await page.reload();
    const link = page.getByTestId('share-link').first();
    await expect.poll(async () => (await link.textContent()) ?? '').toMatch(/[2-9] views/);
    await link.getByTestId('revoke').click();
    await link.getByTestId('confirm-revoke').click();
    await expect.poll(() => link.getAttribute('data-state')).toBe('revoked');
    await screenshot(page, 'evidence-share-revoked-desktop-en');

    for (const [name, viewer] of Object.entries(views)) {
      await viewer.reload();
      await viewer.getByTestId('share-not-found').waitFor();
      const body = (await viewer.locator('body').textContent()) ?? '';
      expect(body).not.toContain('Agence Lumen');
      expect(body).not.toContain('Budget review');
      expect(await viewer.getByTestId('share-report').count()).toBe(0);
      if (name === 'desktop-en') {
        await check(viewer, 'share 404');
        await screenshot(viewer, 'evidence-share-gone-desktop-en');
      }
    }
  });
});

describe('accessibility', () => {
  it('has no serious or critical axe violation on /evidence with the dialog open and on the share page', () => {
    expect(violations).toEqual([]);
  });
});
