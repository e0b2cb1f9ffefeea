// The installable app: a valid manifest in the viewer's language, a service worker that takes
// control, My week rendered from cache after an offline reload, a line typed offline sent once when
// the network is back, and the reads it kept forgotten at sign-out.
import { readFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webRoot } from '../support/web-build';
import {
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

/** What a page has that these tests read (the tests' own types have no DOM). */
type PageGlobals = {
  navigator: { serviceWorker: { ready: Promise<unknown>; controller: unknown } };
  fetch: typeof fetch;
  caches: { match(url: string): Promise<unknown> };
};

/** A GET whose body is left as sent (fetch would decompress it). */
function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), sharedBrowser()]);
}, 120_000);

afterAll(async () => {
  await releaseBrowser(browser);
  await server?.close();
});

describe('the installable app', () => {
  it('serves a manifest an installer accepts, in English and in French', async () => {
    for (const [language, log] of [
      ['en-US,en;q=0.8', 'Log a task'],
      ['fr-FR,fr;q=0.9', 'Enregistrer une tâche'],
    ] as const) {
      const response = await fetch(`${server.url}/manifest.webmanifest`, { headers: { 'accept-language': language } });
      expect(response.headers.get('content-type')).toContain('application/manifest+json');
      const manifest = (await response.json()) as {
        icons: { src: string; sizes: string; type: string }[];
        shortcuts: { name: string }[];
        share_target: unknown;
      };
      expect(manifest).toMatchObject({
        name: 'Proofwork',
        display: 'standalone',
        start_url: expect.stringMatching(/^\//),
      });
      // Installable: a 192 and a 512 icon, each served as a PNG.
      for (const size of ['192x192', '512x512']) {
        const icon = manifest.icons.find(
          (i: { sizes: string; type: string }) => i.sizes === size && i.type === 'image/png',
        );
        expect(icon, size).toBeDefined();
        const png = await fetch(`${server.url}${icon!.src}`);
        expect(png.status).toBe(200);
        expect(png.headers.get('content-type')).toBe('image/png');
      }
      expect(manifest.shortcuts[0]?.name).toBe(log);
      expect(manifest.share_target).toMatchObject({ action: '/week', method: 'GET' });
    }
  });

  it('sends the scripts compressed at build time to a browser that accepts it, and whole to one that does not', async () => {
    const page = await (await fetch(`${server.url}/week`)).text();
    // The largest of the scripts the page names.
    const scripts = [...page.matchAll(/"(\/_app\/immutable\/[^"]+\.js)"/g)].map((m) => m[1]!);
    expect(scripts.length, 'the page names its scripts').toBeGreaterThan(0);
    const [script, file] = scripts
      .map((s) => [s, readFileSync(path.join(webRoot, s))] as const)
      .sort((a, b) => b[1].length - a[1].length)[0]!;
    for (const [accepts, encoding, decode] of [
      ['br, gzip', 'br', brotliDecompressSync],
      ['gzip', 'gzip', gunzipSync],
      ['identity', null, (b: Buffer) => b],
    ] as const) {
      const res = await rawGet(`${server.url}${script}`, { 'accept-encoding': accepts });
      expect(res.headers['content-encoding'] ?? null, accepts).toBe(encoding);
      expect(res.headers.vary, accepts).toMatch(/accept-encoding/i);
      expect(decode(res.body).equals(file), accepts).toBe(true);
      if (encoding) expect(res.body.length, accepts).toBeLessThan(file.length / 2);
    }
    // A new service worker must be seen at once, in whichever encoding it travels.
    for (const accepts of ['br', 'identity']) {
      const res = await rawGet(`${server.url}/service-worker.js`, { 'accept-encoding': accepts });
      expect(res.headers['cache-control'], accepts).toBe('no-cache');
    }
  });

  it('opens My week offline from cache and sends a line typed offline exactly once', async () => {
    const context = await newContext(browser, PHONE, 'en-US', { serviceWorkers: 'allow' });
    const page = await context.newPage();
    await signIn(page, server.url, 'cm@lumen.example');
    const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(manifestHref).toBe('/manifest.webmanifest');

    // The service worker installs (the shell cached) and controls the page.
    await page.evaluate(() => (globalThis as unknown as PageGlobals).navigator.serviceWorker.ready.then(() => true));
    await page.reload();
    await page.locator('[data-testid="week-total"]').waitFor();
    expect(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).navigator.serviceWorker.controller !== null),
    ).toBe(true);
    const total = await page.getByTestId('week-total').textContent();

    await context.setOffline(true);
    await page.reload();
    await page.locator('[data-testid="week-total"]').waitFor();
    expect(await page.getByTestId('week-total').textContent()).toBe(total);
    await screenshot(page, 'pwa-offline-week-phone');

    // The reads were answered from the cache, with no network.
    const orgId = await page.evaluate(async () => {
      const me = (await (await (globalThis as unknown as PageGlobals).fetch('/api/v1/me')).json()) as {
        memberships: { organizationId: string }[];
      };
      return me.memberships[0]?.organizationId;
    });
    const countLines = async () => {
      const rows = await server.database.db.execute<{ n: number }>(
        "select count(*)::int as n from time_entries where note like '%pwa offline check%'",
      );
      return rows[0]!.n;
    };
    expect(orgId).toMatch(/^[0-9a-f-]{36}$/);
    const before = await countLines();
    await page.getByTestId('offline-banner').waitFor();
    const input = page.getByTestId('quick-add-input');
    await input.fill('25m veille pwa offline check');
    await input.press('Enter');
    await expect.poll(() => page.getByTestId('offline-banner').textContent()).toMatch(/1 (line|ligne)/);
    await context.setOffline(false);
    await expect.poll(countLines, { timeout: 15_000 }).toBe(before + 1);
    // Back online and settled: still exactly one.
    await page.waitForTimeout(1500);
    expect(await countLines()).toBe(before + 1);

    // Signing out forgets the reads kept for offline use.
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).caches.match('/api/v1/me'))).toBeTruthy();
    await page.setViewportSize(DESKTOP);
    await page.locator('[data-testid="sign-out"]:visible').click();
    await page.waitForURL(/\/sign-in/);
    expect(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).caches.match('/api/v1/me')),
    ).toBeUndefined();
    await context.close();
  });
});
