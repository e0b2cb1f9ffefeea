// Webhooks: endpoints, domain events (written in the transaction of the change they describe, and
// only when an enabled endpoint of the organization listens for that type), and deliveries.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { webhookDeliveries, webhooks } from '../schema/index';
import { UUID_V7 } from './rollups';

export const WEBHOOK_EVENT_CHANNEL = 'proofwork_webhook_event';

export type WebhookRow = typeof webhooks.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
type NewWebhook = Omit<typeof webhooks.$inferInsert, 'id' | 'organizationId' | 'createdAt' | 'updatedAt'>;

export async function listWebhooks(db: Executor, organizationId: string): Promise<WebhookRow[]> {
  return db.select().from(webhooks).where(eq(webhooks.organizationId, organizationId)).orderBy(webhooks.createdAt);
}

export async function getWebhook(db: Executor, organizationId: string, id: string): Promise<WebhookRow | null> {
  const [row] = await db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.organizationId, organizationId), eq(webhooks.id, id)));
  return row ?? null;
}

export async function insertWebhook(db: Executor, organizationId: string, values: NewWebhook): Promise<WebhookRow> {
  const [row] = await db
    .insert(webhooks)
    .values({ ...values, organizationId })
    .returning();
  return row!;
}

export async function updateWebhook(
  db: Executor,
  organizationId: string,
  id: string,
  patch: Partial<NewWebhook>,
): Promise<WebhookRow | null> {
  const [row] = await db
    .update(webhooks)
    .set(patch)
    .where(and(eq(webhooks.organizationId, organizationId), eq(webhooks.id, id)))
    .returning();
  return row ?? null;
}

export async function deleteWebhook(db: Executor, organizationId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(webhooks)
    .where(and(eq(webhooks.organizationId, organizationId), eq(webhooks.id, id)))
    .returning({ id: webhooks.id });
  return rows.length > 0;
}

export interface DomainEvent {
  type: string;
  data: unknown;
}

/**
 * Records events in the caller's transaction, only those an enabled endpoint of the organization
 * listens for (an organization without webhooks writes nothing), and wakes the delivery runner at
 * commit. One statement.
 */
export async function emitDomainEvents(db: Executor, organizationId: string, events: DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.execute(sql`
    with listened as (
      select distinct unnest(events) as type from webhooks where organization_id = ${organizationId} and enabled
    ),
    written as (
      insert into domain_events (id, organization_id, type, data)
      select ${UUID_V7}, ${organizationId}, e.type, e.data
      from jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as e(type text, data jsonb)
      where e.type in (select type from listened)
      returning 1
    )
    select pg_notify(${WEBHOOK_EVENT_CHANNEL}, ${organizationId}) where exists (select 1 from written)`);
}

/**
 * Turns pending events into one delivery per enabled endpoint listening for them, with the body
 * every attempt will send (`{ id, type, createdAt, organizationId, data }`), and marks them done.
 * Safe to run from several runners at once (SKIP LOCKED). Returns how many events it took.
 */
export async function fanOutDomainEvents(db: Executor, now: Date, limit = 500): Promise<number> {
  const [row] = await db.execute<{ events: number }>(sql`
    with taken as (
      select id, organization_id, type, data, created_at from domain_events
      where fanned_out_at is null
      order by created_at
      limit ${limit}
      for update skip locked
    ),
    made as (
      insert into webhook_deliveries (id, organization_id, webhook_id, event_id, event_type, body, next_attempt_at)
      select ${UUID_V7}, t.organization_id, w.id, t.id, t.type,
        json_build_object('id', t.id, 'type', t.type, 'createdAt', to_json(t.created_at), 'organizationId',
          t.organization_id, 'data', t.data)::text,
        ${now.toISOString()}::timestamptz
      from taken t
      join webhooks w on w.organization_id = t.organization_id and w.enabled and t.type = any(w.events)
      on conflict on constraint webhook_deliveries_webhook_event_key do nothing
      returning 1
    ),
    marked as (
      update domain_events d set fanned_out_at = now() from taken t where d.id = t.id returning 1
    )
    select (select count(*) from marked)::int as events, (select count(*) from made)::int as deliveries`);
  return row?.events ?? 0;
}

/** How long an attempt may run before another runner may take the delivery again. */
const ATTEMPT_LEASE = sql`interval '5 minutes'`;

/** Deliveries due now (first attempt or a retry), oldest first. */
export async function dueWebhookDeliveries(
  db: Executor,
  limit: number,
  now: Date,
): Promise<{ id: string; organizationId: string }[]> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const rows = await db.execute<{ id: string; organizationId: string }>(sql`
    select id, organization_id as "organizationId" from webhook_deliveries
    where status = 'pending' and next_attempt_at <= ${at}
      and (attempt_started_at is null or attempt_started_at < ${at} - ${ATTEMPT_LEASE})
    order by next_attempt_at
    limit ${limit}`);
  return [...rows];
}

export interface ClaimedDelivery {
  delivery: WebhookDeliveryRow;
  webhook: WebhookRow;
}

/** Takes a due delivery for one attempt (null when another runner has it, or it is not due). */
export async function claimWebhookDelivery(
  db: Executor,
  organizationId: string,
  deliveryId: string,
  now: Date,
): Promise<ClaimedDelivery | null> {
  const [delivery] = await db
    .update(webhookDeliveries)
    .set({ attemptStartedAt: now, attempts: sql`${webhookDeliveries.attempts} + 1` })
    .where(
      and(
        eq(webhookDeliveries.organizationId, organizationId),
        eq(webhookDeliveries.id, deliveryId),
        eq(webhookDeliveries.status, 'pending'),
        sql`${webhookDeliveries.nextAttemptAt} <= ${now.toISOString()}::timestamptz`,
        sql`(${webhookDeliveries.attemptStartedAt} is null or ${webhookDeliveries.attemptStartedAt} < ${now.toISOString()}::timestamptz - ${ATTEMPT_LEASE})`,
      ),
    )
    .returning();
  if (!delivery) return null;
  const webhook = await getWebhook(db, organizationId, delivery.webhookId);
  return webhook ? { delivery, webhook } : null;
}

export interface AttemptOutcome {
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
  /** 'succeeded', 'failed' (gave up) or the time of the next attempt. */
  next: 'succeeded' | 'failed' | Date;
}

export async function recordWebhookAttempt(
  db: Executor,
  organizationId: string,
  deliveryId: string,
  now: Date,
  outcome: AttemptOutcome,
): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({
      status: outcome.next instanceof Date ? 'pending' : outcome.next,
      nextAttemptAt: outcome.next instanceof Date ? outcome.next : undefined,
      attemptStartedAt: null,
      lastStatusCode: outcome.statusCode,
      lastError: outcome.error,
      lastLatencyMs: outcome.latencyMs,
      deliveredAt: outcome.next === 'succeeded' ? now : undefined,
    })
    .where(and(eq(webhookDeliveries.organizationId, organizationId), eq(webhookDeliveries.id, deliveryId)));
}

/** A delivery made by hand (the "send a test event" button), due at once. */
export async function insertWebhookDelivery(
  db: Executor,
  organizationId: string,
  values: { webhookId: string; eventId: string; eventType: string; body: string; nextAttemptAt: Date },
): Promise<WebhookDeliveryRow> {
  const [row] = await db
    .insert(webhookDeliveries)
    .values({ ...values, organizationId })
    .returning();
  await db.execute(sql`select pg_notify(${WEBHOOK_EVENT_CHANNEL}, ${organizationId})`);
  return row!;
}

export async function listWebhookDeliveries(
  db: Executor,
  organizationId: string,
  webhookId: string,
  limit = 50,
): Promise<WebhookDeliveryRow[]> {
  return db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.organizationId, organizationId), eq(webhookDeliveries.webhookId, webhookId)))
    .orderBy(desc(webhookDeliveries.createdAt))
    .limit(limit);
}

/** Gives up the pending deliveries of a disabled endpoint. */
export async function abandonWebhookDeliveries(
  db: Executor,
  organizationId: string,
  webhookId: string,
  reason: string,
): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ status: 'failed', lastError: reason, attemptStartedAt: null })
    .where(
      and(
        eq(webhookDeliveries.organizationId, organizationId),
        eq(webhookDeliveries.webhookId, webhookId),
        eq(webhookDeliveries.status, 'pending'),
      ),
    );
}

/** Deliveries and fanned-out events older than the retention; nothing to delete on disk. */
export async function deleteOldWebhookDeliveries(db: Executor, now: Date, days = 30): Promise<string[]> {
  const before = new Date(now.getTime() - days * 86_400_000).toISOString();
  await db.execute(
    sql`delete from webhook_deliveries where created_at < ${before}::timestamptz and status <> 'pending'`,
  );
  await db.execute(
    sql`delete from domain_events where fanned_out_at is not null and created_at < ${before}::timestamptz`,
  );
  return [];
}
