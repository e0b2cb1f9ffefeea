// No page is wider than a phone: every page of the web app at 390×844, in English and in French,
// signed out, as a CM, as a manager (with an approval's review open), and the public report of a
// share link, with wide tables scrolling inside their card rather than the page sideways. The last
// test fails when a page of the app (a route folder) was not measured in both languages.
import { createHash, randomBytes } from 'node:crypto';
import { addDays, localDateOf, namedPeriod, weekStartOf } from '@proofwork/core';
import { rebuildRollups, schema } from '@proofwork/db';
import { type Browser, type Page, type Request, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webPageOf, webPages } from '../support/web-routes';
import {
  DEMO_PASSWORD,
  newContext,
  PHONE,
  releaseBrowser,
  screenshot,
  sharedBrowser,
  startServer,
  type TestServer,
} from './support';

type Locale = 'en' | 'fr';
const LOCALES = ['en', 'fr'] as const;
const LANGUAGE = { en: 'English', fr: 'French' } as const;

/** Routes with nothing of their own to show: "/" only sends a visitor to their home or to sign-in. */
const NOT_SCREENS = ['/'];

/** The manager's pages (the navigation of web/src/lib/sections.ts, then the settings pages). */
const MANAGER_PAGES = [
  '/team',
  '/posts',
  '/mix',
  '/evidence',
  '/settings',
  '/settings/members',
  '/settings/categories',
  '/settings/brands',
  '/settings/deliverable-types',
  '/settings/vocabulary',
  '/settings/import',
  '/settings/webhooks',
  '/settings/security',
  '/week',
  '/calendar',
  '/grid',
  '/profile',
];

/** A manager's comment as people write them: a sentence, then a long link that cannot wrap at a space. */
const SEND_BACK_COMMENT =
  'Tuesday’s shoot is missing, see https://drive.example.com/clients/lumen/2027/shoots/tuesday-full-report-final-v2';

let server: TestServer;
let browser: Browser;
/** The secrets behind the links of the signed-out pages. */
const links = { share: { en: '', fr: '' }, invitation: '', unsubscribe: '' };
let leaId: string;
/** "<route> in <locale>" for every page measured. */
const measured = new Set<string>();

const thisWeek = () => weekStartOf(localDateOf(new Date(), 'Europe/Paris'));

/**
 * The data the pages show, made as users make it (by the owner, who may invite): a share link in
 * each language (the report speaks the link's language), an invitation, an evidence pack's
 * unsubscribe link (only its hash is stored, as a send stores it), Léa's last week sent back (her
 * My week shows the banner), and the rollups the figures are read from.
 */
async function prepare() {
  const api = await request.newContext({ extraHTTPHeaders: { origin: server.url } });
  expect(
    (
      await api.post(`${server.url}/api/auth/sign-in/email`, {
        data: { email: 'owner@lumen.example', password: DEMO_PASSWORD },
      })
    ).ok(),
  ).toBe(true);
  const me = await (await api.get(`${server.url}/api/v1/me`)).json();
  const orgId: string = me.memberships[0].organizationId;
  const org = `${server.url}/api/v1/organizations/${orgId}`;
  const period = namedPeriod('last3Months', localDateOf(new Date(), 'Europe/Paris'));
  for (const locale of LOCALES) {
    const made = await api.post(`${org}/share-links`, {
      data: { ...period, label: 'Budget review 2027', locale },
    });
    expect(made.status(), await made.text()).toBe(201);
    links.share[locale] = (await made.json()).token;
  }
  const invited = await api.post(`${org}/invitations`, {
    data: { email: 'new.cm@lumen.example', role: 'member' },
  });
  expect(invited.ok(), await invited.text()).toBe(true);
  links.invitation = new URL((await invited.json()).link).pathname.split('/').pop()!;

  const members: { id: string; name: string }[] = (await (await api.get(`${org}/members`)).json()).items;
  leaId = members.find((m) => m.name === 'Léa Martin')!.id;
  const sentBack = await api.post(`${org}/weeks/${addDays(thisWeek(), -7)}/reject?memberId=${leaId}`, {
    data: { comment: SEND_BACK_COMMENT },
  });
  expect(sentBack.ok(), await sentBack.text()).toBe(true);
  await api.dispose();
  // The dashboards and the report read weekly rollups, which the (absent) pipeline would have built
  // from the seeded entries: without them every figure is a narrow "0 h".
  await rebuildRollups(server.database.db, { organizationId: orgId });

  const [schedule] = await server.database.db
    .insert(schema.evidenceSchedules)
    .values({ organizationId: orgId, cadence: 'monthly', recipients: ['cfo@client.example'], locale: 'fr' })
    .returning();
  links.unsubscribe = randomBytes(32).toString('base64url');
  await server.database.db.insert(schema.evidenceScheduleSends).values({
    organizationId: orgId,
    scheduleId: schedule!.id,
    period: '2026-11',
    recipient: 'cfo@client.example',
    status: 'sent',
    unsubscribeTokenHash: createHash('sha256').update(links.unsubscribe).digest('hex'),
  });
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), sharedBrowser()]);
  await prepare();
}, 120_000);

afterAll(async () => {
  await releaseBrowser(browser);
  await server?.close();
});

type Anchor = { href: string; click(): void; remove(): void };
type Element = {
  tagName: string;
  id: string;
  getAttribute(name: string): string | null;
  parentElement: Element | null;
  getBoundingClientRect(): { right: number };
};
type Globals = {
  document: {
    documentElement: { scrollWidth: number; lang: string };
    createElement(tag: 'a'): Anchor;
    body: { append(node: Anchor): void };
    querySelectorAll(selector: string): ArrayLike<Element>;
  };
  getComputedStyle(el: Element): { overflowX: string; position: string };
};

/**
 * Opens `path` as a user would after the first page: a click on a link, which the app follows
 * without reloading itself. `ready` is what shows once the page has its data, where skeletons and
 * requests don't say it.
 */
async function open(page: Page, path: string, ready?: string) {
  if (page.url().startsWith(server.url)) {
    await page.evaluate((to) => {
      const doc = (globalThis as unknown as Globals).document;
      const link = doc.createElement('a');
      link.href = to;
      doc.body.append(link);
      link.click();
      link.remove();
    }, path);
    const target = new URL(path, server.url);
    await page.waitForURL((url) => url.pathname === target.pathname);
  } else {
    await page.goto(`${server.url}${path}`);
  }
  await page.locator('main').first().waitFor();
  if (ready) await page.locator(ready).first().waitFor();
  await settle(page);
}

/** The requests each page has running (live event streams aside), to know when its data is in. */
const running = new WeakMap<Page, Set<Request>>();

function watchRequests(page: Page): Page {
  const pending = new Set<Request>();
  running.set(page, pending);
  page.on('request', (r) => {
    if (r.resourceType() !== 'eventsource') pending.add(r);
  });
  page.on('requestfinished', (r) => pending.delete(r));
  page.on('requestfailed', (r) => pending.delete(r));
  return page;
}

/**
 * Pages fill in after their data arrives: wait until no request is running and no skeleton shows,
 * twice 50 ms apart (a reply often starts the next request), for 5 s at most.
 */
async function settle(page: Page) {
  const pending = running.get(page)!;
  const skeletons = page.locator('.skeleton:visible');
  const deadline = Date.now() + 5000;
  let quiet = 0;
  while (quiet < 2 && Date.now() < deadline) {
    await page.waitForTimeout(50);
    quiet = pending.size === 0 && (await skeletons.count()) === 0 ? quiet + 1 : 0;
  }
}

/**
 * The page's width as it stands, in `locale` (checked on the document, so a page stuck in the other
 * language fails): an entry in `wide` naming what sticks out when it is wider than the phone.
 */
async function measure(page: Page, locale: Locale, wide: string[], state = '') {
  const route = webPageOf(page.url());
  expect(route, `${page.url()} is a page of the app`).not.toBeNull();
  const label = `${route}${state ? ` (${state})` : ''} in ${locale}`;
  const { width, lang } = await page.evaluate(() => {
    const doc = (globalThis as unknown as Globals).document;
    return { width: doc.documentElement.scrollWidth, lang: doc.documentElement.lang };
  });
  expect(lang, label).toBe(locale);
  measured.add(`${route} in ${locale}`);
  if (width <= PHONE.width) return;
  await screenshot(page, `too-wide-${`${route}${state}`.replace(/\W+/g, '_')}-${locale}`);
  // Name what sticks out, so a failure says where to look: not what a scrolling box clips (an
  // absolutely positioned element only by a box from its positioned ancestor up), nor the fixed
  // bars (on a phone they stretch with the page).
  const culprits = await page.evaluate((limit) => {
    const g = globalThis as unknown as Globals;
    const counts = (el: Element) => {
      let position = g.getComputedStyle(el).position;
      if (position === 'fixed') return false;
      for (let up = el.parentElement; up; up = up.parentElement) {
        const style = g.getComputedStyle(up);
        if (style.position === 'fixed') return false;
        const positioned = style.position !== 'static';
        if (style.overflowX !== 'visible' && (position !== 'absolute' || positioned)) return false;
        if (positioned) position = style.position;
      }
      return true;
    };
    return Array.from(g.document.querySelectorAll('body *'))
      .filter((el) => el.getBoundingClientRect().right > limit && counts(el))
      .slice(0, 8)
      .map(
        (el) =>
          `${el.tagName}.${(el.getAttribute('class') ?? '').slice(0, 60)}#${el.id} ${Math.round(el.getBoundingClientRect().right)}`,
      );
  }, PHONE.width + 2);
  wide.push(`${label}: ${width}px — ${culprits.join(', ')}`);
}

/** Signs in through the form, as people do: the app goes to the person's home without reloading. */
async function signIn(page: Page, email: string) {
  await open(page, '/sign-in', '#email');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(DEMO_PASSWORD);
  await page.locator('form button[type="submit"]').click();
}

/** The language an account speaks, saved as the profile's switch saves it (the account's wins). */
async function speak(email: string, locale: Locale) {
  const api = await request.newContext({ extraHTTPHeaders: { origin: server.url } });
  const signedIn = await api.post(`${server.url}/api/auth/sign-in/email`, {
    data: { email, password: DEMO_PASSWORD },
  });
  expect(signedIn.ok()).toBe(true);
  expect((await api.patch(`${server.url}/api/v1/me`, { data: { locale } })).ok()).toBe(true);
  await api.dispose();
}

describe('every page fits a 390 px phone', () => {
  // One phone per language, used as people use it: the signed-out pages, then signed in as a CM,
  // signed out, and in as a manager (a fresh load per page would start the whole app 90 times over).
  for (const locale of LOCALES) {
    it(`in ${LANGUAGE[locale]}: signed out, as a CM, as a manager`, async () => {
      await Promise.all([speak('cm@lumen.example', locale), speak('manager@lumen.example', locale)]);
      const context = await newContext(browser, PHONE, locale === 'fr' ? 'fr-FR' : 'en-US');
      const page = watchRequests(await context.newPage());
      const wide: string[] = [];

      for (const [path, ready] of [
        ['/sign-in', '#email'],
        ['/sign-up', '#name'],
        ['/forgot-password', '#email'],
        // A link's secret is read only when the form is sent: any token shows the form.
        [`/reset-password?token=${'A'.repeat(32)}`, '#password'],
        // Signed out, the address can't be confirmed: the page says so and offers to sign in.
        [`/verify-email?token=${'A'.repeat(32)}`, '[role="alert"]'],
        [`/invite/${links.invitation}`, '[data-testid="invitation-summary"]'],
        [`/unsubscribe/${links.unsubscribe}`, 'main button.btn-primary'],
        [`/share/${links.share[locale]}`, '[data-testid="share-report"]'],
      ] as const) {
        await open(page, path, ready);
        await measure(page, locale, wide);
      }

      // Léa's week was sent back: My week shows the banner with the manager's reason.
      await signIn(page, 'cm@lumen.example');
      await page.waitForURL((url) => url.pathname === '/week');
      await page.getByTestId('sent-back-banner').waitFor();
      await settle(page);
      await measure(page, locale, wide);
      for (const [path, ready] of [
        ['/calendar', undefined],
        ['/grid', undefined],
        ['/welcome', '#org-name'],
        ['/two-factor', '[data-testid="two-factor-required"]'],
        [`/verify-email?token=${'A'.repeat(32)}`, '[role="alert"]'],
        ['/profile', '[data-testid="profile-sign-out"]'],
      ] as const) {
        await open(page, path, ready);
        await measure(page, locale, wide);
      }
      await page.getByTestId('profile-sign-out').click();
      await page.waitForURL((url) => url.pathname === '/sign-in');

      await signIn(page, 'manager@lumen.example');
      await page.waitForURL((url) => url.pathname === '/team');
      for (const path of [...MANAGER_PAGES, `/team/${leaId}`]) {
        await open(page, path);
        await measure(page, locale, wide);
      }
      // Approvals, with what a manager opens before deciding: a waiting week's review (its entries
      // in a table), then a week of the grid (Léa's, sent back with a long comment).
      await open(page, '/approvals', '[data-testid="decision"]');
      await measure(page, locale, wide);
      // The longest period: the widest grid of weeks.
      await page.getByTestId('span').selectOption('12');
      await page.locator('[data-testid="approval-grid"] th.week-col').nth(11).waitFor();
      await settle(page);
      await measure(page, locale, wide, '12 weeks');
      await page.getByTestId('review-toggle').first().locator('summary').click();
      await page.getByTestId('review-entry').first().waitFor();
      await settle(page);
      await measure(page, locale, wide, 'a week’s review open');
      const cell = page.locator(`[data-testid="cell"][data-member="Léa Martin"][data-status="rejected"] button`);
      await cell.click();
      await page.getByTestId('week-detail').getByTestId('review-entry').first().waitFor();
      await settle(page);
      await measure(page, locale, wide, 'a week of the grid open');
      await context.close();
      expect(wide).toEqual([]);
    }, 150_000);
  }

  // After the others: what they measured.
  it('measured every page of the web app in both languages', () => {
    const expected = webPages()
      .filter((route) => !NOT_SCREENS.includes(route))
      .flatMap((route) => LOCALES.map((locale) => `${route} in ${locale}`));
    expect(expected.filter((page) => !measured.has(page))).toEqual([]);
  });
});
