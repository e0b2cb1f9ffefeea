// Time entry writes and reads. Every write runs in one transaction that locks the member first,
// refuses approved weeks, and leaves one audit event per entry and a dirty mark per member-week it
// touched (before and after a move). The pure rules live in ./time-entry.rules.ts.

import type { Clock } from '@proofwork/core';
import {
  copyTimeEntries,
  type EntryReferences,
  type EntrySource,
  type Executor,
  findEntryReferences,
  findLockedWeeks,
  findOverlaps,
  getRunningTimer,
  getTimeEntry,
  insertEntryAtOnce,
  insertTimeEntries,
  insertTimeEntryEvents,
  isTransientConflict,
  type LockedMember,
  listTimeEntries,
  listTimeEntryEvents,
  lockMembers,
  markMemberWeeksDirty,
  type NewTimeEntry,
  recordCreatedEntries,
  summarizeTimeEntries,
  type TimeEntryChange,
  type TimeEntryFilter,
  type TimeEntryRow,
  updateTimeEntry,
} from '@proofwork/db';
import { uuidv7 } from 'uuidv7';
import { type Actor, assertMayActFor, isManager } from '../actor';
import { conflict, DomainError, invalidField, notFound, under } from '../errors';
import { learnFromCorrection } from '../quick-add/vocabulary.service';
import { emitEvents } from '../webhooks/webhook.service';
import {
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
  isRunning,
  type Order,
  patchedSpan,
  placeEntry,
  type Span,
  spanColumns,
  spanOf,
  weekLocked,
} from './time-entry.rules';

export interface EntryDeps {
  /** The database, or the transaction of an idempotent request. */
  db: Executor;
  clock: Clock;
}

export async function viewsOf(db: Executor, actor: Actor, rows: TimeEntryRow[], now: Date): Promise<EntryView[]> {
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
  actor: Actor,
  targets: { memberId: string; field: string | null }[],
): Promise<Map<string, LockedMember>> {
  const locked = await lockMembersOf(tx, actor, targets);
  for (const target of targets) {
    const refusal = targetRefusal(locked, target);
    if (refusal) throw refusal;
  }
  return locked;
}

async function lockMembersOf(tx: Executor, actor: Actor, targets: { memberId: string }[]) {
  const ids = [...new Set(targets.map((t) => t.memberId))];
  return new Map((await lockMembers(tx, actor.organizationId, ids)).map((m) => [m.id, m]));
}

function targetRefusal(locked: Map<string, LockedMember>, target: { memberId: string; field: string | null }) {
  const member = locked.get(target.memberId);
  if (target.field !== null && (!member || member.removed)) {
    return invalidField(target.field, 'is not a member of this organization');
  }
  return null;
}

export interface ReferenceCheck {
  fields: Partial<EntryFields>;
  p: string;
  /** Archived categories take no new entries; an entry that keeps its category may keep it. */
  categoryIsNew: boolean;
}

/** Category, brand and deliverable must belong to the organization (one query per kind for all rows). */
export async function checkReferences(tx: Executor, actor: Actor, checks: ReferenceCheck[]) {
  const refs = await findReferences(tx, actor, checks);
  for (const check of checks) {
    const refusal = referenceRefusal(refs, check);
    if (refusal) throw refusal;
  }
}

async function findReferences(tx: Executor, actor: Actor, checks: ReferenceCheck[]) {
  const ids = (pick: (f: Partial<EntryFields>) => string | null | undefined) => [
    ...new Set(checks.map((c) => pick(c.fields)).filter((id): id is string => typeof id === 'string')),
  ];
  return findEntryReferences(tx, actor.organizationId, {
    categoryIds: ids((f) => f.categoryId),
    brandIds: ids((f) => f.brandId),
    deliverableIds: ids((f) => f.deliverableId),
  });
}

function referenceRefusal(refs: EntryReferences, { fields, p, categoryIsNew }: ReferenceCheck): DomainError | null {
  if (fields.categoryId !== undefined) {
    const archived = refs.categories.get(fields.categoryId);
    if (archived === undefined) return invalidField(`${under(p)}categoryId`, 'is not a category of this organization');
    if (archived && categoryIsNew) return invalidField(`${under(p)}categoryId`, 'is archived: pick an active category');
  }
  if (fields.brandId && !refs.brands.has(fields.brandId)) {
    return invalidField(`${under(p)}brandId`, 'is not a brand of this organization');
  }
  if (fields.deliverableId && !refs.deliverables.has(fields.deliverableId)) {
    return invalidField(`${under(p)}deliverableId`, 'is not a deliverable of this organization');
  }
  return null;
}

type WeekKey = { memberId: string; weekStart: string };

export async function assertWeeksOpen(tx: Executor, actor: Actor, weeks: WeekKey[]) {
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
export async function record(tx: Executor, actor: Actor, now: Date, changes: Change[]) {
  await insertTimeEntryEvents(
    tx,
    actor.organizationId,
    changes.map((c) => ({
      timeEntryId: c.after.id,
      action: c.action,
      actorMemberId: actor.memberId,
      before: c.before && entrySnapshot(c.before),
      after: entrySnapshot(c.after),
      createdAt: now,
    })),
  );
  await markMemberWeeksDirty(tx, marksOf(changes.flatMap((c) => (c.before ? [c.before, c.after] : [c.after]))));
  await emitEvents(
    tx,
    actor.organizationId,
    changes.map((c) => ({
      type: ENTRY_EVENT[c.action],
      data: { action: c.action, actorMemberId: actor.memberId, entry: { id: c.after.id, ...entrySnapshot(c.after) } },
    })),
  );
}

const marksOf = (rows: TimeEntryRow[]) =>
  rows.map((row) => ({ organizationId: row.organizationId, memberId: row.memberId, weekStart: row.weekStart }));

/**
 * What `record` leaves for entries just created by a bulk write, built inside PostgreSQL from the
 * rows (recordCreatedEntries): the same audit events and domain events, without sending each
 * entry's snapshot over the wire twice; and the dirty marks.
 */
async function recordCreated(tx: Executor, actor: Actor, now: Date, rows: TimeEntryRow[]) {
  await recordCreatedEntries(tx, actor.organizationId, {
    entryIds: rows.map((r) => r.id),
    actorMemberId: actor.memberId,
    createdAt: now,
    domainEventType: ENTRY_EVENT.create,
  });
  await markMemberWeeksDirty(tx, marksOf(rows));
}

/** The webhook event of each kind of entry write. */
const ENTRY_EVENT: Record<Change['action'], 'entry.created' | 'entry.updated' | 'entry.deleted'> = {
  create: 'entry.created',
  timer_start: 'entry.created',
  restore: 'entry.created',
  update: 'entry.updated',
  timer_stop: 'entry.updated',
  delete: 'entry.deleted',
};

/** Scripts with a token log as `api`, jobs as `import`, people in the app as `manual`, unless they say otherwise. */
export const sourceOf = (actor: Actor): EntrySource =>
  actor.via === 'token' ? 'api' : actor.via === 'job' ? 'import' : 'manual';

// ─── Creating ─────────────────────────────────────────────────────────────────────────────────

/** Where an imported entry comes from (see writeImportedEntries). */
export interface EntryProvenance {
  importId: string;
  /** The row of the source file (1 = the first data row). */
  importRow: number;
  /** Stable across exports of the same source row; unique per organization. */
  importKey: string;
  /** What a Proofwork export said of the entry: its evidence line keeps them. */
  originId?: string | null;
  originSource?: EntrySource | null;
  originEdited?: boolean | null;
  /**
   * Imported history is not "late": the tracker it comes from recorded it at the time, and the
   * import's own date says nothing of when the work was logged. A Proofwork export says.
   */
  late: boolean;
}

/** A row the rules refused, when the caller asked to skip refused rows rather than fail. */
export interface EntryRefusal {
  index: number;
  error: DomainError;
}

interface WriteOptions {
  defaultSource: EntrySource;
  fieldOf(index: number): string;
  /**
   * Rows go in with COPY and come back as written (no database defaults read back): for writes of
   * many rows that return ids only. Without it, one INSERT … RETURNING (a view needs the row).
   */
  bulk?: boolean;
  /** Collects refused rows here (the rest are written) instead of refusing the whole write. */
  refusals?: EntryRefusal[];
  provenance?: readonly EntryProvenance[];
  /**
   * Runs once every rule has passed, before the insert, with the rows about to be written (in
   * input order); it may fill in columns the rules do not decide (an import's deliverables).
   */
  beforeInsert?: (tx: Executor, rows: { index: number; value: NewTimeEntry }[]) => Promise<void>;
}

/**
 * The one write path of new entries: the actor may act for each member, the texts and spans are
 * valid, the members are locked and belong to the organization, the catalog ids are the
 * organization's, the weeks are open; then the entries, one audit event each and the dirty marks
 * go in set-wise (one statement per kind, whatever the number of rows). With `refusals`, a row a
 * rule refuses is set aside and the others go on; without, the first refusal refuses everything.
 */
async function insertEntries(
  tx: Executor,
  actor: Actor,
  now: Date,
  inputs: EntryInput[],
  options: WriteOptions,
): Promise<{ rows: TimeEntryRow[]; refusals: EntryRefusal[] }> {
  const { fieldOf, refusals, provenance } = options;
  const alive = inputs.map(() => true);
  /** Runs a check on every row still standing; a refusal throws, or sets the row aside. */
  const each = (check: (i: number) => DomainError | null | undefined) => {
    for (let i = 0; i < inputs.length; i++) {
      if (!alive[i]) continue;
      let refusal: DomainError | null | undefined;
      try {
        refusal = check(i);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        refusal = error;
      }
      if (!refusal) continue;
      if (!refusals) throw refusal;
      refusals.push({ index: i, error: refusal });
      alive[i] = false;
    }
  };

  const targets = inputs.map((input, i) => ({
    memberId: input.memberId ?? actor.memberId,
    field: `${under(fieldOf(i))}memberId`,
  }));
  each((i) => {
    assertMayActFor(actor, targets[i]!.memberId);
    return null;
  });
  const spans: Span[] = [];
  each((i) => {
    checkTexts(inputs[i]!, fieldOf(i));
    spans[i] = spanOf(inputs[i]!, fieldOf(i));
    return null;
  });
  const members = await lockMembersOf(
    tx,
    actor,
    targets.filter((_, i) => alive[i]),
  );
  each((i) => targetRefusal(members, targets[i]!));
  for (const member of members.values()) if (!member.removed) rememberZone(member.id, member.timeZone);
  const checks = inputs.map((fields, i) => ({ fields, p: fieldOf(i), categoryIsNew: true }));
  const refs = await findReferences(
    tx,
    actor,
    checks.filter((_, i) => alive[i]),
  );
  each((i) => referenceRefusal(refs, checks[i]!));

  const values: NewTimeEntry[] = [];
  each((i) => {
    const { timeZone } = members.get(targets[i]!.memberId)!;
    values[i] = newEntryValues(actor, now, inputs[i]!, {
      memberId: targets[i]!.memberId,
      span: spans[i]!,
      timeZone,
      field: fieldOf(i),
      defaultSource: options.defaultSource,
      origin: provenance?.[i],
    });
    return null;
  });
  const weeks = new Map<string, { memberId: string; weekStart: string }>();
  for (const [i, v] of values.entries()) {
    if (alive[i] && v) weeks.set(`${v.memberId}|${v.weekStart}`, { memberId: v.memberId, weekStart: v.weekStart });
  }
  const locked = new Set(
    (await findLockedWeeks(tx, actor.organizationId, [...weeks.values()])).map((w) => `${w.memberId}|${w.weekStart}`),
  );
  each((i) => (locked.has(`${values[i]!.memberId}|${values[i]!.weekStart}`) ? weekLocked(values[i]!) : null));

  const writing = values.flatMap((value, index) => (alive[index] && value ? [{ index, value }] : []));
  await options.beforeInsert?.(tx, writing);
  const rows = options.bulk
    ? await copyTimeEntries(
        tx,
        actor.organizationId,
        writing.map((w) => w.value),
        now,
      )
    : await insertTimeEntries(
        tx,
        actor.organizationId,
        writing.map((w) => w.value),
      );
  if (options.bulk) await recordCreated(tx, actor, now, rows);
  else
    await record(
      tx,
      actor,
      now,
      rows.map((after) => ({ action: 'create', before: null, after })),
    );
  return { rows, refusals: refusals ?? [] };
}

/** The columns of a new entry once its span is checked in the member's zone (throws a refusal). */
function newEntryValues(
  actor: Actor,
  now: Date,
  input: EntryInput,
  o: {
    memberId: string;
    span: Span;
    timeZone: string;
    field: string;
    defaultSource: EntrySource;
    origin?: EntryProvenance | undefined;
  },
): NewTimeEntry {
  const { weekStart, lateAfterDays } = actor.organization;
  checkSpan(o.span, now, o.timeZone, o.field);
  const columns = spanColumns(o.span, o.timeZone, weekStart);
  const { origin } = o;
  return {
    memberId: o.memberId,
    categoryId: input.categoryId,
    brandId: input.brandId ?? null,
    platform: input.platform ?? null,
    deliverableId: input.deliverableId ?? null,
    tags: input.tags ?? [],
    note: input.note ?? '',
    ...columns,
    source: input.source ?? o.defaultSource,
    isLate: origin ? origin.late : isLateNow(columns.localDate, now, o.timeZone, lateAfterDays),
    createdByMemberId: actor.memberId,
    ...(origin && {
      importId: origin.importId,
      importRow: origin.importRow,
      importKey: origin.importKey,
      originId: origin.originId ?? null,
      originSource: origin.originSource ?? null,
      originEdited: origin.originEdited ?? null,
    }),
  };
}

/**
 * Members' zones as last read, to compute a new entry's columns before the statement that checks
 * them (insertEntryAtOnce): a zone changed since only sends that write down the general path.
 */
const memberZones = new Map<string, string>();
const MEMBER_ZONES_KEPT = 10_000;
function rememberZone(memberId: string, timeZone: string) {
  if (memberZones.size >= MEMBER_ZONES_KEPT && !memberZones.has(memberId)) memberZones.clear();
  memberZones.set(memberId, timeZone);
}

/**
 * One entry in one pipelined round trip when every rule holds (see insertEntryAtOnce); null when
 * any does not, having written nothing: the general path then refuses it with the usual error, in
 * the usual order, or writes it (a member whose zone changed).
 */
async function createOneAtOnce(
  tx: Executor,
  actor: Actor,
  now: Date,
  input: EntryInput,
  defaultSource: EntrySource,
): Promise<EntryView | null> {
  const memberId = input.memberId ?? actor.memberId;
  const timeZone = memberZones.get(memberId) ?? (memberId === actor.memberId ? actor.timeZone : null);
  if (timeZone === null) return null;
  let value: NewTimeEntry;
  try {
    assertMayActFor(actor, memberId);
    checkTexts(input, '');
    const span = spanOf(input, '');
    value = newEntryValues(actor, now, input, { memberId, span, timeZone, field: '', defaultSource });
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
  const entry = { ...value, id: uuidv7() };
  const snapshot = entrySnapshot({ ...entry, deletedAt: null } as TimeEntryRow);
  const written = await insertEntryAtOnce(tx, {
    organizationId: actor.organizationId,
    entry,
    timeZone,
    event: { actorMemberId: actor.memberId, after: snapshot, createdAt: now },
    domainEvent: {
      type: ENTRY_EVENT.create,
      data: { action: 'create', actorMemberId: actor.memberId, entry: { id: entry.id, ...snapshot } },
    },
    overlapsAt: now,
  });
  if (written.timeZone) rememberZone(memberId, written.timeZone);
  return written.row && entryView(written.row, written.overlaps, now);
}

export async function createEntry(
  { db, clock }: EntryDeps,
  actor: Actor,
  input: EntryInput,
  defaultSource: EntrySource = sourceOf(actor),
): Promise<EntryView> {
  const now = clock.now();
  // Outside a transaction the one-round-trip path makes its own; a refusal or a transient
  // conflict (a deadlock) goes down the general path, which explains the one and retries the other.
  const once = await createOneAtOnce(db, actor, now, input, defaultSource).catch((error) => {
    // Inside the caller's transaction the error has aborted it: the caller's retry handles it.
    if (isTransientConflict(error) && '$sql' in db) return null;
    throw error;
  });
  if (once) return once;
  return db.transaction(async (tx) => {
    const { rows } = await insertEntries(tx, actor, now, [input], { defaultSource, fieldOf: () => '' });
    return (await viewsOf(tx, actor, rows, now))[0]!;
  });
}

/** All or nothing: one bad row names its field (entries.3.categoryId) and nothing is written. */
export async function createEntriesInBulk(
  { db, clock }: EntryDeps,
  actor: Actor,
  inputs: EntryInput[],
  defaultSource: EntrySource = sourceOf(actor),
): Promise<string[]> {
  const now = clock.now();
  return db.transaction(async (tx) => {
    const { rows } = await insertEntries(tx, actor, now, inputs, {
      defaultSource,
      fieldOf: (i) => `entries.${i}`,
      bulk: true,
    });
    return rows.map((r) => r.id);
  });
}

/**
 * An import's batch, inside the caller's transaction: the same rules as every write, but a refused
 * row is reported (with its field, `entries.3.endedAt`) and skipped, and a row whose import key the
 * organization already holds is skipped as a duplicate. Entries get source `import` and their
 * provenance; `beforeInsert` lets the import record the deliverables of the rows actually written.
 */
export async function writeImportedEntries(
  { db, clock }: EntryDeps,
  actor: Actor,
  inputs: EntryInput[],
  provenance: readonly EntryProvenance[],
  beforeInsert?: WriteOptions['beforeInsert'],
): Promise<{ written: { index: number; row: TimeEntryRow }[]; refused: EntryRefusal[]; duplicates: number[] }> {
  const refusals: EntryRefusal[] = [];
  const { rows } = await insertEntries(db, actor, clock.now(), inputs, {
    defaultSource: 'import',
    fieldOf: (i) => `entries.${i}`,
    bulk: true,
    refusals,
    provenance,
    beforeInsert,
  });
  const byKey = new Map(rows.map((row) => [row.importKey, row]));
  const refused = new Set(refusals.map((r) => r.index));
  const written: { index: number; row: TimeEntryRow }[] = [];
  const duplicates: number[] = [];
  for (let index = 0; index < inputs.length; index++) {
    if (refused.has(index)) continue;
    const row = byKey.get(provenance[index]!.importKey);
    if (row) written.push({ index, row });
    else duplicates.push(index);
  }
  return { written, refused: refusals, duplicates };
}

// ─── Changing ─────────────────────────────────────────────────────────────────────────────────

/**
 * Reads the entry, checks the actor may touch it, locks its member (and the member it moves to),
 * then reads it again: the member lock is what serialises writes, so the second read is current.
 */
async function loadForWrite(tx: Executor, actor: Actor, entryId: string, newMemberId?: string) {
  const first = await getTimeEntry(tx, actor.organizationId, entryId);
  if (!first) throw notFound('Time entry');
  assertMayActFor(actor, first.memberId);
  const targets: { memberId: string; field: string | null }[] = [{ memberId: first.memberId, field: null }];
  if (newMemberId !== undefined) targets.push({ memberId: newMemberId, field: 'memberId' });
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
    throw new DomainError('conflict', 'timer_running', 'This timer is running: stop it with POST timer/stop first', [
      { field: `${stopField}`, message: 'cannot be set on a running timer' },
    ]);
  }
  if (patch.startedAt === undefined) return before.startedAt!;
  const startedAt = instant(patch.startedAt, 'startedAt');
  if (startedAt > now) throw invalidField('startedAt', 'must not be in the future for a running timer');
  return startedAt;
}

/** New timing columns, or none when neither the timing nor the member changes. */
function timingChange(
  before: TimeEntryRow,
  patch: EntryPatch,
  member: LockedMember,
  now: Date,
  actor: Actor,
): Pick<TimeEntryChange, 'startedAt' | 'endedAt' | 'durationSeconds' | 'localDate' | 'weekStart'> {
  const moved = patch.memberId !== undefined && patch.memberId !== before.memberId;
  if (isRunning(before)) {
    const startedAt = patchedRunningStart(before, patch, now);
    return { startedAt, ...placeEntry(startedAt, member.timeZone, actor.organization.weekStart) };
  }
  if (!moved && TIMING_KEYS.every((k) => patch[k] === undefined)) return {};
  const span = patchedSpan(before, patch);
  checkSpan(span, now, member.timeZone, '');
  return spanColumns(span, member.timeZone, actor.organization.weekStart);
}

export async function updateEntry(
  { db, clock }: EntryDeps,
  actor: Actor,
  entryId: string,
  patch: EntryPatch,
): Promise<EntryView> {
  const now = clock.now();
  assertMayActFor(actor, patch.memberId);
  checkTexts(patch, '');
  return db.transaction(async (tx) => {
    const { entry: before, members } = await loadForWrite(tx, actor, entryId, patch.memberId);
    if (before.deletedAt) throw conflict('This entry is deleted: restore it before changing it');
    const member = members.get(patch.memberId ?? before.memberId)!;
    const timing = timingChange(before, patch, member, now, actor);
    const categoryIsNew = patch.categoryId !== undefined && patch.categoryId !== before.categoryId;
    await checkReferences(tx, actor, [{ fields: patch, p: '', categoryIsNew }]);
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
    await learnFromCorrection(tx, actor, before, after);
    return (await viewsOf(tx, actor, [after], now))[0]!;
  });
}

export async function deleteEntry({ db, clock }: EntryDeps, actor: Actor, entryId: string): Promise<void> {
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
export async function restoreEntry({ db, clock }: EntryDeps, actor: Actor, entryId: string): Promise<EntryView> {
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

async function readableEntry(db: Executor, actor: Actor, entryId: string): Promise<TimeEntryRow> {
  const row = await getTimeEntry(db, actor.organizationId, entryId);
  if (!row) throw notFound('Time entry');
  assertMayActFor(actor, row.memberId);
  return row;
}

/** One entry, deleted ones included (so an undo can show what it brings back). */
export async function getEntry({ db, clock }: EntryDeps, actor: Actor, entryId: string): Promise<EntryView> {
  const row = await readableEntry(db, actor, entryId);
  return (await viewsOf(db, actor, [row], clock.now()))[0]!;
}

export async function entryHistory({ db }: EntryDeps, actor: Actor, entryId: string) {
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
function readableFilter(actor: Actor, filter: TimeEntryFilter): TimeEntryFilter {
  assertMayActFor(actor, filter.memberId);
  if (filter.from !== undefined && filter.to !== undefined && filter.to < filter.from) {
    throw invalidField('to', 'is before from');
  }
  if (filter.q !== undefined) assertPlainText('q', filter.q);
  if (filter.tag !== undefined) assertPlainText('tag', filter.tag);
  return isManager(actor) ? filter : { ...filter, memberId: actor.memberId };
}

export async function listEntries(
  { db, clock }: EntryDeps,
  actor: Actor,
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

export async function summarizeEntries({ db }: EntryDeps, actor: Actor, filter: TimeEntryFilter) {
  return summarizeTimeEntries(db, actor.organizationId, readableFilter(actor, filter));
}
