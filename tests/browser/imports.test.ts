// The import page in a real browser on the demo: a manager of Agence Lumen, in French, imports a
// Clockify export, fixes its mapping, sees the preview, runs it, reads the report, finds the
// imported hours on the team overview, then undoes it. On a phone the page never scrolls sideways;
// at both sizes axe finds no serious violation.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dataFolders } from '@proofwork/app';
import { localDateOf } from '@proofwork/core';
import { type Pipeline, startInProcessPipeline } from '@proofwork/workers';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AxeViolation,
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

const importDir = mkdtempSync(path.join(tmpdir(), 'pw-browser-imports-'));

let server: TestServer;
let browser: Browser;
let pipeline: Pipeline;
const violations: { page: string; violations: AxeViolation[] }[] = [];

beforeAll(async () => {
  // The API keeps the uploads where the test's workers read them.
  [server, browser] = await Promise.all([startServer({ IMPORT_DIR: importDir }), sharedBrowser()]);
  pipeline = await startInProcessPipeline({
    db: server.database.db,
    pollMs: 50,
    folders: dataFolders({ IMPORT_DIR: importDir }),
  });
  await drained();
}, 120_000);

afterAll(async () => {
  await releaseBrowser(browser);
  await pipeline?.stop();
  await server?.close();
  rmSync(importDir, { recursive: true, force: true });
});

async function drained() {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [row] = await server.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from dirty_member_weeks`,
    );
    if (row!.n === 0) return;
    if (Date.now() > deadline) throw new Error('the rollups did not finish');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const today = localDateOf(new Date(), 'Europe/Paris');
const dmy = (date: string) => date.split('-').reverse().join('/');
const threeWeeksAgo = localDateOf(new Date(Date.now() - 21 * 86_400_000), 'Europe/Paris');

/**
 * A Clockify report exported in French: two CMs today, one row three weeks back (a week the demo
 * approved), and one row of someone who is not a member (mapped to Hugo in the test).
 */
const clockifyFr = [
  'Projet;Client;Description;Tâche;Utilisateur;Groupe;E-mail;Étiquettes;Facturable;Date de début;Heure de début;Date de fin;Heure de fin;Durée (h);Durée (décimale)',
  `Le Fournil;Le Fournil;Montage deux reels Instagram;;Léa Martin;;cm@lumen.example;;Oui;${dmy(today)};06:00:00;${dmy(today)};07:30:00;01:30:00;1,50`,
  `Le Fournil;Le Fournil;Modération commentaires Facebook;;Léa Martin;;cm@lumen.example;;Non;${dmy(today)};07:30:00;${dmy(today)};08:15:00;00:45:00;0,75`,
  `Bistrot Léon;Bistrot Léon;Reporting mensuel;;Hugo Bernard;;hugo@lumen.example;;Non;${dmy(today)};06:30:00;${dmy(today)};07:00:00;00:30:00;0,50`,
  `Bistrot Léon;Bistrot Léon;Veille concurrentielle;;Hugo B.;;hugo.perso@example.com;;Non;${dmy(today)};07:00:00;${dmy(today)};07:20:00;00:20:00;0,33`,
  `Le Fournil;Le Fournil;Retouche story Instagram soldes;;Léa Martin;;cm@lumen.example;;Non;${dmy(threeWeeksAgo)};10:00:00;${dmy(threeWeeksAgo)};10:30:00;00:30:00;0,50`,
].join('\n');
const IMPORTED_SECONDS = 5400 + 2700 + 1800 + 1200;

async function capture(page: Page, name: string) {
  await screenshot(page, name);
  const found = await axeViolations(page);
  if (found.length > 0) violations.push({ page: name, violations: found });
}

async function noSidewaysScroll(page: Page) {
  const widths = await page.evaluate(() => {
    const root = (
      globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }
    ).document.documentElement;
    return { scroll: root.scrollWidth, client: root.clientWidth };
  });
  expect(widths.scroll, JSON.stringify(widths)).toBeLessThanOrEqual(widths.client);
}

/** The team's total this week: the imported rows are today's, and "last 4 weeks" holds finished weeks only. */
async function teamTotal(page: Page): Promise<number> {
  await page.goto(`${server.url}/team?period=week`);
  const total = page.getByTestId('team-total');
  await total.waitFor();
  return Number(await total.getAttribute('data-seconds'));
}

describe('importing from another tracker', () => {
  it('a manager imports a Clockify file in French and sees the imported hours on the team overview', async () => {
    const context = await newContext(browser, DESKTOP, 'fr-FR');
    const page = await context.newPage();
    await signIn(page, server.url, 'manager@lumen.example');
    const setLocale = await page.request.patch(`${server.url}/api/v1/me`, {
      data: { locale: 'fr' },
      headers: { origin: server.url },
    });
    expect(setLocale.status()).toBe(200);
    const before = await teamTotal(page);

    await page.goto(`${server.url}/settings/import`);
    await expect.poll(() => page.locator('#import-title').textContent()).toBe('Importer le temps d’un autre outil');
    await capture(page, 'import-upload-desktop-fr');
    await page.locator('#import-file').setInputFiles({
      name: 'clockify-rapport-detaille.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`\uFEFF${clockifyFr}`),
    });
    await page.getByRole('button', { name: 'Envoyer et analyser' }).click();

    // What was found, and the problem of the person who is not a member.
    await page.getByTestId('import-mapping').waitFor();
    expect(await page.getByTestId('import-detected').textContent()).toContain('Clockify');
    expect(await page.getByTestId('import-problems').textContent()).toContain('Pas membre');
    expect(await page.getByTestId('import-totals').textContent()).toContain('4 lignes sur 5');
    // Mapped to Hugo Bernard, then previewed again: no problem left.
    const stranger = page.getByTestId('import-person').filter({ hasText: 'hugo.perso@example.com' });
    await stranger.locator('select').selectOption({ label: 'Hugo Bernard' });
    await page.getByTestId('import-update-preview').click();
    await page.getByTestId('import-no-problems').waitFor();
    expect(await page.getByTestId('import-totals').textContent()).toContain('5 lignes sur 5');
    // "deux reels" is read as quick-add reads it: one reel deliverable standing for two.
    expect(await page.getByTestId('import-preview-row').first().textContent()).toMatch(/Reel\s×2/);
    await capture(page, 'import-mapping-desktop-fr');

    await page.getByTestId('import-run').click();
    await page.getByTestId('import-imported').waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.getByTestId('import-status').textContent(), { timeout: 30_000 })
      .toBe('Import terminé');
    expect(await page.getByTestId('import-imported').textContent()).toBe('4');
    expect(await page.getByTestId('import-skipped').textContent()).toBe('1');
    expect(await page.getByTestId('import-report').textContent()).toContain('Sa semaine est validée');
    await capture(page, 'import-report-desktop-fr');

    // The team overview shows the imported hours once the rollups follow.
    expect(await page.getByTestId('import-to-team').getAttribute('href')).toBe('/team');
    await page.goto(`${server.url}/team?period=week`);
    const total = page.getByTestId('team-total');
    await expect
      .poll(async () => Number(await total.getAttribute('data-seconds')), { timeout: 20_000, interval: 200 })
      .toBe(before + IMPORTED_SECONDS);
    await capture(page, 'import-team-after-desktop-fr');

    // Undone: the overview is back to where it was.
    await page.goto(`${server.url}/settings/import`);
    await page
      .getByTestId('import-history')
      .getByRole('button', { name: /Ouvrir/ })
      .first()
      .click();
    await page.getByTestId('import-report').waitFor();
    await page.getByTestId('import-undo').click();
    await page.getByTestId('import-undo-confirm').click();
    await page.getByTestId('import-undone').waitFor();
    await drained();
    expect(await teamTotal(page)).toBe(before);
    await context.close();
  });

  it('fits a phone: no sideways scroll at 390 px, from the upload to the report', async () => {
    const context = await newContext(browser, PHONE, 'fr-FR');
    const page = await context.newPage();
    await signIn(page, server.url, 'manager@lumen.example');
    await page.goto(`${server.url}/settings/import`);
    await page.locator('#import-file').waitFor();
    await noSidewaysScroll(page);
    await capture(page, 'import-upload-phone-fr');
    await page.locator('#import-file').setInputFiles({
      name: 'un-nom-de-fichier-tres-long-pour-voir-si-la-page-deborde-sur-un-telephone.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(clockifyFr),
    });
    await page.getByRole('button', { name: 'Envoyer et analyser' }).click();
    await page.getByTestId('import-mapping').waitFor();
    await noSidewaysScroll(page);
    await capture(page, 'import-mapping-phone-fr');
    await page.getByTestId('import-run').click();
    await expect
      .poll(() => page.getByTestId('import-status').textContent(), { timeout: 30_000 })
      .toBe('Import terminé');
    await noSidewaysScroll(page);
    await capture(page, 'import-report-phone-fr');
    await context.close();
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
  });
});
