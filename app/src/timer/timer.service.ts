// The timer: a running entry (a start, no end). One per member, enforced by a partial unique index
// and, before it, by the member lock every entry write takes: 50 parallel starts queue on that lock
// and each stops the previous one, so exactly one is left running.
import {
  type Executor,
  getRunningTimer,
  insertTimeEntries,
  type NewTimeEntry,
  type TimeEntryRow,
  updateTimeEntry,
} from '@proofwork/db';
import { type Actor, assertMayActFor } from '../actor';
import { DomainError, invalidField } from '../errors';
import {
  checkTexts,
  type EntryFields,
  type EntryView,
  instant,
  isLateNow,
  MAX_ENTRY_MS,
  placeEntry,
  SECOND,
  STALE_TIMER_MS,
  timerStale,
} from '../time-entries/time-entry.rules';
import {
  assertWeeksOpen,
  type Change,
  checkReferences,
  type EntryDeps,
  lockTargets,
  record,
  viewsOf,
} from '../time-entries/time-entry.service';

export interface TimerStartInput extends EntryFields {
  memberId?: string;
}

/**
 * The columns that stop a timer at `explicitEnd` (given by the caller) or now. Without an explicit
 * end, a stale timer is refused rather than counted, and a timer stopped within a second of its
 * start recorded nothing: it is discarded (deleted) instead of becoming a zero-second entry.
 */
function stopColumns(timer: TimeEntryRow, explicitEnd: Date | null, now: Date, late: boolean) {
  const endedAt = explicitEnd ?? now;
  const elapsed = endedAt.getTime() - timer.startedAt!.getTime();
  if (explicitEnd) {
    if (elapsed < SECOND) {
      throw invalidField('endedAt', `must be after the timer's start (${timer.startedAt!.toISOString()})`);
    }
    if (explicitEnd > now) throw invalidField('endedAt', 'must not be in the future');
    if (elapsed > MAX_ENTRY_MS) throw invalidField('endedAt', 'is more than 24 hours after the timer started');
  } else {
    if (elapsed > STALE_TIMER_MS) throw timerStale(timer);
    if (elapsed < SECOND) return { deletedAt: now };
  }
  return { endedAt, durationSeconds: Math.round(elapsed / SECOND), isLate: timer.isLate || late };
}

async function stopRunning(
  tx: Executor,
  actor: Actor,
  timer: TimeEntryRow,
  explicitEnd: Date | null,
  now: Date,
  timeZone: string,
): Promise<Change> {
  const late = isLateNow(timer.localDate, now, timeZone, actor.organization.lateAfterDays);
  const columns = stopColumns(timer, explicitEnd, now, late);
  await assertWeeksOpen(tx, actor, [timer]);
  const after = await updateTimeEntry(tx, actor.organizationId, timer.id, columns);
  return { action: 'timer_stop', before: timer, after };
}

/** Starts a timer now for the member, stopping their running one first. */
export async function startTimer({ db, clock }: EntryDeps, actor: Actor, input: TimerStartInput): Promise<EntryView> {
  const now = clock.now();
  const memberId = input.memberId ?? actor.memberId;
  assertMayActFor(actor, memberId);
  checkTexts(input, '');
  return db.transaction(async (tx) => {
    const members = await lockTargets(tx, actor, [{ memberId, field: 'memberId' }]);
    const { timeZone } = members.get(memberId)!;
    await checkReferences(tx, actor, [{ fields: input, p: '', categoryIsNew: true }]);
    const running = await getRunningTimer(tx, actor.organizationId, memberId);
    const changes = running ? [await stopRunning(tx, actor, running, null, now, timeZone)] : [];
    const values: NewTimeEntry = {
      memberId,
      categoryId: input.categoryId,
      brandId: input.brandId ?? null,
      platform: input.platform ?? null,
      deliverableId: input.deliverableId ?? null,
      tags: input.tags ?? [],
      note: input.note ?? '',
      startedAt: now,
      ...placeEntry(now, timeZone, actor.organization.weekStart),
      source: 'timer',
      createdByMemberId: actor.memberId,
    };
    await assertWeeksOpen(tx, actor, [values]);
    const [started] = await insertTimeEntries(tx, actor.organizationId, [values]);
    changes.push({ action: 'timer_start', before: null, after: started! });
    await record(tx, actor, now, changes);
    return (await viewsOf(tx, actor, [started!], now))[0]!;
  });
}

export async function stopTimer(
  { db, clock }: EntryDeps,
  actor: Actor,
  input: { memberId?: string; endedAt?: string },
): Promise<EntryView> {
  const now = clock.now();
  const memberId = input.memberId ?? actor.memberId;
  assertMayActFor(actor, memberId);
  const explicitEnd = input.endedAt === undefined ? null : instant(input.endedAt, 'endedAt');
  return db.transaction(async (tx) => {
    const members = await lockTargets(tx, actor, [{ memberId, field: 'memberId' }]);
    const running = await getRunningTimer(tx, actor.organizationId, memberId);
    if (!running) throw new DomainError('conflict', 'no_running_timer', 'No timer is running');
    const change = await stopRunning(tx, actor, running, explicitEnd, now, members.get(memberId)!.timeZone);
    await record(tx, actor, now, [change]);
    return (await viewsOf(tx, actor, [change.after], now))[0]!;
  });
}

/** The member's running timer, or null. */
export async function currentTimer(
  { db, clock }: EntryDeps,
  actor: Actor,
  memberId: string = actor.memberId,
): Promise<EntryView | null> {
  assertMayActFor(actor, memberId);
  const running = await getRunningTimer(db, actor.organizationId, memberId);
  return running ? (await viewsOf(db, actor, [running], clock.now()))[0]! : null;
}
