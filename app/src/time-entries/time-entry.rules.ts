// The pure rules of a time entry, with no database: who may act for whom, what a valid entry is,
// where it lands (local date and week in the member's zone at its start), when it is late, and how
// the API shows it. The services apply them inside their transactions.
import {
  addDays,
  daysBetween,
  type IsoWeekday,
  isLocalDate,
  isUuid,
  localDateOf,
  type Platform,
  STALE_TIMER_SECONDS,
  weekStartOf,
} from '@proofwork/core';
import type { EntryPosition, EntrySource, TimeEntryRow } from '@proofwork/db';
import { DomainError, invalidField, under } from '../errors';

export const SECOND = 1000;
const HOUR = 3600 * SECOND;
export const MAX_ENTRY_MS = 24 * HOUR;
const FUTURE_LIMIT_DAYS = 7;
/** A timer running longer than core's limit was most likely forgotten: flagged, never counted silently. */
export const STALE_TIMER_MS = STALE_TIMER_SECONDS * SECOND;
const STALE_HOURS = STALE_TIMER_SECONDS / 3600;
/** Nobody logs CM work from the last century; older dates are typos. */
const EARLIEST_DATE = '2000-01-01';
const EARLIEST_INSTANT = Date.parse('2000-01-01T00:00:00Z');
/** Control characters are invisible junk in evidence; free text may still hold tabs and line breaks. */
const CONTROL_IN_FREE_TEXT = /(?![\t\n\r])\p{Cc}/u;
const CONTROL = /\p{Cc}/u;
export const MAX_NOTE_LENGTH = 2000;
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;

export interface EntryFields {
  categoryId: string;
  brandId?: string | null;
  platform?: Platform | null;
  deliverableId?: string | null;
  tags?: string[];
  note?: string;
}

export interface TimingFields {
  startedAt?: string;
  endedAt?: string;
  durationSeconds?: number;
  localDate?: string;
}

export interface EntryInput extends EntryFields, TimingFields {
  memberId?: string;
  source?: EntrySource;
}

export type EntryPatch = Partial<EntryFields> & TimingFields & { memberId?: string };

/** An entry as the API shows it. */
export interface EntryView {
  id: string;
  memberId: string;
  categoryId: string;
  brandId: string | null;
  platform: Platform | null;
  deliverableId: string | null;
  tags: string[];
  note: string;
  startedAt: string | null;
  endedAt: string | null;
  durationSeconds: number | null;
  localDate: string;
  weekStart: string;
  source: EntrySource;
  isLate: boolean;
  running: boolean;
  /** A timer running past core's stale-timer limit: its end must be given by hand. */
  stale: boolean;
  createdByMemberId: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  /** The member's other entries whose time ranges intersect this one. */
  overlaps: string[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const isRunning = (row: TimeEntryRow) =>
  row.startedAt !== null && row.endedAt === null && row.durationSeconds === null && row.deletedAt === null;

/** What the audit trail keeps of an entry, before and after a write. */
export function entrySnapshot(row: TimeEntryRow) {
  return {
    memberId: row.memberId,
    categoryId: row.categoryId,
    brandId: row.brandId,
    platform: row.platform,
    deliverableId: row.deliverableId,
    tags: row.tags,
    note: row.note,
    startedAt: iso(row.startedAt),
    endedAt: iso(row.endedAt),
    durationSeconds: row.durationSeconds,
    localDate: row.localDate,
    weekStart: row.weekStart,
    source: row.source,
    isLate: row.isLate,
    deletedAt: iso(row.deletedAt),
  };
}

export function entryView(row: TimeEntryRow, overlaps: string[], now: Date): EntryView {
  const running = isRunning(row);
  return {
    id: row.id,
    ...entrySnapshot(row),
    running,
    stale: running && now.getTime() - row.startedAt!.getTime() > STALE_TIMER_MS,
    createdByMemberId: row.createdByMemberId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    overlaps,
  };
}

// ─── What a valid entry is ────────────────────────────────────────────────────────────────────

/** Refuses control characters; free text (a note, a comment) may keep tabs and line breaks. */
export function assertPlainText(field: string, value: string, freeText = false) {
  if ((freeText ? CONTROL_IN_FREE_TEXT : CONTROL).test(value)) {
    throw invalidField(field, 'must not contain control characters');
  }
}

/**
 * Note and tags. The route schemas check the lengths first; they are checked again here for what
 * does not come from a body as is (a quick-add line's note and tags).
 */
export function checkTexts(fields: Partial<EntryFields>, p: string) {
  if (fields.note !== undefined) {
    assertPlainText(`${under(p)}note`, fields.note, true);
    if (fields.note.length > MAX_NOTE_LENGTH)
      throw invalidField(`${under(p)}note`, `is longer than ${MAX_NOTE_LENGTH} characters`);
  }
  const tags = fields.tags ?? [];
  if (tags.length > MAX_TAGS) throw invalidField(`${under(p)}tags`, `holds more than ${MAX_TAGS} tags`);
  for (const [i, tag] of tags.entries()) {
    assertPlainText(`${under(p)}tags.${i}`, tag);
    if (tag.trim() === '') throw invalidField(`${under(p)}tags.${i}`, 'must not be blank');
    if (tag.length > MAX_TAG_LENGTH)
      throw invalidField(`${under(p)}tags.${i}`, `is longer than ${MAX_TAG_LENGTH} characters`);
  }
}

export function instant(value: string, field: string): Date {
  const date = new Date(value);
  if (!Number.isFinite(date.getTime())) throw invalidField(field, 'is not a valid date-time');
  if (date.getTime() < EARLIEST_INSTANT) throw invalidField(field, `is before ${EARLIEST_DATE}`);
  return date;
}

/** A timed entry has both clock times; a day entry has a duration on a local date and no clock times. */
export type Span =
  | { kind: 'timed'; startedAt: Date; endedAt: Date }
  | { kind: 'day'; localDate: string; durationSeconds: number };

const EITHER = 'send startedAt and endedAt, or durationSeconds and localDate';

function mixedTiming(input: TimingFields, p: string): DomainError {
  const extra = input.durationSeconds !== undefined ? 'durationSeconds' : 'localDate';
  return invalidField(`${under(p)}${extra}`, `cannot be combined with startedAt or endedAt: ${EITHER}`);
}

export function spanOf(input: TimingFields, p: string): Span {
  const timed = input.startedAt !== undefined || input.endedAt !== undefined;
  const day = input.durationSeconds !== undefined || input.localDate !== undefined;
  if (timed && day) throw mixedTiming(input, p);
  if (timed) {
    if (input.startedAt === undefined) throw invalidField(`${under(p)}startedAt`, 'is required with endedAt');
    if (input.endedAt === undefined) {
      throw invalidField(
        `${under(p)}endedAt`,
        'is required with startedAt (a running timer starts with POST timer/start)',
      );
    }
    return {
      kind: 'timed',
      startedAt: instant(input.startedAt, `${under(p)}startedAt`),
      endedAt: instant(input.endedAt, `${under(p)}endedAt`),
    };
  }
  if (day) {
    if (input.durationSeconds === undefined)
      throw invalidField(`${under(p)}durationSeconds`, 'is required with localDate');
    if (input.localDate === undefined) throw invalidField(`${under(p)}localDate`, 'is required with durationSeconds');
    return { kind: 'day', localDate: input.localDate, durationSeconds: input.durationSeconds };
  }
  throw invalidField(`${under(p)}startedAt`, `is missing: ${EITHER}`);
}

/**
 * The entry's span after a patch: clock times make it timed, a duration or a date a day entry; a
 * patch without timing keeps the span (it is placed again when the entry moves to another member).
 */
export function patchedSpan(before: TimeEntryRow, patch: EntryPatch): Span {
  const timedPatch = patch.startedAt !== undefined || patch.endedAt !== undefined;
  const dayPatch = patch.durationSeconds !== undefined || patch.localDate !== undefined;
  const wasTimed = before.startedAt !== null && before.endedAt !== null;
  if (timedPatch && dayPatch) throw mixedTiming(patch, '');
  if (timedPatch || (!dayPatch && wasTimed)) {
    return spanOf(
      {
        startedAt: patch.startedAt ?? (wasTimed ? before.startedAt!.toISOString() : undefined),
        endedAt: patch.endedAt ?? (wasTimed ? before.endedAt!.toISOString() : undefined),
      },
      '',
    );
  }
  return spanOf(
    {
      durationSeconds: patch.durationSeconds ?? before.durationSeconds!,
      localDate: patch.localDate ?? before.localDate,
    },
    '',
  );
}

export function checkSpan(span: Span, now: Date, timeZone: string, p: string) {
  if (span.kind === 'timed') {
    const elapsed = span.endedAt.getTime() - span.startedAt.getTime();
    if (elapsed < SECOND) throw invalidField(`${under(p)}endedAt`, 'must be at least one second after startedAt');
    if (elapsed > MAX_ENTRY_MS) throw invalidField(`${under(p)}endedAt`, 'is more than 24 hours after startedAt');
    if (span.endedAt.getTime() > now.getTime() + FUTURE_LIMIT_DAYS * 24 * HOUR) {
      throw invalidField(`${under(p)}endedAt`, `is more than ${FUTURE_LIMIT_DAYS} days in the future`);
    }
    return;
  }
  if (!isLocalDate(span.localDate)) throw invalidField(`${under(p)}localDate`, 'is not a valid date');
  if (span.localDate < EARLIEST_DATE) throw invalidField(`${under(p)}localDate`, `is before ${EARLIEST_DATE}`);
  if (span.localDate > addDays(localDateOf(now, timeZone), FUTURE_LIMIT_DAYS)) {
    throw invalidField(`${under(p)}localDate`, `is more than ${FUTURE_LIMIT_DAYS} days in the future`);
  }
  if (!Number.isInteger(span.durationSeconds) || span.durationSeconds < 1 || span.durationSeconds > 86_400) {
    throw invalidField(
      `${under(p)}durationSeconds`,
      'must be a whole number of seconds between 1 and 86400 (24 hours)',
    );
  }
}

/**
 * Where an entry lands: the member's local day at its start (or the day it was given), and the
 * organization's week holding that day. Computed once, when the entry is written.
 */
export function placeEntry(at: Date | string, timeZone: string, weekStart: IsoWeekday) {
  const localDate = typeof at === 'string' ? at : localDateOf(at, timeZone);
  return { localDate, weekStart: weekStartOf(localDate, weekStart) };
}

/** The span as columns, placed on the member's local day at its start, in the organization's weeks. */
export function spanColumns(span: Span, timeZone: string, weekStart: IsoWeekday) {
  return {
    startedAt: span.kind === 'timed' ? span.startedAt : null,
    endedAt: span.kind === 'timed' ? span.endedAt : null,
    durationSeconds:
      span.kind === 'timed'
        ? Math.round((span.endedAt.getTime() - span.startedAt.getTime()) / SECOND)
        : span.durationSeconds,
    ...placeEntry(span.kind === 'timed' ? span.startedAt : span.localDate, timeZone, weekStart),
  };
}

/** Written or changed more than `lateAfterDays` after its local day (in the member's zone). */
export function isLateNow(localDate: string, now: Date, timeZone: string, lateAfterDays: number): boolean {
  return daysBetween(localDate, localDateOf(now, timeZone)) > lateAfterDays;
}

// ─── Conflicts ────────────────────────────────────────────────────────────────────────────────

export function weekLocked(week: { memberId: string; weekStart: string }): DomainError {
  return new DomainError(
    'conflict',
    'week_locked',
    `The week of ${week.weekStart} is approved and locked: a manager must reopen it before its entries can change`,
    [{ message: 'approved week', memberId: week.memberId, weekStart: week.weekStart }],
  );
}

export function timerStale(timer: TimeEntryRow): DomainError {
  return new DomainError(
    'conflict',
    'timer_stale',
    `This timer has been running since ${timer.startedAt!.toISOString()}, more than ${STALE_HOURS} hours: it was probably ` +
      'forgotten. Stop it with its real end time: POST timer/stop with { "endedAt": "…" }',
    [{ field: 'endedAt', message: `is required to stop a timer that ran more than ${STALE_HOURS} hours` }],
  );
}

// ─── Listing cursors ──────────────────────────────────────────────────────────────────────────

export type Order = 'asc' | 'desc';
const MICRO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** Opaque to clients: the last entry's position, and the order it was read in. */
export function encodeCursor(order: Order, position: EntryPosition): string {
  return Buffer.from(JSON.stringify([order, position.localDate, position.at, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string, order: Order): EntryPosition {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidField('cursor', 'is not a cursor from this listing');
  }
  const [sort, localDate, at, id] = Array.isArray(parts) ? parts : [];
  const valid =
    typeof localDate === 'string' &&
    isLocalDate(localDate) &&
    typeof at === 'string' &&
    MICRO_INSTANT.test(at) &&
    typeof id === 'string' &&
    isUuid(id);
  if (!valid) throw invalidField('cursor', 'is not a cursor from this listing');
  if (sort !== order) throw invalidField('cursor', `was made for sort=${String(sort)}; keep the same sort`);
  return { localDate, at, id };
}
