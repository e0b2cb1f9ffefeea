// Two-factor authentication in Chromium: a person turns it on from the profile (QR code and key,
// a first code from the app, recovery codes shown once), signs out, and signs in again with a code
// computed here as an authenticator app would; on a phone in French, with a recovery code. The
// sign-in page's "Sign in with your company" step and Settings → Sign-in security are captured too.
// axe on every page.

import { sql } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import type { Browser, Page } from 'playwright-core';
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
  signIn,
  startServer,
  type TestServer,
} from './support';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), sharedBrowser()]);
}, 120_000);

afterAll(async () => {
  await releaseBrowser(browser);
  await server?.close();
});

const pageWidth = (page: Page) =>
  page.evaluate(
    () =>
      (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement
        .scrollWidth,
  );

/** Turns two-factor authentication on from the profile; returns the app's TOTP and the recovery codes. */
async function enrol(page: Page, shot: string) {
  await page.goto(`${server.url}/profile`);
  const panel = page.getByTestId('two-factor');
  await panel.waitFor();
  await panel.locator('#tf-password').fill(DEMO_PASSWORD);
  await page.getByTestId('two-factor-start').click();
  const secret = (await page.getByTestId('two-factor-secret').textContent())!.replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await page.getByTestId('two-factor-qr').locator('svg').waitFor();
  const codes = await page.getByTestId('recovery-codes').locator('li').allTextContents();
  expect(codes.length).toBe(10);
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, `${shot}-scan`);
  expect(await axeViolations(page)).toEqual([]);
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
  await page.locator('#tf-code').fill(totp.generate());
  await page.getByTestId('two-factor-confirm').click();
  await expect.poll(() => page.getByTestId('two-factor-status').getAttribute('data-on')).toBe('true');
  // The codes stay on screen until the person says they kept them, then never again.
  await page.getByTestId('recovery-codes').waitFor();
  await screenshot(page, `${shot}-on`);
  await page.getByTestId('recovery-codes-kept').click();
  expect(await page.getByTestId('recovery-codes').count()).toBe(0);
  return { totp, codes: codes.map((c) => c.trim()) };
}

async function signOutFromProfile(page: Page) {
  await page.getByTestId('profile-sign-out').click();
  // Two navigations follow: the app's layout sends an anonymous visitor to /sign-in?next=/profile,
  // then the profile's own sign-out goes to /sign-in. Type only once the second has happened.
  await page.waitForURL((url) => url.pathname === '/sign-in' && url.search === '');
  await page.locator('#email').waitFor();
}

async function passwordStep(page: Page, email: string) {
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(DEMO_PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('code-step').waitFor();
}

describe('two-factor authentication', () => {
  it('is turned on from the profile and asked for at the next sign-in (desktop, English)', async () => {
    const context = await newContext(browser, DESKTOP, 'en-US');
    const page = await context.newPage();
    await signIn(page, server.url, 'cm@northwind.example');
    const { totp } = await enrol(page, 'two-factor-profile-desktop-en');
    expect(await axeViolations(page)).toEqual([]);
    await signOutFromProfile(page);

    await passwordStep(page, 'cm@northwind.example');
    await screenshot(page, 'two-factor-sign-in-desktop-en');
    expect(await axeViolations(page)).toEqual([]);
    // A wrong code is refused in words; the right one signs in.
    const wrong = String((Number(totp.generate()) + 1) % 1_000_000).padStart(6, '0');
    await page.locator('#code').fill(wrong);
    await page.locator('[data-testid="code-step"] button[type="submit"]').click();
    await expect.poll(() => page.getByTestId('form-error').textContent()).toContain('This code is not right');
    await page.locator('#code').fill(totp.generate());
    await page.locator('[data-testid="code-step"] button[type="submit"]').click();
    await page.waitForURL(/\/week(\?|$)/);
    await page.getByTestId('week-total').waitFor();
    await context.close();
  });

  it('fits a phone in French and takes a recovery code once', async () => {
    const context = await newContext(browser, PHONE, 'fr-FR');
    const page = await context.newPage();
    await signIn(page, server.url, 'cm@lumen.example');
    const { codes } = await enrol(page, 'two-factor-profile-phone-fr');
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await signOutFromProfile(page);

    await passwordStep(page, 'cm@lumen.example');
    expect(await page.getByRole('heading', { name: 'Double authentification' }).count()).toBe(1);
    await page.getByTestId('use-recovery').click();
    await page.locator('#code').fill(codes[0]!);
    await screenshot(page, 'two-factor-sign-in-phone-fr');
    expect(await axeViolations(page)).toEqual([]);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await page.locator('[data-testid="code-step"] button[type="submit"]').click();
    await page.waitForURL(/\/week(\?|$)/);
    await context.close();
  });
});

describe('signing in with the company, and the settings', () => {
  it('offers the company step and explains a refusal (desktop English, phone French)', async () => {
    for (const [viewport, locale, name] of [
      [DESKTOP, 'en-US', 'desktop-en'],
      [PHONE, 'fr-FR', 'phone-fr'],
    ] as const) {
      const context = await newContext(browser, viewport, locale);
      const page = await context.newPage();
      await page.goto(`${server.url}/sign-in`);
      await page.getByTestId('sign-in-company').click();
      expect(await page.locator('#password').count()).toBe(0);
      await page.locator('#email').fill('someone@unknown-company.example');
      await page.getByTestId('sign-in-submit').click();
      await page.getByTestId('form-error').waitFor();
      expect(await page.getByTestId('form-error').textContent()).toContain(
        locale === 'en-US' ? 'No organization signs in with this e-mail domain' : 'Aucune organisation',
      );
      await screenshot(page, `sso-sign-in-${name}`);
      expect(await axeViolations(page)).toEqual([]);
      expect(await pageWidth(page)).toBeLessThanOrEqual(viewport.width);
      // Back from the provider with a refusal.
      await page.goto(`${server.url}/sign-in?error=domain_not_allowed`);
      await page.getByTestId('form-error').waitFor();
      expect(await page.getByTestId('form-error').textContent()).toContain(
        locale === 'en-US' ? 'outside your organization' : 'hors des domaines',
      );
      await context.close();
    }
  });

  it('shows Settings → Sign-in security to a manager (desktop English, phone French)', async () => {
    for (const [viewport, locale, email, owner, name] of [
      [DESKTOP, 'en-US', 'manager@northwind.example', true, 'desktop-en'],
      [PHONE, 'fr-FR', 'manager@lumen.example', false, 'phone-fr'],
    ] as const) {
      const context = await newContext(browser, viewport, locale);
      const page = await context.newPage();
      await signIn(page, server.url, email);
      await page.goto(`${server.url}/settings/security`);
      await page.getByTestId('sso-state').waitFor();
      expect(await page.getByTestId('sso-redirect').count()).toBeGreaterThan(0);
      // Only owners change the two-factor rule, and not to one they do not meet themselves.
      expect(await page.locator('#tf-rule').isDisabled()).toBe(!owner);
      if (owner) {
        await page.locator('#tf-rule').selectOption('everyone');
        const refusal = page.getByTestId('two-factor-rule').getByTestId('form-error');
        await expect
          .poll(() => refusal.textContent())
          .toContain('enable two-factor authentication on your own account');
        expect(await page.locator('#tf-rule').inputValue()).toBe('nobody');
      }
      if (owner) {
        await page.locator('#sso-issuer').fill('https://login.example.com');
        await page.locator('#sso-client').fill('proofwork');
        await page.locator('#sso-domains').fill('gmail.com');
        await page.getByTestId('sso-save').click();
        await page.getByTestId('form-error').first().waitFor();
      } else {
        // A manager reads the connection; only owners may point it at a provider.
        await page.getByTestId('sso-owners-only').waitFor();
        expect(await page.locator('#sso-issuer').isDisabled()).toBe(true);
        expect(await page.getByTestId('sso-save').isDisabled()).toBe(true);
      }
      await screenshot(page, `sso-settings-${name}`);
      expect(await axeViolations(page)).toEqual([]);
      expect(await pageWidth(page)).toBeLessThanOrEqual(viewport.width);
      await context.close();
    }
  });
});

describe('an organization that requires two-factor authentication', () => {
  it('leads a member without it to turn it on, then back to their week (desktop, French)', async () => {
    const db = server.database.db;
    await db.execute(sql`update organizations set two_factor_required = 'everyone' where slug like '%lumen%'`);
    try {
      const context = await newContext(browser, DESKTOP, 'fr-FR');
      const page = await context.newPage();
      await page.goto(`${server.url}/sign-in`);
      await page.locator('#email').fill('hugo@lumen.example');
      await page.locator('#password').fill(DEMO_PASSWORD);
      await page.getByTestId('sign-in-submit').click();
      await page.waitForURL(/\/two-factor$/);
      await page.getByTestId('two-factor-required').waitFor();
      expect(await page.getByTestId('two-factor-required').textContent()).toContain('exige la double authentification');
      await page.locator('#tf-password').fill(DEMO_PASSWORD);
      await page.getByTestId('two-factor-start').click();
      const secret = (await page.getByTestId('two-factor-secret').textContent())!.replace(/\s+/g, '');
      await screenshot(page, 'two-factor-required-desktop-fr');
      expect(await axeViolations(page)).toEqual([]);
      await page.locator('#tf-code').fill(new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate());
      await page.getByTestId('two-factor-confirm').click();
      // The recovery codes stay until the person says they kept them, then back to work.
      await page.getByTestId('recovery-codes-kept').click();
      await page.waitForURL(/\/week(\?|$)/);
      await page.getByTestId('week-total').waitFor();
      await context.close();
    } finally {
      await db.execute(sql`update organizations set two_factor_required = 'nobody'`);
    }
  });
});
