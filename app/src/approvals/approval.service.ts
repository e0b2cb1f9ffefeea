// Week approvals: a member submits a week, a manager approves it (its totals are frozen in a
// snapshot and its entries locked) or rejects it with a comment; a manager may reopen an approved
// week. Transitions lock the member's row, like entry writes, so no entry slips into a week while
// it is being approved.

import type { Clock } from '@proofwork/core';
import { addDays, isLocalDate, localDateOf, weekStartOf } from '@proofwork/core';
import {
  type ApprovalStatus,
  computeWeekSnapshot,
  countOtherManagers,
  type Executor,
  getRunningTimer,
  getWeekApproval,
  listWeekApprovals,
  saveWeekApproval,
  type WeekApprovalChange,
  type WeekApprovalRow,
} from '@proofwork/db';
import { type Actor, assertMayActFor, isManager } from '../actor';
import { conflict, DomainError, forbidden, invalidField, notFound } from '../errors';
import { assertPlainText } from '../time-entries/time-entry.rules';
import { lockTargets } from '../time-entries/time-entry.service';
import { emitEvents } from '../webhooks/webhook.service';

export interface ApprovalDeps {
  db: Executor;
  clock: Clock;
}

export type WeekAction = 'submit' | 'approve' | 'reject' | 'reopen';

/** From which states each action may go, and where it leads. */
const TRANSITIONS: Record<WeekAction, { from: readonly (ApprovalStatus | null)[]; to: ApprovalStatus }> = {
  submit: { from: [null, 'rejected', 'reopened'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  reject: { from: ['submitted'], to: 'rejected' },
  reopen: { from: ['approved'], to: 'reopened' },
};

const DEFAULT_LISTED_WEEKS = 12;

export interface WeekApprovalView {
  memberId: string;
  weekStart: string;
  status: ApprovalStatus;
  /** True while approved: the week's entries cannot change. */
  locked: boolean;
  submittedAt: string | null;
  submittedByMemberId: string | null;
  decidedAt: string | null;
  decidedByMemberId: string | null;
  comment: string | null;
  snapshot: WeekApprovalRow['snapshot'];
  /** In lists: the week's entries as they stand now (a submitted week has no snapshot yet). */
  live?: { totalSeconds: number; entryCount: number };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function weekApprovalView(row: WeekApprovalRow): WeekApprovalView {
  return {
    memberId: row.memberId,
    weekStart: row.weekStart,
    status: row.status,
    locked: row.status === 'approved',
    submittedAt: iso(row.submittedAt),
    submittedByMemberId: row.submittedByMemberId,
    decidedAt: iso(row.decidedAt),
    decidedByMemberId: row.decidedByMemberId,
    comment: row.comment,
    snapshot: row.snapshot,
  };
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function checkWeekStart(actor: Actor, weekStart: string) {
  if (!isLocalDate(weekStart)) throw invalidField('weekStart', 'is not a valid date');
  const first = actor.organization.weekStart;
  if (weekStartOf(weekStart, first) !== weekStart) {
    throw invalidField('weekStart', `is not the first day of a week (weeks start on ${WEEKDAYS[first - 1]})`);
  }
}

function invalidTransition(action: WeekAction, current: ApprovalStatus | null): DomainError {
  const state = current ?? 'not submitted';
  return new DomainError('conflict', 'invalid_transition', `This week is ${state}: it cannot be ${actionPast(action)}`);
}

const actionPast = (action: WeekAction) =>
  ({ submit: 'submitted', approve: 'approved', reject: 'rejected', reopen: 'reopened' })[action];

/** What a transition writes, besides the new status. */
function transitionChange(
  action: WeekAction,
  actor: Actor,
  now: Date,
  comment: string | null,
): Omit<WeekApprovalChange, 'status' | 'snapshot'> {
  if (action === 'submit') {
    return {
      submittedAt: now,
      submittedByMemberId: actor.memberId,
      decidedAt: null,
      decidedByMemberId: null,
      comment,
    };
  }
  return { decidedAt: now, decidedByMemberId: actor.memberId, comment };
}

export async function transitionWeek(
  { db, clock }: ApprovalDeps,
  actor: Actor,
  input: { action: WeekAction; weekStart: string; memberId?: string; comment?: string },
): Promise<WeekApprovalView> {
  const { action, weekStart } = input;
  if (action !== 'submit' && !isManager(actor)) throw forbidden('Only managers and owners decide on weeks');
  checkWeekStart(actor, weekStart);
  if (input.comment !== undefined) assertPlainText('comment', input.comment, true);
  // Members act on their own weeks; managers name the member.
  assertMayActFor(actor, input.memberId);
  const memberId = input.memberId ?? actor.memberId;
  const now = clock.now();
  if (action !== 'submit' && memberId === actor.memberId) await refuseOwnDecision(db, actor, action);
  return db.transaction(async (tx) => {
    const member = (await lockTargets(tx, actor, [{ memberId, field: null }])).get(memberId);
    // 404, as for any id of another organization: nobody probes members across tenants.
    if (!member) throw notFound('Member');
    if (
      action === 'submit' &&
      weekStart > weekStartOf(localDateOf(now, member.timeZone), actor.organization.weekStart)
    ) {
      throw invalidField('weekStart', 'is a week that has not started yet');
    }
    const current = await getWeekApproval(tx, actor.organizationId, memberId, weekStart);
    const rule = TRANSITIONS[action];
    if (!rule.from.includes(current?.status ?? null)) throw invalidTransition(action, current?.status ?? null);
    if (action === 'approve') await assertNoTimerIn(tx, actor, memberId, weekStart);
    // Only an approved week keeps totals: a reopened week's old snapshot no longer describes it.
    const snapshot =
      action === 'approve' ? await computeWeekSnapshot(tx, actor.organizationId, memberId, weekStart) : null;
    const row = await saveWeekApproval(
      tx,
      actor.organizationId,
      { memberId, weekStart },
      { status: rule.to, snapshot, ...transitionChange(action, actor, now, input.comment ?? null) },
    );
    const view = weekApprovalView(row);
    await emitEvents(tx, actor.organizationId, [
      { type: `week.${rule.to}`, data: { actorMemberId: actor.memberId, week: view } },
    ]);
    return view;
  });
}

/**
 * Evidence is only worth something when somebody else vouches for it: nobody approves, rejects or
 * reopens their own week, owners included; another manager or owner decides.
 */
async function refuseOwnDecision(db: Executor, actor: Actor, action: WeekAction) {
  const others = await countOtherManagers(db, actor.organizationId, actor.memberId);
  const verb = action;
  throw new DomainError(
    'forbidden',
    'own_week',
    others > 0
      ? `Nobody can ${verb} their own week: another manager or owner of ${actor.organization.name} decides on it`
      : `Nobody can ${verb} their own week, and you are the only manager of ${actor.organization.name}: make another member a manager or owner to decide on your weeks`,
  );
}

/** A running timer would have to stop inside a locked week: approve once it is stopped. */
async function assertNoTimerIn(tx: Executor, actor: Actor, memberId: string, weekStart: string) {
  const timer = await getRunningTimer(tx, actor.organizationId, memberId);
  if (timer && timer.weekStart === weekStart) {
    throw conflict('A timer is still running in this week: stop it before approving the week');
  }
}

export async function listWeeks(
  { db, clock }: ApprovalDeps,
  actor: Actor,
  query: { from?: string; to?: string; memberId?: string; status?: ApprovalStatus },
): Promise<WeekApprovalView[]> {
  assertMayActFor(actor, query.memberId);
  const thisWeek = weekStartOf(localDateOf(clock.now(), actor.timeZone), actor.organization.weekStart);
  for (const field of ['from', 'to'] as const) {
    const value = query[field];
    if (value !== undefined && !isLocalDate(value)) throw invalidField(`${field}`, 'is not a valid date');
  }
  const to = query.to ?? thisWeek;
  const from = query.from ?? addDays(weekStartOf(to, actor.organization.weekStart), -7 * (DEFAULT_LISTED_WEEKS - 1));
  if (to < from) throw invalidField('to', 'is before from');
  const memberId = isManager(actor) ? query.memberId : actor.memberId;
  const rows = await listWeekApprovals(db, actor.organizationId, { from, to, memberId, status: query.status });
  return rows.map((row) => ({
    ...weekApprovalView(row),
    live: { totalSeconds: row.liveSeconds, entryCount: row.liveEntryCount },
  }));
}
