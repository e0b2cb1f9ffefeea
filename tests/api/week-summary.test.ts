// GET time-entries/week, the figures of My week: the Friday 22:00 → 02:00 entry reads the same on My
// week, the team dashboard and the PDF pack; totals equal the weekly rollups once recomputed; a
// member reads only their own week; bad input gets a 400 naming the field.
import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { evidenceHeader, evidenceSummary, type MemberWeekFigures, recomputeMemberWeek } from '@proofwork/db';
import { formatters, writePdf } from '@proofwork/workers';
import { sql } from 'drizzle-orm';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { createTeam, manualClock, type People, signInPeople, type Team } from './time-entries.fixtures';

const clock = manualClock('2026-11-30T10:00:00.000Z');
const ctx = useTestApp({ clock });
const WEEK = '2026-11-23';
const H = 3600;
let people: People;

beforeAll(async () => {
  people = await signInPeople(ctx.app, ctx.tdb.db);
});

async function weekOf(client: Team['cm'], t: Team, query: string): Promise<MemberWeekFigures> {
  const res = await client.get(`${t.base}/time-entries/week?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** The Friday 22:00 → Saturday 02:00 entry of the issue, in the organization's zone (Paris). */
async function fridayNight(t: Team): Promise<string> {
  const res = await t.cm.post(`${t.base}/time-entries`, {
    categoryId: t.category('moderation'),
    startedAt: '2026-11-27T22:00:00+01:00',
    endedAt: '2026-11-28T02:00:00+01:00',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

/** The PDF pack of the week read back as text, as the evidence tests read it. */
async function pdfText(t: Team): Promise<string> {
  const q = { from: WEEK, to: '2026-11-29', locale: 'en' as const };
  const header = (await evidenceHeader(ctx.tdb.db, t.organizationId, q))!;
  const summary = await evidenceSummary(ctx.tdb.db, t.organizationId, q);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'pw-week-')), 'week.pdf');
  const out = createWriteStream(file);
  await writePdf(
    { header: { ...header, generatedAt: '2026-11-30T10:00:00Z', sha256: '0'.repeat(64) }, summary, locale: 'en' },
    out,
  );
  await finished(out);
  const pdf = await getDocument({ data: new Uint8Array(readFileSync(file)), useSystemFonts: false, verbosity: 0 })
    .promise;
  const texts: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return texts.join('\n').replace(/\s+/g, ' ');
}

describe('the Friday 22:00 → 02:00 entry', () => {
  it('shows 2 h after-hours and 2 h weekend on My week, the team dashboard and the PDF pack', async () => {
    const t = await createTeam(ctx.tdb.db, people);
    const id = await fridayNight(t);

    // My week: one request, figures from the API.
    const week = await weekOf(t.cm, t, `weekStart=${WEEK}`);
    expect(week).toMatchObject({
      memberId: t.cmId,
      weekStart: WEEK,
      timeZone: 'Europe/Paris',
      totalSeconds: 4 * H,
      entryCount: 1,
      afterHoursSeconds: 2 * H,
      weekendSeconds: 2 * H,
      contractSeconds: 35 * H,
      overtimeSeconds: 0,
      remainingSeconds: 31 * H,
    });
    expect(week.contractShare).toBeCloseTo(4 / 35, 10);
    expect(week.days.map((d) => [d.localDate, d.seconds])).toEqual([
      ['2026-11-23', 0],
      ['2026-11-24', 0],
      ['2026-11-25', 0],
      ['2026-11-26', 0],
      ['2026-11-27', 4 * H],
      ['2026-11-28', 0],
      ['2026-11-29', 0],
    ]);
    expect(week.entries).toEqual([{ id, afterHoursSeconds: 2 * H, weekendSeconds: 2 * H }]);

    // The team dashboard reads the rollups the worker writes.
    await recomputeMemberWeek(ctx.tdb.db, t.organizationId, { memberId: t.cmId, weekStart: WEEK });
    const team = (await t.manager.get(`${t.base}/dashboards/team?from=${WEEK}&to=2026-11-29`)).json().items;
    // Every member who tracks time has a row; the CM's is the one with time.
    expect(team.filter((r: { loggedSeconds: number }) => r.loggedSeconds > 0)).toEqual([
      expect.objectContaining({
        memberId: t.cmId,
        loggedSeconds: week.totalSeconds,
        afterHoursSeconds: week.afterHoursSeconds,
        weekendSeconds: week.weekendSeconds,
        overtimeSeconds: week.overtimeSeconds,
        expectedSeconds: week.expectedSeconds,
        coverage: week.coverage,
      }),
    ]);

    // The PDF pack: the team row (logged, contract, overtime, after-hours, weekend) prints the same.
    const f = formatters('en');
    const text = await pdfText(t);
    // The week is incomplete (4 h of 35 h expected), so it is in the tables, not in the headline.
    const [logged, expected, overtime, afterHours, weekend] = [
      week.totalSeconds,
      week.expectedSeconds,
      week.overtimeSeconds,
      week.afterHoursSeconds,
      week.weekendSeconds,
    ].map(f.hours);
    expect([logged, expected, overtime, afterHours, weekend].join(' ')).toBe('4 h 35 h 0 h 2 h 2 h');
    expect(text).toContain(
      `Member Logged Expected Coverage Overtime After hours Weekend Entries Cm ${logged} ${expected} ${f.percent(week.coverage)} ${overtime} ${afterHours} ${weekend} 1`,
    );
    expect(text).toContain(`Cm ${f.week(WEEK)} ${logged} ${expected} ${f.percent(week.coverage)}`);
  });

  it('reads the clock in the member’s own zone: a New York member of a Paris organization', async () => {
    const t = await createTeam(ctx.tdb.db, people);
    const moved = await t.cm.patch(`${t.base}/members/${t.cmId}`, { timeZone: 'America/New_York' });
    expect(moved.statusCode, moved.body).toBe(200);
    await fridayNight(t);
    // Friday 16:00 → 20:00 in New York: 2 h inside 09:00–18:00, 2 h after, no weekend.
    expect(await weekOf(t.cm, t, `weekStart=${WEEK}`)).toMatchObject({
      timeZone: 'America/New_York',
      totalSeconds: 4 * H,
      afterHoursSeconds: 2 * H,
      weekendSeconds: 0,
    });
  });
});

describe('GET time-entries/week', () => {
  it('equals the weekly rollups once the week is recomputed, and never counts a running timer', async () => {
    const t = await createTeam(ctx.tdb.db, people);
    const entries = [
      // Milliseconds, as timers write them: the split has fractions, rounded per rollup cell.
      ['content.video', '2026-11-23T07:30:00.400+01:00', '2026-11-23T10:15:00.900+01:00'],
      ['content.video', '2026-11-23T17:10:00.300+01:00', '2026-11-23T19:00:00.450+01:00'],
      ['moderation', '2026-11-24T20:00:00.700+01:00', '2026-11-25T01:00:00.100+01:00'],
      ['moderation', '2026-11-29T23:00:00.000+01:00', '2026-11-30T01:30:00.000+01:00'],
      ['admin', '2026-11-26T12:00:00+01:00', '2026-11-26T13:00:00+01:00'],
    ].map(([key, startedAt, endedAt]) => ({ categoryId: t.category(key!), startedAt, endedAt }));
    const bulk = await t.cm.post(`${t.base}/time-entries/bulk`, {
      entries: [
        ...entries,
        { categoryId: t.category('admin'), durationSeconds: 5400, localDate: '2026-11-28' },
        { categoryId: t.category('admin'), durationSeconds: 1800, localDate: '2026-11-25' },
      ],
    });
    expect(bulk.statusCode, bulk.body).toBe(201);
    const timer = await t.cm.post(`${t.base}/timer/start`, { categoryId: t.category('admin') });
    expect(timer.statusCode, timer.body).toBe(201);

    const week = await weekOf(t.cm, t, `weekStart=${WEEK}`);
    await recomputeMemberWeek(ctx.tdb.db, t.organizationId, { memberId: t.cmId, weekStart: WEEK });
    const [rollups] = await ctx.tdb.db.execute<{
      seconds: number;
      after: number;
      weekend: number;
      entries: number;
    }>(sql`
      select sum(seconds)::float8 as seconds, sum(after_hours_seconds)::float8 as after,
        sum(weekend_seconds)::float8 as weekend, sum(entry_count)::int as entries
      from weekly_rollups where member_id = ${t.cmId} and week_start = ${WEEK}`);
    expect({
      seconds: week.totalSeconds,
      after: week.afterHoursSeconds,
      weekend: week.weekendSeconds,
      entries: week.entryCount,
    }).toEqual(rollups);
    expect(week.entryCount).toBe(7);
    expect(week.entries.map((e) => e.id)).not.toContain(timer.json().id);
    // Per day: the entries listed on each day, added up in SQL.
    const days = await ctx.tdb.db.execute<{ localDate: string; seconds: number }>(sql`
      select local_date::text as "localDate", sum(duration_seconds)::float8 as seconds from time_entries
      where member_id = ${t.cmId} and week_start = ${WEEK} and duration_seconds is not null and deleted_at is null
      group by 1 order by 1`);
    expect(week.days.filter((d) => d.seconds > 0).map(({ localDate, seconds }) => ({ localDate, seconds }))).toEqual([
      ...days,
    ]);
    expect(week.days.reduce((s, d) => s + d.seconds, 0)).toBe(week.totalSeconds);
  });

  it('lets a member read only their own week, a manager any member’s, never another organization’s', async () => {
    const t = await createTeam(ctx.tdb.db, people);
    const other = await createTeam(ctx.tdb.db, people);
    await fridayNight(t);
    expect((await t.otherCm.get(`${t.base}/time-entries/week?weekStart=${WEEK}&memberId=${t.cmId}`)).statusCode).toBe(
      403,
    );
    const byManager = await weekOf(t.manager, t, `weekStart=${WEEK}&memberId=${t.cmId}`);
    expect(byManager).toMatchObject({ memberId: t.cmId, totalSeconds: 4 * H });
    expect(await weekOf(t.cm, t, `weekStart=${WEEK}&memberId=${t.cmId}`)).toEqual(byManager);
    // Another organization's member id, asked by a manager here: not found, nothing leaks.
    const foreign = await t.manager.get(`${t.base}/time-entries/week?weekStart=${WEEK}&memberId=${other.cmId}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ error: 'not_found' });
  });

  it('refuses a day that does not start a week, a malformed date and unknown parameters, naming the field', async () => {
    const t = await createTeam(ctx.tdb.db, people);
    for (const [query, field] of [
      ['weekStart=2026-11-25', 'query.weekStart'],
      ['weekStart=2026-02-30', 'query.weekStart'],
      ['weekStart=next-monday', 'query.weekStart'],
      ['', 'query.weekStart'],
      [`weekStart=${WEEK}&memberId=me`, 'query.memberId'],
      [`weekStart=${WEEK}&from=${WEEK}`, 'query.from'],
    ] as const) {
      const res = await t.cm.get(`${t.base}/time-entries/week?${query}`);
      expect(res.statusCode, `${query}: ${res.body}`).toBe(400);
      expect(
        res.json().details.map((d: { field?: string }) => d.field),
        query,
      ).toContain(field);
    }
  });
});
