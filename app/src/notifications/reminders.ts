// Reminders: one pass every few minutes (workers/src/schedules.ts) looks at each member in their own
// zone and working days and records the notices that are due; the notice's key (member × kind ×
// day, week or timer) makes a second worker, a restart or the next pass add nothing. Then the mails
// of new notices go out, each claimed by one sender.
import {
  addDays,
  type IsoWeekday,
  isoWeekdayOf,
  localDateOf,
  localMinutesOf,
  parseClock,
  weekStartOf,
  zonedInstant,
} from '@proofwork/core';
import {
  listNotificationSettings,
  listReminderMembers,
  listRunningTimers,
  membersOffOn,
  membersWithEntriesOn,
  type ReminderMember,
  teamDashboard,
  weekApprovalStates,
} from '@proofwork/db';
import type { DigestRow } from '../mail/templates';
import { effectiveSetting, kindAppliesTo, REMINDER_KINDS, type ReminderKind, type ReminderSetting } from './kinds';
import type { NotifyDeps } from './mail-deps';
import { deliverNotificationMails, type Notice, notify } from './notify';

/** Where a member stands at an instant, in their own zone. */
export interface LocalMoment {
  date: string;
  minutes: number;
  weekday: IsoWeekday;
  workingDay: boolean;
}

export function localMoment(member: Pick<ReminderMember, 'timeZone' | 'schedule'>, now: Date): LocalMoment {
  const date = localDateOf(now, member.timeZone);
  const weekday = isoWeekdayOf(date);
  return {
    date,
    minutes: localMinutesOf(now, member.timeZone),
    weekday,
    // By the schedule; a day off or a public holiday is taken out by dueNotices.
    workingDay: member.schedule.some((slot) => slot.day === weekday),
  };
}

/**
 * "Stop at the time I left": the end of the last working slot of the day the timer started, when
 * the timer started before it; else the threshold after its start.
 */
export function leftAt(member: Pick<ReminderMember, 'timeZone' | 'schedule'>, startedAt: Date, afterHours: number) {
  const day = localDateOf(startedAt, member.timeZone);
  const weekday = isoWeekdayOf(day);
  const ends = member.schedule.filter((s) => s.day === weekday).map((s) => parseClock(s.end));
  const end = ends.length ? zonedInstant(day, Math.max(...ends), member.timeZone) : null;
  return end && end > startedAt ? end : new Date(startedAt.getTime() + afterHours * 3_600_000);
}

type Settings = (member: ReminderMember, kind: ReminderKind) => ReminderSetting;

async function settingsOf(deps: NotifyDeps, members: ReminderMember[]): Promise<Settings> {
  const rows = await listNotificationSettings(deps.db, [...new Set(members.map((m) => m.organizationId))]);
  const byKey = new Map(rows.map((r) => [`${r.organizationId}:${r.memberId ?? ''}:${r.kind}`, r]));
  const clean = (row: (typeof rows)[number] | undefined) =>
    row
      ? { enabled: row.enabled, atMinutes: row.atMinutes ?? undefined, afterHours: row.afterHours ?? undefined }
      : undefined;
  return (member, kind) =>
    effectiveSetting(
      kind,
      clean(byKey.get(`${member.organizationId}:${member.memberId}:${kind}`)),
      clean(byKey.get(`${member.organizationId}::${kind}`)),
    );
}

/** The notices due now (pure but for the reads it is given), before their keys are checked. */
async function dueNotices(deps: NotifyDeps, now: Date): Promise<Notice[]> {
  const members = await listReminderMembers(deps.db);
  if (members.length === 0) return [];
  const setting = await settingsOf(deps, members);
  const notices: Notice[] = [];
  const moments = new Map(members.map((m) => [m.memberId, localMoment(m, now)]));
  // A whole day off or a public holiday is no working day: no reminder to log or to submit on it.
  const off = await membersOffOn(
    deps.db,
    members
      .filter((m) => moments.get(m.memberId)!.workingDay)
      .map((m) => ({
        memberId: m.memberId,
        organizationId: m.organizationId,
        localDate: moments.get(m.memberId)!.date,
      })),
  );
  for (const memberId of off) moments.get(memberId)!.workingDay = false;
  const on = (m: ReminderMember, kind: ReminderKind) => kindAppliesTo(kind, m.role) && setting(m, kind).enabled;

  // Nothing logged today, by the member's chosen time, on a working day.
  const quiet = members.filter((m) => {
    const t = moments.get(m.memberId)!;
    return on(m, 'nothing_logged') && t.workingDay && t.minutes >= setting(m, 'nothing_logged').atMinutes!;
  });
  const logged = await membersWithEntriesOn(
    deps.db,
    quiet.map((m) => ({ memberId: m.memberId, localDate: moments.get(m.memberId)!.date })),
  );
  for (const m of quiet) {
    const t = moments.get(m.memberId)!;
    if (logged.has(`${m.memberId}:${t.date}`)) continue;
    notices.push({
      organizationId: m.organizationId,
      memberId: m.memberId,
      kind: 'nothing_logged',
      dedupeKey: t.date,
      data: { date: t.date, weekStart: weekStartOf(t.date, m.weekStart as IsoWeekday) },
    });
  }

  // Last week not submitted, from the chosen time of a working day of this week.
  const lastWeekOf = (m: ReminderMember) =>
    addDays(weekStartOf(moments.get(m.memberId)!.date, m.weekStart as IsoWeekday), -7);
  const weekly = (kind: ReminderKind) =>
    members.filter((m) => {
      const t = moments.get(m.memberId)!;
      const thisWeek = addDays(lastWeekOf(m), 7);
      // Someone who joined this week had no last week to submit.
      return (
        on(m, kind) &&
        t.workingDay &&
        t.minutes >= setting(m, kind).atMinutes! &&
        localDateOf(m.joinedAt, m.timeZone) < thisWeek
      );
    });
  const unsubmitted = weekly('week_unsubmitted');
  const states = await weekApprovalStates(
    deps.db,
    unsubmitted.map((m) => ({ memberId: m.memberId, weekStart: lastWeekOf(m) })),
  );
  for (const m of unsubmitted) {
    const week = lastWeekOf(m);
    const state = states.get(`${m.memberId}:${week}`);
    if (state === 'submitted' || state === 'approved') continue;
    notices.push({
      organizationId: m.organizationId,
      memberId: m.memberId,
      kind: 'week_unsubmitted',
      dedupeKey: week,
      data: { weekStart: week },
    });
  }

  // The managers' weekly digest of last week.
  for (const m of weekly('manager_digest')) {
    notices.push({
      organizationId: m.organizationId,
      memberId: m.memberId,
      kind: 'manager_digest',
      dedupeKey: lastWeekOf(m),
      data: await digestOf(deps, m.organizationId, lastWeekOf(m), members),
    });
  }

  // Timers running longer than the member's threshold (once per timer).
  const byMember = new Map(members.map((m) => [m.memberId, m]));
  for (const timer of await listRunningTimers(deps.db)) {
    const m = byMember.get(timer.memberId);
    if (!m || !on(m, 'timer_running')) continue;
    const hours = setting(m, 'timer_running').afterHours!;
    if (now.getTime() - timer.startedAt.getTime() < hours * 3_600_000) continue;
    notices.push({
      organizationId: m.organizationId,
      memberId: m.memberId,
      kind: 'timer_running',
      dedupeKey: timer.id,
      data: {
        entryId: timer.id,
        startedAt: timer.startedAt.toISOString(),
        hours,
        // Never a time still to come: a stop is what already happened.
        stopAt: new Date(Math.min(leftAt(m, timer.startedAt, hours).getTime(), now.getTime())).toISOString(),
      },
    });
  }
  return notices;
}

/** The team's last week: hours against contracts, overtime, after-hours, and where each week stands. */
async function digestOf(deps: NotifyDeps, organizationId: string, weekStart: string, members: ReminderMember[]) {
  const team = members.filter(
    (m) => m.organizationId === organizationId && localDateOf(m.joinedAt, m.timeZone) < addDays(weekStart, 7),
  );
  const figures = new Map(
    // A finished week: every working day of it is expected.
    (
      await teamDashboard(deps.db, organizationId, { from: weekStart, to: weekStart, today: addDays(weekStart, 7) })
    ).map((r) => [r.memberId, r]),
  );
  const states = await weekApprovalStates(
    deps.db,
    team.map((m) => ({ memberId: m.memberId, weekStart })),
  );
  const rows: DigestRow[] = team.map((m) => {
    const f = figures.get(m.memberId);
    return {
      name: m.name,
      seconds: f?.loggedSeconds ?? 0,
      contractSeconds: f?.contractSeconds ?? m.contractSeconds,
      overtimeSeconds: f?.overtimeSeconds ?? 0,
      afterHoursSeconds: f?.afterHoursSeconds ?? 0,
      status: states.get(`${m.memberId}:${weekStart}`) ?? 'open',
    };
  });
  return {
    weekStart,
    rows,
    notSubmitted: rows.filter((r) => r.status === 'open' || r.status === 'reopened' || r.status === 'rejected').length,
    waitingApproval: rows.filter((r) => r.status === 'submitted').length,
  };
}

/**
 * One pass: records the due notices (each once, whoever else runs the pass) and sends the mails
 * waiting, including those of notices a pass that stopped half-way left behind.
 */
export async function runReminders(
  deps: NotifyDeps,
  options: { log?: { warn(obj: object, msg: string): void } } = {},
): Promise<{ created: number; mailed: number }> {
  const now = deps.clock.now();
  let created = 0;
  for (const notice of await dueNotices(deps, now)) {
    if (await notify(deps, notice)) created += 1;
  }
  const mailed = await deliverNotificationMails(deps, options);
  return { created, mailed };
}

export { REMINDER_KINDS };
