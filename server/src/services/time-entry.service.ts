// Time entry writes and reads. Every write runs in one transaction that locks the member first,
// refuses approved weeks, and leaves one audit event per entry and a dirty mark per member-week it
// touched (before and after a move). The pure rules live in ./time-entry.rules.ts.
import { localDateOf, weekStartOf } from '@proofwork/core';
import {
  type EntrySource,
  type Executor,
  findEntryReferences,
  findLockedWeeks,
  findOverlaps,
  getRunningTimer,
  getTimeEntry,
  insertTimeEntries,
  insertTimeEntryEvents,
  type LockedMember,
  listTimeEntries,
  listTimeEntryEvents,
  lockMembers,
  markMemberWeeksDirty,
  type NewTimeEntry,
  summarizeTimeEntries,
  type TimeEntryChange,
  type TimeEntryFilter,
  type TimeEntryRow,
  updateTimeEntry,
} from '@proofwork/db';
import type { Clock } from '../lib/clock';
import { AppError, conflict, invalidField, notFound } from '../lib/errors';
import type { Membership } from '../plugins/tenant';
import {
  assertMayActFor,
  assertPlainText,
  checkSpan,
  checkTexts,
  decodeCursor,
  type EntryFields,
  type EntryInput,
  type EntryPatch,
  type EntryView,
  encodeCursor,
  entrySnapshot,
  entryView,
  instant,
  isLateNow,
  isManager,
  isRunning,
  type Order,
  patchedSpan,
  spanColumns,
  spanOf,
  weekLocked,
} from './time-entry.rules';

export interface EntryDeps {
  /** The database, or the transaction of an idempotent request. */
  db: Executor;
  clock: Clock;
}

export async function viewsOf(db: Executor, actor: Membership, rows: TimeEntryRow[], now: Date): Promise<EntryView[]> {
  const overlaps = await findOverlaps(
    db,
    actor.organizationId,
    rows.map((r) => r.id),
    now,
  );
  return rows.map((r) => entryView(r, overlaps.get(r.id) ?? [], now));
}

// ─── Steps every write shares ─────────────────────────────────────────────────────────────────

/**
 * Locks the members' rows (see lockMembers) and checks that each target belongs to the
 * organization. The current member of an entry being edited may have left (field null); a new
 * target may not.
 */
export async function lockTargets(
  tx: Executor,
  actor: Membership,
  targets: { memberId: string; field: string | null }[],
): Promise<Map<string, LockedMember>> {
  const ids = [...new Set(targets.map((t) => t.memberId))];
  const locked = new Map((await lockMembers(tx, actor.organizationId, ids)).map((m) => [m.id, m]));
  for (const target of targets) {
    const member = locked.get(target.memberId);
    if (target.field !== null && (!member || member.removed)) {
      throw invalidField(target.field, 'is not a member of this organization');
    }
  }
  return locked;
}

export interface ReferenceCheck {
  fields: Partial<EntryFields>;
  p: string;
  /** Archived categories take no new entries; an entry that keeps its category may keep it. */
  categoryIsNew: boolean;
}

/** Category, brand and deliverable must belong to the organization (one query per kind for all rows). */
export async function checkReferences(tx: Executor, actor: Membership, checks: ReferenceCheck[]) {
  const ids = (pick: (f: Partial<EntryFields>) => string | null | undefined) => [
    ...new Set(checks.map((c) => pick(c.fields)).filter((id): id is string => typeof id === 'string')),
  ];
  const refs = await findEntryReferences(tx, actor.organizationId, {
    categoryIds: ids((f) => f.categoryId),
    brandIds: ids((f) => f.brandId),
    deliverableIds: ids((f) => f.deliverableId),
  });
  for (const { fields, p, categoryIsNew } of checks) {
    if (fields.categoryId !== undefined) {
      const archived = refs.categories.get(fields.categoryId);
      if (archived === undefined) throw invalidField(`${p}.categoryId`, 'is not a category of this organization');
      if (archived && categoryIsNew) throw invalidField(`${p}.categoryId`, 'is archived: pick an active category');
    }
    if (fields.brandId && !refs.brands.has(fields.brandId)) {
      throw invalidField(`${p}.brandId`, 'is not a brand of this organization');
    }
    if (fields.deliverableId && !refs.deliverables.has(fields.deliverableId)) {
      throw invalidField(`${p}.deliverableId`, 'is not a deliverable of this organization');
    }
  }
}

type WeekKey = { memberId: string; weekStart: string };

export async function assertWeeksOpen(tx: Executor, actor: Membership, weeks: WeekKey[]) {
  const [locked] = await findLockedWeeks(
    tx,
    actor.organizationId,
    weeks.map((w) => ({ memberId: w.memberId, weekStart: w.weekStart })),
  );
  if (locked) throw weekLocked(locked);
}

export interface Change {
  action: 'create' | 'update' | 'delete' | 'restore' | 'timer_start' | 'timer_stop';
  before: TimeEntryRow | null;
  after: TimeEntryRow;
}

/** One audit event per entry written, and the dirty marks of every member-week before and after. */
export async function record(tx: Executor, actor: Membership, now: Date, changes: Change[]) {
  await insertTimeEntryEvents(
    tx,
    actor.organizationId,
    changes.map((c) => ({
      timeEntryId: c.after.id,
      action: c.action,
      actorMemberId: actor.id,
      before: c.before && entrySnapshot(c.before),
      after: entrySnapshot(c.after),
      createdAt: now,
    })),
  );
  await markMemberWeeksDirty(
    tx,
    changes
      .flatMap((c) => (c.before ? [c.before, c.after] : [c.after]))
      .map((row) => ({ organizationId: row.organizationId, memberId: row.memberId, weekStart: row.weekStart })),
  );
}

// ─── Creating ─────────────────────────────────────────────────────────────────────────────────

async function insertEntries(
  tx: Executor,
  actor: Membership,
  now: Date,
  inputs: EntryInput[],
  defaultSource: EntrySource,
  fieldOf: (index: number) => string,
): Promise<TimeEntryRow[]> {
  const targets = inputs.map((input, i) => ({ memberId: input.memberId ?? actor.id, field: `${fieldOf(i)}.memberId` }));
  for (const t of targets) assertMayActFor(actor, t.memberId);
  const spans = inputs.map((input, i) => {
    checkTexts(input, fieldOf(i));
    return spanOf(input, fieldOf(i));
  });
  const members = await lockTargets(tx, actor, targets);
  await checkReferences(
    tx,
    actor,
    inputs.map((fields, i) => ({ fields, p: fieldOf(i), categoryIsNew: true })),
  );
  const { weekStart, lateAfterDays } = actor.organization;
  const values: NewTimeEntry[] = inputs.map((input, i) => {
    const { timeZone } = members.get(targets[i]!.memberId)!;
    checkSpan(spans[i]!, now, timeZone, fieldOf(i));
    const columns = spanColumns(spans[i]!, timeZone, weekStart);
    return {
      memberId: targets[i]!.memberId,
      categoryId: input.categoryId,
      brandId: input.brandId ?? null,
      platform: input.platform ?? null,
      deliverableId: input.deliverableId ?? null,
      tags: input.tags ?? [],
      note: input.note ?? '',
      ...columns,
      source: input.source ?? defaultSource,
      isLate: isLateNow(columns.localDate, now, timeZone, lateAfterDays),
      createdByMemberId: actor.id,
    };
  });
  await assertWeeksOpen(tx, actor, values);
  const rows = await insertTimeEntries(tx, actor.organizationId, values);
  await record(
    tx,
    actor,
    now,
    rows.map((after) => ({ action: 'create', before: null, after })),
  );
  return rows;
}

export async function createEntry(
  { db, clock }: EntryDeps,
  actor: Membership,
  input: EntryInput,
  defaultSource: EntrySource,
): Promise<EntryView> {
  const now = clock.now();
  return db.transaction(async (tx) => {
    const rows = await insertEntries(tx, actor, now, [input], defaultSource, () => 'body');
    return (await viewsOf(tx, actor, rows, now))[0]!;
  });
}

/** All or nothing: one bad row names its field (body.entries.3.categoryId) and nothing is written. */
export async function createEntriesInBulk(
  { db, clock }: EntryDeps,
  actor: Membership,
  inputs: EntryInput[],
  defaultSource: EntrySource,
): Promise<string[]> {
  const now = clock.now();
  return db.transaction(async (tx) => {
    const rows = await insertEntries(tx, actor, now, inputs, defaultSource, (i) => `body.entries.${i}`);
    return rows.map((r) => r.id);
  });
}

// ─── Changing ─────────────────────────────────────────────────────────────────────────────────

/**
 * Reads the entry, checks the actor may touch it, locks its member (and the member it moves to),
 * then reads it again: the member lock is what serialises writes, so the second read is current.
 */
async function loadForWrite(tx: Executor, actor: Membership, entryId: string, newMemberId?: string) {
  const first = await getTimeEntry(tx, actor.organizationId, entryId);
  if (!first) throw notFound('Time entry');
  assertMayActFor(actor, first.memberId);
  const targets: { memberId: string; field: string | null }[] = [{ memberId: first.memberId, field: null }];
  if (newMemberId !== undefined) targets.push({ memberId: newMemberId, field: 'body.memberId' });
  const members = await lockTargets(tx, actor, targets);
  const entry = await getTimeEntry(tx, actor.organizationId, entryId);
  if (!entry || entry.memberId !== first.memberId) {
    throw conflict('This entry changed while your request ran; reload it and try again');
  }
  return { entry, members };
}

const TIMING_KEYS = ['startedAt', 'endedAt', 'durationSeconds', 'localDate'] as const;

/** A running timer keeps running: only its start may move, and not into the future. */
function patchedRunningStart(before: TimeEntryRow, patch: EntryPatch, now: Date): Date {
  const stopField = TIMING_KEYS.find((k) => k !== 'startedAt' && patch[k] !== undefined);
  if (stopField) {
    throw new AppError(409, 'timer_running', 'This timer is running: stop it with POST timer/stop first', [
      { field: `body.${stopField}`, message: 'cannot be set on a running timer' },
    ]);
  }
  if (patch.startedAt === undefined) return before.startedAt!;
  const startedAt = instant(patch.startedAt, 'body.startedAt');
  if (startedAt > now) throw invalidField('body.startedAt', 'must not be in the future for a running timer');
  return startedAt;
}

/** New timing columns, or none when neither the timing nor the member changes. */
function timingChange(
  before: TimeEntryRow,
  patch: EntryPatch,
  member: LockedMember,
  now: Date,
  actor: Membership,
): Pick<TimeEntryChange, 'startedAt' | 'endedAt' | 'durationSeconds' | 'localDate' | 'weekStart'> {
  const moved = patch.memberId !== undefined && patch.memberId !== before.memberId;
  if (isRunning(before)) {
    const startedAt = patchedRunningStart(before, patch, now);
    const localDate = localDateOf(startedAt, member.timeZone);
    return { startedAt, localDate, weekStart: weekStartOf(localDate, actor.organization.weekStart) };
  }
  if (!moved && TIMING_KEYS.every((k) => patch[k] === undefined)) return {};
  const span = patchedSpan(before, patch);
  checkSpan(span, now, member.timeZone, 'body');
  return spanColumns(span, member.timeZone, actor.organization.weekStart);
}

export async function updateEntry(
  { db, clock }: EntryDeps,
  actor: Membership,
  entryId: string,
  patch: EntryPatch,
): Promise<EntryView> {
  const now = clock.now();
  assertMayActFor(actor, patch.memberId);
  checkTexts(patch, 'body');
  return db.transaction(async (tx) => {
    const { entry: before, members } = await loadForWrite(tx, actor, entryId, patch.memberId);
    if (before.deletedAt) throw conflict('This entry is deleted: restore it before changing it');
    const member = members.get(patch.memberId ?? before.memberId)!;
    const timing = timingChange(before, patch, member, now, actor);
    const categoryIsNew = patch.categoryId !== undefined && patch.categoryId !== before.categoryId;
    await checkReferences(tx, actor, [{ fields: patch, p: 'body', categoryIsNew }]);
    const { memberId, categoryId, brandId, platform, deliverableId, tags, note } = patch;
    const localDate = timing.localDate ?? before.localDate;
    // Fields left undefined are not written (drizzle skips them). Late stays late: it is evidence.
    const change: TimeEntryChange = {
      memberId,
      categoryId,
      brandId,
      platform,
      deliverableId,
      tags,
      note,
      ...timing,
      isLate: before.isLate || isLateNow(localDate, now, member.timeZone, actor.organization.lateAfterDays),
    };
    const weekAfter = { memberId: memberId ?? before.memberId, weekStart: timing.weekStart ?? before.weekStart };
    await assertWeeksOpen(tx, actor, [before, weekAfter]);
    const after = await updateTimeEntry(tx, actor.organizationId, entryId, change);
    await record(tx, actor, now, [{ action: 'update', before, after }]);
    return (await viewsOf(tx, actor, [after], now))[0]!;
  });
}

export async function deleteEntry({ db, clock }: EntryDeps, actor: Membership, entryId: string): Promise<void> {
  const now = clock.now();
  await db.transaction(async (tx) => {
    const { entry: before } = await loadForWrite(tx, actor, entryId);
    if (before.deletedAt) throw conflict('This entry is already deleted');
    await assertWeeksOpen(tx, actor, [before]);
    const after = await updateTimeEntry(tx, actor.organizationId, entryId, { deletedAt: now });
    await record(tx, actor, now, [{ action: 'delete', before, after }]);
  });
}

/** Undoes a delete. A deleted running timer comes back running, unless another timer runs now. */
export async function restoreEntry({ db, clock }: EntryDeps, actor: Membership, entryId: string): Promise<EntryView> {
  const now = clock.now();
  return db.transaction(async (tx) => {
    const { entry: before, members } = await loadForWrite(tx, actor, entryId);
    if (!before.deletedAt) throw conflict('This entry is not deleted');
    const restoresTimer = isRunning({ ...before, deletedAt: null });
    if (restoresTimer && (await getRunningTimer(tx, actor.organizationId, before.memberId))) {
      throw conflict('Another timer is running for this member: stop it before restoring this one');
    }
    await assertWeeksOpen(tx, actor, [before]);
    const { timeZone } = members.get(before.memberId)!;
    const after = await updateTimeEntry(tx, actor.organizationId, entryId, {
      deletedAt: null,
      isLate: before.isLate || isLateNow(before.localDate, now, timeZone, actor.organization.lateAfterDays),
    });
    await record(tx, actor, now, [{ action: 'restore', before, after }]);
    return (await viewsOf(tx, actor, [after], now))[0]!;
  });
}

// ─── Reading ──────────────────────────────────────────────────────────────────────────────────

async function readableEntry(db: Executor, actor: Membership, entryId: string): Promise<TimeEntryRow> {
  const row = await getTimeEntry(db, actor.organizationId, entryId);
  if (!row) throw notFound('Time entry');
  assertMayActFor(actor, row.memberId);
  return row;
}

/** One entry, deleted ones included (so an undo can show what it brings back). */
export async function getEntry({ db, clock }: EntryDeps, actor: Membership, entryId: string): Promise<EntryView> {
  const row = await readableEntry(db, actor, entryId);
  return (await viewsOf(db, actor, [row], clock.now()))[0]!;
}

export async function entryHistory({ db }: EntryDeps, actor: Membership, entryId: string) {
  await readableEntry(db, actor, entryId);
  const events = await listTimeEntryEvents(db, actor.organizationId, entryId);
  return events.map((e) => ({
    id: e.id,
    action: e.action,
    actorMemberId: e.actorMemberId,
    before: e.before,
    after: e.after,
    createdAt: e.createdAt.toISOString(),
  }));
}

/** A member reads their own entries only: the filter is pinned to them. */
function readableFilter(actor: Membership, filter: TimeEntryFilter): TimeEntryFilter {
  assertMayActFor(actor, filter.memberId);
  if (filter.from !== undefined && filter.to !== undefined && filter.to < filter.from) {
    throw invalidField('query.to', 'is before query.from');
  }
  if (filter.q !== undefined) assertPlainText('query.q', filter.q);
  if (filter.tag !== undefined) assertPlainText('query.tag', filter.tag);
  return isManager(actor) ? filter : { ...filter, memberId: actor.id };
}

export async function listEntries(
  { db, clock }: EntryDeps,
  actor: Membership,
  query: TimeEntryFilter & { sort?: Order; cursor?: string; limit?: number },
): Promise<{ items: EntryView[]; nextCursor: string | null }> {
  const { sort = 'asc', cursor, limit = 100, ...filter } = query;
  const readable = readableFilter(actor, filter);
  const after = cursor === undefined ? null : decodeCursor(cursor, sort);
  // One more row than asked tells whether another page exists.
  const rows = await listTimeEntries(db, actor.organizationId, readable, { order: sort, after, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: await viewsOf(db, actor, page, clock.now()),
    nextCursor: rows.length > limit && last ? encodeCursor(sort, last.position) : null,
  };
}

export async function summarizeEntries({ db }: EntryDeps, actor: Membership, filter: TimeEntryFilter) {
  return summarizeTimeEntries(db, actor.organizationId, readableFilter(actor, filter));
}
