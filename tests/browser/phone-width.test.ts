// No page is wider than a phone: every page of the app at 390×844, in English and in French, for a
// manager and a CM, with wide tables scrolling inside their card rather than the page sideways.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, PHONE, screenshot, signedInContext, startServer, type TestServer } from './support';

let server: TestServer;
let browser: Browser;
let memberId: string;

/** Every page a manager opens (the navigation of web/src/lib/sections.ts, then the settings pages). */
const MANAGER_PAGES = [
  '/team',
  '/posts',
  '/mix',
  '/approvals',
  '/evidence',
  '/settings',
  '/week',
  '/calendar',
  '/grid',
  '/profile',
];
const MORE = [
  '/settings/members',
  '/settings/categories',
  '/settings/brands',
  '/settings/deliverable-types',
  '/settings/vocabulary',
  '/settings/import',
  '/settings/webhooks',
  '/settings/security',
];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type PageGlobals = { document: { documentElement: { scrollWidth: number }; fonts: { ready: Promise<unknown> } } };

type Anchor = { href: string; click(): void; remove(): void };
type LinkGlobals = {
  document: { createElement(tag: 'a'): Anchor; body: { append(node: Anchor): void } };
};

/**
 * Opens `path` as a user would after the first page: a click on a link, which the app follows
 * without reloading itself (a full load per page would start the whole app 40 times over).
 */
async function widthOf(page: Page, path: string): Promise<number> {
  if (page.url().startsWith(server.url)) {
    await page.evaluate((to) => {
      const doc = (globalThis as unknown as LinkGlobals).document;
      const link = doc.createElement('a');
      link.href = to;
      doc.body.append(link);
      link.click();
      link.remove();
    }, path);
    await page.waitForURL((url) => url.pathname === path);
  } else {
    await page.goto(`${server.url}${path}`);
  }
  await page.locator('main#main, main').first().waitFor();
  // Pages fill in after their data arrives: wait for the skeletons to go.
  await page
    .locator('.skeleton')
    .first()
    .waitFor({ state: 'detached', timeout: 5000 })
    .catch(() => {});
  await page.waitForTimeout(200);
  return page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth);
}

describe('every page fits a 390 px phone', () => {
  for (const locale of ['en', 'fr'] as const) {
    it(`for a manager, in ${locale === 'en' ? 'English' : 'French'}`, async () => {
      const { context, page } = await signedInContext(browser, server.url, PHONE, 'manager@lumen.example', locale);
      const me = await (await context.request.get(`${server.url}/api/v1/me`)).json();
      const orgId = me.memberships[0].organizationId;
      const members = (await (await context.request.get(`${server.url}/api/v1/organizations/${orgId}/members`)).json())
        .items;
      memberId = members.find((m: { name: string }) => m.name === 'Léa Martin').id;
      const wide: string[] = [];
      for (const path of [...MANAGER_PAGES, ...MORE, `/team/${memberId}`]) {
        const width = await widthOf(page, path);
        if (width > PHONE.width) {
          wide.push(`${path}: ${width}px`);
          await screenshot(page, `too-wide-${path.replaceAll('/', '_')}-${locale}`);
          // Name what sticks out, so a failure says where to look.
          const culprits = await page.evaluate(() => {
            const doc = (
              globalThis as unknown as {
                document: {
                  querySelectorAll(s: string): ArrayLike<{
                    getBoundingClientRect(): { right: number };
                    tagName: string;
                    className: string;
                    id: string;
                  }>;
                };
              }
            ).document;
            return Array.from(doc.querySelectorAll('*'))
              .filter((el) => el.getBoundingClientRect().right > 392)
              .slice(0, 12)
              .map(
                (el) =>
                  `${el.tagName}.${String(el.className).slice(0, 60)}#${el.id} ${Math.round(el.getBoundingClientRect().right)}`,
              );
          });
          wide.push(`  ${culprits.join(', ')}`);
        }
      }
      expect(wide).toEqual([]);
      await context.close();
    });
  }

  it('for a CM, and signed out', async () => {
    const { context, page } = await signedInContext(browser, server.url, PHONE, 'cm@lumen.example', 'fr');
    const wide: string[] = [];
    for (const path of ['/week', '/calendar', '/grid', '/profile']) {
      const width = await widthOf(page, path);
      if (width > PHONE.width) wide.push(`${path}: ${width}px`);
    }
    await context.close();
    const anonymous = await newContext(browser, PHONE, 'en-US');
    const out = await anonymous.newPage();
    for (const path of ['/sign-in', '/sign-up']) {
      const width = await widthOf(out, path);
      if (width > PHONE.width) wide.push(`${path}: ${width}px`);
    }
    await anonymous.close();
    expect(wide).toEqual([]);
  });
});
