import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AbsenceList } from '$lib/api/absences';
import type { Member, TimeEntry, WeekSummary } from '$lib/api/types';
import { entry, MEMBER, ORG, running, signedIn } from '../../test/fixtures';
import {
  blocksOn,
  type CalendarApi,
  CalendarState,
  gapsOn,
  instantOf,
  slotsOn,
  snap,
  visibleRange,
  workingHalf,
} from './calendar.svelte';

const ZONE = 'Europe/Paris';
const MONDAY = '2026-03-09';
const TUESDAY = '2026-03-10';

/** A finished entry between two wall-clock times of a Paris day. */
function timed(localDate: string, from: string, to: string, overrides: Partial<TimeEntry> = {}): TimeEntry {
  const min = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3));
  const startedAt = instantOf(localDate, min(from), ZONE).toISOString();
  const endedAt = instantOf(localDate, min(to), ZONE).toISOString();
  return entry({
    localDate,
    startedAt,
    endedAt,
    durationSeconds: (Date.parse(endedAt) - Date.parse(startedAt)) / 1000,
    ...overrides,
  });
}

const member = {
  id: MEMBER,
  name: 'Léa',
  timeZone: ZONE,
  workingSchedule: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })),
} as unknown as Member;

const NO_DAYS_OFF: AbsenceList = { items: [], publicHolidays: [] };

function fakeApi(
  entries: TimeEntry[],
  daysOff: AbsenceList = NO_DAYS_OFF,
): CalendarApi & { rows: Map<string, TimeEntry> } {
  const rows = new Map(entries.map((e) => [e.id, e]));
  let serial = 0;
  return {
    rows,
    entries: vi.fn(async () => [...rows.values()]),
    absences: vi.fn(async () => daysOff),
    summary: vi.fn(
      async () => ({ days: [{ localDate: MONDAY, seconds: 3600, entryCount: 1 }] }) as unknown as WeekSummary,
    ),
    approval: vi.fn(async () => null),
    member: vi.fn(async () => member),
    deliverable: vi.fn(async () => '0190a1b2-0000-7000-9000-0000000000d1'),
    create: vi.fn(async (_org, body) => {
      const row = entry({
        id: `0190a1b2-0000-7000-9000-${String(++serial).padStart(12, '0')}`,
        ...body,
        startedAt: body.startedAt ?? null,
        endedAt: body.endedAt ?? null,
      } as Partial<TimeEntry>);
      rows.set(row.id, row);
      return row;
    }),
    update: vi.fn(async (_org, id, patch) => {
      const row = { ...rows.get(id)!, ...patch } as TimeEntry;
      rows.set(id, row);
      return row;
    }),
    remove: vi.fn(async (_org, id) => {
      rows.delete(id);
    }),
    restore: vi.fn(async (_org, id) => {
      const row = entry({ id });
      rows.set(id, row);
      return row;
    }),
  };
}

beforeEach(() => {
  signedIn();
});

describe('calendar layout', () => {
  it('merges the working slots of a weekday and has none on a day without any', () => {
    const schedule = [
      { day: 1, start: '13:00', end: '18:00' },
      { day: 1, start: '09:00', end: '12:00' },
      { day: 1, start: '11:30', end: '12:30' },
    ] as const;
    expect(slotsOn([...schedule], MONDAY)).toEqual([
      { start: 540, end: 750 },
      { start: 780, end: 1080 },
    ]);
    expect(slotsOn([...schedule], TUESDAY)).toEqual([]);
  });

  it('places an entry across midnight on both days and a running timer up to now', () => {
    const night = timed(MONDAY, '22:00', '23:00');
    const across = entry({
      startedAt: instantOf(MONDAY, 23 * 60, ZONE).toISOString(),
      endedAt: instantOf(TUESDAY, 90, ZONE).toISOString(),
    });
    const timer = running(instantOf(TUESDAY, 9 * 60, ZONE).toISOString());
    const now = instantOf(TUESDAY, 9 * 60 + 40, ZONE).getTime();
    const monday = blocksOn([night, across, timer], MONDAY, ZONE, now);
    expect(monday.map((b) => [b.start, b.end, b.before, b.after])).toEqual([
      [1320, 1380, false, false],
      [1380, 1440, false, true],
    ]);
    const tuesday = blocksOn([night, across, timer], TUESDAY, ZONE, now);
    expect(tuesday.map((b) => [b.start, b.end, b.before, b.running])).toEqual([
      [0, 90, true, false],
      [540, 580, false, true],
    ]);
  });

  it('puts overlapping entries side by side', () => {
    const a = timed(MONDAY, '09:00', '11:00');
    const b = timed(MONDAY, '10:00', '12:00');
    const c = timed(MONDAY, '13:00', '14:00');
    const blocks = blocksOn([a, b, c], MONDAY, ZONE, 0);
    expect(blocks.map((x) => [x.lane, x.lanes])).toEqual([
      [0, 2],
      [1, 2],
      [0, 1],
    ]);
  });

  it('finds the unlogged working time between entries, up to now', () => {
    const slots = [
      { start: 540, end: 720 },
      { start: 780, end: 1080 },
    ];
    expect(gapsOn(slots, [{ start: 600, end: 660 }])).toEqual([
      { start: 540, end: 600 },
      { start: 660, end: 720 },
      { start: 780, end: 1080 },
    ]);
    expect(gapsOn(slots, [{ start: 500, end: 1000 }], 1050)).toEqual([{ start: 1000, end: 1050 }]);
    expect(gapsOn(slots, [], 600)).toEqual([{ start: 540, end: 600 }]);
  });

  it('keeps the working half of a half day off that does not say which: the half with more logged', () => {
    // 9:00–12:00 and 13:00–18:00: eight working hours, cut four hours in, at 14:00.
    const slots = [
      { start: 540, end: 720 },
      { start: 780, end: 1080 },
    ];
    const morning = [
      { start: 540, end: 720 },
      { start: 780, end: 840 },
    ];
    const afternoon = [{ start: 840, end: 1080 }];
    expect(workingHalf(slots, [{ start: 600, end: 660 }])).toEqual(morning);
    expect(workingHalf(slots, [{ start: 900, end: 960 }])).toEqual(afternoon);
    expect(workingHalf(slots, [])).toEqual(morning);
  });

  it('shows at least 8:00 to 19:00 and widens to the entries, on whole hours', () => {
    expect(visibleRange([])).toEqual({ start: 480, end: 1140 });
    expect(visibleRange([{ start: 6 * 60 + 30, end: 22 * 60 + 10 }])).toEqual({ start: 300, end: 1440 });
    expect(snap(52)).toBe(45);
    expect(snap(53)).toBe(60);
  });
});

describe('CalendarState', () => {
  it('loads the member’s zone, schedule, entries (from the day before) and the API’s figures', async () => {
    const calls = fakeApi([timed(MONDAY, '10:00', '11:00')]);
    const cal = new CalendarState(calls);
    cal.now = instantOf('2026-03-11', 12 * 60, ZONE).getTime();
    await cal.load(MEMBER, MONDAY);
    expect(calls.entries).toHaveBeenCalledWith(ORG, { memberId: MEMBER, from: '2026-03-08', to: '2026-03-15' });
    expect(cal.status).toBe('ready');
    expect(cal.zone).toBe(ZONE);
    expect(cal.totalOn(MONDAY)).toBe(3600);
    expect(cal.gaps(MONDAY)).toEqual([
      { start: 540, end: 600 },
      { start: 660, end: 1020 },
    ]);
    // Today up to noon; tomorrow nothing yet.
    expect(cal.gaps('2026-03-11')).toEqual([{ start: 540, end: 720 }]);
    expect(cal.gaps('2026-03-12')).toEqual([]);
  });

  it('shows no gaps on a day off and half of them on a half day', async () => {
    const cal = new CalendarState(fakeApi([]));
    cal.now = instantOf('2026-03-14', 12 * 60, ZONE).getTime();
    await cal.load(MEMBER, MONDAY);
    cal.daysOff = [
      { localDate: MONDAY, kind: 'holiday' },
      { localDate: TUESDAY, kind: 'training', half: 'am' },
    ];
    expect(cal.gaps(MONDAY)).toEqual([]);
    expect(cal.gaps(TUESDAY)).toEqual([{ start: 780, end: 1020 }]);
  });

  it('reads the week’s public holidays and absences with the week, and shows no gap on them', async () => {
    // Monday a public holiday (an absence the same day gives way to it), Wednesday off, Thursday half a
    // day off with the morning logged: its afternoon is the half off.
    const calls = fakeApi([timed('2026-03-12', '09:00', '13:00')], {
      publicHolidays: [{ localDate: MONDAY, name: 'Lundi de Pâques' }],
      items: [
        {
          id: 'a1',
          memberId: MEMBER,
          localDate: MONDAY,
          kind: 'sick',
          halfDay: false,
          note: '',
          createdByMemberId: null,
        },
        {
          id: 'a2',
          memberId: MEMBER,
          localDate: '2026-03-11',
          kind: 'holiday',
          halfDay: false,
          note: '',
          createdByMemberId: null,
        },
        {
          id: 'a3',
          memberId: MEMBER,
          localDate: '2026-03-12',
          kind: 'training',
          halfDay: true,
          note: '',
          createdByMemberId: null,
        },
      ],
    });
    const cal = new CalendarState(calls);
    cal.now = instantOf('2026-03-14', 12 * 60, ZONE).getTime();
    await cal.load(MEMBER, MONDAY);
    expect(calls.absences).toHaveBeenCalledWith(ORG, { memberId: MEMBER, from: MONDAY, to: '2026-03-15' });
    expect(cal.daysOff).toEqual([
      { localDate: MONDAY, kind: 'publicHoliday', name: 'Lundi de Pâques' },
      { localDate: '2026-03-11', kind: 'holiday' },
      { localDate: '2026-03-12', kind: 'training', half: 'either' },
    ]);
    expect(cal.gaps(MONDAY)).toEqual([]);
    expect(cal.gaps(TUESDAY)).toEqual([{ start: 540, end: 1020 }]);
    expect(cal.gaps('2026-03-11')).toEqual([]);
    // 9:00–17:00, cut at 13:00: the morning was logged, so the afternoon is off and nothing is missing.
    expect(cal.gaps('2026-03-12')).toEqual([]);
    expect(cal.gaps('2026-03-13')).toEqual([{ start: 540, end: 1020 }]);
    // Another week reads its own days off.
    await cal.load(MEMBER, '2026-03-16');
    expect(calls.absences).toHaveBeenLastCalledWith(ORG, { memberId: MEMBER, from: '2026-03-16', to: '2026-03-22' });
  });

  it('reads the week’s lock from its approval', async () => {
    const calls = fakeApi([]);
    calls.approval = vi.fn(async () => ({ weekStart: MONDAY, status: 'approved', locked: true }) as never);
    const cal = new CalendarState(calls);
    await cal.load(MEMBER, MONDAY);
    expect(calls.approval).toHaveBeenCalledWith(ORG, MEMBER, MONDAY);
    expect(cal.locked).toBe(true);
  });

  it('lists duration-only entries apart, for their day', async () => {
    const untimed = entry({ localDate: TUESDAY });
    const cal = new CalendarState(fakeApi([untimed, timed(TUESDAY, '09:00', '10:00')]));
    await cal.load(MEMBER, MONDAY);
    expect(cal.untimed(TUESDAY).map((e) => e.id)).toEqual([untimed.id]);
    expect(cal.blocks(TUESDAY)).toHaveLength(1);
  });

  it('creates over a span, then undo deletes it', async () => {
    const calls = fakeApi([]);
    const cal = new CalendarState(calls);
    await cal.load(MEMBER, MONDAY);
    const created = await cal.create(MONDAY, { start: 600, end: 690 }, { categoryId: 'c1', platform: 'instagram' });
    expect(calls.create).toHaveBeenCalledWith(ORG, {
      categoryId: 'c1',
      platform: 'instagram',
      startedAt: '2026-03-09T09:00:00.000Z',
      endedAt: '2026-03-09T10:30:00.000Z',
      source: 'manual',
    });
    expect(cal.blocks(MONDAY).map((b) => [b.start, b.end])).toEqual([[600, 690]]);
    expect(cal.canUndo).toBe(true);
    expect((await cal.undo())?.kind).toBe('created');
    expect(calls.remove).toHaveBeenCalledWith(ORG, created.id);
    expect(cal.blocks(MONDAY)).toEqual([]);
    expect(cal.canUndo).toBe(false);
  });

  it('records the deliverable the line names, then the entry that produced it', async () => {
    const calls = fakeApi([]);
    const cal = new CalendarState(calls);
    await cal.load(MEMBER, MONDAY);
    await cal.create(
      MONDAY,
      { start: 600, end: 660 },
      {
        categoryId: 'c1',
        brandId: 'b1',
        platform: 'instagram',
        deliverable: { deliverableTypeId: 't1', title: 'Reel' },
      },
    );
    expect(calls.deliverable).toHaveBeenCalledWith(ORG, {
      deliverableTypeId: 't1',
      title: 'Reel',
      brandId: 'b1',
      platform: 'instagram',
    });
    expect(calls.create).toHaveBeenCalledWith(
      ORG,
      expect.objectContaining({ deliverableId: '0190a1b2-0000-7000-9000-0000000000d1', brandId: 'b1' }),
    );
  });

  it('logs for the member shown when a manager looks at someone else', async () => {
    const calls = fakeApi([]);
    const cal = new CalendarState(calls);
    const other = '0190a1b2-0000-7000-8000-0000000000bb';
    await cal.load(other, MONDAY);
    await cal.create(MONDAY, { start: 600, end: 660 }, { categoryId: 'c1' });
    expect(calls.create).toHaveBeenCalledWith(ORG, expect.objectContaining({ memberId: other }));
  });

  it('moves an entry to another day keeping its length, resizes an edge, and undoes newest first', async () => {
    const e = timed(MONDAY, '10:00', '11:00');
    const calls = fakeApi([e]);
    const cal = new CalendarState(calls);
    await cal.load(MEMBER, MONDAY);
    await cal.move(e.id, TUESDAY, 14 * 60);
    expect(cal.blocks(TUESDAY).map((b) => [b.start, b.end])).toEqual([[840, 900]]);
    expect(cal.blocks(MONDAY)).toEqual([]);
    await cal.resize(e.id, 'end', TUESDAY, 16 * 60);
    expect(cal.blocks(TUESDAY).map((b) => [b.start, b.end])).toEqual([[840, 960]]);
    // An edge dragged past the other keeps a quarter of an hour.
    await cal.resize(e.id, 'start', TUESDAY, 17 * 60);
    expect(cal.blocks(TUESDAY).map((b) => [b.start, b.end])).toEqual([[945, 960]]);
    await cal.undo();
    await cal.undo();
    expect(cal.blocks(TUESDAY).map((b) => [b.start, b.end])).toEqual([[840, 900]]);
    await cal.undo();
    expect(cal.blocks(MONDAY).map((b) => [b.start, b.end])).toEqual([[600, 660]]);
    expect(calls.rows.get(e.id)?.startedAt).toBe(e.startedAt);
  });

  it('nudges by a quarter of an hour or a day with the keyboard steps', async () => {
    const e = timed(MONDAY, '10:00', '11:00');
    const cal = new CalendarState(fakeApi([e]));
    await cal.load(MEMBER, MONDAY);
    await cal.nudge(e.id, 'later');
    await cal.nudge(e.id, 'endLater');
    await cal.nudge(e.id, 'startEarlier');
    expect(cal.blocks(MONDAY).map((b) => [b.start, b.end])).toEqual([[600, 690]]);
    await cal.nudge(e.id, 'nextDay');
    expect(cal.blocks(TUESDAY).map((b) => [b.start, b.end])).toEqual([[600, 690]]);
    await cal.nudge(e.id, 'endEarlier');
    await cal.nudge(e.id, 'endEarlier');
    await cal.nudge(e.id, 'endEarlier');
    await cal.nudge(e.id, 'endEarlier');
    await cal.nudge(e.id, 'endEarlier');
    await cal.nudge(e.id, 'endEarlier');
    await cal.nudge(e.id, 'endEarlier');
    expect(cal.blocks(TUESDAY).map((b) => [b.start, b.end])).toEqual([[600, 615]]);
  });

  it('keeps the wall-clock time when an entry moves across a clock change', async () => {
    // Paris springs forward in the night of Saturday 28 to Sunday 29 March 2026.
    const saturday = '2026-03-28';
    const e = timed(saturday, '09:00', '10:00', { localDate: saturday });
    const calls = fakeApi([e]);
    const cal = new CalendarState(calls);
    await cal.load(MEMBER, '2026-03-23');
    await cal.nudge(e.id, 'nextDay');
    expect(cal.blocks('2026-03-29').map((b) => [b.start, b.end])).toEqual([[540, 600]]);
    expect(calls.rows.get(e.id)?.startedAt).toBe('2026-03-29T07:00:00.000Z');
    // A drag to Sunday 14:00 lands at 14:00 Paris (UTC+2 now), an hour long.
    await cal.move(e.id, '2026-03-29', 14 * 60);
    expect(calls.rows.get(e.id)).toMatchObject({
      startedAt: '2026-03-29T12:00:00.000Z',
      endedAt: '2026-03-29T13:00:00.000Z',
    });
  });

  it('puts a refused move back where it was', async () => {
    const e = timed(MONDAY, '10:00', '11:00');
    const calls = fakeApi([e]);
    calls.update = vi.fn(async () => {
      throw new Error('week_locked');
    });
    const cal = new CalendarState(calls);
    await cal.load(MEMBER, MONDAY);
    await expect(cal.move(e.id, MONDAY, 13 * 60)).rejects.toThrow();
    expect(cal.blocks(MONDAY).map((b) => [b.start, b.end])).toEqual([[600, 660]]);
    expect(cal.canUndo).toBe(false);
  });

  it('restores a deleted entry on undo', async () => {
    const e = timed(MONDAY, '10:00', '11:00');
    const calls = fakeApi([e]);
    const cal = new CalendarState(calls);
    await cal.load(MEMBER, MONDAY);
    await cal.remove(e.id);
    expect(cal.entries).toEqual([]);
    expect((await cal.undo())?.kind).toBe('deleted');
    expect(calls.restore).toHaveBeenCalledWith(ORG, e.id);
    expect(cal.entries.map((x) => x.id)).toEqual([e.id]);
  });
});
