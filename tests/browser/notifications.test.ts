// Reminders and notifications in Chromium: a member turns a reminder off in their profile (and it
// stays off); the bell shows an unread notice and clears it; the pages at phone size in French; axe.
import { createHash, randomBytes } from 'node:crypto';
import { insertNotification, schema } from '@proofwork/db';
import { and, eq, isNull } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  DESKTOP,
  newContext,
  PHONE,
  releaseBrowser,
  SCREENSHOTS,
  screenshot,
  sharedBrowser,
  signIn,
  startServer,
  type TestServer,
} from './support';

type PageWidth = { document: { documentElement: { scrollWidth: number } } };

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), sharedBrowser()]);
}, 120_000);

afterAll(async () => {
  await releaseBrowser(browser);
  await server?.close();
});

/** A member of the demo and a notice waiting for them in the app. */
async function noticeFor(email: string, dedupeKey: string) {
  const db = server.database.db;
  const [row] = await db
    .select({ memberId: schema.members.id, organizationId: schema.members.organizationId })
    .from(schema.members)
    .innerJoin(schema.users, eq(schema.users.id, schema.members.userId))
    .where(eq(schema.users.email, email));
  await insertNotification(db, {
    organizationId: row!.organizationId,
    memberId: row!.memberId,
    kind: 'nothing_logged',
    dedupeKey,
    data: { date: dedupeKey, weekStart: dedupeKey },
    mailStatus: 'skipped',
  });
  return row!;
}

const unread = async (memberId: string) =>
  (
    await server.database.db
      .select()
      .from(schema.notifications)
      .where(and(eq(schema.notifications.memberId, memberId), isNull(schema.notifications.readAt)))
  ).length;

describe('reminders and notifications', () => {
  it('a member turns a reminder off in the profile; the bell shows an unread notice and clears it', async () => {
    const { memberId } = await noticeFor('cm@northwind.example', '2026-11-30');
    const context = await newContext(browser, DESKTOP, 'en-US');
    const page = await context.newPage();
    await signIn(page, server.url, 'cm@northwind.example');

    // The bell: one unread notice.
    await expect.poll(() => page.getByTestId('unread-count').textContent()).toBe('1');
    await page.getByTestId('notifications').click();
    await page.getByText('Nothing logged for Monday, November 30.').waitFor();
    await screenshot(page, 'notifications-desktop-en');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByTestId('mark-all').click();
    await expect.poll(() => page.getByTestId('unread-count').count()).toBe(0);
    await expect.poll(() => unread(memberId)).toBe(0);
    await page.keyboard.press('Escape');

    // The profile: "nothing logged" off, saved, still off after a reload.
    await page.goto(`${server.url}/profile`);
    const box = page.getByTestId('reminder-nothing_logged');
    await box.waitFor();
    expect(await box.isChecked()).toBe(true);
    await box.uncheck();
    await page.getByTestId('save-reminders').click();
    await page.getByText('Reminders saved').waitFor();
    const [saved] = await server.database.db
      .select()
      .from(schema.notificationSettings)
      .where(
        and(eq(schema.notificationSettings.memberId, memberId), eq(schema.notificationSettings.kind, 'nothing_logged')),
      );
    expect(saved!.enabled).toBe(false);
    await page.reload();
    await page.getByTestId('reminder-nothing_logged').waitFor();
    expect(await page.getByTestId('reminder-nothing_logged').isChecked()).toBe(false);
    expect(await page.getByTestId('reminder-timer_running').isChecked()).toBe(true);
    await page.getByTestId('reminders').scrollIntoViewIfNeeded();
    await screenshot(page, 'profile-reminders-desktop-en');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  }, 120_000);

  it('managers set the organization’s reminder defaults', async () => {
    const context = await newContext(browser, DESKTOP, 'en-US');
    const page = await context.newPage();
    await signIn(page, server.url, 'manager@northwind.example');
    await page.goto(`${server.url}/settings`);
    const digest = page.getByTestId('reminder-manager_digest');
    await digest.waitFor();
    await digest.uncheck();
    await page.getByTestId('save-reminders').click();
    await page.getByText('Reminders saved').waitFor();
    const [saved] = await server.database.db
      .select()
      .from(schema.notificationSettings)
      .where(and(isNull(schema.notificationSettings.memberId), eq(schema.notificationSettings.kind, 'manager_digest')));
    expect(saved!.enabled).toBe(false);
    await page.getByTestId('reminders').scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-reminder-defaults-desktop-en');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  }, 120_000);

  it('fits a phone in French: the notifications menu, the reminders, the mail pages', async () => {
    await noticeFor('alex@northwind.example', '2026-12-01');
    const context = await newContext(browser, PHONE, 'fr-FR');
    const page = await context.newPage();
    await signIn(page, server.url, 'alex@northwind.example');
    // Alex reads Proofwork in French (their own choice, as the profile sets it).
    await page.evaluate(() =>
      fetch('/api/v1/me', {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ locale: 'fr' }),
      }),
    );
    await page.reload();
    await page.getByTestId('notifications').waitFor();
    await page.getByTestId('notifications').click();
    await page.getByText('Rien de saisi pour', { exact: false }).waitFor();
    await screenshot(page, 'notifications-phone-fr');
    expect(await axeViolations(page)).toEqual([]);
    const width = await page.evaluate(() => (globalThis as unknown as PageWidth).document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await page.keyboard.press('Escape');
    await page.goto(`${server.url}/profile`);
    await page.getByTestId('reminder-nothing_logged').waitFor();
    await page.getByTestId('reminders').scrollIntoViewIfNeeded();
    if (SCREENSHOTS)
      await page.screenshot({ path: `${import.meta.dirname}/screenshots/profile-reminders-phone-fr.png` });
    expect(
      await page.evaluate(() => (globalThis as unknown as PageWidth).document.documentElement.scrollWidth),
    ).toBeLessThanOrEqual(390);
    for (const [path, name] of [
      ['/forgot-password', 'forgot-password'],
      ['/reset-password?token=abc', 'reset-password'],
      [`/unsubscribe/${'A'.repeat(43)}`, 'unsubscribe-invalid'],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      await page.locator('#auth-title').waitFor();
      await page.waitForTimeout(300);
      await screenshot(page, `${name}-phone-fr`);
      expect(await axeViolations(page), path).toEqual([]);
    }
    await context.close();
  }, 120_000);

  it("a pack recipient's unsubscribe page speaks of the packs, and takes them off the schedule", async () => {
    const db = server.database.db;
    const [org] = await db
      .select({ id: schema.organizations.id, name: schema.organizations.name })
      .from(schema.organizations)
      .limit(1);
    const [schedule] = await db
      .insert(schema.evidenceSchedules)
      .values({ organizationId: org!.id, cadence: 'monthly', recipients: ['cfo@client.example'], locale: 'fr' })
      .returning();
    // The link's secret as a send makes it: only its SHA-256 is stored.
    const secret = randomBytes(32).toString('base64url');
    await db.insert(schema.evidenceScheduleSends).values({
      organizationId: org!.id,
      scheduleId: schedule!.id,
      period: '2026-11',
      recipient: 'cfo@client.example',
      status: 'sent',
      unsubscribeTokenHash: createHash('sha256').update(secret).digest('hex'),
    });
    const context = await newContext(browser, PHONE, 'fr-FR');
    const page = await context.newPage();
    await page.goto(`${server.url}/unsubscribe/${secret}`);
    await page.getByRole('heading', { name: 'Dossiers de preuves par e-mail' }).waitFor();
    expect(await page.title()).toBe('Dossiers de preuves par e-mail · Proofwork');
    await screenshot(page, 'unsubscribe-pack-phone-fr');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Ne plus les recevoir' }).click();
    await expect.poll(() => page.getByTestId('unsubscribed').textContent()).toContain(org!.name);
    const [after] = await db
      .select({ recipients: schema.evidenceSchedules.recipients })
      .from(schema.evidenceSchedules)
      .where(eq(schema.evidenceSchedules.id, schedule!.id));
    expect(after!.recipients).toEqual([]);
    await context.close();
  }, 120_000);
});
