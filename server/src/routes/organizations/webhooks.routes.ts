// Outgoing webhooks (managers): endpoints with the events they listen for, their signing secret
// (shown once), a test event, and the delivery log. Deliveries are made by the workers.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  changeWebhook,
  createWebhook,
  getWebhookView,
  listDeliveryViews,
  listWebhookViews,
  removeWebhook,
  rotateWebhookSecret,
  sendTestEvent,
  WEBHOOK_EVENTS,
} from '@proofwork/app';
import Type from 'typebox';
import { ErrorResponses, nullable, OrgParams, optionalBody, Uuid } from '../../lib/schemas';
import { MANAGERS } from '../../plugins/tenant';

const Timestamp = Type.String({ format: 'date-time' });
const EventType = Type.Union(
  WEBHOOK_EVENTS.map((e) => Type.Literal(e)),
  { description: 'An event an endpoint may listen for' },
);
const Url = Type.String({ minLength: 8, maxLength: 2000, description: 'An http(s) URL on the public internet' });

export const WebhookBody = Type.Object({
  id: Uuid,
  url: Type.String(),
  description: Type.String(),
  events: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  disabledAt: nullable(Timestamp),
  disabledReason: nullable(Type.String()),
  failingSince: nullable(Timestamp),
  secretStart: Type.String({ description: 'The first characters of the secret, to recognise it' }),
  previousSecretExpiresAt: nullable(
    Type.String({ format: 'date-time', description: 'Until then the rotated secret signs too' }),
  ),
  createdAt: Timestamp,
});
const WithSecret = Type.Object({
  ...WebhookBody.properties,
  secret: Type.String({ description: 'Shown once: signs every delivery (Proofwork-Signature)' }),
});
const DeliveryBody = Type.Object({
  id: Uuid,
  eventId: Uuid,
  eventType: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  nextAttemptAt: nullable(Timestamp),
  lastStatusCode: nullable(Type.Integer()),
  lastError: nullable(Type.String()),
  lastLatencyMs: nullable(Type.Integer()),
  createdAt: Timestamp,
  deliveredAt: nullable(Timestamp),
});
const WebhookParams = Type.Object({ orgId: Uuid, webhookId: Uuid }, { additionalProperties: false });
const Events = Type.Array(EventType, { minItems: 1, maxItems: WEBHOOK_EVENTS.length, uniqueItems: true });
const Description = Type.String({ maxLength: 200 });

const webhooksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = app.deps;
  const policy = { allowPrivate: deps.config.WEBHOOK_ALLOW_PRIVATE };
  const common = { tags: ['webhooks'] };

  app.get(
    '/webhooks',
    {
      config: { roles: MANAGERS, scope: 'read' },
      schema: {
        ...common,
        summary: 'The organization’s webhook endpoints',
        params: OrgParams,
        response: { 200: Type.Object({ items: Type.Array(WebhookBody) }), ...ErrorResponses },
      },
    },
    async (request) => ({ items: await listWebhookViews(deps, request.actor) }),
  );

  app.post(
    '/webhooks',
    {
      config: { roles: MANAGERS, scope: 'manage' },
      schema: {
        ...common,
        summary: 'Add an endpoint: a signed POST for each event it listens for (the secret is in this answer only)',
        params: OrgParams,
        body: Type.Object(
          { url: Url, events: Events, description: Type.Optional(Description) },
          { additionalProperties: false },
        ),
        response: { 201: WithSecret, ...ErrorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createWebhook(deps, request.actor, request.body, policy)),
  );

  app.get(
    '/webhooks/:webhookId',
    {
      config: { roles: MANAGERS, scope: 'read' },
      schema: {
        ...common,
        summary: 'One endpoint',
        params: WebhookParams,
        response: { 200: WebhookBody, ...ErrorResponses },
      },
    },
    async (request) => getWebhookView(deps, request.actor, request.params.webhookId),
  );

  app.patch(
    '/webhooks/:webhookId',
    {
      config: { roles: MANAGERS, scope: 'manage' },
      schema: {
        ...common,
        summary: 'Change an endpoint, or turn it off and on (turning it on clears a failure)',
        params: WebhookParams,
        body: Type.Object(
          {
            url: Type.Optional(Url),
            events: Type.Optional(Events),
            description: Type.Optional(Description),
            enabled: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: WebhookBody, ...ErrorResponses },
      },
    },
    async (request) => changeWebhook(deps, request.actor, request.params.webhookId, request.body, policy),
  );

  app.delete(
    '/webhooks/:webhookId',
    {
      config: { roles: MANAGERS, scope: 'manage' },
      schema: {
        ...common,
        summary: 'Delete an endpoint and its delivery log',
        params: WebhookParams,
        response: { 204: Type.Null(), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      await removeWebhook(deps, request.actor, request.params.webhookId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/webhooks/:webhookId/rotate-secret',
    {
      config: { roles: MANAGERS, scope: 'manage' },
      schema: {
        ...common,
        summary: 'A new secret (in this answer only); the old one keeps signing for 24 hours',
        params: WebhookParams,
        body: optionalBody({}),
        response: { 200: WithSecret, ...ErrorResponses },
      },
    },
    async (request) => rotateWebhookSecret(deps, request.actor, request.params.webhookId),
  );

  app.post(
    '/webhooks/:webhookId/test',
    {
      config: { roles: MANAGERS, scope: 'manage' },
      schema: {
        ...common,
        summary: 'Send a `ping` event to the endpoint now; follow it in the delivery log',
        params: WebhookParams,
        body: optionalBody({}),
        response: { 202: DeliveryBody, ...ErrorResponses },
      },
    },
    async (request, reply) => reply.code(202).send(await sendTestEvent(deps, request.actor, request.params.webhookId)),
  );

  app.get(
    '/webhooks/:webhookId/deliveries',
    {
      config: { roles: MANAGERS, scope: 'read' },
      schema: {
        ...common,
        summary: 'The endpoint’s last 50 deliveries: status, attempts, latency, last error',
        params: WebhookParams,
        response: { 200: Type.Object({ items: Type.Array(DeliveryBody) }), ...ErrorResponses },
      },
    },
    async (request) => ({ items: await listDeliveryViews(deps, request.actor, request.params.webhookId) }),
  );
};

export default webhooksRoutes;
