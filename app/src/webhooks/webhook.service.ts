// Outgoing webhooks, managed by managers: an endpoint listens for some event types; each event is
// delivered by the workers with retries and exponential back-off, signed with the endpoint's
// secret (shown once; a rotation keeps the old one signing for a day). An endpoint failing for a
// whole day is disabled, and the managers are told.
import { randomBytes } from 'node:crypto';
import {
  type AttemptOutcome,
  abandonWebhookDeliveries,
  claimWebhookDelivery,
  type DomainEvent,
  deleteWebhook,
  type Executor,
  emitDomainEvents,
  getWebhook,
  insertWebhook,
  insertWebhookDelivery,
  listWebhookDeliveries,
  listWebhooks,
  recordWebhookAttempt,
  updateWebhook,
  type WebhookDeliveryRow,
  type WebhookRow,
} from '@proofwork/db';
import { uuidv7 } from 'uuidv7';
import type { Actor } from '../actor';
import type { ServiceDeps } from '../context';
import { invalidField, notFound } from '../errors';
import { type DeliveryAttempt, postWebhook } from './deliver';
import { EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature';
import { checkWebhookUrl, type TargetPolicy } from './ssrf';

/** The events an endpoint may listen for. */
export const WEBHOOK_EVENTS = [
  'entry.created',
  'entry.updated',
  'entry.deleted',
  'week.submitted',
  'week.approved',
  'week.rejected',
  'week.reopened',
  'export.done',
  'member.joined',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];
/** The test event of the "send a test event" button. */
export const PING_EVENT = 'ping';

const SECRET_PREFIX = 'whsec_';
const ROTATION_OVERLAP_MS = 24 * 3600_000;
/** Failing this long in a row disables an endpoint. */
export const DISABLE_AFTER_MS = 24 * 3600_000;
/** Attempts of one delivery: with the back-off below they span a little more than a day. */
export const MAX_ATTEMPTS = 30;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const newSecret = () => `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;

export function webhookView(row: WebhookRow) {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events,
    enabled: row.enabled,
    disabledAt: iso(row.disabledAt),
    disabledReason: row.disabledReason,
    failingSince: iso(row.failingSince),
    /** The first characters of the secret, to recognise it. */
    secretStart: row.secret.slice(0, SECRET_PREFIX.length + 4),
    previousSecretExpiresAt: iso(row.previousSecretExpiresAt),
    createdAt: row.createdAt.toISOString(),
  };
}

export function deliveryView(row: WebhookDeliveryRow) {
  return {
    id: row.id,
    eventId: row.eventId,
    eventType: row.eventType,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    lastLatencyMs: row.lastLatencyMs,
    createdAt: row.createdAt.toISOString(),
    deliveredAt: iso(row.deliveredAt),
  };
}

function checkEvents(events: readonly string[] | undefined) {
  if (events === undefined) return;
  if (events.length === 0) throw invalidField('events', 'must name at least one event');
  const unknown = events.find((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e));
  if (unknown) throw invalidField('events', `"${unknown}" is not an event (${WEBHOOK_EVENTS.join(', ')})`);
}

async function webhookOf(db: Executor, actor: Actor, id: string): Promise<WebhookRow> {
  const row = await getWebhook(db, actor.organizationId, id);
  if (!row) throw notFound('Webhook');
  return row;
}

export async function listWebhookViews({ db }: ServiceDeps, actor: Actor) {
  return (await listWebhooks(db, actor.organizationId)).map(webhookView);
}

export async function getWebhookView({ db }: ServiceDeps, actor: Actor, id: string) {
  return webhookView(await webhookOf(db, actor, id));
}

export interface WebhookInput {
  url: string;
  events: string[];
  description?: string;
}

/** A new endpoint; its secret is in this answer only. */
export async function createWebhook({ db }: ServiceDeps, actor: Actor, input: WebhookInput, policy: TargetPolicy) {
  checkWebhookUrl(input.url, policy);
  checkEvents(input.events);
  const secret = newSecret();
  const row = await insertWebhook(db, actor.organizationId, {
    url: input.url,
    events: [...new Set(input.events)],
    description: input.description ?? '',
    secret,
    createdByMemberId: actor.memberId,
  });
  return { ...webhookView(row), secret };
}

export async function changeWebhook(
  { db }: ServiceDeps,
  actor: Actor,
  id: string,
  input: Partial<WebhookInput> & { enabled?: boolean },
  policy: TargetPolicy,
) {
  if (input.url !== undefined) checkWebhookUrl(input.url, policy);
  checkEvents(input.events);
  await webhookOf(db, actor, id);
  const row = await updateWebhook(db, actor.organizationId, id, {
    url: input.url,
    events: input.events && [...new Set(input.events)],
    description: input.description,
    ...(input.enabled === true ? { enabled: true, disabledAt: null, disabledReason: null, failingSince: null } : {}),
    ...(input.enabled === false
      ? { enabled: false, disabledAt: new Date(), disabledReason: 'disabled by a manager' }
      : {}),
  });
  if (!row) throw notFound('Webhook');
  if (input.enabled === false)
    await abandonWebhookDeliveries(db, actor.organizationId, id, 'the endpoint was disabled');
  return webhookView(row);
}

export async function removeWebhook({ db }: ServiceDeps, actor: Actor, id: string) {
  if (!(await deleteWebhook(db, actor.organizationId, id))) throw notFound('Webhook');
}

/** A new secret, shown once; the old one keeps signing for a day so receivers can switch over. */
export async function rotateWebhookSecret({ db, clock }: ServiceDeps, actor: Actor, id: string) {
  const current = await webhookOf(db, actor, id);
  const secret = newSecret();
  const row = await updateWebhook(db, actor.organizationId, id, {
    secret,
    previousSecret: current.secret,
    previousSecretExpiresAt: new Date(clock.now().getTime() + ROTATION_OVERLAP_MS),
  });
  return { ...webhookView(row!), secret };
}

/** Queues a `ping` event to this endpoint now (whatever it listens for), for the delivery log. */
export async function sendTestEvent({ db, clock }: ServiceDeps, actor: Actor, id: string) {
  const webhook = await webhookOf(db, actor, id);
  const eventId = uuidv7();
  const body = JSON.stringify({
    id: eventId,
    type: PING_EVENT,
    createdAt: clock.now().toISOString(),
    organizationId: actor.organizationId,
    data: { webhookId: webhook.id, message: 'A test event from Proofwork' },
  });
  return deliveryView(
    await insertWebhookDelivery(db, actor.organizationId, {
      webhookId: id,
      eventId,
      eventType: PING_EVENT,
      body,
      nextAttemptAt: clock.now(),
    }),
  );
}

export async function listDeliveryViews({ db }: ServiceDeps, actor: Actor, id: string) {
  await webhookOf(db, actor, id);
  return (await listWebhookDeliveries(db, actor.organizationId, id)).map(deliveryView);
}

/** Records what happened, in the transaction of the change, for the endpoints listening. */
export const emitEvents = (db: Executor, organizationId: string, events: DomainEvent[]) =>
  emitDomainEvents(db, organizationId, events);

// ─── Delivering (the workers) ─────────────────────────────────────────────────────────────────

/** 30 s, 1 min, 2 min … then hourly, with ±10 % jitter so retries of many endpoints spread out. */
export function retryDelayMs(attempts: number, random = Math.random): number {
  const base = Math.min(3600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.9 + 0.2 * random()));
}

export type Poster = (
  url: string,
  body: string,
  headers: Record<string, string>,
  policy: TargetPolicy,
) => Promise<DeliveryAttempt>;

/**
 * One attempt of one delivery: signed with every secret still valid, sent, recorded. A failure is
 * retried later, until MAX_ATTEMPTS or until the endpoint has failed for a whole day, when it is
 * disabled (its other deliveries are given up) and `onDisabled` tells the managers.
 */
export async function attemptWebhookDelivery(
  { db, clock }: ServiceDeps,
  target: { organizationId: string; deliveryId: string },
  policy: TargetPolicy,
  options: { post?: Poster; onDisabled?: (webhook: WebhookRow) => Promise<void> } = {},
): Promise<'succeeded' | 'retrying' | 'failed' | 'skipped'> {
  const now = clock.now();
  const claimed = await claimWebhookDelivery(db, target.organizationId, target.deliveryId, now);
  if (!claimed) return 'skipped';
  const { delivery, webhook } = claimed;
  if (!webhook.enabled) {
    await recordWebhookAttempt(db, target.organizationId, delivery.id, now, {
      statusCode: null,
      error: 'the endpoint is disabled',
      latencyMs: 0,
      next: 'failed',
    });
    return 'failed';
  }
  const secrets = [webhook.secret];
  if (webhook.previousSecret && webhook.previousSecretExpiresAt && webhook.previousSecretExpiresAt > now) {
    secrets.push(webhook.previousSecret);
  }
  const headers = {
    [SIGNATURE_HEADER]: signatureHeader(secrets, Math.floor(now.getTime() / 1000), delivery.body),
    [EVENT_ID_HEADER]: delivery.eventId,
    [EVENT_TYPE_HEADER]: delivery.eventType,
  };
  const attempt = await (options.post ?? postWebhook)(webhook.url, delivery.body, headers, policy);
  const failingSince = attempt.ok ? null : (webhook.failingSince ?? now);
  const disable = !attempt.ok && now.getTime() - failingSince!.getTime() >= DISABLE_AFTER_MS;
  const next: AttemptOutcome['next'] = attempt.ok
    ? 'succeeded'
    : disable || delivery.attempts >= MAX_ATTEMPTS
      ? 'failed'
      : new Date(now.getTime() + retryDelayMs(delivery.attempts));
  await recordWebhookAttempt(db, target.organizationId, delivery.id, now, {
    statusCode: attempt.statusCode,
    error: attempt.error,
    latencyMs: attempt.latencyMs,
    next,
  });
  if (attempt.ok !== (webhook.failingSince === null) || disable) {
    const row = await updateWebhook(db, target.organizationId, webhook.id, {
      failingSince,
      ...(disable
        ? {
            enabled: false,
            disabledAt: now,
            disabledReason: `failing since ${failingSince!.toISOString()}: ${attempt.error}`,
          }
        : {}),
    });
    if (disable && row) {
      await abandonWebhookDeliveries(
        db,
        target.organizationId,
        webhook.id,
        'the endpoint was disabled after a day of failures',
      );
      await options.onDisabled?.(row);
    }
  }
  return next === 'succeeded' ? 'succeeded' : next === 'failed' ? 'failed' : 'retrying';
}
