// The demo seed is idempotent and produces the demo organizations with realistic work.
import { DEMO_ORGANIZATIONS, seedDemo } from '@proofwork/db';
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
