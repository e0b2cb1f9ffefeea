// The member × week × category-group pre-aggregate (member_week_groups) that the team overview and
// the member-week figures read: after writes, edits, deletes, absences, a contract change and a
// category moved to another group, kept by the recompute (single and batched), the rebuild and the
// category refresh, it holds exactly the groups computed on the fly from the entries, and the team
// dashboard and coverage read from it equal the same queries answered from the entries themselves.
import {
  coverageSummary,
  type Database,
  type Executor,
  rebuildRollups,
  recomputeMemberWeek,
  recomputeMemberWeeks,
  refreshCategoryGroups,
  rollupSourceSql,
  teamDashboard,
  updateCategory,
  upsertAbsences,
  weeklyGroupsSql,
  weekTotalsSql,
} from '@proofwork/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db';
import {
  createMember,
  createOrganization,
  deleteEntry,
  type TestMember,
  type TestOrganization,
  updateEntry,
  writeEntry,
} from './factories';

let tdb: TestDatabase;
let org: TestOrganization;
let ana: TestMember;
let bob: TestMember;
let eve: TestMember;
// Three weeks of November 2026 (Mondays 9, 16, 23); "today" is the Wednesday of the last one.
const range = { from: '2026-11-09', to: '2026-11-29', today: '2026-11-25' };
const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  tdb = await createTestDatabase();
  org = await createOrganization(tdb.db, { timeZone: 'Europe/Paris' });
  ana = await createMember(tdb.db, org);
  bob = await createMember(tdb.db, org, { contractSeconds: 28 * 3600, timeZone: 'America/New_York' });
  eve = await createMember(tdb.db, org);
}, 60_000);
afterAll(async () => {
  await tdb?.drop();
});

const category = (key: string) => org.categories.get(key)!;

/** Recomputes every marked member-week: single recomputes and one batch, alternately. */
let pass = 0;
async function recomputeMarked() {
  const marks = await tdb.db.execute<{ memberId: string; weekStart: string }>(sql`
    select member_id as "memberId", week_start::text as "weekStart" from dirty_member_weeks
    where organization_id = ${org.id} order by 1, 2`);
  pass += 1;
  if (pass % 2 === 0) {
    for (const mark of marks) await recomputeMemberWeek(tdb.db, org.id, mark);
  } else {
    await recomputeMemberWeeks(tdb.db, org.id, { weeks: [...marks] });
  }
}

type GroupRow = {
  memberId: string;
  weekStart: string;
  group: string;
  seconds: number;
  entries: number;
  afterHours: number;
  weekend: number;
};

const groupColumns = sql`member_id as "memberId", week_start::text as "weekStart", category_group as "group",
  seconds::float8 as seconds, entry_count as entries, after_hours_seconds::float8 as "afterHours",
  weekend_seconds::float8 as weekend`;

/** The groups from the entries as they stand, computed on the fly (nothing stored is read). */
const groupsOnTheFly = () =>
  sql`(${weeklyGroupsSql(
    sql`(${rollupSourceSql(sql`e.organization_id = ${org.id}`, sql`m.organization_id = ${org.id}`)})`,
  )})`;

async function storedGroups(): Promise<GroupRow[]> {
  return [
    ...(await tdb.db.execute<GroupRow>(sql`select ${groupColumns} from member_week_groups
      where organization_id = ${org.id} order by 1, 2, 3`)),
  ];
}

async function freshGroups(): Promise<GroupRow[]> {
  return [...(await tdb.db.execute<GroupRow>(sql`select ${groupColumns} from ${groupsOnTheFly()} g order by 1, 2, 3`))];
}

/**
 * Runs `read` with member_week_groups and member_week_totals standing for the groups computed on the
 * fly from the entries and their member-week totals: temporary tables of those names (searched before
 * the real ones) dropped at the end of the transaction.
 */
async function fromEntries<T>(read: (tx: Executor) => Promise<T>): Promise<T> {
  return (tdb.db as Database).transaction(async (tx) => {
    await tx.execute(sql`create temporary table member_week_groups on commit drop as
      select organization_id, member_id, week_start, category_group, seconds, entry_count, after_hours_seconds,
        weekend_seconds
      from ${groupsOnTheFly()} g`);
    await tx.execute(sql`create temporary table member_week_totals on commit drop as
      ${weekTotalsSql(sql`member_week_groups`)}`);
    return read(tx);
  });
}

const totalColumns = sql`member_id as "memberId", week_start::text as "weekStart", seconds::float8 as seconds,
  after_hours_seconds::float8 as "afterHours", weekend_seconds::float8 as weekend,
  jsonb_strip_nulls(jsonb_build_object('content', content_seconds, 'community', community_seconds,
    'insight', insight_seconds, 'growth', growth_seconds, 'coordination', coordination_seconds)) as groups`;

/** member_week_totals as stored, and the same rows summed from the groups computed on the fly. */
async function storedAndFreshTotals() {
  const stored = await tdb.db.execute(sql`select ${totalColumns} from member_week_totals
    where organization_id = ${org.id} order by 1, 2`);
  const fresh = await tdb.db.execute(
    sql`select ${totalColumns} from (${weekTotalsSql(groupsOnTheFly())}) t order by 1, 2`,
  );
  return { stored: [...stored], fresh: [...fresh] };
}

/** The pre-aggregate equals the entries: its rows, the team dashboard and the coverage summary. */
async function expectSameAsEntries() {
  const stored = await storedGroups();
  expect(stored).toEqual(await freshGroups());
  const totals = await storedAndFreshTotals();
  expect(totals.stored).toEqual(totals.fresh);
  const dashboard = await teamDashboard(tdb.db, org.id, range);
  expect(dashboard).toEqual(await fromEntries((tx) => teamDashboard(tx, org.id, range)));
  const coverage = await coverageSummary(tdb.db, org.id, range);
  expect(coverage).toEqual(await fromEntries((tx) => coverageSummary(tx, org.id, range)));
  return { stored, dashboard, coverage };
}

const row = (rows: Awaited<ReturnType<typeof teamDashboard>>, member: TestMember, weekStart: string) =>
  rows.find((r) => r.memberId === member.id && r.weekStart === weekStart)!;

describe('member_week_groups', () => {
  it('is written with the rollups and equals the entries after writes, edits and deletes', async () => {
    expect(await storedGroups()).toEqual([]);
    // Ana: content and community time, an evening past the schedule, a Saturday.
    const a1 = await writeEntry(tdb.db, ana, {
      categoryId: category('content.copywriting'),
      startedAt: at('2026-11-10T08:00:00Z'),
      endedAt: at('2026-11-10T11:00:00Z'),
    });
    await writeEntry(tdb.db, ana, {
      categoryId: category('moderation'),
      startedAt: at('2026-11-10T17:00:00Z'),
      endedAt: at('2026-11-10T20:30:00Z'),
    });
    await writeEntry(tdb.db, ana, {
      categoryId: category('moderation'),
      startedAt: at('2026-11-14T09:00:00Z'),
      endedAt: at('2026-11-14T10:00:00Z'),
    });
    // Bob in New York, across his midnight; Eve a duration-only entry.
    const b1 = await writeEntry(tdb.db, bob, {
      categoryId: category('reporting'),
      startedAt: at('2026-11-18T03:00:00Z'),
      endedAt: at('2026-11-18T07:00:00Z'),
    });
    await writeEntry(tdb.db, eve, {
      categoryId: category('content.copywriting'),
      durationSeconds: 5 * 3600,
      localDate: '2026-11-24',
    });
    await recomputeMarked();
    const first = await expectSameAsEntries();
    expect(new Set(first.stored.map((r) => r.group)).size).toBeGreaterThan(2);
    expect(first.stored.some((r) => r.afterHours > 0)).toBe(true);
    expect(first.stored.some((r) => r.weekend > 0)).toBe(true);

    // An edit that moves Ana's entry to another week and category; a delete.
    await updateEntry(tdb.db, ana, a1.id, {
      categoryId: category('reporting'),
      startedAt: at('2026-11-17T08:00:00Z'),
      endedAt: at('2026-11-17T12:00:00Z'),
    });
    await deleteEntry(tdb.db, b1.id);
    // Before the recompute the stored groups are behind the entries (the test can tell).
    expect(await storedGroups()).not.toEqual(await freshGroups());
    await recomputeMarked();
    const second = await expectSameAsEntries();
    expect(second.stored.some((r) => r.memberId === bob.id)).toBe(false);
    expect(row(second.dashboard, ana, '2026-11-16').loggedSeconds).toBe(4 * 3600);
  });

  it('moves with a category that changes group, and agrees with the rebuild', async () => {
    const moderation = category('moderation');
    const [before] = await tdb.db.execute<{ group: string }>(
      sql`select "group" from categories where id = ${moderation}`,
    );
    const to = before!.group === 'insight' ? 'growth' : 'insight';
    await tdb.db.transaction(async (tx) => {
      await updateCategory(tx, org.id, moderation, { group: to });
      // Without the refresh the stored groups would keep the old one.
      const [stale] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from member_week_groups
        where organization_id = ${org.id} and category_group = ${before!.group}`);
      expect(stale!.n).toBeGreaterThan(0);
      expect(await refreshCategoryGroups(tx, org.id, moderation)).toBeGreaterThan(0);
    });
    const { stored, dashboard } = await expectSameAsEntries();
    expect(stored.some((r) => r.group === to)).toBe(true);
    expect(row(dashboard, ana, '2026-11-09').byGroup).toHaveProperty(to);

    // The rebuild writes the same rows from scratch (whole history, then a range).
    await tdb.db.execute(sql`update member_week_groups set seconds = seconds + 1 where organization_id = ${org.id}`);
    expect(await storedGroups()).not.toEqual(await freshGroups());
    await rebuildRollups(tdb.db, { organizationId: org.id });
    await expectSameAsEntries();
    await tdb.db.execute(sql`delete from member_week_groups where organization_id = ${org.id}`);
    await rebuildRollups(tdb.db, { organizationId: org.id, from: '2026-11-12', to: '2026-11-29' });
    await expectSameAsEntries();
  });

  it('gives the expected hours and coverage of the entries after an absence and a contract change', async () => {
    const { dashboard: before } = await expectSameAsEntries();
    // Eve's Tuesday 24 off (after her Tuesday entry was logged), and Ana's contract cut to 21 h.
    await upsertAbsences(tdb.db, org.id, [
      { memberId: eve.id, localDate: '2026-11-24', kind: 'sick', halfDay: false, note: '', createdByMemberId: ana.id },
    ]);
    await tdb.db.execute(sql`update members set weekly_contract_seconds = ${21 * 3600} where id = ${ana.id}`);
    const { dashboard: after } = await expectSameAsEntries();
    const eveBefore = row(before, eve, '2026-11-23');
    const eveAfter = row(after, eve, '2026-11-23');
    expect(eveAfter.absenceDays).toBe(1);
    expect(eveAfter.expectedSeconds).toBeLessThan(eveBefore.expectedSeconds);
    expect(eveAfter.coverage!).toBeGreaterThan(eveBefore.coverage!);
    expect(row(after, ana, '2026-11-16').expectedSeconds).toBe(21 * 3600);
    expect(row(after, ana, '2026-11-16').coverage).toBeCloseTo((4 * 3600) / (21 * 3600), 12);
  });
});
