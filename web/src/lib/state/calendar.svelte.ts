// The calendar: one member's week (or, on a phone, one day) as a timeline of their local day. Timed
// entries are blocks, the member's working schedule is shaded, and the working time left unlogged
// (up to now) shows as gaps; days off and public holidays (GET absences, as My week reads them) have
// none. Creating in a gap, moving (also to another day), resizing either edge and deleting go through
// the time-entries API and can be undone, newest first. Figures (day and week totals) are the API's
// (GET time-entries/week); nothing here adds durations up.
import {
  addDays,
  DEFAULT_WORKING_SCHEDULE,
  isoWeekdayOf,
  localDateOf,
  localMinutesOf,
  parseClock,
  type WorkingSchedule,
  zonedInstant,
} from '@proofwork/core';
import { untrack } from 'svelte';
import type { AbsenceKind, AbsenceList } from '../api/absences';
import * as absencesApi from '../api/absences';
import { ApiError } from '../api/client';
import * as entriesApi from '../api/entries';
import type { Member, TimeEntry, WeekApproval, WeekSummary } from '../api/types';
import { session } from './session.svelte';

/** Minutes a drag or a key press moves by. */
export const STEP = 15;
export const DAY_MINUTES = 1440;
/** A gap shorter than this is not worth showing. */
const MIN_GAP = 5;

/** Minutes of a local day, [start, end). */
export interface Span {
  start: number;
  end: number;
}

/** A timed entry's part on one local day (an entry across midnight has two). */
export interface Block extends Span {
  entry: TimeEntry;
  localDate: string;
  running: boolean;
  /** The entry started on an earlier day / ends on a later day. */
  before: boolean;
  after: boolean;
  /** Column within the day when blocks overlap, and how many columns the overlap needs. */
  lane: number;
  lanes: number;
}

/**
 * A day the member is not expected to work (a public holiday of the organization, or the member's
 * absence): no gaps are shown on it, or on half of it for a half day.
 */
export interface DayOff {
  localDate: string;
  /** A public holiday, else the absence's kind. */
  kind: AbsenceKind | 'publicHoliday';
  /** The public holiday's name (an absence is named by its kind). */
  name?: string;
  /**
   * Half a day off: the morning, the afternoon, or either (an absence does not say which: the half
   * with less time logged is taken as the one off).
   */
  half?: 'am' | 'pm' | 'either';
}

/** The days off of a week as GET absences gives them: a public holiday first, else the absence. */
export function daysOffOf(list: AbsenceList): DayOff[] {
  const days: DayOff[] = list.publicHolidays.map((h) => ({
    localDate: h.localDate,
    kind: 'publicHoliday',
    name: h.name,
  }));
  for (const a of list.items) {
    if (days.some((d) => d.localDate === a.localDate)) continue;
    days.push({ localDate: a.localDate, kind: a.kind, ...(a.halfDay ? { half: 'either' as const } : {}) });
  }
  return days.sort((a, b) => a.localDate.localeCompare(b.localDate));
}

/** What a new entry says besides its times (read from the composer's line). */
export interface NewEntryFields {
  categoryId: string;
  brandId?: string | null;
  platform?: string | null;
  tags?: string[];
  note?: string;
  /** What the line says was produced ("reel"): recorded first, as quick-add does, then named by the entry. */
  deliverable?: { deliverableTypeId: string; title: string; quantity?: number } | null;
}

export type Edge = 'start' | 'end';
export type Nudge =
  | 'earlier'
  | 'later'
  | 'prevDay'
  | 'nextDay'
  | 'startEarlier'
  | 'startLater'
  | 'endEarlier'
  | 'endLater';

export type Undo =
  | { kind: 'created'; entryId: string }
  | { kind: 'changed'; entryId: string; startedAt: string; endedAt: string }
  | { kind: 'deleted'; entryId: string };

export function snap(minute: number, step = STEP): number {
  return Math.round(minute / step) * step;
}

export function clampMinute(minute: number): number {
  return Math.min(DAY_MINUTES, Math.max(0, minute));
}

/** The working slots of a local day, merged and sorted. */
export function slotsOn(schedule: WorkingSchedule, localDate: string): Span[] {
  const weekday = isoWeekdayOf(localDate);
  const spans = schedule
    .filter((s) => s.day === weekday)
    .map((s) => ({ start: parseClock(s.start), end: parseClock(s.end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const s of spans) {
    const last = merged.at(-1);
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}

/** The part of each timed (or running) entry that falls on a local day, with overlap lanes. */
export function blocksOn(entries: readonly TimeEntry[], localDate: string, zone: string, now: number): Block[] {
  const blocks: Omit<Block, 'lane' | 'lanes'>[] = [];
  for (const entry of entries) {
    if (!entry.startedAt || entry.deletedAt) continue;
    const running = entry.endedAt === null;
    const start = new Date(entry.startedAt);
    const end = running ? new Date(Math.max(now, start.getTime())) : new Date(entry.endedAt!);
    const startDay = localDateOf(start, zone);
    // An end at midnight belongs to the day before.
    const endDay = localDateOf(new Date(end.getTime() - 1), zone);
    if (localDate < startDay || localDate > (end > start ? endDay : startDay)) continue;
    const from = localDate === startDay ? localMinutesOf(start, zone) : 0;
    const to = localDate === localDateOf(end, zone) ? localMinutesOf(end, zone) : DAY_MINUTES;
    blocks.push({
      entry,
      localDate,
      running,
      start: from,
      // A running timer just started still shows as a sliver.
      end: Math.max(to, from + (running ? 1 : 0)),
      before: localDate > startDay,
      after: localDate < endDay,
    });
  }
  blocks.sort((a, b) => a.start - b.start || b.end - a.end);
  // Greedy lanes within each cluster of overlapping blocks.
  const out: Block[] = [];
  let cluster: Block[] = [];
  let clusterEnd = -1;
  const close = () => {
    const count = Math.max(1, ...cluster.map((b) => b.lane + 1));
    for (const b of cluster) b.lanes = count;
    cluster = [];
  };
  for (const b of blocks) {
    if (b.start >= clusterEnd) close();
    const taken = new Set(cluster.filter((c) => c.end > b.start).map((c) => c.lane));
    let lane = 0;
    while (taken.has(lane)) lane++;
    const block: Block = { ...b, lane, lanes: 1 };
    cluster.push(block);
    out.push(block);
    clusterEnd = Math.max(clusterEnd, b.end);
  }
  close();
  return out;
}

/** Working time of a day not covered by any block, up to `until` (minutes; 0 for a day to come). */
export function gapsOn(slots: readonly Span[], blocks: readonly Span[], until = DAY_MINUTES): Span[] {
  const gaps: Span[] = [];
  const busy = [...blocks].sort((a, b) => a.start - b.start);
  for (const slot of slots) {
    let cursor = slot.start;
    const end = Math.min(slot.end, until);
    for (const b of busy) {
      if (b.end <= cursor || b.start >= end) continue;
      if (b.start > cursor) gaps.push({ start: cursor, end: b.start });
      cursor = Math.max(cursor, b.end);
    }
    if (cursor < end) gaps.push({ start: cursor, end });
  }
  return gaps.filter((g) => g.end - g.start >= MIN_GAP);
}

/** Minutes of `spans` that fall inside `within`. */
function overlap(spans: readonly Span[], within: readonly Span[]): number {
  let minutes = 0;
  for (const s of spans)
    for (const w of within) minutes += Math.max(0, Math.min(s.end, w.end) - Math.max(s.start, w.start));
  return minutes;
}

/**
 * The working half of a day with half of it off, when the day off does not say which half: the
 * working slots are cut where half the working time has passed, and the half with less time logged
 * is the one off (the afternoon when both have as much, e.g. nothing yet).
 */
export function workingHalf(slots: readonly Span[], blocks: readonly Span[]): Span[] {
  const total = slots.reduce((sum, s) => sum + (s.end - s.start), 0);
  let left = total / 2;
  let cut = slots[0]?.start ?? 0;
  for (const s of slots) {
    if (s.end - s.start >= left) {
      cut = s.start + left;
      break;
    }
    left -= s.end - s.start;
  }
  const morning = slots.map((s) => ({ start: s.start, end: Math.min(s.end, cut) })).filter((s) => s.end > s.start);
  const afternoon = slots.map((s) => ({ start: Math.max(s.start, cut), end: s.end })).filter((s) => s.end > s.start);
  return overlap(blocks, afternoon) > overlap(blocks, morning) ? afternoon : morning;
}

/** The hours the timeline shows: the working day and every block, with a little margin. */
export function visibleRange(spans: readonly Span[]): Span {
  let start = 8 * 60;
  let end = 19 * 60;
  for (const s of spans) {
    start = Math.min(start, s.start - 60);
    end = Math.max(end, s.end + 60);
  }
  return { start: Math.max(0, Math.floor(start / 60) * 60), end: Math.min(DAY_MINUTES, Math.ceil(end / 60) * 60) };
}

/** The instant of a minute of a local day (1440 is the next midnight). */
export function instantOf(localDate: string, minute: number, zone: string): Date {
  return minute >= DAY_MINUTES
    ? zonedInstant(addDays(localDate, 1), minute - DAY_MINUTES, zone)
    : zonedInstant(localDate, minute, zone);
}

/** The calls the calendar makes (the real API by default; a test passes its own). */
export interface CalendarApi {
  entries(orgId: string, filter: { memberId: string; from: string; to: string }): Promise<TimeEntry[]>;
  absences(orgId: string, query: { memberId: string; from: string; to: string }): Promise<AbsenceList>;
  summary(orgId: string, memberId: string, weekStart: string): Promise<WeekSummary>;
  approval(orgId: string, memberId: string, weekStart: string): Promise<WeekApproval | null>;
  member(orgId: string, memberId: string): Promise<Member>;
  create(orgId: string, body: entriesApi.EntryCreate): Promise<TimeEntry>;
  deliverable(orgId: string, body: Parameters<typeof entriesApi.createDeliverable>[1]): Promise<string>;
  update(orgId: string, entryId: string, patch: entriesApi.EntryPatch): Promise<TimeEntry>;
  remove(orgId: string, entryId: string): Promise<void>;
  restore(orgId: string, entryId: string): Promise<TimeEntry>;
}

const calendarApi: CalendarApi = {
  entries: entriesApi.listEntries,
  absences: absencesApi.listAbsences,
  summary: entriesApi.weekSummary,
  approval: entriesApi.weekApproval,
  member: entriesApi.getMember,
  create: entriesApi.createEntry,
  deliverable: entriesApi.createDeliverable,
  update: entriesApi.updateEntry,
  remove: entriesApi.deleteEntry,
  restore: entriesApi.restoreEntry,
};

type Status = 'idle' | 'loading' | 'ready' | 'error';

type WeekRead = [Member, TimeEntry[], WeekSummary | null, WeekApproval | null, AbsenceList];

/**
 * A member's week: their settings, the entries (the day before too), the figures, the approval, and
 * the days off (the member's absences and the organization's public holidays, as My week reads them).
 */
function readWeek(api: CalendarApi, orgId: string, memberId: string, weekStart: string, member: Member | null) {
  return Promise.all([
    member ?? api.member(orgId, memberId),
    // The day before too: an entry from Sunday night into Monday shows on Monday.
    api.entries(orgId, { memberId, from: addDays(weekStart, -1), to: addDays(weekStart, 6) }),
    api.summary(orgId, memberId, weekStart),
    api.approval(orgId, memberId, weekStart),
    api.absences(orgId, { memberId, from: weekStart, to: addDays(weekStart, 6) }),
  ]) as Promise<WeekRead>;
}

/** The read the page's load started, taken by the page's first load of the same week. */
let early: { key: string; at: number; read: Promise<WeekRead> } | null = null;
/** Past this, a read started early is stale: the page asks again. */
const EARLY_MS = 10_000;

/**
 * Starts the calendar's first read from its page's load, as soon as the session is known and while
 * the page's scripts and words still download; the page's CalendarState then takes it.
 */
export function prefetchCalendarWeek(orgId: string, memberId: string, weekStart: string) {
  const key = `${orgId}|${memberId}|${weekStart}`;
  if (early?.key === key && Date.now() - early.at < EARLY_MS) return;
  const read = readWeek(calendarApi, orgId, memberId, weekStart, null);
  read.catch(() => {}); // the page that takes it shows the failure; one never taken is dropped
  early = { key, at: Date.now(), read };
}

function takeEarly(key: string): Promise<WeekRead> | null {
  const found = early;
  early = null;
  return found && found.key === key && Date.now() - found.at < EARLY_MS ? found.read : null;
}

export class CalendarState {
  memberId = $state<string | null>(null);
  weekStart = $state<string | null>(null);
  /** The member's own settings (zone, schedule), else the organization's. */
  member = $state<Member | null>(null);
  entries = $state<TimeEntry[]>([]);
  /** The week's figures from the API: never added up here. */
  summary = $state<WeekSummary | null>(null);
  /** The week's approval: an approved week is locked, so the calendar only shows it. */
  approval = $state<WeekApproval | null>(null);
  status = $state<Status>('idle');
  error = $state<ApiError | null>(null);
  /** A write under way: the next one waits for it (undo must see the result of the last change). */
  busy = $state(false);
  /** Days off of the member this week (absences, public holidays), read with the week. */
  daysOff = $state<DayOff[]>([]);
  /** The clock the running timer grows with (the page ticks it). */
  now = $state(Date.now());
  /** The entry picked for keyboard or tap changes. */
  selectedId = $state<string | null>(null);
  #undo = $state<Undo[]>([]);
  #queue: Promise<unknown> = Promise.resolve();
  #request = 0;
  readonly #api: CalendarApi;

  constructor(api: CalendarApi = calendarApi) {
    this.#api = api;
  }

  zone = $derived(this.member?.timeZone ?? session.organization?.timeZone ?? 'UTC');
  schedule = $derived<WorkingSchedule>(
    this.member?.workingSchedule ?? session.organization?.workingSchedule ?? DEFAULT_WORKING_SCHEDULE,
  );
  days = $derived(this.weekStart ? Array.from({ length: 7 }, (_, i) => addDays(this.weekStart!, i)) : []);
  locked = $derived(this.approval?.locked === true);
  canUndo = $derived(this.#undo.length > 0);
  selected = $derived(this.entries.find((e) => e.id === this.selectedId) ?? null);
  today = $derived(localDateOf(new Date(this.now), this.zone));
  /** Minutes of the timeline, the same for every day of the week so columns line up. */
  range = $derived.by(() => {
    const spans: Span[] = [];
    for (const d of this.days) spans.push(...slotsOn(this.schedule, d), ...this.blocks(d));
    return visibleRange(spans);
  });

  blocks(localDate: string): Block[] {
    return blocksOn(this.entries, localDate, this.zone, this.now);
  }

  slots(localDate: string): Span[] {
    return slotsOn(this.schedule, localDate);
  }

  dayOff(localDate: string): DayOff | null {
    return this.daysOff.find((d) => d.localDate === localDate) ?? null;
  }

  /** Working time left unlogged on a day, up to now (none on a day off or a day to come). */
  gaps(localDate: string): Span[] {
    if (localDate > this.today) return [];
    const off = this.dayOff(localDate);
    if (off && !off.half) return [];
    let slots = this.slots(localDate);
    if (off?.half === 'am') slots = slots.map((s) => ({ start: Math.max(s.start, 13 * 60), end: s.end }));
    if (off?.half === 'pm') slots = slots.map((s) => ({ start: s.start, end: Math.min(s.end, 13 * 60) }));
    if (off?.half === 'either') slots = workingHalf(slots, this.blocks(localDate));
    const until = localDate === this.today ? localMinutesOf(new Date(this.now), this.zone) : DAY_MINUTES;
    return gapsOn(
      slots.filter((s) => s.end > s.start),
      this.blocks(localDate),
      until,
    );
  }

  /** Entries with a duration and no clock times, listed above the day's timeline. */
  untimed(localDate: string): TimeEntry[] {
    return this.entries.filter((e) => !e.startedAt && !e.deletedAt && e.localDate === localDate);
  }

  /** The API's total of a day (entries listed on it). */
  totalOn(localDate: string): number {
    return this.summary?.days.find((d) => d.localDate === localDate)?.seconds ?? 0;
  }

  /**
   * Reads a member's week. Called from an effect: what it reads of this state must not make the
   * effect run again (it did: the first page asked for the week three times).
   */
  load(memberId: string, weekStart: string, options: { quiet?: boolean } = {}): Promise<void> {
    const orgId = session.orgId;
    return untrack(() => this.#load(orgId, memberId, weekStart, options));
  }

  async #load(orgId: string | null, memberId: string, weekStart: string, options: { quiet?: boolean }) {
    if (!orgId) return;
    const request = ++this.#request;
    if (memberId !== this.memberId || weekStart !== this.weekStart) {
      this.entries = [];
      this.summary = null;
      this.approval = null;
      this.daysOff = [];
      this.selectedId = null;
    }
    if (memberId !== this.memberId) {
      this.#undo = [];
      this.member = null;
    }
    this.memberId = memberId;
    this.weekStart = weekStart;
    if (!options.quiet) this.status = 'loading';
    this.error = null;
    try {
      const taken = options.quiet || this.#api !== calendarApi ? null : takeEarly(`${orgId}|${memberId}|${weekStart}`);
      const [member, entries, summary, approval, absences] = await (taken ??
        readWeek(this.#api, orgId, memberId, weekStart, this.member?.id === memberId ? this.member : null));
      if (request !== this.#request) return;
      this.member = member;
      this.entries = entries;
      this.summary = summary;
      this.approval = approval;
      this.daysOff = daysOffOf(absences);
      this.status = 'ready';
    } catch (error) {
      if (request !== this.#request) return;
      this.error = error instanceof ApiError ? error : new ApiError(0, 'network', String(error));
      this.status = 'error';
    }
  }

  reload() {
    if (this.memberId && this.weekStart) return this.load(this.memberId, this.weekStart, { quiet: true });
  }

  async #refreshSummary() {
    const orgId = session.orgId;
    const { memberId, weekStart } = this;
    if (!orgId || !memberId || !weekStart) return;
    try {
      const summary = await this.#api.summary(orgId, memberId, weekStart);
      if (memberId === this.memberId && weekStart === this.weekStart) this.summary = summary;
    } catch {
      // The figures shown stay; the next change asks again.
    }
  }

  #put(entry: TimeEntry) {
    const others = this.entries.filter((e) => e.id !== entry.id);
    this.entries = entry.deletedAt ? others : [...others, entry];
  }

  /**
   * Runs changes one after the other, each seeing the state the previous one left (keys pressed
   * quickly queue up; an undo takes back the change before it, never one still under way).
   */
  #serial<T>(run: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(run);
    this.#queue = next.catch(() => {});
    return next;
  }

  /** One request of a change; the figures are read again after it. */
  async #write<T>(run: (orgId: string) => Promise<T>): Promise<T> {
    const orgId = session.orgId;
    if (!orgId) throw new ApiError(0, 'network', 'no organization');
    this.busy = true;
    try {
      return await run(orgId);
    } finally {
      this.busy = false;
      void this.#refreshSummary();
    }
  }

  /** Logs a new entry over a span of a day; its times are the calendar's, its fields the composer's. */
  create(localDate: string, span: Span, fields: NewEntryFields): Promise<TimeEntry> {
    return this.#serial(() => this.#create(localDate, span, fields));
  }

  async #create(localDate: string, span: Span, fields: NewEntryFields): Promise<TimeEntry> {
    const platform = (fields.platform ?? null) as entriesApi.EntryCreate['platform'];
    const created = await this.#write(async (orgId) => {
      const deliverableId = fields.deliverable
        ? await this.#api.deliverable(orgId, { ...fields.deliverable, brandId: fields.brandId ?? null, platform })
        : null;
      return this.#api.create(orgId, {
        ...(this.memberId && this.memberId !== session.membership?.memberId ? { memberId: this.memberId } : {}),
        categoryId: fields.categoryId,
        ...(fields.brandId ? { brandId: fields.brandId } : {}),
        ...(platform ? { platform } : {}),
        ...(deliverableId ? { deliverableId } : {}),
        ...(fields.tags?.length ? { tags: fields.tags } : {}),
        ...(fields.note ? { note: fields.note } : {}),
        startedAt: instantOf(localDate, span.start, this.zone).toISOString(),
        endedAt: instantOf(localDate, span.end, this.zone).toISOString(),
        source: 'manual',
      });
    });
    this.#put(created);
    this.#undo = [...this.#undo, { kind: 'created', entryId: created.id }];
    this.selectedId = created.id;
    return created;
  }

  /** Changes an entry's clock times, shown at once and put back if the API refuses. */
  async #retime(entry: TimeEntry, startedAt: Date, endedAt: Date, undoable = true): Promise<TimeEntry> {
    if (!entry.startedAt || !entry.endedAt) throw new ApiError(400, 'not_timed', 'only timed entries move');
    const before = { startedAt: entry.startedAt, endedAt: entry.endedAt };
    const patch = { startedAt: startedAt.toISOString(), endedAt: endedAt.toISOString() };
    this.#put({ ...entry, ...patch });
    try {
      const saved = await this.#write((orgId) => this.#api.update(orgId, entry.id, patch));
      this.#put(saved);
      if (undoable) this.#undo = [...this.#undo, { kind: 'changed', entryId: entry.id, ...before }];
      return saved;
    } catch (error) {
      this.#put({ ...entry, ...before });
      throw error;
    }
  }

  #timed(entryId: string): TimeEntry {
    const entry = this.entries.find((e) => e.id === entryId);
    if (!entry?.startedAt || !entry.endedAt) throw new ApiError(400, 'not_timed', 'only finished timed entries move');
    return entry;
  }

  /** Moves an entry so it starts at a minute of a day (any day of the week), keeping its length. */
  move(entryId: string, localDate: string, startMinute: number): Promise<TimeEntry> {
    return this.#serial(() => this.#move(entryId, localDate, startMinute));
  }

  #move(entryId: string, localDate: string, startMinute: number): Promise<TimeEntry> {
    const entry = this.#timed(entryId);
    const length = new Date(entry.endedAt!).getTime() - new Date(entry.startedAt!).getTime();
    const start = instantOf(localDate, clampMinute(startMinute), this.zone);
    return this.#retime(entry, start, new Date(start.getTime() + length));
  }

  /** Moves one edge of an entry to a minute of the day the edge is on; never shorter than a step. */
  resize(entryId: string, edge: Edge, localDate: string, minute: number): Promise<TimeEntry> {
    return this.#serial(() => this.#resize(entryId, edge, localDate, minute));
  }

  #resize(entryId: string, edge: Edge, localDate: string, minute: number): Promise<TimeEntry> {
    const entry = this.#timed(entryId);
    const start = new Date(entry.startedAt!);
    const end = new Date(entry.endedAt!);
    const at = instantOf(localDate, clampMinute(minute), this.zone);
    const least = STEP * 60_000;
    if (edge === 'start') {
      const next = at.getTime() > end.getTime() - least ? new Date(end.getTime() - least) : at;
      return this.#retime(entry, next, end);
    }
    const next = at.getTime() < start.getTime() + least ? new Date(start.getTime() + least) : at;
    return this.#retime(entry, start, next);
  }

  /** The keyboard's and the phone toolbar's steps: a quarter of an hour, or a day. */
  nudge(entryId: string, how: Nudge): Promise<TimeEntry> {
    return this.#serial(() => this.#nudge(entryId, how));
  }

  #nudge(entryId: string, how: Nudge): Promise<TimeEntry> {
    const entry = this.#timed(entryId);
    const start = new Date(entry.startedAt!).getTime();
    const end = new Date(entry.endedAt!).getTime();
    const step = STEP * 60_000;
    const least = step;
    if (how === 'prevDay' || how === 'nextDay') {
      // The same wall-clock time on the other day (a clock change in between keeps 09:00 at 09:00).
      const day = localDateOf(new Date(start), this.zone);
      return this.#move(entryId, addDays(day, how === 'nextDay' ? 1 : -1), localMinutesOf(new Date(start), this.zone));
    }
    const shift = (ms: number, s: number, e: number) => this.#retime(entry, new Date(s + ms), new Date(e + ms));
    switch (how) {
      case 'earlier':
        return shift(-step, start, end);
      case 'later':
        return shift(step, start, end);
      case 'startEarlier':
        return this.#retime(entry, new Date(start - step), new Date(end));
      case 'startLater':
        return this.#retime(entry, new Date(Math.min(start + step, end - least)), new Date(end));
      case 'endEarlier':
        return this.#retime(entry, new Date(start), new Date(Math.max(end - step, start + least)));
      default:
        return this.#retime(entry, new Date(start), new Date(end + step));
    }
  }

  /** Deletes an entry (undo restores it). */
  remove(entryId: string): Promise<void> {
    return this.#serial(() => this.#remove(entryId));
  }

  async #remove(entryId: string) {
    await this.#write((orgId) => this.#api.remove(orgId, entryId));
    this.entries = this.entries.filter((e) => e.id !== entryId);
    if (this.selectedId === entryId) this.selectedId = null;
    this.#undo = [...this.#undo, { kind: 'deleted', entryId }];
  }

  /** Takes back the last change: a new entry is deleted, a move or resize put back, a delete restored. */
  undo(): Promise<Undo | null> {
    return this.#serial(() => this.#undoLast());
  }

  async #undoLast(): Promise<Undo | null> {
    const last = this.#undo.at(-1);
    if (!last) return null;
    if (last.kind === 'created') {
      await this.#write((orgId) => this.#api.remove(orgId, last.entryId));
      this.entries = this.entries.filter((e) => e.id !== last.entryId);
      if (this.selectedId === last.entryId) this.selectedId = null;
    } else if (last.kind === 'deleted') {
      this.#put(await this.#write((orgId) => this.#api.restore(orgId, last.entryId)));
    } else {
      const entry = this.entries.find((e) => e.id === last.entryId);
      const saved = entry
        ? await this.#retime(entry, new Date(last.startedAt), new Date(last.endedAt), false)
        : await this.#write((orgId) =>
            this.#api.update(orgId, last.entryId, { startedAt: last.startedAt, endedAt: last.endedAt }),
          );
      this.#put(saved);
    }
    this.#undo = this.#undo.slice(0, -1);
    return last;
  }
}
