// The one timetable: when each scheduled job runs next, for the in-process runner, and the same
// timetable as BullMQ reads it.
import { describe, expect, it } from 'vitest';
import { nextRun, repeatOf, SCHEDULES } from './schedules';

describe('schedules', () => {
  it('runs the reconcile at 03:00 UTC every night, and the stale-timer check every 15 minutes', () => {
    const reconcile = SCHEDULES.find((s) => s.name === 'rollup.reconcile')!;
    expect(nextRun(reconcile, new Date('2026-12-02T02:59:30Z')).toISOString()).toBe('2026-12-02T03:00:00.000Z');
    expect(nextRun(reconcile, new Date('2026-12-02T03:00:00Z')).toISOString()).toBe('2026-12-03T03:00:00.000Z');
    const stale = SCHEDULES.find((s) => s.name === 'timer.stale-check')!;
    expect(nextRun(stale, new Date('2026-12-02T10:00:00Z')).toISOString()).toBe('2026-12-02T10:15:00.000Z');
  });

  it('runs the reminder pass every five minutes on the clock (each member is reminded at their own local time)', () => {
    const remind = SCHEDULES.find((s) => s.name === 'notifications.remind')!;
    expect(nextRun(remind, new Date('2026-12-02T16:27:10Z')).toISOString()).toBe('2026-12-02T16:30:00.000Z');
    expect(nextRun(remind, new Date('2026-12-02T16:30:00Z')).toISOString()).toBe('2026-12-02T16:35:00.000Z');
    expect(repeatOf(remind)).toEqual({ pattern: '*/5 * * * *', tz: 'UTC' });
  });

  it('gives BullMQ the same timetable, in UTC', () => {
    for (const schedule of SCHEDULES) {
      expect(repeatOf(schedule)).toEqual(
        schedule.cron ? { pattern: schedule.cron, tz: 'UTC' } : { every: schedule.everyMs },
      );
    }
    expect(new Set(SCHEDULES.map((s) => s.id)).size).toBe(SCHEDULES.length);
  });
});
