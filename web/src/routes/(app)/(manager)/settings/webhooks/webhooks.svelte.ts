// The webhooks settings page's state: the endpoints, the form that adds one, the secret shown once
// (after adding or rotating), and each endpoint's delivery log, read when it is opened.

import type { Webhook, WebhookDelivery, WebhookEvent, WebhookWithSecret } from '$lib/api/webhooks';
import * as webhooksApi from '$lib/api/webhooks';
import { errorText } from '$lib/errors';
import { t } from '$lib/i18n.svelte';
import { toasts } from '$lib/state/toasts.svelte';

export const EVENTS: WebhookEvent[] = [
  'entry.created',
  'entry.updated',
  'entry.deleted',
  'week.submitted',
  'week.approved',
  'week.rejected',
  'week.reopened',
  'export.done',
  'member.joined',
];

/** The calls the page makes (the real API by default; a test passes its own). */
export type WebhooksApi = Pick<
  typeof webhooksApi,
  | 'listWebhooks'
  | 'createWebhook'
  | 'updateWebhook'
  | 'deleteWebhook'
  | 'rotateWebhookSecret'
  | 'sendTestEvent'
  | 'listDeliveries'
>;

export class WebhooksSettings {
  webhooks = $state<Webhook[] | null>(null);
  loadError = $state<unknown>(null);
  url = $state('');
  description = $state('');
  events = $state<WebhookEvent[]>(['entry.created', 'week.approved']);
  adding = $state(false);
  addError = $state<unknown>(null);
  /** The secret just made (by adding or rotating), shown once. */
  secret = $state<{ webhookId: string; secret: string } | null>(null);
  deliveries = $state<Record<string, WebhookDelivery[] | undefined>>({});
  readonly #api: WebhooksApi;
  #orgId: string | null = null;

  constructor(api: WebhooksApi = webhooksApi) {
    this.#api = api;
  }

  async load(orgId: string) {
    this.#orgId = orgId;
    this.loadError = null;
    try {
      this.webhooks = await this.#api.listWebhooks(orgId);
    } catch (e) {
      this.loadError = e;
    }
  }

  toggleEvent(event: WebhookEvent, on: boolean) {
    this.events = on ? [...new Set([...this.events, event])] : this.events.filter((e) => e !== event);
  }

  #keep(row: Webhook) {
    const rest = (this.webhooks ?? []).filter((w) => w.id !== row.id);
    const index = (this.webhooks ?? []).findIndex((w) => w.id === row.id);
    this.webhooks = index < 0 ? [...rest, row] : (this.webhooks ?? []).map((w) => (w.id === row.id ? row : w));
  }

  #withSecret({ secret, ...row }: WebhookWithSecret) {
    this.#keep(row);
    this.secret = { webhookId: row.id, secret };
  }

  async add() {
    const orgId = this.#orgId;
    if (!orgId || !this.url.trim() || this.events.length === 0) return;
    this.adding = true;
    this.addError = null;
    try {
      const created = await this.#api.createWebhook(orgId, {
        url: this.url.trim(),
        events: this.events,
        ...(this.description.trim() ? { description: this.description.trim() } : {}),
      });
      this.#withSecret(created);
      this.url = '';
      this.description = '';
      toasts.show(t('webhooks.created'), { kind: 'success' });
    } catch (e) {
      this.addError = e;
    } finally {
      this.adding = false;
    }
  }

  async #act(run: (orgId: string) => Promise<void>) {
    const orgId = this.#orgId;
    if (!orgId) return;
    try {
      await run(orgId);
    } catch (e) {
      toasts.error(errorText(e));
    }
  }

  setEnabled(webhook: Webhook, enabled: boolean) {
    return this.#act(async (orgId) => {
      this.#keep(await this.#api.updateWebhook(orgId, webhook.id, { enabled }));
      toasts.show(t(enabled ? 'webhooks.enabled' : 'webhooks.disabledToast'), { kind: 'success' });
    });
  }

  rotate(webhook: Webhook) {
    return this.#act(async (orgId) => {
      this.#withSecret(await this.#api.rotateWebhookSecret(orgId, webhook.id));
      toasts.show(t('webhooks.rotated'), { kind: 'success' });
    });
  }

  remove(webhook: Webhook) {
    return this.#act(async (orgId) => {
      await this.#api.deleteWebhook(orgId, webhook.id);
      this.webhooks = (this.webhooks ?? []).filter((w) => w.id !== webhook.id);
      if (this.secret?.webhookId === webhook.id) this.secret = null;
      toasts.show(t('webhooks.deleted'), { kind: 'success' });
    });
  }

  test(webhook: Webhook) {
    return this.#act(async (orgId) => {
      const delivery = await this.#api.sendTestEvent(orgId, webhook.id);
      this.deliveries[webhook.id] = [delivery, ...(this.deliveries[webhook.id] ?? [])];
      toasts.show(t('webhooks.testSent'), { kind: 'success' });
    });
  }

  /** Reads an endpoint's delivery log (again). */
  readDeliveries(webhook: Webhook) {
    return this.#act(async (orgId) => {
      this.deliveries[webhook.id] = await this.#api.listDeliveries(orgId, webhook.id);
    });
  }
}
