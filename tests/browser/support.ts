// Browser tests drive Debian's Chromium against the real server: the app built on the file's own
// test database (seeded with the demo organizations) serving the production build of the web app.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildApp, loadConfig, systemClock } from '@proofwork/server';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { testMailDirectory } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { ensureWebBuild, repoRoot, webRoot } from '../support/web-build';

export { repoRoot, webRoot };

export const screenshotDir = path.join(import.meta.dirname, 'screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DEMO_PASSWORD = 'proofwork-demo';

export interface TestServer {
  url: string;
  database: TestDatabase;
  close(): Promise<void>;
}

/** The app on a seeded database, listening on a free port; `env` adds settings (e.g. WEBHOOK_ALLOW_PRIVATE). */
export async function startServer(env: Record<string, string> = {}): Promise<TestServer> {
  ensureWebBuild();
  // A clone of the run's demo template: the demo organizations, seeded once by the global setup.
  const database = await createTestDatabase(inject('demoDatabase'));
  const app = await buildApp(
    {
      // Load shedding off: a browser test shares its process and a busy machine with the server.
      config: loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
        // As every test app (tests/support/app.ts): the demo template's hashes are fast ones.
        PASSWORD_HASHING: 'fast',
        // Mail without an SMTP server goes to a temporary folder, never the repository's.
        MAIL_DIR: testMailDirectory(),
        ...env,
      }),
      db: database.db,
      clock: systemClock,
      queue: { mode: 'in-process', ping: async () => true },
      webRoot,
    },
    { logger: false },
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    database,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

export const CHROMIUM_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // The GPU and network services as threads of the browser process rather than processes of their
  // own: fewer processes and hops per request on a two-core machine (two browser files alternated
  // twice: 87.1 and 88.6 s against 90.7 and 92.2 s).
  '--in-process-gpu',
  '--enable-features=NetworkServiceInProcess2',
];

let running: Promise<Browser> | null = null;

/**
 * The Chromium of this test process: started by its first browser test file, then used by the files
 * after it (the files of a process run one at a time). Starting Chromium costs seconds of a busy
 * machine's time; isolation comes from the contexts, each a fresh profile of its own, which every
 * file closes when it ends (releaseBrowser). Chromium ends with the test process.
 */
export function sharedBrowser(): Promise<Browser> {
  if (!running) {
    const launching = chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
    running = launching;
    // A browser that crashed or never started is launched again by the next file that asks.
    const forget = () => {
      if (running === launching) running = null;
    };
    launching.then((browser) => browser.on('disconnected', forget), forget);
  }
  return running;
}

/** A file is done with the shared browser: whatever it left open (a test that failed midway) is closed. */
export async function releaseBrowser(browser: Browser | undefined) {
  if (browser?.isConnected()) await Promise.all(browser.contexts().map((context) => context.close()));
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/**
 * A fresh browser profile at this size and language. The installed app's service worker is blocked
 * unless a test asks for it (`serviceWorkers: 'allow'`, the offline test): installing it copies the
 * whole app shell into the cache of every new context, seconds of a busy machine's time each.
 */
export async function newContext(
  browser: Browser,
  viewport: { width: number; height: number },
  locale = 'en-US',
  options: { serviceWorkers?: 'allow' | 'block' } = {},
) {
  const phone = viewport.width < 500;
  const context = await browser.newContext({
    viewport,
    locale,
    timezoneId: 'Europe/Paris',
    deviceScaleFactor: 1,
    isMobile: phone,
    hasTouch: phone,
    serviceWorkers: options.serviceWorkers ?? 'block',
    // Skeleton shimmers and the timer's pulse would repaint the page all the time it waits for data:
    // the app's reduced-motion rules stop them (and the tests check states, never motion).
    reducedMotion: 'reduce',
  });
  // Fail fast and say where: a step that waits 10 s is broken, not slow.
  context.setDefaultTimeout(10_000);
  return context;
}

/**
 * A fresh context at this size, signed in through the API (the sign-in page has its own tests) and
 * speaking `locale` (saved to the account, as the profile's language switch does), with a page open.
 */
export async function signedInContext(
  browser: Browser,
  baseUrl: string,
  viewport: { width: number; height: number },
  email: string,
  locale: 'en' | 'fr',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, viewport, locale === 'fr' ? 'fr-FR' : 'en-US');
  const headers = { origin: baseUrl };
  const signedIn = await context.request.post(`${baseUrl}/api/auth/sign-in/email`, {
    headers,
    data: { email, password: DEMO_PASSWORD },
  });
  expect(signedIn.ok()).toBe(true);
  expect((await context.request.patch(`${baseUrl}/api/v1/me`, { headers, data: { locale } })).ok()).toBe(true);
  return { context, page: await context.newPage() };
}

/** Signs in through the form; a CM lands on My week, a manager on the team overview. */
export async function signIn(page: Page, baseUrl: string, email: string) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(DEMO_PASSWORD);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL(/\/(week|team)(\?|$)/);
  if (new URL(page.url()).pathname === '/week') await page.locator('[data-testid="week-total"]').waitFor();
  else await page.locator('main#main').waitFor();
}

/** Images are taken when asked (`SCREENSHOTS=1`): 150 of them are a tenth of the browser tests' time. */
export const SCREENSHOTS = process.env.SCREENSHOTS === '1';

/**
 * Desktop pages are captured whole; a phone page as the screen shows it (a whole-page capture puts
 * the fixed tab bar in the middle of the image). Without `SCREENSHOTS=1` the page is brought to the
 * same state (toasts closed, scrolled to the top) and no image is written.
 */
export async function screenshot(page: Page, name: string, options: { keepToasts?: boolean } = {}) {
  if (!options.keepToasts) {
    const close = page.locator('[data-testid="toast"] button.close');
    while ((await close.count()) > 0) await close.first().click();
  }
  await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
  if (!SCREENSHOTS) return;
  mkdirSync(screenshotDir, { recursive: true });
  const phone = (page.viewportSize()?.width ?? 1280) < 500;
  // Animations (toast countdowns, the timer's pulse) are stopped so images compare across runs.
  await page.screenshot({
    path: path.join(screenshotDir, `${name}.png`),
    fullPage: !phone,
    animations: 'disabled',
    caret: 'hide',
  });
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Serious and critical accessibility violations on the page (WCAG 2.1 A and AA rules). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: the app's CSP (rightly) refuses inline script tags.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const g = globalThis as unknown as {
      document: unknown;
      axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> };
    };
    const result = await g.axe.run(g.document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      // Only failures are read: skipping the details of passing checks makes a run several times faster.
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Records every script the page loads, to measure what a first visit costs. */
export function recordScripts(context: BrowserContext): Set<string> {
  const scripts = new Set<string>();
  context.on('response', (response) => {
    // The installed app's service worker caches the whole shell in the background: not the page's cost.
    if (response.request().serviceWorker()) return;
    const url = new URL(response.url());
    if (url.pathname.endsWith('.js') && url.pathname.startsWith('/_app/')) scripts.add(url.pathname);
  });
  return scripts;
}

/** Gzip size of the built files behind these URL paths. */
export function gzipBytes(paths: Iterable<string>): number {
  let total = 0;
  for (const p of paths) total += gzipSync(readFileSync(path.join(webRoot, p)), { level: 9 }).length;
  return total;
}
