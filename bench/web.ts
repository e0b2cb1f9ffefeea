// P5. For the first page of each app section: the gzip size of the JavaScript it loads, and its
// time to interactive in Chromium on localhost (navigation start → the section's ready element
// visible). The baseline is a blank page from the same server, same browser.
// Add a section to SECTIONS; one whose route is missing from the build is reported as skipped.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { rebuildRollups, seedDemo } from '@proofwork/db';
import { buildApp, loadConfig, systemClock } from '@proofwork/server';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { createBenchDatabase, freePort, log, scratchDataDir } from './support';

const ROOT = path.resolve(import.meta.dirname, '..');
/** The built web app measured; BENCH_WEB_ROOT measures another build (it is then never rebuilt). */
const WEB_ROOT = process.env.BENCH_WEB_ROOT ?? path.join(ROOT, 'web', 'build');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DEMO_PASSWORD = 'proofwork-demo';

export interface WebSection {
  name: string;
  path: string;
  /** Demo account to sign in as first; none for public pages. */
  as?: string;
  /** Visible when the page is usable. */
  ready: string;
  /** The source route that must exist for the section to be measured. */
  route: string;
}

export const SECTIONS: WebSection[] = [
  { name: 'sign-in', path: '/sign-in', ready: 'form button[type="submit"]', route: 'sign-in' },
  {
    name: 'CM My week',
    path: '/week',
    as: 'cm@lumen.example',
    ready: '[data-testid="week-total"]',
    route: '(app)/week',
  },
  {
    name: 'manager team overview',
    path: '/team',
    as: 'manager@lumen.example',
    // The team's total hours: shown once the dashboard's data arrived.
    ready: '[data-testid="team-total"]',
    route: '(app)/(manager)/team',
  },
  {
    name: 'manager evidence',
    path: '/evidence',
    as: 'manager@lumen.example',
    ready: '[data-testid="open-export"]',
    route: '(app)/(manager)/evidence',
  },
  {
    name: 'CM calendar',
    path: '/calendar',
    as: 'cm@lumen.example',
    // A day's total: drawn once the week's entries arrived (a skeleton before).
    ready: '[data-testid="calendar-day-total"]',
    route: '(app)/calendar',
  },
  {
    name: 'CM week grid',
    path: '/grid',
    as: 'cm@lumen.example',
    // Enabled once the week's cells are loaded.
    ready: '[data-testid="add-row"]:enabled',
    route: '(app)/grid',
  },
  {
    name: 'CM reminders (profile)',
    path: '/profile',
    as: 'cm@lumen.example',
    // The reminder kinds: listed once the member's settings arrived.
    ready: '[data-testid^="reminder-"]',
    route: '(app)/profile',
  },
  {
    name: 'manager import',
    path: '/settings/import',
    as: 'manager@lumen.example',
    ready: '[data-testid="import-upload"]',
    route: '(app)/(manager)/settings/import',
  },
];

export interface SectionResult {
  name: string;
  path: string;
  measured: boolean;
  scripts?: number;
  gzipBytes?: number;
  /** Time to interactive, median of the runs, ms. */
  ttiMs?: number;
  runs?: number[];
}

function buildWeb() {
  if (process.env.BENCH_WEB_ROOT || (existsSync(path.join(WEB_ROOT, 'index.html')) && !process.env.PW_REBUILD_WEB))
    return;
  log('   building the web app');
  const build = spawnSync('npm', ['run', 'build', '-w', '@proofwork/web'], {
    cwd: ROOT,
    stdio: 'ignore',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (build.status !== 0) throw new Error('the web app did not build');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Records, in the page, the moment its ready element is first visible (ms since navigation start):
 * Playwright's own wait polls at 0, 20, 50, 100, 100 ms and then every 500 ms, so the time it
 * returns can be up to half a second after the element showed. A string, not a function: the
 * TypeScript loader would wrap a function's inner functions in a helper the page does not have.
 */
const readyProbe = (selector: string) => `(() => {
  const selector = ${JSON.stringify(selector)};
  const check = () => {
    if (window.__pwReadyAt !== undefined) return;
    const element = document.querySelector(selector);
    if (!element || element.getClientRects().length === 0) return;
    if (getComputedStyle(element).visibility === 'hidden') return;
    window.__pwReadyAt = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})();`;

/**
 * Navigation start → the section's ready element visible. The app renders on the client, so that
 * element is there only once its scripts ran and its data arrived: the page answers input then.
 * The time is the page's own (see readyProbe); Playwright's wait only says when to read it.
 */
async function timeToInteractive(page: Page, url: string, ready: string): Promise<number> {
  await page.addInitScript(readyProbe(ready));
  const started = performance.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page
    .locator(ready)
    .first()
    .waitFor({ state: 'visible' })
    .catch(async (error) => {
      const text = ((await page.locator('main').first().textContent()) ?? '').replace(/\s+/g, ' ').slice(0, 300);
      throw new Error(`${url}: ${ready} never showed; the page says: ${text}`, { cause: error });
    });
  const polled = performance.now() - started;
  const inPage = await page.evaluate(() => (globalThis as { __pwReadyAt?: number }).__pwReadyAt);
  return inPage ?? polled;
}

/** Navigation start → the bare page's load event, as the page itself timed it (same clock as above). */
async function blankPageTime(page: Page, url: string): Promise<number> {
  const started = performance.now();
  await page.goto(url, { waitUntil: 'load' });
  const polled = performance.now() - started;
  const loaded = await page.evaluate(() => {
    const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    return navigation && navigation.loadEventEnd > 0 ? navigation.loadEventEnd : null;
  });
  return loaded ?? polled;
}

export async function benchWeb(options: { runs: number }): Promise<{ blankMs: number; sections: SectionResult[] }> {
  buildWeb();
  // The auth library is the server's dependency; the demo's passwords must be hashed its way.
  const crypto = createRequire(path.join(ROOT, 'server', 'package.json')).resolve('better-auth/crypto');
  const { hashPassword } = (await import(pathToFileURL(crypto).href)) as {
    hashPassword: (password: string) => Promise<string>;
  };
  const bdb = await createBenchDatabase({ max: 6 });
  // Everything started from here is stopped in the finally below, whatever fails: a server left
  // listening (Chromium missing, a page that never shows) would keep the whole run from exiting.
  let app: Awaited<ReturnType<typeof buildApp>> | null = null;
  let browser: Browser | null = null;
  const data = scratchDataDir();
  try {
    await seedDemo(bdb.db, { now: systemClock.now(), hashPassword });
    // The seed leaves every member-week dirty; roll them up as the workers would, before measuring.
    await rebuildRollups(bdb.db);
    // The auth library trusts its public URL only: give the server its real address.
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    app = await buildApp(
      {
        config: loadConfig({
          NODE_ENV: 'production',
          LOG_LEVEL: 'silent',
          PUBLIC_URL: base,
          AUTH_SECRET: randomBytes(32).toString('base64url'),
          DATA_DIR: data.path,
        }),
        db: bdb.db,
        clock: systemClock,
        queue: { mode: 'in-process', ping: async () => true },
        webRoot: WEB_ROOT,
      },
      { logger: false },
    );
    await app.listen({ host: '127.0.0.1', port });
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH)`);
    const launched = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
    });
    browser = launched;
    const results: SectionResult[] = [];
    const blank: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      const context = await launched.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      blank.push(await blankPageTime(page, `${base}/api/v1/health`));
      await context.close();
    }
    // Each account signs in once through the form; measured runs start from its cookies alone.
    const sessions = new Map<string, Awaited<ReturnType<BrowserContext['cookies']>>>();
    async function sessionOf(email: string) {
      let cookies = sessions.get(email);
      if (!cookies) {
        const context = await launched.newContext();
        const page = await context.newPage();
        await page.goto(`${base}/sign-in`);
        await page.locator('#email').fill(email);
        await page.locator('#password').fill(DEMO_PASSWORD);
        await page.locator('form button[type="submit"]').click();
        await page
          .waitForURL((url) => !url.pathname.startsWith('/sign-in'))
          .catch(async (error) => {
            throw new Error(
              `sign-in as ${email} failed: ${((await page.locator('body').textContent()) ?? '').slice(0, 300)}`,
              {
                cause: error,
              },
            );
          });
        cookies = await context.cookies();
        sessions.set(email, cookies);
        await context.close();
      }
      return cookies;
    }
    for (const section of SECTIONS) {
      if (!existsSync(path.join(ROOT, 'web', 'src', 'routes', section.route))) {
        results.push({ name: section.name, path: section.path, measured: false });
        continue;
      }
      const runs: number[] = [];
      let scripts = new Set<string>();
      for (let i = 0; i < options.runs; i++) {
        // A new context per run: a first visit, empty cache; the sign-in happens before the clock starts.
        const context = await launched.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
        if (section.as) await context.addCookies(await sessionOf(section.as));
        const page = await context.newPage();
        const seen = new Set<string>();
        page.on('response', (response) => {
          const url = new URL(response.url());
          if (url.pathname.endsWith('.js') && url.pathname.startsWith('/_app/')) seen.add(url.pathname);
        });
        runs.push(await timeToInteractive(page, `${base}${section.path}`, section.ready));
        if (!page.url().includes(section.path)) throw new Error(`${section.path} redirected to ${page.url()}`);
        scripts = seen;
        await context.close();
      }
      let gzipBytes = 0;
      const sizes: [string, number][] = [];
      for (const p of scripts) {
        const size = gzipSync(readFileSync(path.join(WEB_ROOT, p)), { level: 9 }).length;
        sizes.push([p, size]);
        gzipBytes += size;
      }
      // BENCH_WEB_SCRIPTS=1 lists each section's largest scripts (what to split next).
      if (process.env.BENCH_WEB_SCRIPTS)
        for (const [p, size] of sizes.sort((a, b) => b[1] - a[1]).slice(0, 8))
          log(`      ${(size / 1024).toFixed(1)} KB ${p}`);
      results.push({
        name: section.name,
        path: section.path,
        measured: true,
        scripts: scripts.size,
        gzipBytes,
        ttiMs: median(runs),
        runs,
      });
      log(`   ${section.name}: ${(gzipBytes / 1024).toFixed(1)} KB gzip, ${median(runs).toFixed(0)} ms`);
    }
    return { blankMs: median(blank), sections: results };
  } finally {
    await browser?.close().catch(() => {});
    await app?.close().catch(() => {});
    await bdb.drop();
    data.remove();
  }
}
