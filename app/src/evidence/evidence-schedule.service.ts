// Scheduled evidence: managers have the pack of each finished month or quarter mailed to named
// recipients (budget holders without an account) in one language. Each mail carries the PDF and a
// share link scoped to that period and expiring before long; each recipient can leave the list
// with one click. A daily pass sends what is due; the send log's unique key makes it once only.
import { type EvidenceCadence, finishedPeriod, type Locale, localDateOf } from '@proofwork/core';
import {
  activeEvidenceSchedules,
  claimEvidenceSend,
  deleteEvidenceSchedule,
  type EvidenceScheduleRow,
  type EvidenceScheduleSendRow,
  findEvidenceSendByUnsubscribeHash,
  finishEvidenceSend,
  getEvidenceSchedule,
  insertEvidenceSchedule,
  insertShareLink,
  listEvidenceScheduleSends,
  listEvidenceSchedules,
  markEvidenceSchedulePeriod,
  removeEvidenceRecipient,
  updateEvidenceSchedule,
} from '@proofwork/db';
import type { Actor } from '../actor';
import type { ServiceDeps } from '../context';
import { invalidField, notFound } from '../errors';
import { renderMail } from '../mail/templates';
import { linkTo, type NotifyDeps } from '../notifications/mail-deps';
import { hashSecret, looksLikeSecret, newSecret } from '../secrets';

export const MAX_EVIDENCE_RECIPIENTS = 20;
/** A pack's share link lasts a little longer than its cadence: until the next pack has arrived. */
const SHARE_DAYS: Record<EvidenceCadence, number> = { monthly: 35, quarterly: 95 };
// An address as mail servers take it: no spaces or angle brackets, one @, a dotted domain.
const EMAIL = /^[^\s@<>,;"]{1,64}@[^\s@<>,;"]{1,253}\.[^\s@<>,;".]{2,63}$/;

export const evidenceScheduleView = (row: EvidenceScheduleRow) => ({
  id: row.id,
  cadence: row.cadence as EvidenceCadence,
  recipients: row.recipients,
  locale: row.locale,
  active: row.active,
  lastPeriod: row.lastPeriod,
  createdAt: row.createdAt.toISOString(),
});

export const evidenceSendView = (row: EvidenceScheduleSendRow) => ({
  id: row.id,
  period: row.period,
  recipient: row.recipient,
  status: row.status as 'sending' | 'sent' | 'failed',
  shareLinkId: row.shareLinkId,
  error: row.error,
  sentAt: row.sentAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});

/** Lower-cased, unique, checked addresses (errors name the item: `recipients/2`). */
export function checkRecipients(recipients: string[]): string[] {
  if (recipients.length > MAX_EVIDENCE_RECIPIENTS) {
    throw invalidField('recipients', `at most ${MAX_EVIDENCE_RECIPIENTS} recipients`);
  }
  const out: string[] = [];
  recipients.forEach((raw, i) => {
    const email = raw.trim().toLowerCase();
    if (email.length > 254 || !EMAIL.test(email)) throw invalidField(`recipients/${i}`, 'not an e-mail address');
    if (!out.includes(email)) out.push(email);
  });
  return out;
}

export interface EvidenceScheduleInput {
  cadence: EvidenceCadence;
  recipients: string[];
  locale: Locale;
}

export async function listEvidenceScheduleViews({ db }: ServiceDeps, actor: Actor) {
  return (await listEvidenceSchedules(db, actor.organizationId)).map(evidenceScheduleView);
}

export async function createEvidenceSchedule({ db }: ServiceDeps, actor: Actor, input: EvidenceScheduleInput) {
  const recipients = checkRecipients(input.recipients);
  if (recipients.length === 0) throw invalidField('recipients', 'at least one recipient');
  const row = await insertEvidenceSchedule(db, actor.organizationId, {
    createdByMemberId: actor.memberId,
    cadence: input.cadence,
    recipients,
    locale: input.locale,
  });
  return evidenceScheduleView(row);
}

export async function changeEvidenceSchedule(
  { db }: ServiceDeps,
  actor: Actor,
  scheduleId: string,
  input: Partial<EvidenceScheduleInput> & { active?: boolean },
) {
  const patch: Parameters<typeof updateEvidenceSchedule>[3] = {};
  if (input.cadence !== undefined) patch.cadence = input.cadence;
  if (input.locale !== undefined) patch.locale = input.locale;
  if (input.active !== undefined) patch.active = input.active;
  if (input.recipients !== undefined) patch.recipients = checkRecipients(input.recipients);
  const row = Object.keys(patch).length
    ? await updateEvidenceSchedule(db, actor.organizationId, scheduleId, patch)
    : await getEvidenceSchedule(db, actor.organizationId, scheduleId);
  if (!row) throw notFound('Evidence schedule');
  return evidenceScheduleView(row);
}

export async function removeEvidenceSchedule({ db }: ServiceDeps, actor: Actor, scheduleId: string) {
  if (!(await deleteEvidenceSchedule(db, actor.organizationId, scheduleId))) throw notFound('Evidence schedule');
}

export async function listEvidenceSendViews({ db }: ServiceDeps, actor: Actor, scheduleId: string) {
  if (!(await getEvidenceSchedule(db, actor.organizationId, scheduleId))) throw notFound('Evidence schedule');
  return (await listEvidenceScheduleSends(db, actor.organizationId, scheduleId)).map(evidenceSendView);
}

// ─── The daily pass ──────────────────────────────────────────────────────────────────────────

export interface EvidencePack {
  organizationId: string;
  from: string;
  to: string;
  locale: Locale;
}

export interface ScheduledEvidenceOptions {
  /** Builds the pack's PDF (the workers' export code); absent, the mail carries the link only. */
  pdf?: (pack: EvidencePack) => Promise<{ fileName: string; content: Buffer }>;
  log?: { warn(obj: object, msg: string): void };
}

/**
 * Sends every active schedule's pack of the last finished period (in its organization's zone) to
 * each recipient who has not had it. Safe to run anywhere, any number of times.
 */
export async function sendScheduledEvidence(deps: NotifyDeps, options: ScheduledEvidenceOptions = {}) {
  const { db, clock, mail } = deps;
  if (!mail) return { sent: 0, failed: 0 };
  let sent = 0;
  let failed = 0;
  for (const { schedule, timeZone, organizationName } of await activeEvidenceSchedules(db)) {
    const now = clock.now();
    const cadence = schedule.cadence as EvidenceCadence;
    const period = finishedPeriod(cadence, localDateOf(now, timeZone));
    if (schedule.lastPeriod === period.key) continue;
    let pdf: { fileName: string; content: Buffer } | undefined;
    let allSent = true;
    for (const recipient of schedule.recipients) {
      const unsubscribe = newSecret();
      const claim = await claimEvidenceSend(db, {
        organizationId: schedule.organizationId,
        scheduleId: schedule.id,
        period: period.key,
        recipient,
        unsubscribeTokenHash: unsubscribe.hash,
      });
      if (!claim) continue;
      try {
        pdf ??= await options.pdf?.({ organizationId: schedule.organizationId, ...period, locale: schedule.locale });
        // One link per recipient: anonymized, this period only, expiring; revocable on its own.
        const share = newSecret();
        const link = await insertShareLink(db, schedule.organizationId, {
          createdByMemberId: schedule.createdByMemberId,
          tokenHash: share.hash,
          label: `${period.key} · ${recipient}`,
          periodFrom: period.from,
          periodTo: period.to,
          params: { from: period.from, to: period.to, anonymize: true },
          locale: schedule.locale,
          expiresAt: new Date(now.getTime() + SHARE_DAYS[cadence] * 86_400_000),
        });
        const rendered = renderMail(
          {
            kind: 'scheduled_evidence',
            organizationName,
            cadence,
            from: period.from,
            to: period.to,
            url: linkTo(mail, `/share/${share.secret}`),
            expiresAt: link.expiresAt.toISOString(),
          },
          schedule.locale,
          {
            pageUrl: linkTo(mail, `/unsubscribe/${unsubscribe.secret}`),
            oneClickUrl: linkTo(mail, `/api/v1/unsubscribe/${unsubscribe.secret}`),
          },
        );
        await mail.mailer.send({
          to: recipient,
          ...rendered,
          attachments: pdf ? [{ filename: pdf.fileName, content: pdf.content, contentType: 'application/pdf' }] : [],
        });
        await finishEvidenceSend(db, claim.id, { status: 'sent', shareLinkId: link.id, sentAt: clock.now() });
        sent += 1;
      } catch (error) {
        allSent = false;
        failed += 1;
        options.log?.warn({ err: error, scheduleId: schedule.id, period: period.key }, 'scheduled evidence failed');
        await finishEvidenceSend(db, claim.id, { status: 'failed', error: String(error).slice(0, 500) });
      }
    }
    // A failed send is tried again on the next pass; the period is done when nobody failed.
    if (allSent) await markEvidenceSchedulePeriod(db, schedule.id, period.key);
  }
  return { sent, failed };
}

// ─── One-click unsubscribe ───────────────────────────────────────────────────────────────────

async function bySecret({ db }: ServiceDeps, secret: string) {
  return looksLikeSecret(secret) ? findEvidenceSendByUnsubscribeHash(db, hashSecret(secret)) : null;
}

/** What an evidence unsubscribe link turns off, or null when the secret is not one. */
export async function describeEvidenceUnsubscribe(deps: ServiceDeps, secret: string) {
  const found = await bySecret(deps, secret);
  if (!found) return null;
  return {
    kind: 'scheduled_evidence' as const,
    organizationName: found.organizationName,
    locale: found.locale,
    enabled: found.recipients.includes(found.recipient),
  };
}

/** Takes the link's recipient off that one schedule; null when the secret is not one. */
export async function evidenceUnsubscribe(deps: ServiceDeps, secret: string) {
  const found = await bySecret(deps, secret);
  if (!found) return null;
  await removeEvidenceRecipient(deps.db, found.scheduleId, found.recipient);
  return { kind: 'scheduled_evidence' as const, organizationName: found.organizationName, enabled: false };
}
