// After-hours and weekend time of an entry, for showing a CM's week honestly: the minutes outside
// their working schedule, split at local midnight, in their own zone at the entry's own instants.
import { addDays, isoWeekdayOf, localDateOf, parseClock, type WorkingSchedule, zonedInstant } from '@proofwork/core';

export function isWeekend(localDate: string): boolean {
  return isoWeekdayOf(localDate) >= 6;
}

/** Seconds of [start, end) that fall outside the schedule's slots. */
export function afterHoursSeconds(
  startIso: string,
  endIso: string,
  schedule: WorkingSchedule,
  timeZone: string,
): number {
  const start = new Date(startIso).getTime();
  const end = new Date(endIso).getTime();
  if (!(end > start)) return 0;
  let inside = 0;
  // Walk the local days the entry touches (at most a few), intersecting with each day's slots.
  let day = localDateOf(new Date(start), timeZone);
  const lastDay = localDateOf(new Date(end - 1), timeZone);
  for (let guard = 0; day <= lastDay && guard < 8; guard++, day = addDays(day, 1)) {
    const weekday = isoWeekdayOf(day);
    for (const slot of schedule) {
      if (slot.day !== weekday) continue;
      const from = zonedInstant(day, parseClock(slot.start), timeZone).getTime();
      const to = zonedInstant(day, parseClock(slot.end), timeZone).getTime();
      const overlap = Math.min(end, to) - Math.max(start, from);
      if (overlap > 0) inside += overlap;
    }
  }
  return Math.round((end - start - inside) / 1000);
}
