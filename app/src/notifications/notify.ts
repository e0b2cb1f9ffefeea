// Notices: inserted once per (member, kind, key) and shown in the app; their mail is claimed by one
// sender (two workers, a restart or a retry never send one twice), rendered in the reader's
// language, and sent only to a verified address. Reminders carry a one-click unsubscribe secret,
// fresh for each mail and stored as its SHA-256, that turns that one kind off for that one member.
import {
  claimNotificationMails,
  insertNotification,
  type NotificationRow,
  notificationRecipients,
  type Recipient,
  recordNotificationMail,
} from '@proofwork/db';
import type { MailContent } from '../mail/templates';
import { renderMail } from '../mail/templates';
import { newSecret } from '../secrets';
import { isReminderKind, type NoticeKind } from './kinds';
import { linkTo, type MailDeps, type NotifyDeps } from './mail-deps';

/** A mail that failed this many times is given up (the notice stays in the app). */
export const MAX_MAIL_ATTEMPTS = 5;

export interface Notice {
  organizationId: string;
  memberId: string;
  kind: NoticeKind;
  dedupeKey: string;
  data: Record<string, unknown>;
}

/** Records a notice unless its key exists; the new row, or null when it was already there. */
export async function notify({ db, clock }: NotifyDeps, notice: Notice, options: { mail?: boolean } = {}) {
  return insertNotification(db, {
    ...notice,
    mailStatus: options.mail === false ? 'skipped' : 'pending',
    createdAt: clock.now(),
  });
}

/** What a notice's mail says, from its stored data. */
export function mailContentOf(row: NotificationRow, recipient: Recipient, mail: MailDeps): MailContent {
  // biome-ignore lint/suspicious/noExplicitAny: the data was written by this module for this kind
  const d = row.data as any;
  const name = recipient.name;
  switch (row.kind) {
    case 'nothing_logged':
      return { kind: 'nothing_logged', name, date: d.date, url: linkTo(mail, `/week?week=${d.weekStart}`) };
    case 'timer_running':
      return {
        kind: 'timer_running',
        name,
        startedAt: d.startedAt,
        hours: d.hours,
        timeZone: recipient.timeZone,
        stopUrl: linkTo(mail, `/week?stopTimer=${d.entryId}&at=${encodeURIComponent(d.stopAt)}`),
      };
    case 'week_unsubmitted':
      return { kind: 'week_unsubmitted', name, weekStart: d.weekStart, url: linkTo(mail, `/week?week=${d.weekStart}`) };
    case 'manager_digest':
      return {
        kind: 'manager_digest',
        name,
        organizationName: recipient.organizationName,
        weekStart: d.weekStart,
        rows: d.rows,
        waitingApproval: d.waitingApproval,
        notSubmitted: d.notSubmitted,
        url: linkTo(mail, `/team?week=${d.weekStart}`),
      };
    case 'webhook_disabled':
      return {
        kind: 'webhook_disabled',
        name,
        organizationName: recipient.organizationName,
        endpoint: d.endpoint,
        reason: d.reason,
        url: linkTo(mail, '/settings/webhooks'),
      };
    default:
      throw new Error(`no mail for notices of kind ${row.kind}`);
  }
}

/**
 * Sends the mail of notices waiting for it (the given ones, or any), each claimed by this caller
 * alone. Returns how many were sent.
 */
export async function deliverNotificationMails(
  deps: NotifyDeps,
  options: { ids?: string[]; log?: { warn(obj: object, msg: string): void } } = {},
): Promise<number> {
  if (!deps.mail) return 0;
  let sent = 0;
  // Claimed a batch at a time until none waits, so a busy hour is sent in one pass.
  for (let batch = 0; batch < 100; batch++) {
    const claimed = await claimNotificationMails(deps.db, deps.clock.now(), {
      limit: CLAIM_BATCH,
      ...(options.ids ? { ids: options.ids } : {}),
    });
    sent += await sendClaimed(deps, claimed, options.log);
    if (claimed.length < CLAIM_BATCH) break;
  }
  return sent;
}

const CLAIM_BATCH = 100;
/** A notice whose mail could not leave for a day is no longer news: it stays in the app only. */
const MAIL_STALE_MS = 24 * 3_600_000;

async function sendClaimed(
  { db, clock, mail }: NotifyDeps,
  claimed: NotificationRow[],
  log?: { warn(obj: object, msg: string): void },
): Promise<number> {
  if (!mail || claimed.length === 0) return 0;
  const recipients = await notificationRecipients(db, [...new Set(claimed.map((r) => r.memberId))]);
  let sent = 0;
  for (const row of claimed) {
    const recipient = recipients.get(row.memberId);
    if (!recipient?.emailVerified || clock.now().getTime() - row.createdAt.getTime() > MAIL_STALE_MS) {
      await recordNotificationMail(db, row.id, { mailStatus: 'skipped' });
      continue;
    }
    const unsubscribe = isReminderKind(row.kind) ? newSecret() : null;
    const rendered = renderMail(
      mailContentOf(row, recipient, mail),
      recipient.locale,
      unsubscribe
        ? {
            pageUrl: linkTo(mail, `/unsubscribe/${unsubscribe.secret}`),
            oneClickUrl: linkTo(mail, `/api/v1/unsubscribe/${unsubscribe.secret}`),
          }
        : undefined,
    );
    try {
      // The secret is stored before the mail leaves, so its link works as soon as it arrives.
      if (unsubscribe) {
        await recordNotificationMail(db, row.id, { mailStatus: 'sending', unsubscribeTokenHash: unsubscribe.hash });
      }
      await mail.mailer.send({ to: recipient.email, ...rendered });
      await recordNotificationMail(db, row.id, { mailStatus: 'sent', mailedAt: clock.now() });
      sent += 1;
    } catch (error) {
      log?.warn({ err: error, notificationId: row.id }, 'notification mail failed');
      await recordNotificationMail(db, row.id, {
        mailStatus: row.mailAttempts >= MAX_MAIL_ATTEMPTS ? 'failed' : 'pending',
      });
    }
  }
  return sent;
}
