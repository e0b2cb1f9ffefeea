// Expected hours count a member-week's working days arithmetically (the sparse holidays and days
// off subtracted), not by expanding every member-week into its seven days. Over random schedules
// (either week start, duplicate and out-of-range days), holidays, days off and half-days, removals
// and "today" anywhere in or around the range, `memberWeeksSql` gives the same days and seconds as
// the day-by-day definition below, written out as the plain reading of core's `expectedSeconds`.
import { type Database, memberWeeksSql, schema } from '@proofwork/db';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createMember, createOrganization, type TestMember, type TestOrganization } from './factories';

let tdb: TestDatabase;
let db: Database;
let org: TestOrganization;
let members: TestMember[];
const FIRST_MONDAY = '2026-10-05';
const WEEKS = 6;

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = tdb.db;
  org = await createOrganization(db, { timeZone: 'Europe/Paris' });
  members = [];
  for (let i = 0; i < 4; i++) members.push(await createMember(db, org));
}, 60_000);
afterAll(async () => {
  await tdb?.drop();
});

const addDays = (iso: string, days: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
/** A day from a week before the range to a week after it. */
const day = fc.integer({ min: -7, max: WEEKS * 7 + 7 }).map((n) => addDays(FIRST_MONDAY, n));
const memberCase = fc.record({
  days: fc.array(fc.integer({ min: 0, max: 8 }), { maxLength: 9 }),
  ownSchedule: fc.boolean(),
  tracksTime: fc.boolean(),
  contract: fc.option(fc.integer({ min: 0, max: 60 * 3600 }), { nil: null }),
  removedOn: fc.option(day, { nil: null }),
  absences: fc.uniqueArray(fc.record({ day, halfDay: fc.boolean() }), { selector: (a) => a.day, maxLength: 12 }),
});
const world = fc
  .record({
    weekStart: fc.constantFrom(1, 7),
    orgDays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 0, maxLength: 7 }),
    holidays: fc.uniqueArray(day, { maxLength: 8 }),
    today: day,
    members: fc.array(memberCase, { minLength: 4, maxLength: 4 }),
    // Often, today or a removal falls on a day off (or the day after it): the edge of "so far".
    todayOnDayOff: fc.nat(),
    removedAfterDayOff: fc.array(fc.option(fc.nat(), { nil: null }), { minLength: 4, maxLength: 4 }),
  })
  .map((w) => {
    const offs = [...w.holidays, ...w.members.flatMap((m) => m.absences.map((a) => a.day))];
    if (offs.length === 0) return w;
    const pick = (n: number) => offs[n % offs.length]!;
    return {
      ...w,
      today: w.todayOnDayOff % 3 === 0 ? w.today : pick(w.todayOnDayOff),
      members: w.members.map((m, i) => {
        const n = w.removedAfterDayOff[i];
        return n == null ? m : { ...m, removedOn: addDays(pick(n), n % 2) };
      }),
    };
  });
type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

const slots = (days: number[]) => days.map((d) => ({ day: d, start: '09:00', end: '17:00' }));

async function write(w: World) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`delete from absences where organization_id = ${org.id}`);
    await tx.execute(sql`delete from public_holidays where organization_id = ${org.id}`);
    await tx.execute(sql`update organizations set week_start = ${w.weekStart},
      working_schedule = ${JSON.stringify(slots(w.orgDays))}::jsonb where id = ${org.id}`);
    if (w.holidays.length > 0) {
      await tx
        .insert(schema.publicHolidays)
        .values(w.holidays.map((localDate) => ({ organizationId: org.id, localDate, name: 'holiday' })));
    }
    for (const [i, m] of w.members.entries()) {
      const id = members[i]!.id;
      const removedAt = m.removedOn ? `${m.removedOn}T10:00:00Z` : null;
      await tx.execute(sql`update members set tracks_time = ${m.tracksTime}, weekly_contract_seconds = ${m.contract},
        working_schedule = ${m.ownSchedule ? JSON.stringify(slots(m.days)) : null}::jsonb,
        removed_at = ${removedAt}::timestamptz where id = ${id}`);
      if (m.absences.length > 0) {
        await tx.insert(schema.absences).values(
          m.absences.map((a) => ({
            organizationId: org.id,
            memberId: id,
            localDate: a.day,
            kind: 'holiday' as const,
            halfDay: a.halfDay,
          })),
        );
      }
    }
  });
}

type Row = {
  member_id: string;
  week_start: string;
  working_days: number;
  holiday_days: number;
  absence_days: number;
  present_days: number;
  expected: number;
  expected_week: number;
};

/** Every member-week of the range through `memberWeeksSql`. */
async function arithmetic(firstWeek: string, today: string): Promise<Row[]> {
  const scope = {
    organizationId: org.id,
    firstWeek: sql`${firstWeek}::date`,
    lastWeek: sql`${addDays(firstWeek, (WEEKS - 1) * 7)}::date`,
    today,
  };
  return [
    ...(await db.execute<Row>(sql`with ${memberWeeksSql(scope)}
      select member_id, week_start::text, working_days::int, holiday_days::int, absence_days::float8,
        present_days::float8, expected::float8, expected_week::float8
      from member_weeks order by 1, 2`)),
  ];
}

/** The same figures with each member-week expanded into its seven days, one join per day. */
async function dayByDay(firstWeek: string, today: string): Promise<Row[]> {
  const lastWeek = addDays(firstWeek, (WEEKS - 1) * 7);
  return [
    ...(await db.execute<Row>(sql`
      with mm as (
        select m.id as member_id, m.tracks_time,
          coalesce(m.weekly_contract_seconds, o.default_weekly_contract_seconds) as contract,
          array(select distinct (slot->>'day')::int
            from jsonb_array_elements(coalesce(m.working_schedule, o.working_schedule)) as slot) as working_days,
          (m.removed_at at time zone o.time_zone)::date as removed_on
        from members m join organizations o on o.id = m.organization_id where o.id = ${org.id}
      ),
      pairs as (
        select mm.*, w::date as week_start from mm
        cross join generate_series(${firstWeek}::date, ${lastWeek}::date, interval '7 days') as w
        where mm.removed_on is null or mm.removed_on > w::date
      ),
      days as (
        select p.member_id, p.week_start, p.tracks_time, p.contract,
          count(*) filter (where d.working) as working_days,
          count(*) filter (where d.working and h.local_date is not null) as holiday_days,
          coalesce(sum(case when a.half_day then 0.5 else 1 end)
            filter (where d.working and h.local_date is null and a.id is not null), 0) as absence_days,
          coalesce(sum(case when a.half_day then 0.5 when a.id is not null then 0 else 1 end)
            filter (where d.working and h.local_date is null), 0) as present_days,
          coalesce(sum(case when a.half_day then 0.5 when a.id is not null then 0 else 1 end)
            filter (where d.working and h.local_date is null and d.day <= ${today}::date
              and (p.removed_on is null or d.day < p.removed_on)), 0) as present_to_date
        from pairs p
        cross join lateral (
          select p.week_start + i as day, extract(isodow from p.week_start + i)::int = any(p.working_days) as working
          from generate_series(0, 6) as i
        ) d
        left join public_holidays h on h.organization_id = ${org.id} and h.local_date = d.day
        left join absences a on a.member_id = p.member_id and a.local_date = d.day
        group by p.member_id, p.week_start, p.tracks_time, p.contract
      )
      select member_id, week_start::text, working_days::int, holiday_days::int, absence_days::float8,
        present_days::float8,
        (case when tracks_time and working_days > 0 then round(contract * present_to_date / working_days) else 0 end)::float8
          as expected,
        (case when tracks_time and working_days > 0 then round(contract * present_days / working_days) else 0 end)::float8
          as expected_week
      from days where tracks_time order by 1, 2`)),
  ];
}

describe('expected hours', () => {
  it('count the working days arithmetically, equal to expanding every day', async () => {
    let compared = 0;
    let partial = 0;
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        await write(w);
        const firstWeek = addDays(FIRST_MONDAY, w.weekStart === 7 ? -1 : 0);
        const got = await arithmetic(firstWeek, w.today);
        const want = await dayByDay(firstWeek, w.today);
        expect(got).toEqual(want);
        compared += got.length;
        partial += got.filter((r) => r.expected !== r.expected_week).length;
      }),
      { numRuns: 60, seed: 20261203 },
    );
    // The runs reached weeks cut short by today or a removal, not only whole weeks.
    expect(compared).toBeGreaterThan(300);
    expect(partial).toBeGreaterThan(20);
  }, 120_000);
});
