// Calls of the webhooks settings page: endpoints, their secret (in the answer that makes or rotates
// it only), a test event and the delivery log.
import { api, ok } from './client';
import type { Body, Input } from './types';

type Org = '/api/v1/organizations/{orgId}';
type One = `${Org}/webhooks/{webhookId}`;

export type Webhook = Body<`${Org}/webhooks`, 'get'>['items'][number];
export type WebhookWithSecret = Body<`${Org}/webhooks`, 'post'>;
export type WebhookInput = Input<`${Org}/webhooks`, 'post'>;
export type WebhookPatch = Input<One, 'patch'>;
export type WebhookDelivery = Body<`${One}/deliveries`, 'get'>['items'][number];
export type WebhookEvent = WebhookInput['events'][number];

const one = (orgId: string, webhookId: string) => ({ params: { path: { orgId, webhookId } } });

export async function listWebhooks(orgId: string): Promise<Webhook[]> {
  return (await ok(api.GET(`/api/v1/organizations/{orgId}/webhooks`, { params: { path: { orgId } } }))).items;
}

export function createWebhook(orgId: string, body: WebhookInput): Promise<WebhookWithSecret> {
  return ok(api.POST(`/api/v1/organizations/{orgId}/webhooks`, { params: { path: { orgId } }, body }));
}

export function updateWebhook(orgId: string, webhookId: string, body: WebhookPatch): Promise<Webhook> {
  return ok(api.PATCH('/api/v1/organizations/{orgId}/webhooks/{webhookId}', { ...one(orgId, webhookId), body }));
}

export async function deleteWebhook(orgId: string, webhookId: string): Promise<void> {
  await ok(api.DELETE('/api/v1/organizations/{orgId}/webhooks/{webhookId}', one(orgId, webhookId)));
}

export function rotateWebhookSecret(orgId: string, webhookId: string): Promise<WebhookWithSecret> {
  return ok(
    api.POST('/api/v1/organizations/{orgId}/webhooks/{webhookId}/rotate-secret', {
      ...one(orgId, webhookId),
      body: {},
    }),
  );
}

export function sendTestEvent(orgId: string, webhookId: string): Promise<WebhookDelivery> {
  return ok(
    api.POST('/api/v1/organizations/{orgId}/webhooks/{webhookId}/test', { ...one(orgId, webhookId), body: {} }),
  );
}

export async function listDeliveries(orgId: string, webhookId: string): Promise<WebhookDelivery[]> {
  return (await ok(api.GET('/api/v1/organizations/{orgId}/webhooks/{webhookId}/deliveries', one(orgId, webhookId))))
    .items;
}
