// Settings → Webhooks in Chromium: a manager adds an endpoint, copies its secret (shown once),
// sends a test event and sees it delivered in the log; the page at phone size in French; axe.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '@proofwork/app';
import { type Pipeline, startInProcessPipeline } from '@proofwork/workers';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
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

let server: TestServer;
let browser: Browser;
let pipeline: Pipeline;
let receiver: Server;
let hookUrl: string;
const hits: { headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      hits.push({ headers: req.headers, body });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/proofwork`;
  [server, browser] = await Promise.all([startServer({ WEBHOOK_ALLOW_PRIVATE: 'true' }), sharedBrowser()]);
  pipeline = await startInProcessPipeline({ db: server.database.db, pollMs: 100, allowPrivateWebhooks: true });
}, 120_000);

afterAll(async () => {
  await releaseBrowser(browser);
  await pipeline?.stop();
  await server?.close();
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
});

describe('webhooks settings', () => {
  it('adds an endpoint, shows its secret once, and logs a test delivery', async () => {
    const context = await newContext(browser, DESKTOP, 'en-US');
    const page = await context.newPage();
    await signIn(page, server.url, 'manager@northwind.example');
    await page.goto(`${server.url}/settings/webhooks`);
    await page.getByTestId('webhooks-empty').waitFor();
    await page.locator('#webhook-url').fill(hookUrl);
    await page.locator('#webhook-description').fill('Our automation');
    await page.getByTestId('webhook-submit').click();
    const secretField = page.getByTestId('webhook-secret').locator('input');
    await secretField.waitFor();
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^whsec_/);
    await screenshot(page, 'webhooks-desktop-en');

    await page.getByTestId('webhook-test').click();
    await expect.poll(() => hits.length, { timeout: 15_000 }).toBe(1);
    const hit = hits[0]!;
    expect(JSON.parse(hit.body).type).toBe('ping');
    expect(verifySignature(String(hit.headers['proofwork-signature']), secret, hit.body)).toBe(true);

    const log = page.getByTestId('webhook-log');
    await log.locator('summary').click();
    await expect
      .poll(
        async () => {
          await log.getByRole('button', { name: 'Refresh' }).click();
          return log.getByTestId('webhook-delivery').first().getAttribute('data-status');
        },
        { timeout: 15_000 },
      )
      .toBe('succeeded');
    await expect.poll(() => log.getByTestId('webhook-delivery').first().textContent()).toContain('Delivered');
    await screenshot(page, 'webhooks-log-desktop-en');
    expect(await axeViolations(page)).toEqual([]);

    // A reload no longer shows the secret, only its first characters.
    await page.reload();
    await page.getByTestId('webhook').waitFor();
    expect(await page.getByTestId('webhook-secret').count()).toBe(0);
    expect(await page.getByTestId('webhook').textContent()).toContain(`Secret ${secret.slice(0, 10)}`);
    await context.close();
  });

  it('fits a phone in French', async () => {
    const context = await newContext(browser, PHONE, 'fr-FR');
    const page = await context.newPage();
    await signIn(page, server.url, 'manager@lumen.example');
    await page.goto(`${server.url}/settings/webhooks`);
    await page.getByRole('heading', { name: 'Webhooks' }).first().waitFor();
    await page.getByTestId('webhooks-empty').waitFor();
    const width = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement
          .scrollWidth,
    );
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'webhooks-phone-fr');
    await context.close();
  });
});
