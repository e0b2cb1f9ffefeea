// Every job that runs on a timetable, in one list read by both runners: BullMQ registers each as a
// job scheduler (in Redis, re-ensured after a reconnect), the in-process runner arms a timer for its
// next occurrence. The same jobs at the same times, whatever runs them.
import { CronExpressionParser } from 'cron-parser';
import type { JobName, JobPayload } from './contracts';

export interface Schedule<N extends JobName = JobName> {
  /** The scheduler's id in Redis; stable, so registering again replaces instead of adding. */
  id: string;
  name: N;
  payload: JobPayload<N>;
  /** A cron pattern in UTC (minute hour day month weekday), or a fixed period. */
  cron?: string;
  everyMs?: number;
}

/** Rollups checked against the entries each night, on a sample: drift is reported and repaired. */
export const RECONCILE_SAMPLE = 500;

export const SCHEDULES: readonly Schedule[] = [
  { id: 'rollup.reconcile', name: 'rollup.reconcile', payload: { sample: RECONCILE_SAMPLE }, cron: '0 3 * * *' },
  { id: 'timer.stale-check', name: 'timer.stale-check', payload: {}, everyMs: 15 * 60_000 },
  { id: 'maintenance.purge', name: 'maintenance.purge', payload: {}, cron: '17 * * * *' },
  // Every five minutes on the clock: each member's reminders are due at their own local time (a
  // zone's offset is a whole number of quarter hours), so a pass finds them within five minutes.
  { id: 'notifications.remind', name: 'notifications.remind', payload: {}, cron: '*/5 * * * *' },
  // Daily: a month or quarter finishes at midnight in each organization's zone, so the pack of the
  // period just finished leaves the next morning (Europe) or the same evening (the Americas).
  { id: 'evidence.scheduled', name: 'evidence.scheduled', payload: {}, cron: '0 6 * * *' },
];

/** When a schedule runs next after `from` (cron patterns are read in UTC). */
export function nextRun(schedule: Pick<Schedule, 'cron' | 'everyMs'>, from: Date): Date {
  if (schedule.everyMs !== undefined) return new Date(from.getTime() + schedule.everyMs);
  if (!schedule.cron) throw new Error('a schedule needs cron or everyMs');
  return CronExpressionParser.parse(schedule.cron, { currentDate: from, tz: 'UTC' }).next().toDate();
}

/** The same timetable for BullMQ's job schedulers. */
export function repeatOf(schedule: Schedule): { pattern: string; tz: string } | { every: number } {
  return schedule.cron ? { pattern: schedule.cron, tz: 'UTC' } : { every: schedule.everyMs! };
}
