// An independent reference for the rollups: the entries are read back and aggregated in plain
// JavaScript, with the after-hours/weekend split done minute by minute through @date-fns/tz
// (nothing shared with the SQL: no ranges, no AT TIME ZONE, no fast path).
import { TZDate } from '@date-fns/tz';
import { isoWeekdayOf, parseClock, type WorkingSchedule } from '@proofwork/core';
import type { Database } from '@proofwork/db';
import { sql } from 'drizzle-orm';
import { cellKey, type RollupCell } from './factories';

/** The member's wall clock at each minute of [start, end): weekend day, or outside the schedule. */
export function splitByMinute(start: Date, end: Date, zone: string, schedule: WorkingSchedule) {
  let afterHours = 0;
  let weekend = 0;
  for (let t = start.getTime(); t < end.getTime(); t += 60_000) {
    const local = new TZDate(t, zone);
    const day = local.getDay() === 0 ? 7 : local.getDay();
    const minute = local.getHours() * 60 + local.getMinutes();
    const seconds = Math.min(60, (end.getTime() - t) / 1000);
    if (day >= 6) weekend += seconds;
    else if (!schedule.some((s) => s.day === day && parseClock(s.start) <= minute && minute < parseClock(s.end)))
      afterHours += seconds;
  }
  return { afterHours, weekend };
}

type StoredEntry = {
  memberId: string;
  weekStart: string;
  categoryId: string;
  brandId: string | null;
  platform: string | null;
  deliverableId: string | null;
  deliverableTypeId: string | null;
  startedAt: string | null;
  endedAt: string | null;
  durationSeconds: number;
  localDate: string;
  isLate: boolean;
  zone: string;
  schedule: WorkingSchedule;
};

/** What weekly_rollups should hold for an organization, computed from its entries in JavaScript. */
export async function expectedCells(db: Database, organizationId: string): Promise<RollupCell[]> {
  const entries = await db.execute<StoredEntry>(sql`
    select e.member_id as "memberId", e.week_start::text as "weekStart", e.category_id as "categoryId",
      e.brand_id as "brandId", e.platform::text as platform, e.deliverable_id as "deliverableId",
      d.deliverable_type_id as "deliverableTypeId",
      to_json(e.started_at) #>> '{}' as "startedAt", to_json(e.ended_at) #>> '{}' as "endedAt",
      e.duration_seconds as "durationSeconds", e.local_date::text as "localDate", e.is_late as "isLate",
      coalesce(m.time_zone, o.time_zone) as zone, coalesce(m.working_schedule, o.working_schedule) as schedule
    from time_entries e
    join members m on m.id = e.member_id
    join organizations o on o.id = e.organization_id
    left join deliverables d on d.id = e.deliverable_id
    where e.organization_id = ${organizationId} and e.deleted_at is null and e.duration_seconds is not null`);
  const cells = new Map<string, RollupCell & { deliverables: Set<string> }>();
  for (const e of entries) {
    const key = cellKey(e);
    let cell = cells.get(key);
    if (!cell) {
      cell = {
        memberId: e.memberId,
        weekStart: e.weekStart,
        categoryId: e.categoryId,
        brandId: e.brandId,
        platform: e.platform,
        deliverableTypeId: e.deliverableTypeId,
        seconds: 0,
        entryCount: 0,
        afterHoursSeconds: 0,
        weekendSeconds: 0,
        lateCount: 0,
        deliverableCount: 0,
        deliverables: new Set(),
      };
      cells.set(key, cell);
    }
    cell.seconds += e.durationSeconds;
    cell.entryCount += 1;
    cell.lateCount += e.isLate ? 1 : 0;
    if (e.deliverableId) cell.deliverables.add(e.deliverableId);
    if (e.startedAt && e.endedAt) {
      const split = splitByMinute(new Date(e.startedAt), new Date(e.endedAt), e.zone, e.schedule);
      cell.afterHoursSeconds += split.afterHours;
      cell.weekendSeconds += split.weekend;
    } else if (isoWeekdayOf(e.localDate) >= 6) {
      cell.weekendSeconds += e.durationSeconds;
    }
  }
  return [...cells.values()]
    .map(({ deliverables, ...cell }) => ({ ...cell, deliverableCount: deliverables.size }))
    .sort((a, b) => cellKey(a).localeCompare(cellKey(b)));
}
