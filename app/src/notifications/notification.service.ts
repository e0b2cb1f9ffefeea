// The notifications a member reads in the app, their reminder settings (their own and the
// organization's defaults, which managers set), the one-click unsubscribe of a reminder mail, and
// the notice managers get when a webhook endpoint is disabled.

import {
  countUnreadNotifications,
  findNotificationByUnsubscribeHash,
  listMembers,
  listNotificationSettings,
  listNotifications,
  markNotificationsRead,
  type NotificationRow,
  upsertNotificationSetting,
  type WebhookRow,
} from '@proofwork/db';
import type { Actor } from '../actor';
import type { ServiceDeps } from '../context';
import { notFound } from '../errors';
import { describeEvidenceUnsubscribe, evidenceUnsubscribe } from '../evidence/evidence-schedule.service';
import { hashSecret, looksLikeSecret } from '../secrets';
import { effectiveSetting, kindAppliesTo, REMINDER_KINDS, type ReminderKind, type ReminderSetting } from './kinds';
import type { NotifyDeps } from './mail-deps';
import { deliverNotificationMails, notify } from './notify';

export const notificationView = (row: NotificationRow) => ({
  id: row.id,
  kind: row.kind,
  data: row.data,
  read: row.readAt !== null,
  createdAt: row.createdAt.toISOString(),
});

/** The member's latest notices (newest first) and how many are unread. */
export async function listMyNotifications({ db }: ServiceDeps, actor: Actor) {
  const [rows, unread] = await Promise.all([
    listNotifications(db, actor.organizationId, actor.memberId),
    countUnreadNotifications(db, actor.organizationId, actor.memberId),
  ]);
  return { items: rows.map(notificationView), unread };
}

/** Marks some of the member's notices read, or all of them; another member's ids change nothing. */
export async function readMyNotifications({ db, clock }: ServiceDeps, actor: Actor, input: { ids?: string[] }) {
  await markNotificationsRead(db, actor.organizationId, actor.memberId, input.ids ?? null, clock.now());
  return { unread: await countUnreadNotifications(db, actor.organizationId, actor.memberId) };
}

export interface ReminderSettingView extends ReminderSetting {
  kind: ReminderKind;
}

type SettingRow = Awaited<ReturnType<typeof listNotificationSettings>>[number];
const partial = (row: SettingRow | undefined) =>
  row
    ? { enabled: row.enabled, atMinutes: row.atMinutes ?? undefined, afterHours: row.afterHours ?? undefined }
    : undefined;

/** The member's reminders as they apply to them (their choice, else the organization's, else ours). */
export async function myReminderSettings({ db }: ServiceDeps, actor: Actor): Promise<ReminderSettingView[]> {
  const rows = await listNotificationSettings(db, [actor.organizationId]);
  const find = (memberId: string | null, kind: string) => rows.find((r) => r.memberId === memberId && r.kind === kind);
  return REMINDER_KINDS.filter((kind) => kindAppliesTo(kind, actor.role)).map((kind) => ({
    kind,
    ...effectiveSetting(kind, partial(find(actor.memberId, kind)), partial(find(null, kind))),
  }));
}

/** The organization's defaults for members who chose nothing. */
export async function organizationReminderDefaults({ db }: ServiceDeps, actor: Actor): Promise<ReminderSettingView[]> {
  const rows = await listNotificationSettings(db, [actor.organizationId]);
  return REMINDER_KINDS.map((kind) => ({
    kind,
    ...effectiveSetting(kind, undefined, partial(rows.find((r) => r.memberId === null && r.kind === kind))),
  }));
}

export interface ReminderSettingInput {
  kind: ReminderKind;
  enabled: boolean;
  atMinutes?: number;
  afterHours?: number;
}

async function saveSettings(
  { db }: ServiceDeps,
  organizationId: string,
  memberId: string | null,
  settings: ReminderSettingInput[],
) {
  for (const s of settings) {
    await upsertNotificationSetting(db, {
      organizationId,
      memberId,
      kind: s.kind,
      enabled: s.enabled,
      atMinutes: s.atMinutes ?? null,
      afterHours: s.afterHours ?? null,
    });
  }
}

export async function changeMyReminderSettings(deps: ServiceDeps, actor: Actor, input: ReminderSettingInput[]) {
  await saveSettings(deps, actor.organizationId, actor.memberId, input);
  return myReminderSettings(deps, actor);
}

export async function changeOrganizationReminderDefaults(
  deps: ServiceDeps,
  actor: Actor,
  input: ReminderSettingInput[],
) {
  await saveSettings(deps, actor.organizationId, null, input);
  return organizationReminderDefaults(deps, actor);
}

async function byUnsubscribeSecret({ db }: ServiceDeps, secret: string) {
  const found = looksLikeSecret(secret) ? await findNotificationByUnsubscribeHash(db, hashSecret(secret)) : null;
  if (!found) throw notFound('Link');
  return found;
}

/** What an unsubscribe link turns off (for the page that asks before doing it). */
export async function describeUnsubscribe(deps: ServiceDeps, secret: string) {
  const evidence = await describeEvidenceUnsubscribe(deps, secret);
  if (evidence) return evidence;
  const found = await byUnsubscribeSecret(deps, secret);
  const rows = await listNotificationSettings(deps.db, [found.organizationId]);
  const own = rows.find((r) => r.memberId === found.memberId && r.kind === found.kind);
  const org = rows.find((r) => r.memberId === null && r.kind === found.kind);
  const kind = found.kind as ReminderKind;
  return {
    kind,
    organizationName: found.organizationName,
    locale: found.locale,
    enabled: effectiveSetting(kind, partial(own), partial(org)).enabled,
  };
}

/**
 * One click, no session: the link's secret turns off that one reminder for that one member (the
 * other kinds, and everything else of the account, stay as they are). Clicking twice is harmless.
 */
export async function unsubscribe(deps: ServiceDeps, secret: string) {
  const evidence = await evidenceUnsubscribe(deps, secret);
  if (evidence) return evidence;
  const found = await byUnsubscribeSecret(deps, secret);
  const rows = await listNotificationSettings(deps.db, [found.organizationId]);
  const own = rows.find((r) => r.memberId === found.memberId && r.kind === found.kind);
  await upsertNotificationSetting(deps.db, {
    organizationId: found.organizationId,
    memberId: found.memberId,
    kind: found.kind,
    enabled: false,
    atMinutes: own?.atMinutes ?? null,
    afterHours: own?.afterHours ?? null,
  });
  return { kind: found.kind as ReminderKind, organizationName: found.organizationName, enabled: false };
}

/** Where a webhook points, without a path, query or credentials that might hold a secret. */
const endpointOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return 'the endpoint';
  }
};

/**
 * A webhook endpoint was disabled after a day of failures: its organization's owners and managers
 * are told once (in the app and by mail), whichever worker saw it.
 */
export async function notifyWebhookDisabled(
  deps: NotifyDeps,
  webhook: WebhookRow,
  options: { log?: { warn(obj: object, msg: string): void } } = {},
) {
  const managers = (await listMembers(deps.db, webhook.organizationId)).filter(
    (m) => m.removedAt === null && (m.role === 'owner' || m.role === 'manager'),
  );
  const ids: string[] = [];
  for (const m of managers) {
    const row = await notify(deps, {
      organizationId: webhook.organizationId,
      memberId: m.id,
      kind: 'webhook_disabled',
      dedupeKey: `${webhook.id}:${(webhook.disabledAt ?? deps.clock.now()).toISOString()}`,
      data: {
        webhookId: webhook.id,
        endpoint: endpointOf(webhook.url),
        reason: (webhook.disabledReason ?? '').slice(0, 300),
      },
    });
    if (row) ids.push(row.id);
  }
  if (ids.length) await deliverNotificationMails(deps, { ids, ...options });
  return ids.length;
}
