import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Webhook, WebhookWithSecret } from '$lib/api/webhooks';
import { ORG, signedIn } from '../../../../../test/fixtures';
import { type WebhooksApi, WebhooksSettings } from './webhooks.svelte';

const hook = (id: string, overrides: Partial<Webhook> = {}): Webhook => ({
  id,
  url: `https://hooks.example.test/${id}`,
  description: '',
  events: ['entry.created'],
  enabled: true,
  disabledAt: null,
  disabledReason: null,
  failingSince: null,
  secretStart: 'whsec_abcd',
  previousSecretExpiresAt: null,
  createdAt: '2026-11-25T10:00:00Z',
  ...overrides,
});

function api(): WebhooksApi {
  return {
    listWebhooks: vi.fn(async () => [hook('w1')]),
    createWebhook: vi.fn(async (_org, body) => ({
      ...hook('w2', { url: body.url, events: body.events }),
      secret: 'whsec_new',
    })),
    updateWebhook: vi.fn(async (_org, id, patch) => hook(id, patch as Partial<Webhook>)),
    deleteWebhook: vi.fn(async () => {}),
    rotateWebhookSecret: vi.fn(async (_org, id) => ({ ...hook(id), secret: 'whsec_rotated' }) as WebhookWithSecret),
    sendTestEvent: vi.fn(async () => ({
      id: 'd1',
      eventId: 'e1',
      eventType: 'ping',
      status: 'pending' as const,
      attempts: 0,
      nextAttemptAt: '2026-11-25T10:00:00Z',
      lastStatusCode: null,
      lastError: null,
      lastLatencyMs: null,
      createdAt: '2026-11-25T10:00:00Z',
      deliveredAt: null,
    })),
    listDeliveries: vi.fn(async () => []),
  };
}

beforeEach(() => {
  signedIn();
});

describe('webhooks settings', () => {
  it('adds an endpoint with the chosen events and keeps its secret to show once', async () => {
    const calls = api();
    const page = new WebhooksSettings(calls);
    await page.load(ORG);
    page.url = '  https://hooks.example.test/new ';
    page.toggleEvent('week.approved', false);
    page.toggleEvent('export.done', true);
    await page.add();
    expect(calls.createWebhook).toHaveBeenCalledWith(ORG, {
      url: 'https://hooks.example.test/new',
      events: ['entry.created', 'export.done'],
    });
    expect(page.webhooks?.map((w) => w.id)).toEqual(['w1', 'w2']);
    expect(page.secret).toEqual({ webhookId: 'w2', secret: 'whsec_new' });
    expect(page.url).toBe('');
    expect(JSON.stringify(page.webhooks)).not.toContain('whsec_new');
  });

  it('shows a rotated secret once, and forgets it when the endpoint is deleted', async () => {
    const calls = api();
    const page = new WebhooksSettings(calls);
    await page.load(ORG);
    await page.rotate(page.webhooks![0]!);
    expect(page.secret).toEqual({ webhookId: 'w1', secret: 'whsec_rotated' });
    await page.remove(page.webhooks![0]!);
    expect(page.webhooks).toEqual([]);
    expect(page.secret).toBeNull();
  });

  it('puts a test event at the top of the log, and turns an endpoint off', async () => {
    const calls = api();
    const page = new WebhooksSettings(calls);
    await page.load(ORG);
    await page.test(page.webhooks![0]!);
    expect(page.deliveries.w1?.map((d) => d.eventType)).toEqual(['ping']);
    await page.setEnabled(page.webhooks![0]!, false);
    expect(calls.updateWebhook).toHaveBeenCalledWith(ORG, 'w1', { enabled: false });
    expect(page.webhooks![0]!.enabled).toBe(false);
  });
});
