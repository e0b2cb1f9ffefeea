import { addDays, isoWeekdayOf, weekStartOf } from '@proofwork/core';
import { describe, expect, it } from 'vitest';
import { publicHolidaysOf } from '../holidays';
import { DEMO_ORGANIZATIONS } from './demo-data';
import { DEMO_WEEKS, demoFirstWeek, demoWindow } from './demo-window';

const lumen = DEMO_ORGANIZATIONS.find((o) => o.slug === 'agence-lumen')!;
const northwind = DEMO_ORGANIZATIONS.find((o) => o.slug === 'northwind-outdoors')!;
const weekdayHolidayIn = (holidays: { localDate: string }[], from: string, to: string) =>
  holidays.some((h) => h.localDate >= from && h.localDate <= to && isoWeekdayOf(h.localDate) <= 5);

describe('the demo’s window', () => {
  for (const org of DEMO_ORGANIZATIONS) {
    it(`holds a public holiday on a weekday on every day from 2024 to 2040, reaching back only when it must (${org.holidayCountry})`, () => {
      let extended = 0;
      const wrong: string[] = [];
      for (let year = 2024; year <= 2040; year++) {
        // What the seed reads on each day of that year (the library's days of the years around it).
        const holidays = publicHolidaysOf(org.holidayCountry, null, [year - 1, year, year + 1], org.locale);
        for (let today = `${year}-01-01`; today <= `${year}-12-31`; today = addDays(today, 1)) {
          const firstWeek = demoFirstWeek(today, holidays);
          const twelveWeeks = addDays(weekStartOf(today), -7 * (DEMO_WEEKS - 1));
          const needed = !weekdayHolidayIn(holidays, twelveWeeks, today);
          if (needed) extended++;
          if (
            !weekdayHolidayIn(holidays, firstWeek, today) ||
            isoWeekdayOf(firstWeek) !== 1 ||
            (needed ? firstWeek >= twelveWeeks : firstWeek !== twelveWeeks)
          )
            wrong.push(`${today}: ${firstWeek}`);
        }
      }
      expect(wrong).toEqual([]);
      // France's calendar leaves twelve-week stretches without a weekday holiday; this test would not
      // see a seed that never reaches back.
      if (org.holidayCountry === 'FR') expect(extended).toBeGreaterThan(100);
    });
  }

  it('reaches back to New Year’s Day in a Paris spring without a holiday since', () => {
    // Monday 30 March 2026: Easter Monday is 6 April; the twelve weeks start on 12 January.
    const w = demoWindow(lumen, new Date('2026-03-30T10:00:00Z'));
    expect(w.today).toBe('2026-03-30');
    expect(w.firstWeek).toBe('2025-12-29');
    expect(w.weeks).toBe(14);
    expect(w.holidays.find((h) => h.localDate === '2026-01-01')?.name).toBeTruthy();
  });

  it('keeps twelve weeks when they hold a holiday, in the organization’s own day', () => {
    // 3 December 2026 04:00 UTC is still 2 December in New York; Veterans Day (11 November) is inside.
    const w = demoWindow(northwind, new Date('2026-12-03T04:00:00Z'));
    expect(w.today).toBe('2026-12-02');
    expect([w.firstWeek, w.weeks]).toEqual(['2026-09-14', DEMO_WEEKS]);
  });
});
