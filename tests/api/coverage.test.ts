// Coverage of member-weeks on the dashboards: logged ÷ expected, the same in SQL, in the API and in
// core; "complete weeks only" leaves out exactly the member-weeks below the organization's threshold;
// on a Wednesday the current week expects Monday to Wednesday only; members who do not track time
// are out of contract totals.
import { coverageOf, expectedSeconds, isCompleteWeek, localDateOf, namedPeriod } from '@proofwork/core';
import { evidenceHeader, evidenceSummary, recomputeMemberWeek, teamDashboard } from '@proofwork/db';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { createTeam, manualClock, type People, signInPeople, type Team } from './time-entries.fixtures';

// Wednesday 2 December 2026, 16:00 in Paris.
const clock = manualClock('2026-12-02T15:00:00.000Z');
const ctx = useTestApp({ clock });
const H = 3600;
const WEEKS = ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30'];
const RANGE = 'from=2026-11-02&to=2026-12-06';
let people: People;
let t: Team;

type Row = {
  weekStart: string;
  memberId: string;
  loggedSeconds: number;
  contractSeconds: number;
  expectedSeconds: number;
  overtimeSeconds: number;
  coverage: number | null;
  complete: boolean;
  current: boolean;
  workingDays: number;
  holidayDays: number;
  absenceDays: number;
};

async function log(client: Team['cm'], localDate: string, hours: number) {
  const res = await client.post(`${t.base}/time-entries`, {
    categoryId: t.category('moderation'),
    durationSeconds: hours * H,
    localDate,
  });
  expect(res.statusCode, res.body).toBe(201);
}

beforeAll(async () => {
  people = await signInPeople(ctx.app, ctx.tdb.db);
  t = await createTeam(ctx.tdb.db, people);
  await t.owner.patch(t.base, { holidayCountry: 'FR' });
  // The owner manages and logs nothing: left out of contract totals.
  await t.owner.patch(`${t.base}/members/${t.ownerId}`, { tracksTime: false });
  await t.owner.patch(`${t.base}/members/${t.managerId}`, { tracksTime: false });
  // CM: 7 h a day Mon–Fri in the four finished weeks (Armistice on Wed 11 Nov: 4 days that week), and
  // 7 h on Mon–Wed of the current week.
  for (const week of WEEKS) {
    for (let d = 0; d < 5; d++) {
      const day = new Date(`${week}T12:00:00Z`);
      day.setUTCDate(day.getUTCDate() + d);
      const localDate = day.toISOString().slice(0, 10);
      if (localDate === '2026-11-11' || localDate > '2026-12-02') continue;
      await log(t.cm, localDate, 7);
    }
  }
  // Other CM: on holiday Mon 16 – Fri 20 Nov, logs 10 h in the week of 2 Nov, 30 h in the others.
  await t.otherCm.post(`${t.base}/absences`, { from: '2026-11-16', to: '2026-11-20', kind: 'holiday' });
  await log(t.otherCm, '2026-11-02', 10);
  for (const day of ['2026-11-09', '2026-11-10', '2026-11-12', '2026-11-23', '2026-11-24', '2026-11-25']) {
    await log(t.otherCm, day, 10);
  }
  for (const memberId of [t.cmId, t.otherCmId]) {
    for (const weekStart of WEEKS) await recomputeMemberWeek(ctx.tdb.db, t.organizationId, { memberId, weekStart });
  }
});

async function team(query = ''): Promise<Row[]> {
  const res = await t.manager.get(`${t.base}/dashboards/team?${RANGE}${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}

describe('coverage on the dashboards', () => {
  it('has a row for every member-week of members who track time, none for those who do not', async () => {
    const rows = await team();
    expect(rows.filter((r) => r.memberId === t.cmId)).toHaveLength(5);
    expect(rows.filter((r) => r.memberId === t.otherCmId)).toHaveLength(5);
    expect(rows.some((r) => r.memberId === t.ownerId || r.memberId === t.managerId)).toBe(false);
  });

  it('pro-rates expected hours by public holidays and days off; coverage = logged ÷ expected in SQL, API and core', async () => {
    const rows = await team();
    const at = (memberId: string, week: string) => rows.find((r) => r.memberId === memberId && r.weekStart === week)!;
    expect(at(t.cmId, '2026-11-09')).toMatchObject({ holidayDays: 1, expectedSeconds: 28 * H, loggedSeconds: 28 * H });
    expect(at(t.otherCmId, '2026-11-16')).toMatchObject({ absenceDays: 5, expectedSeconds: 0, coverage: null });
    expect(at(t.otherCmId, '2026-11-16').complete).toBe(true);
    // Overtime against expected: 30 h logged in a 28 h week (Armistice) is 2 h over.
    expect(at(t.otherCmId, '2026-11-09')).toMatchObject({ expectedSeconds: 28 * H, overtimeSeconds: 2 * H });
    const sqlRows = await teamDashboard(ctx.tdb.db, t.organizationId, {
      from: '2026-11-02',
      to: '2026-12-06',
      today: '2026-12-02',
    });
    expect(sqlRows.map((r) => [r.memberId, r.weekStart, r.coverage])).toEqual(
      rows.map((r) => [r.memberId, r.weekStart, r.coverage]),
    );
    for (const r of rows) {
      const present = r.workingDays - r.holidayDays - r.absenceDays - (r.current ? 2 : 0);
      expect(r.expectedSeconds).toBe(expectedSeconds(r.contractSeconds, r.workingDays, present));
      expect(r.coverage).toBe(coverageOf(r.loggedSeconds, r.expectedSeconds));
      expect(r.complete).toBe(isCompleteWeek(r.loggedSeconds, r.expectedSeconds, 80));
    }
  });

  it('on a Wednesday the current week expects Monday to Wednesday only', async () => {
    const current = (await team()).find((r) => r.memberId === t.cmId && r.current)!;
    expect(current).toMatchObject({ weekStart: '2026-11-30', contractSeconds: 35 * H, expectedSeconds: 21 * H });
    expect(current.coverage).toBe(1);
  });

  it('"complete weeks only" leaves out exactly the member-weeks below the threshold', async () => {
    const all = await team();
    const below = all.filter((r) => !r.complete).map((r) => `${r.memberId}|${r.weekStart}`);
    // The other CM's 10 h week and their empty current week.
    expect(below.sort()).toEqual([`${t.otherCmId}|2026-11-02`, `${t.otherCmId}|2026-11-30`].sort());
    const complete = await team('&completeOnly=true');
    expect(complete.map((r) => `${r.memberId}|${r.weekStart}`)).toEqual(
      all.filter((r) => r.complete).map((r) => `${r.memberId}|${r.weekStart}`),
    );
    // The mix reads the same member-weeks: the 10 h week is out of its totals.
    const mix = (await t.manager.get(`${t.base}/dashboards/categories?${RANGE}&completeOnly=true`)).json().items;
    const total = mix.reduce((s: number, r: { seconds: number }) => s + r.seconds, 0);
    expect(total).toBe(complete.reduce((s, r) => s + r.loggedSeconds, 0));
    // A lower threshold (owners) keeps the 10 h week of a 35 h contract (29 %) out, a 25 % one in.
    await t.owner.patch(t.base, { coverageThresholdPercent: 25 });
    try {
      expect((await team()).filter((r) => !r.complete)).toHaveLength(1);
    } finally {
      await t.owner.patch(t.base, { coverageThresholdPercent: 80 });
    }
  });

  it('flags per member: weeks below the threshold out of weeks expected, and the team coverage', async () => {
    const res = await t.manager.get(`${t.base}/dashboards/coverage?${RANGE}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const other = body.members.find((m: { memberId: string }) => m.memberId === t.otherCmId);
    expect(other).toMatchObject({ weeks: 4, belowWeeks: 2 });
    expect(other.incompleteWeeks.map((w: { weekStart: string }) => w.weekStart)).toEqual(['2026-11-02', '2026-11-30']);
    const cm = body.members.find((m: { memberId: string }) => m.memberId === t.cmId);
    expect(cm).toMatchObject({ weeks: 5, belowWeeks: 0, coverage: 1 });
    expect(body).toMatchObject({ thresholdPercent: 80, weeks: 9, belowWeeks: 2 });
    expect(body.coverage).toBeCloseTo(body.loggedSeconds / body.expectedSeconds, 12);
    // A member reads their own coverage only.
    const mine = (await t.cm.get(`${t.base}/dashboards/coverage?${RANGE}`)).json();
    expect(mine.members.map((m: { memberId: string }) => m.memberId)).toEqual([t.cmId]);
  });
});

describe('one meaning of a named period', () => {
  it('"last 4 weeks" gives the same dates and totals on the dashboard and in the evidence pack', async () => {
    const today = localDateOf(clock.now(), 'Europe/Paris');
    const period = namedPeriod('last4Weeks', today, 1);
    expect(period).toEqual({ from: '2026-11-02', to: '2026-11-29' });
    const q = `from=${period.from}&to=${period.to}`;
    const all = (await t.manager.get(`${t.base}/dashboards/team?${q}`)).json().items as Row[];
    const complete = (await t.manager.get(`${t.base}/dashboards/team?${q}&completeOnly=true`)).json().items as Row[];
    const evidence = { ...period, locale: 'en' as const, today };
    const header = await evidenceHeader(ctx.tdb.db, t.organizationId, evidence);
    expect(header!.period).toMatchObject({ firstWeek: period.from, lastDay: period.to, weeks: 4 });
    expect([...new Set(all.map((r) => r.weekStart))]).toEqual(WEEKS.slice(0, 4));
    const summary = await evidenceSummary(ctx.tdb.db, t.organizationId, evidence);
    const sum = (rows: Row[], key: 'loggedSeconds' | 'expectedSeconds' | 'overtimeSeconds') =>
      rows.reduce((s, r) => s + r[key], 0);
    expect(summary.allWeeks).toEqual({
      loggedSeconds: sum(all, 'loggedSeconds'),
      expectedSeconds: sum(all, 'expectedSeconds'),
      overtimeSeconds: sum(all, 'overtimeSeconds'),
    });
    expect(summary.totals).toMatchObject({
      loggedSeconds: sum(complete, 'loggedSeconds'),
      expectedSeconds: sum(complete, 'expectedSeconds'),
      overtimeSeconds: sum(complete, 'overtimeSeconds'),
    });
    // The incomplete week is named in the evidence, with the member's coverage.
    expect(summary.coverage.incompleteWeeks).toEqual([
      expect.objectContaining({
        member: 'Other',
        weekStart: '2026-11-02',
        loggedSeconds: 10 * H,
        expectedSeconds: 35 * H,
      }),
    ]);
  });
});
