// Dashboards on the demo seed, after a rebuild, equal the same numbers computed by plain SQL over
// the raw time entries (after-hours and weekend counted minute by minute), and read rollups only.
import { DEFAULT_CATEGORIES, weekStartOf } from '@proofwork/core';
import {
  deliverablesDashboard,
  freshness,
  GROUP_SKILL,
  markMemberWeeksDirty,
  mixDashboard,
  rebuildRollups,
  seedDemo,
  skillsDashboard,
  teamDashboard,
} from '@proofwork/db';
import { hashPassword } from 'better-auth/crypto';
import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db';

let tdb: TestDatabase;
let lumen: string;
let northwind: string;
let someMember: string;
const now = new Date('2026-11-25T14:00:00Z');
// Starts on a Thursday: the range begins with that week's Monday.
const range = { from: '2026-09-17', to: '2026-11-25', today: '2026-11-25' };
const firstWeek = weekStartOf(range.from);

beforeAll(async () => {
  tdb = await createTestDatabase();
  await seedDemo(tdb.db, { now, hashPassword });
  await tdb.db.execute(sql`analyze`);
  const orgs = await tdb.db.execute<{ id: string; slug: string }>(sql`select id, slug from organizations`);
  lumen = orgs.find((o) => o.slug === 'agence-lumen')!.id;
  northwind = orgs.find((o) => o.slug === 'northwind-outdoors')!.id;
  const [member] = await tdb.db.execute<{ id: string }>(sql`
    select member_id as id from time_entries where organization_id = ${lumen}
    group by member_id order by count(*) desc limit 1`);
  someMember = member!.id;
  const progress: string[] = [];
  await rebuildRollups(tdb.db, { onProgress: (p) => progress.push(p.organizationId) });
  expect(progress.sort()).toEqual([lumen, northwind].sort());
}, 60_000);
afterAll(async () => {
  await tdb?.drop();
});

/** The raw entries in range, each with its after-hours and weekend seconds counted minute by minute. */
function rawEntries(organizationId: string, memberId?: string): SQL {
  return sql`(
    with e as (
      select e.*, coalesce(m.time_zone, o.time_zone) as zone,
        coalesce(m.working_schedule, o.working_schedule) as schedule
      from time_entries e join members m on m.id = e.member_id join organizations o on o.id = e.organization_id
      where e.organization_id = ${organizationId} and e.deleted_at is null and e.duration_seconds is not null
        and e.week_start between ${firstWeek}::date and ${range.to}::date
        and (${memberId ?? null}::uuid is null or e.member_id = ${memberId ?? null}::uuid)
    ),
    minutes as (
      select e.id, t at time zone e.zone as local, e.schedule
      from e, generate_series(e.started_at, e.ended_at - interval '1 minute', interval '1 minute') t
      where e.ended_at is not null
    ),
    split as (
      select id,
        60 * count(*) filter (where extract(isodow from local) >= 6) as weekend,
        60 * count(*) filter (where extract(isodow from local) < 6 and not exists (
          select 1 from jsonb_array_elements(schedule) s
          where (s->>'day')::int = extract(isodow from local)
            and local::time >= (s->>'start')::time and local::time < (s->>'end')::time)) as after_hours
      from minutes group by id
    )
    select e.*, c.key as category_key, c."group" as category_group, d.deliverable_type_id,
      coalesce(split.after_hours, 0) as after_hours,
      case when e.ended_at is null then
        case when extract(isodow from e.local_date) >= 6 then e.duration_seconds else 0 end
      else coalesce(split.weekend, 0) end as weekend
    from e join categories c on c.id = e.category_id
    left join deliverables d on d.id = e.deliverable_id
    left join split on split.id = e.id
  )`;
}

describe('team dashboard', () => {
  for (const scope of ['the whole team', 'one member'] as const) {
    it(`equals SQL over raw entries for ${scope}`, async () => {
      const memberId = scope === 'one member' ? someMember : undefined;
      const raw = await tdb.db.execute(sql`
        with per_group as (
          select week_start, member_id, category_group, sum(duration_seconds) as seconds,
            sum(after_hours) as after_hours, sum(weekend) as weekend
          from ${rawEntries(lumen, memberId)} r group by 1, 2, 3
        )
        select g.week_start::text as "weekStart", g.member_id as "memberId", sum(g.seconds)::float8 as "loggedSeconds",
          sum(g.after_hours)::float8 as "afterHoursSeconds", sum(g.weekend)::float8 as "weekendSeconds",
          jsonb_object_agg(g.category_group, g.seconds::float8) as "byGroup"
        from per_group g
        group by g.week_start, g.member_id
        order by 1, 2`);
      // Member-weeks without time are rows too (their coverage is 0): compare those with time logged.
      const dashboard = (await teamDashboard(tdb.db, lumen, { ...range, memberId })).filter((r) => r.loggedSeconds > 0);
      expect(
        dashboard.map(({ weekStart, memberId, loggedSeconds, afterHoursSeconds, weekendSeconds, byGroup }) => ({
          weekStart,
          memberId,
          loggedSeconds,
          afterHoursSeconds,
          weekendSeconds,
          byGroup,
        })),
      ).toEqual([...raw]);
      expect(dashboard.length).toBeGreaterThan(memberId ? 8 : 50);
      expect(dashboard.every((row) => row.weekStart >= firstWeek)).toBe(true);
      // The crisis weeks leave evening and weekend work in the numbers.
      expect(dashboard.some((row) => row.afterHoursSeconds > 0 && row.weekendSeconds > 0)).toBe(true);
    });
  }

  it('reads the same inside a transaction, each figure with its type', async () => {
    const outside = await teamDashboard(tdb.db, lumen, range);
    const inside = await tdb.db.transaction((tx) => teamDashboard(tx, lumen, range));
    expect(inside).toEqual(outside);
    const row = outside.find((r) => r.tracksTime && r.loggedSeconds > 0)!;
    expect(row).toMatchObject({
      weekStart: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      loggedSeconds: expect.any(Number),
      expectedSeconds: expect.any(Number),
      coverage: expect.any(Number),
      complete: expect.any(Boolean),
      current: expect.any(Boolean),
      tracksTime: true,
      workingDays: expect.any(Number),
      absenceDays: expect.any(Number),
    });
    expect(Object.values(row.byGroup).every((seconds) => typeof seconds === 'number' && seconds > 0)).toBe(true);
  });
});

describe('mix dashboard', () => {
  const keyOf: Record<'category' | 'brand' | 'platform', string> = {
    category: 'category_id::text',
    brand: 'brand_id::text',
    platform: 'platform::text',
  };
  for (const dimension of ['category', 'brand', 'platform'] as const) {
    it(`equals SQL over raw entries per ${dimension}, with the week-over-week change`, async () => {
      // One more week before the range, for the first week's trend.
      const raw = await tdb.db.execute<{ weekStart: string; key: string | null; seconds: number }>(sql`
        select week_start::text as "weekStart", ${sql.raw(keyOf[dimension])} as key, sum(duration_seconds)::float8 as seconds
        from time_entries
        where organization_id = ${northwind} and deleted_at is null and duration_seconds is not null
          and week_start between ${firstWeek}::date - 7 and ${range.to}::date
        group by 1, 2`);
      const seconds = new Map(raw.map((r) => [`${r.weekStart}|${r.key}`, r.seconds]));
      const weekTotal = new Map<string, number>();
      for (const r of raw) weekTotal.set(r.weekStart, (weekTotal.get(r.weekStart) ?? 0) + r.seconds);
      const previousWeek = (week: string) =>
        new Date(Date.parse(`${week}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
      const expected = raw
        .filter((r) => r.weekStart >= firstWeek)
        .map((r) => {
          const previous = seconds.get(`${previousWeek(r.weekStart)}|${r.key}`) ?? 0;
          return {
            weekStart: r.weekStart,
            key: r.key,
            seconds: r.seconds,
            share: r.seconds / weekTotal.get(r.weekStart)!,
            previousSeconds: previous,
            change: previous > 0 ? (r.seconds - previous) / previous : null,
          };
        })
        .sort((a, b) => `${a.weekStart}|${a.key}`.localeCompare(`${b.weekStart}|${b.key}`));
      const dashboard = (await mixDashboard(tdb.db, northwind, { ...range, dimension }))
        .map(({ label, ...row }) => {
          expect(label === null).toBe(row.key === null);
          return row;
        })
        .sort((a, b) => `${a.weekStart}|${a.key}`.localeCompare(`${b.weekStart}|${b.key}`));
      expect(dashboard.length).toBe(expected.length);
      dashboard.forEach((row, i) => {
        const want = expected[i]!;
        expect({ ...row, share: 0, change: 0 }).toEqual({ ...want, share: 0, change: 0 });
        expect(row.share).toBeCloseTo(want.share, 12);
        if (want.change === null) expect(row.change).toBeNull();
        else expect(row.change).toBeCloseTo(want.change, 12);
      });
    });
  }
});

describe('deliverables dashboard', () => {
  it('equals SQL over raw entries: measured vs perceived per deliverable type', async () => {
    const raw = await tdb.db.execute<{
      deliverableTypeId: string;
      key: string;
      perceivedSeconds: number;
      deliverableCount: number;
      measuredSeconds: number;
    }>(sql`
      select t.id as "deliverableTypeId", t.key, t.perceived_seconds::float8 as "perceivedSeconds",
        -- A deliverable worked on across cells and weeks counts once.
        count(distinct r.deliverable_id)::float8 as "deliverableCount",
        sum(r.duration_seconds)::float8 as "measuredSeconds"
      from ${rawEntries(lumen)} r join deliverable_types t on t.id = r.deliverable_type_id
      group by t.id, t.key, t.perceived_seconds, t.position order by t.position`);
    // The median of each deliverable's own total, written independently of the query under test.
    const medians = await tdb.db.execute<{ key: string; median: number }>(sql`
      select t.key, percentile_cont(0.5) within group (order by d.seconds)::float8 as median
      from (select r.deliverable_type_id, r.deliverable_id, sum(r.duration_seconds) as seconds
            from ${rawEntries(lumen)} r group by 1, 2) d
      join deliverable_types t on t.id = d.deliverable_type_id group by t.key`);
    const medianOf = new Map(medians.map((m) => [m.key, m.median]));
    const dashboard = await deliverablesDashboard(tdb.db, lumen, range);
    expect(dashboard.length).toBeGreaterThan(3);
    expect(
      dashboard.map(({ measuredPerDeliverable, multiplier, medianSeconds, medianMultiplier, ...row }) => row),
    ).toEqual(raw.map((row) => ({ ...row })));
    for (const [i, row] of dashboard.entries()) {
      const want = raw[i]!;
      expect(row.medianSeconds).toBe(medianOf.get(row.key));
      expect(row.medianMultiplier).toBeCloseTo(medianOf.get(row.key)! / want.perceivedSeconds, 9);
      expect(row.measuredPerDeliverable).toBeCloseTo(want.measuredSeconds / want.deliverableCount, 9);
      expect(row.multiplier).toBeCloseTo(want.measuredSeconds / want.deliverableCount / want.perceivedSeconds, 9);
      // The headline: a deliverable takes longer than management believes.
      expect(row.multiplier!).toBeGreaterThan(1);
    }
  });
});

describe('skills dashboard', () => {
  it('equals SQL over raw entries: share and full-time equivalents per skill family', async () => {
    const perCategory = await tdb.db.execute<{ key: string; group: string; seconds: number }>(sql`
      select category_key as key, category_group as group, sum(duration_seconds)::float8 as seconds
      from ${rawEntries(lumen)} r group by 1, 2`);
    const [contract] = await tdb.db.execute<{ average: number }>(sql`
      select avg(coalesce(m.weekly_contract_seconds, o.default_weekly_contract_seconds))::float8 as average
      from members m join organizations o on o.id = m.organization_id
      where m.id in (select member_id from ${rawEntries(lumen)} r)`);
    const skillOf = new Map(DEFAULT_CATEGORIES.map((c) => [c.key, c.skill]));
    const perSkill = new Map<string, number>();
    for (const c of perCategory) {
      const skill = skillOf.get(c.key) ?? GROUP_SKILL[c.group as keyof typeof GROUP_SKILL];
      perSkill.set(skill, (perSkill.get(skill) ?? 0) + c.seconds);
    }
    const total = [...perSkill.values()].reduce((a, b) => a + b, 0);
    const weeks = Math.floor((Date.parse(range.to) - Date.parse(firstWeek)) / (7 * 86_400_000)) + 1;
    // The weeks of full-time work the member-weeks with time stand for: member-weeks ÷ members.
    const [work] = await tdb.db.execute<{ weeks: number }>(sql`
      select (count(distinct (member_id, week_start))::float8 / count(distinct member_id)) as weeks
      from ${rawEntries(lumen)} r`);
    const dashboard = await skillsDashboard(tdb.db, lumen, range);
    expect(dashboard.totalSeconds).toBe(total);
    expect(dashboard.weeks).toBe(weeks);
    expect(dashboard.averageContractSeconds).toBeCloseTo(contract!.average, 6);
    expect(dashboard.fte).toBeCloseTo(total / (contract!.average * work!.weeks), 9);
    expect(dashboard.families.map((f) => [f.skill, f.seconds])).toEqual(
      [...perSkill].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    );
    for (const family of dashboard.families) {
      expect(family.share).toBeCloseTo(family.seconds / total, 12);
      expect(family.fte).toBeCloseTo(family.seconds / (contract!.average * work!.weeks), 12);
    }
    // Video dominates a CM's week in the demo.
    expect(dashboard.families[0]!.skill).toBe('video');
  });
});

describe('freshness', () => {
  it('reports nothing pending after a rebuild, then the pending member-week of a new write', async () => {
    expect(await freshness(tdb.db, northwind)).toEqual({
      pendingMemberWeeks: 0,
      oldestDirtiedAt: null,
      oldestAgeSeconds: null,
    });
    const [member] = await tdb.db.execute<{ id: string }>(
      sql`select id from members where organization_id = ${northwind} limit 1`,
    );
    await markMemberWeeksDirty(tdb.db, [{ organizationId: northwind, memberId: member!.id, weekStart: '2026-11-23' }]);
    const fresh = await freshness(tdb.db, northwind);
    expect(fresh.pendingMemberWeeks).toBe(1);
    expect(fresh.oldestAgeSeconds).toBeGreaterThanOrEqual(0);
    expect(fresh.oldestAgeSeconds).toBeLessThan(60);
    expect(Date.parse(fresh.oldestDirtiedAt!)).not.toBeNaN();
    expect((await freshness(tdb.db, lumen)).pendingMemberWeeks).toBe(0);
  });
});

describe('reading rollups only', () => {
  it('gives the same numbers once the raw entries are gone', async () => {
    const before = await Promise.all([
      teamDashboard(tdb.db, lumen, range),
      mixDashboard(tdb.db, lumen, { ...range, dimension: 'brand' }),
      deliverablesDashboard(tdb.db, lumen, range),
      skillsDashboard(tdb.db, lumen, range),
    ]);
    await tdb.db.execute(sql`delete from time_entries where organization_id = ${lumen}`);
    // Medians are the one figure read from entries (a rollup cell mixes several deliverables' time).
    for (const row of before[2]) Object.assign(row, { medianSeconds: null, medianMultiplier: null });
    const after = await Promise.all([
      teamDashboard(tdb.db, lumen, range),
      mixDashboard(tdb.db, lumen, { ...range, dimension: 'brand' }),
      deliverablesDashboard(tdb.db, lumen, range),
      skillsDashboard(tdb.db, lumen, range),
    ]);
    expect(after).toEqual(before);
  });
});
