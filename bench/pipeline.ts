// P2 (team dashboard: rollups vs on the fly), P3 (freshness under sustained writes) and P4 (rollup
// rebuild vs a bare INSERT … SELECT … GROUP BY), each against a baseline measured in the same run.
import { localDateOf, weekStartOf } from '@proofwork/core';
import {
  type Database,
  markMemberWeeksDirty,
  rebuildRollups,
  reconcile,
  rollupSourceSql,
  schema,
  teamDashboard,
} from '@proofwork/db';
import type { Pipeline } from '@proofwork/workers';
import { sql } from 'drizzle-orm';
import type { Dataset, DatasetMember } from './dataset';
import { log, type Summary, sleep, summary, timed } from './support';

// The bare rebuild's time-ordered keys, like the real one's: random v4 keys would make the
// baseline pay for scattered primary-key inserts and flatter the comparison.
const UUID_V7 = sql`encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing
  substring(int8send((extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1),
  'hex')::uuid`;

export interface RebuildResult {
  entries: number;
  rows: number;
  rebuildMs: number;
  baselineMs: number;
}

/**
 * P4. The baseline is one INSERT … SELECT … GROUP BY into weekly_rollups over the same rows and
 * columns, without zones, schedules or the after-hours/weekend split; the rebuild is the real one
 * (per organization, one transaction each). Both start from an empty table.
 */
export async function benchRebuild(db: Database): Promise<RebuildResult> {
  await db.execute(sql`truncate weekly_rollups`);
  await db.execute(sql`checkpoint`);
  const [, baselineMs] = await timed(() =>
    db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`);
      await tx.execute(sql`
        insert into weekly_rollups (id, organization_id, member_id, week_start, category_id, brand_id, platform,
          deliverable_type_id, seconds, entry_count, late_count, deliverable_count, deliverable_ids, computed_by)
        select ${UUID_V7}, e.organization_id, e.member_id, e.week_start, e.category_id, e.brand_id, e.platform,
          d.deliverable_type_id, sum(e.duration_seconds), count(*), count(*) filter (where e.is_late),
          count(distinct e.deliverable_id),
          coalesce(array_agg(distinct e.deliverable_id) filter (where e.deliverable_id is not null), '{}'),
          'rebuild'
        from time_entries e left join deliverables d on d.id = e.deliverable_id
        where e.deleted_at is null and e.duration_seconds is not null
        group by 2, 3, 4, 5, 6, 7, 8`);
    }),
  );
  await db.execute(sql`truncate weekly_rollups`);
  await db.execute(sql`checkpoint`);
  const [result, rebuildMs] = await timed(() => rebuildRollups(db));
  await db.execute(sql`vacuum analyze weekly_rollups`);
  const [count] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from time_entries where deleted_at is null and duration_seconds is not null`,
  );
  return { entries: count!.n, rows: result.rows, rebuildMs, baselineMs };
}

/** The team dashboard's answer computed on the fly from raw entries, with the same SQL shape. */
export async function teamDashboardFromEntries(db: Database, organizationId: string, from: string, to: string) {
  const fromWeek = weekStartOf(from);
  // JIT would only add compile time to this one-off query; leave it out so the comparison is fair.
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`);
    const rows = await tx.execute(sql`
    with fresh as (${rollupSourceSql(
      sql`e.organization_id = ${organizationId} and e.week_start between ${fromWeek}::date and ${to}::date`,
      sql`m.organization_id = ${organizationId}`,
    )}),
    per_group as (
      select f.week_start, f.member_id, c."group", sum(f.seconds) as seconds,
        sum(f.after_hours_seconds) as after_hours, sum(f.weekend_seconds) as weekend
      from fresh f join categories c on c.id = f.category_id
      group by 1, 2, 3
    ),
    per_member_week as (
      select week_start, member_id, sum(seconds) as logged, sum(after_hours) as after_hours, sum(weekend) as weekend,
        jsonb_object_agg("group", seconds::float8) as by_group
      from per_group group by 1, 2
    )
    select w.week_start::text as "weekStart", w.member_id as "memberId", w.logged::float8 as "loggedSeconds",
      coalesce(m.weekly_contract_seconds, o.default_weekly_contract_seconds)::float8 as "contractSeconds",
      greatest(0, w.logged - coalesce(m.weekly_contract_seconds, o.default_weekly_contract_seconds))::float8
        as "overtimeSeconds",
      w.after_hours::float8 as "afterHoursSeconds", w.weekend::float8 as "weekendSeconds", w.by_group as "byGroup"
    from per_member_week w join members m on m.id = w.member_id join organizations o on o.id = m.organization_id
    order by 1, 2`);
    return [...rows];
  });
}

export interface DashboardResult {
  entries: number;
  anchorEntries: number;
  rows: number;
  fromRollups: Summary;
  fromEntries: Summary;
  /** The same answer from a scratch member × week × category-group table (a what-if, not the product). */
  fromMemberWeekGroups: Summary | null;
}

/**
 * A what-if for P2: the fine rollups barely compress entries, so this measures the team dashboard
 * from a coarser pre-aggregate (member × week × category group) built here from weekly_rollups in
 * a scratch table. The product does not have this table; the figure says what adding it would buy.
 */
async function memberWeekGroupsDashboard(db: Database, organizationId: string, from: string, to: string) {
  const rows = await db.execute(sql`
    with org as (
      select id, default_weekly_contract_seconds,
        (${from}::date - ((extract(isodow from ${from}::date)::int - week_start + 7) % 7))::date as first_week,
        ${to}::date as last_week
      from organizations where id = ${organizationId}
    ),
    per_member_week as (
      select g.week_start, g.member_id, sum(g.seconds) as logged, sum(g.after_hours) as after_hours,
        sum(g.weekend) as weekend, jsonb_object_agg(g."group", g.seconds::float8) as by_group
      from bench_member_week_groups g, org
      where g.organization_id = org.id and g.week_start between org.first_week and org.last_week
      group by g.week_start, g.member_id
    )
    select w.week_start::text as "weekStart", w.member_id as "memberId",
      w.logged::float8 as "loggedSeconds",
      coalesce(m.weekly_contract_seconds, org.default_weekly_contract_seconds)::float8 as "contractSeconds",
      greatest(0, w.logged - coalesce(m.weekly_contract_seconds, org.default_weekly_contract_seconds))::float8
        as "overtimeSeconds",
      w.after_hours::float8 as "afterHoursSeconds", w.weekend::float8 as "weekendSeconds", w.by_group as "byGroup"
    from per_member_week w
    join members m on m.id = w.member_id
    cross join org
    order by w.week_start, w.member_id`);
  return [...rows];
}

/**
 * P2. The team dashboard of the 200-member organization over its two years, from rollups (the
 * product's query) and grouped on the fly from its entries; the two answers are compared once.
 */
export async function benchDashboard(
  db: Database,
  dataset: Dataset,
  options: { rollupSamples: number; rawSamples: number; rawBudgetMs: number; whatIf?: boolean },
): Promise<DashboardResult> {
  const organizationId = dataset.organizations[0]!;
  const range = { from: dataset.from, to: dataset.to };
  // Warm both paths once (plans, caches), as a dashboard in use would be.
  const rolled = await teamDashboard(db, organizationId, range);
  const raw = await teamDashboardFromEntries(db, organizationId, range.from, range.to);
  if (JSON.stringify(rolled) !== JSON.stringify(raw)) throw new Error('the two team dashboards disagree');
  const fromRollups: number[] = [];
  for (let i = 0; i < options.rollupSamples; i++) {
    const [, t] = await timed(() => teamDashboard(db, organizationId, range));
    fromRollups.push(t);
  }
  const fromEntries: number[] = [];
  const started = performance.now();
  for (let i = 0; i < options.rawSamples; i++) {
    const [, t] = await timed(() => teamDashboardFromEntries(db, organizationId, range.from, range.to));
    fromEntries.push(t);
    if (i >= 2 && performance.now() - started > options.rawBudgetMs) break;
  }
  let fromMemberWeekGroups: Summary | null = null;
  if (options.whatIf) {
    await db.execute(sql`create table bench_member_week_groups as
      select r.organization_id, r.member_id, r.week_start, c."group", sum(r.seconds)::bigint as seconds,
        sum(r.after_hours_seconds)::bigint as after_hours, sum(r.weekend_seconds)::bigint as weekend
      from weekly_rollups r join categories c on c.id = r.category_id
      group by 1, 2, 3, 4`);
    await db.execute(sql`create index on bench_member_week_groups (organization_id, week_start)`);
    await db.execute(sql`vacuum analyze bench_member_week_groups`);
    const coarse = await memberWeekGroupsDashboard(db, organizationId, range.from, range.to);
    if (JSON.stringify(coarse) !== JSON.stringify(rolled)) throw new Error('the what-if dashboard disagrees');
    const samples: number[] = [];
    for (let i = 0; i < options.rollupSamples; i++) {
      const [, t] = await timed(() => memberWeekGroupsDashboard(db, organizationId, range.from, range.to));
      samples.push(t);
    }
    fromMemberWeekGroups = summary(samples);
    await db.execute(sql`drop table bench_member_week_groups`);
  }
  return {
    entries: dataset.entries,
    anchorEntries: dataset.anchorEntries,
    rows: rolled.length,
    fromRollups: summary(fromRollups),
    fromEntries: summary(fromEntries),
    fromMemberWeekGroups,
  };
}

export interface FreshnessResult extends Summary {
  runner: string;
  written: number;
  rate: number;
  refreshes: number;
  unresolved: number;
  drift: number;
  /** Baseline: commit → NOTIFY received for a bare notification sent right after the write's commit. */
  notify: Summary;
}

/**
 * P3. Writes at a steady rate into recent weeks (entry + dirty mark in one transaction, as the API
 * does); each write's freshness is the time from its commit to the first rollup refresh whose
 * recompute read a mark version ≥ the write's. The baseline is the floor any push scheme has: a
 * NOTIFY sent right after the commit, heard by the same listener connection.
 */
export async function benchFreshness(
  db: Database,
  pipelineDb: Database,
  members: DatasetMember[],
  pipeline: Pipeline,
  options: { runner: string; rate: number; seconds: number },
): Promise<FreshnessResult> {
  const pending = new Map<string, { version: number; committed: number }[]>();
  const freshness: number[] = [];
  const notify: number[] = [];
  const sentAt = new Map<string, number>();
  let refreshes = 0;
  const unlisten = pipeline.onRollupRefreshed((event) => {
    refreshes += 1;
    const key = `${event.memberId}_${event.weekStart}`;
    const waiting = pending.get(key);
    if (!waiting || event.version === null) return;
    const now = performance.now();
    const rest = waiting.filter((w) => {
      if (w.version > event.version!) return true;
      freshness.push(now - w.committed);
      return false;
    });
    if (rest.length === 0) pending.delete(key);
    else pending.set(key, rest);
  });
  const probe = await pipelineDb.$sql.listen('proofwork_bench_probe', (payload) => {
    const at = sentAt.get(payload);
    if (at !== undefined) {
      notify.push(performance.now() - at);
      sentAt.delete(payload);
    }
  });
  let sequence = 0;
  async function write() {
    sequence += 1;
    const n = sequence;
    const member = members[(n * 7919) % members.length]!;
    // Recent days, in the member's zone, like people logging this week and last.
    const startedAt = new Date(Date.parse('2026-11-23T08:00:00Z') - (n % 10) * 86_400_000 + (n % 480) * 60_000);
    const localDate = localDateOf(startedAt, member.zone);
    const weekStart = weekStartOf(localDate);
    const version = await db.transaction(async (tx) => {
      await tx.insert(schema.timeEntries).values({
        organizationId: member.organizationId,
        memberId: member.memberId,
        categoryId: member.categoryIds[n % 6]!,
        startedAt,
        endedAt: new Date(startedAt.getTime() + 25 * 60_000),
        durationSeconds: 25 * 60,
        localDate,
        weekStart,
        source: 'timer',
      });
      await markMemberWeeksDirty(tx, [{ organizationId: member.organizationId, memberId: member.memberId, weekStart }]);
      const [row] = await tx.execute<{ version: string }>(sql`select version::text as version
        from dirty_member_weeks where member_id = ${member.memberId} and week_start = ${weekStart}`);
      return Number(row!.version);
    });
    const committed = performance.now();
    const key = `${member.memberId}_${weekStart}`;
    pending.set(key, [...(pending.get(key) ?? []), { version, committed }]);
    if (n % 10 === 0) {
      sentAt.set(String(n), performance.now());
      await db.execute(sql`select pg_notify('proofwork_bench_probe', ${String(n)})`);
    }
  }
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  let written = 0;
  while (performance.now() - started < options.seconds * 1000) {
    const due = Math.floor(((performance.now() - started) / 1000) * options.rate);
    while (written < due && inFlight.size < 64) {
      written += 1;
      const p = write().finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await sleep(2);
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  const deadline = Date.now() + 60_000;
  while (pending.size > 0 && Date.now() < deadline) await sleep(50);
  unlisten();
  await probe.unlisten();
  const drift = await reconcile(pipelineDb, { sample: 200 });
  log(`   ${options.runner}: ${written} writes in ${elapsed.toFixed(1)} s, ${refreshes} refreshes`);
  return {
    runner: options.runner,
    written,
    rate: written / elapsed,
    refreshes,
    unresolved: pending.size,
    drift: drift.length,
    notify: summary(notify),
    ...summary(freshness),
  };
}
