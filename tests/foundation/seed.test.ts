// The demo seed is idempotent and produces the demo organizations with realistic work, and, run as
// `npm start` runs it on days across the year (the stretches without a weekday public holiday in
// France or the United States among them), days off and a weekday public holiday in each
// organization's weeks, read back from the database rather than from the seed's own arithmetic.
import { daysBetween, localDateOf, weekStartOf } from '@proofwork/core';
import { DEMO_ORGANIZATIONS, DEMO_WEEKS, seedDemo } from '@proofwork/db';
import { hashPassword } from 'better-auth/crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db';

let tdb: TestDatabase;
const now = new Date('2026-11-25T14:00:00Z');

async function counts() {
  const [row] = await tdb.db.execute<Record<string, number>>(sql`
    select (select count(*) from organizations)::int as organizations,
           (select count(*) from users)::int as users,
           (select count(*) from members)::int as members,
           (select count(*) from categories)::int as categories,
           (select count(*) from brands)::int as brands,
           (select count(*) from time_entries)::int as entries,
           (select count(*) from time_entry_events)::int as events,
           (select count(*) from week_approvals)::int as approvals,
           (select count(*) from dirty_member_weeks)::int as dirty`);
  return row!;
}

beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.drop();
});

describe('demo seed', () => {
  it('is idempotent: a second run changes nothing', async () => {
    const first = await seedDemo(tdb.db, { now, hashPassword });
    expect(first.created).toEqual(DEMO_ORGANIZATIONS.map((o) => o.name));
    const after1 = await counts();
    const second = await seedDemo(tdb.db, { now, hashPassword });
    expect(second.created).toEqual([]);
    expect(await counts()).toEqual(after1);
    expect(after1.organizations).toBe(2);
    expect(after1.categories).toBe(2 * 17);
    expect(after1.events).toBe(after1.entries);
  });

  it('gives Agence Lumen 6 CMs in Paris and Northwind 3 in New York', async () => {
    const rows = await tdb.db.execute<{ slug: string; time_zone: string; default_locale: string; cms: number }>(sql`
      select o.slug, o.time_zone, o.default_locale, count(m.*) filter (where m.role = 'member')::int as cms
      from organizations o join members m on m.organization_id = o.id group by o.id order by o.slug`);
    expect(rows.map((r) => ({ ...r }))).toEqual([
      { slug: 'agence-lumen', time_zone: 'Europe/Paris', default_locale: 'fr', cms: 6 },
      { slug: 'northwind-outdoors', time_zone: 'America/New_York', default_locale: 'en', cms: 3 },
    ]);
  });

  it('spreads 12 weeks of work where video and visual dominate, with moderation daily and a crisis', async () => {
    const [mix] = await tdb.db.execute<{
      weeks: number;
      top2: string[];
      crisis: number;
      weekend: number;
      late: number;
    }>(sql`
      with per_category as (
        select c.key, sum(e.duration_seconds) as s from time_entries e join categories c on c.id = e.category_id
        join organizations o on o.id = e.organization_id where o.slug = 'agence-lumen' group by c.key)
      select (select count(distinct week_start) from time_entries)::int as weeks,
             (select array_agg(key order by s desc) from (select * from per_category order by s desc limit 2) t) as top2,
             (select count(*) from time_entries e join categories c on c.id = e.category_id where c.key = 'crisis')::int as crisis,
             (select count(*) from time_entries where extract(isodow from local_date) >= 6)::int as weekend,
             (select count(*) from time_entries where is_late)::int as late`);
    expect(mix!.weeks).toBe(12);
    expect([...mix!.top2].sort()).toEqual(['content.video', 'content.visual']);
    expect(mix!.crisis).toBeGreaterThan(5);
    expect(mix!.weekend).toBeGreaterThan(0);
    expect(mix!.late).toBeGreaterThan(0);
  });

  it('writes no entry in the future and no demo password in clear', async () => {
    const [row] = await tdb.db.execute<{ future: number; clear: number }>(sql`
      select (select count(*) from time_entries where ended_at > ${now.toISOString()}::timestamptz)::int as future,
             (select count(*) from accounts where password = 'proofwork-demo')::int as clear`);
    expect(row).toEqual({ future: 0, clear: 0 });
  });
});

// Midday in Paris. Late March before Easter (Lumen's twelve weeks start after New Year's Day: the seed
// reaches back); mid-May (Northwind's twelve weeks lie between Presidents' Day and Memorial Day: it
// reaches back); December (twelve weeks hold a holiday in both countries). Each day seeds the whole
// demo, so three stand for the rest: every day of 2024–2040 is checked on the window alone
// (demo-window.test.ts).
const DAYS = ['2026-03-30', '2026-05-18', '2026-12-03'];

// Each day on a database of its own, side by side: the seed mostly waits on PostgreSQL.
describe.concurrent('the demo seed across the year', () => {
  it.each(DAYS)(
    'on %s, shows days off and a weekday public holiday in every organization',
    async (day) => {
      const now = new Date(`${day}T11:00:00Z`);
      const tdb = await createTestDatabase();
      try {
        const seeded = await seedDemo(tdb.db, { now, hashPassword });
        expect(seeded.created).toHaveLength(DEMO_ORGANIZATIONS.length);
        for (const org of DEMO_ORGANIZATIONS) {
          const today = localDateOf(now, org.timeZone);
          const [row] = await tdb.db.execute<{
            /** The Monday of the first week with data. */
            first_day: string;
            absences: number;
            holidays: string[];
            logged_on_holidays: number;
          }>(sql`
          with o as (select id from organizations where slug = ${org.slug}),
          data as (
            select min(week_start)::text as first_day from time_entries where organization_id = (select id from o)
          ),
          holidays as (
            select h.local_date from public_holidays h, data
            where h.organization_id = (select id from o)
              and h.local_date between data.first_day::date and ${today}::date
              and extract(isodow from h.local_date) <= 5
          )
          select data.first_day,
            (select count(*)::int from absences a
              where a.organization_id = (select id from o)
                and a.local_date between data.first_day::date and ${today}::date) as absences,
            (select coalesce(array_agg(local_date::text order by local_date), '{}') from holidays) as holidays,
            (select count(*)::int from time_entries e
              where e.organization_id = (select id from o) and e.local_date in (select local_date from holidays))
              as logged_on_holidays
          from data`);
          const where = `${org.slug} on ${day}`;
          // At least the twelve weeks up to today hold data.
          expect(daysBetween(row!.first_day, weekStartOf(today)) / 7 + 1, where).toBeGreaterThanOrEqual(DEMO_WEEKS);
          expect(row!.absences, where).toBeGreaterThan(0);
          expect(row!.holidays.length, where).toBeGreaterThan(0);
          expect(row!.logged_on_holidays, where).toBe(0);
        }
      } finally {
        await tdb.drop();
      }
    },
    180_000,
  );
});
