import { TZDate } from '@date-fns/tz';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKING_SCHEDULE, parseClock, type WorkingSchedule } from './time';
import {
  coverageOf,
  expectedSeconds,
  isCompleteWeek,
  isWeekendDay,
  overtimeSeconds,
  splitOfEntry,
  weeklySlots,
} from './workload';

const H = 3600;
const timed = (start: string, end: string) => ({
  startedAt: new Date(start),
  endedAt: new Date(end),
  durationSeconds: (Date.parse(end) - Date.parse(start)) / 1000,
  localDate: '',
});
const weekdays = (start: string, end: string, days = [1, 2, 3, 4, 5]) =>
  days.map((day) => ({ day: day as 1 | 2 | 3 | 4 | 5 | 6 | 7, start, end }));

describe('splitOfEntry', () => {
  it('cuts a Friday 22:00 → Saturday 02:00 entry at local midnight: 2 h after-hours, 2 h weekend', () => {
    // 27 Nov 2026 is a Friday; Paris is UTC+1.
    const split = splitOfEntry(
      timed('2026-11-27T21:00:00Z', '2026-11-28T01:00:00Z'),
      'Europe/Paris',
      DEFAULT_WORKING_SCHEDULE,
    );
    expect(split).toEqual({ afterHoursSeconds: 2 * H, weekendSeconds: 2 * H });
  });

  it('reads the clock in the member zone, not the organization’s or UTC', () => {
    // The same instants are Friday 16:00 → 20:00 in New York: 2 h of work, 2 h after.
    const split = splitOfEntry(
      timed('2026-11-27T21:00:00Z', '2026-11-28T01:00:00Z'),
      'America/New_York',
      DEFAULT_WORKING_SCHEDULE,
    );
    expect(split).toEqual({ afterHoursSeconds: 2 * H, weekendSeconds: 0 });
  });

  it('counts an hour in two overlapping slots once', () => {
    const overlapping = [...weekdays('09:00', '13:00'), ...weekdays('12:00', '18:00')];
    // Monday 30 Nov 2026 08:00 → 19:00 Paris: 9 h inside 09–18, 2 h outside.
    expect(splitOfEntry(timed('2026-11-30T07:00:00Z', '2026-11-30T18:00:00Z'), 'Europe/Paris', overlapping)).toEqual({
      afterHoursSeconds: 2 * H,
      weekendSeconds: 0,
    });
  });

  it('cuts a Paris night across the spring-forward Sunday (a 23-hour day)', () => {
    expect(
      splitOfEntry(timed('2026-03-29T18:00:00Z', '2026-03-30T08:00:00Z'), 'Europe/Paris', DEFAULT_WORKING_SCHEDULE),
    ).toEqual({ afterHoursSeconds: 9 * H, weekendSeconds: 4 * H });
  });

  it('counts a duration-only entry as weekend time on a weekend day and never as after-hours', () => {
    const day = (localDate: string) => ({ startedAt: null, endedAt: null, durationSeconds: 5400, localDate });
    expect(splitOfEntry(day('2026-11-28'), 'Europe/Paris', DEFAULT_WORKING_SCHEDULE)).toEqual({
      afterHoursSeconds: 0,
      weekendSeconds: 5400,
    });
    expect(splitOfEntry(day('2026-11-27'), 'Europe/Paris', [])).toEqual({ afterHoursSeconds: 0, weekendSeconds: 0 });
  });

  it('counts nothing of a running timer', () => {
    const running = {
      startedAt: new Date('2026-11-28T10:00:00Z'),
      endedAt: null,
      durationSeconds: null,
      localDate: '',
    };
    expect(splitOfEntry(running, 'Europe/Paris', DEFAULT_WORKING_SCHEDULE)).toEqual({
      afterHoursSeconds: 0,
      weekendSeconds: 0,
    });
  });

  it('resolves a slot edge skipped by a weekday clock change as PostgreSQL does (the offset before)', () => {
    // Cairo skips Friday 24 Apr 2026 00:00 → 01:00 (at 22:00Z). A slot opening at 00:30 opens at
    // 22:30Z (00:30 at +02:00): of an entry 21:30Z → 22:30Z, Thursday's 30 min and Friday's first
    // 30 min (01:00 → 01:30 on the wall) are outside it.
    const friday = [{ day: 5 as const, start: '00:30', end: '12:00' }];
    expect(splitOfEntry(timed('2026-04-23T21:30:00Z', '2026-04-23T22:30:00Z'), 'Africa/Cairo', friday)).toEqual({
      afterHoursSeconds: 3600,
      weekendSeconds: 0,
    });
  });
});

describe('weeklySlots', () => {
  it('merges overlapping and touching slots and drops inverted ones', () => {
    const slots = weeklySlots([
      { day: 1, start: '12:00', end: '18:00' },
      { day: 1, start: '09:00', end: '13:00' },
      { day: 1, start: '18:00', end: '19:00' },
      { day: 2, start: '18:00', end: '09:00' },
      { day: 8 as 1, start: '09:00', end: '10:00' },
    ]);
    expect(slots).toEqual([{ opens: 9 * H * 1000, closes: 19 * H * 1000 }]);
  });
});

describe('isWeekendDay and overtimeSeconds', () => {
  it('knows Saturday and Sunday, and never gives negative overtime', () => {
    expect(['2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30'].map(isWeekendDay)).toEqual([
      false,
      true,
      true,
      false,
    ]);
    expect(overtimeSeconds(40 * H, 35 * H)).toBe(5 * H);
    expect(overtimeSeconds(30 * H, 35 * H)).toBe(0);
  });
});

/** Minute by minute on the member's wall clock: an independent reading of the same definition. */
function byMinute(start: number, end: number, zone: string, schedule: WorkingSchedule) {
  let afterHoursSeconds = 0;
  let weekendSeconds = 0;
  for (let t = start; t < end; t += 60_000) {
    const local = new TZDate(t, zone);
    const day = local.getDay() === 0 ? 7 : local.getDay();
    const minute = local.getHours() * 60 + local.getMinutes();
    const seconds = Math.min(60, (end - t) / 1000);
    if (day >= 6) weekendSeconds += seconds;
    else if (!schedule.some((s) => s.day === day && parseClock(s.start) <= minute && minute < parseClock(s.end)))
      afterHoursSeconds += seconds;
  }
  return { afterHoursSeconds, weekendSeconds };
}

describe('splitOfEntry against a minute-by-minute reading', () => {
  // Paris and New York change clocks on Sundays, so no slot edge falls in a skipped or repeated hour
  // and the two readings must agree to the second.
  const slot = fc
    .record({
      day: fc.integer({ min: 1, max: 7 }),
      from: fc.integer({ min: 0, max: 95 }),
      len: fc.integer({ min: 1, max: 40 }),
    })
    .map(({ day, from, len }) => {
      const clock = (q: number) =>
        `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`;
      return { day: day as 1, start: clock(from), end: clock(Math.min(95, from + len)) };
    });
  it('agrees on random entries around the 2026 clock changes of Paris and New York', () => {
    const changes = ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z'];
    fc.assert(
      fc.property(
        fc.constantFrom('Europe/Paris', 'America/New_York'),
        fc.constantFrom(...changes),
        fc.integer({ min: -3 * 1440, max: 3 * 1440 }),
        fc.integer({ min: 1, max: 1440 }),
        fc.array(slot, { maxLength: 12 }),
        (zone, change, offset, minutes, schedule) => {
          const start = Date.parse(change) + offset * 60_000;
          const end = start + minutes * 60_000;
          const entry = {
            startedAt: new Date(start),
            endedAt: new Date(end),
            durationSeconds: minutes * 60,
            localDate: '',
          };
          const split = splitOfEntry(entry, zone, schedule);
          const reference = byMinute(start, end, zone, schedule);
          expect(split.afterHoursSeconds).toBeCloseTo(reference.afterHoursSeconds, 6);
          expect(split.weekendSeconds).toBeCloseTo(reference.weekendSeconds, 6);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('expected hours and coverage', () => {
  it('pro-rates the contract by the days present, to the second', () => {
    expect(expectedSeconds(35 * 3600, 5, 2)).toBe(14 * 3600);
    expect(expectedSeconds(35 * 3600, 5, 2.5)).toBe(17.5 * 3600);
    expect(expectedSeconds(32 * 3600, 3, 1)).toBe(Math.round((32 * 3600) / 3));
    expect(expectedSeconds(35 * 3600, 0, 0)).toBe(0);
    expect(expectedSeconds(35 * 3600, 5, 7)).toBe(35 * 3600);
  });
  it('coverage is logged ÷ expected, null when nothing is expected; complete at the threshold', () => {
    expect(coverageOf(28 * 3600, 35 * 3600)).toBe(0.8);
    expect(coverageOf(5, 0)).toBeNull();
    expect(isCompleteWeek(28 * 3600, 35 * 3600, 80)).toBe(true);
    expect(isCompleteWeek(28 * 3600 - 1, 35 * 3600, 80)).toBe(false);
    expect(isCompleteWeek(0, 0, 80)).toBe(true);
  });
});
