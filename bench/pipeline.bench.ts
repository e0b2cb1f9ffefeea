// The pipeline benchmark: `node --import tsx bench/pipeline.bench.ts [--quick] [--rate N]
// [--seconds N] [--concurrency N] [--entries N]`. On its own
// database (created, then dropped), it loads ≥ 1M entries with COPY (200k with --quick) and
// prints, as ratios within this run (the machine is small and noisy):
//   1. rebuild time vs a bare INSERT … SELECT … GROUP BY into the same table;
//   2. team dashboard latency from rollups vs the same answer grouped on the fly from entries;
//   3. entry → rollup freshness under sustained writes, with each runner.
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { addDays, localDateOf, weekStartOf } from '@proofwork/core';
import {
  createDb,
  type Database,
  markMemberWeeksDirty,
  rebuildRollups,
  reconcile,
  rollupSourceSql,
  runMigrations,
  schema,
  teamDashboard,
} from '@proofwork/db';
import { type Pipeline, startInProcessPipeline, startQueuePipeline } from '@proofwork/workers';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { type Dataset, type DatasetMember, generateDataset } from './dataset';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    entries: { type: 'string' },
    rate: { type: 'string' },
    seconds: { type: 'string' },
    concurrency: { type: 'string' },
  },
});
const ENTRIES = Number(args.entries ?? (args.quick ? 200_000 : 1_000_000));
const WRITES_PER_SECOND = Number(args.rate ?? 200);
const WRITE_SECONDS = Number(args.seconds ?? (args.quick ? 10 : 20));
/** Rollups recomputed at once by either runner. */
const CONCURRENCY = Number(args.concurrency ?? 4);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted[sorted.length - 1]! };
}
async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await run();
  return [result, performance.now() - started];
}

// The rebuild's time-ordered keys: random v4 keys would make the baseline pay for scattered
// primary-key inserts and flatter the comparison.
const UUID_V7 = sql`encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing
  substring(int8send((extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1),
  'hex')::uuid`;

/**
 * 1. The same rebuild without zones, schedules or the split: per organization, one transaction
 * each, with the rebuild's session settings, so the ratio is the price of the split alone.
 */
async function benchRebuild(db: Database, organizations: string[]) {
  await db.execute(sql`truncate weekly_rollups`);
  const [, baseline] = await timed(async () => {
    for (const organizationId of organizations) {
      await db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`);
        await tx.execute(sql`
          insert into weekly_rollups (id, organization_id, member_id, week_start, category_id, brand_id, platform,
            deliverable_type_id, seconds, entry_count, late_count, deliverable_count, computed_by)
          select ${UUID_V7}, e.organization_id, e.member_id, e.week_start, e.category_id, e.brand_id, e.platform,
            d.deliverable_type_id, sum(e.duration_seconds), count(*), count(*) filter (where e.is_late),
            count(distinct e.deliverable_id), 'rebuild'
          from time_entries e left join deliverables d on d.id = e.deliverable_id
          where e.organization_id = ${organizationId} and e.deleted_at is null and e.duration_seconds is not null
          group by 2, 3, 4, 5, 6, 7, 8`);
      });
    }
  });
  await db.execute(sql`truncate weekly_rollups`);
  let line = '';
  const [result, rebuild] = await timed(() =>
    rebuildRollups(db, {
      onProgress: (p) => {
        line = `  rebuild: ${p.done}/${p.total} organizations`;
        process.stdout.write(`\r${line}`);
      },
    }),
  );
  process.stdout.write(`\r${' '.repeat(line.length)}\r`);
  await db.execute(sql`vacuum analyze weekly_rollups`);
  return { baseline, rebuild, rows: result.rows };
}

/** The team dashboard's answer computed on the fly from raw entries, with the same SQL shape. */
async function teamDashboardFromEntries(db: Database, organizationId: string, from: string, to: string) {
  const fromWeek = weekStartOf(from);
  // JIT would only add compile time to this one-off query; leave it out so the comparison is fair.
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('jit', 'off', true)`);
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

/** 2. Team dashboard, 12 weeks of one organization: rollups vs raw entries. */
async function benchDashboard(db: Database, dataset: Dataset) {
  const to = dataset.to;
  const from = addDays(to, -7 * 12 + 1);
  const fromRollups: number[] = [];
  const fromEntries: number[] = [];
  for (let i = 0; i < 40; i++) {
    const organizationId = dataset.organizations[i % dataset.organizations.length]!;
    const [, t] = await timed(() => teamDashboard(db, organizationId, { from, to }));
    fromRollups.push(t);
  }
  for (let i = 0; i < 10; i++) {
    const organizationId = dataset.organizations[i % dataset.organizations.length]!;
    const [raw, t] = await timed(() => teamDashboardFromEntries(db, organizationId, from, to));
    fromEntries.push(t);
    if (i === 0) {
      const rolled = await teamDashboard(db, organizationId, { from, to });
      if (JSON.stringify(rolled) !== JSON.stringify(raw)) throw new Error('the two dashboards disagree');
    }
  }
  return { fromRollups: summary(fromRollups), fromEntries: summary(fromEntries) };
}

/**
 * 3. Writes at a steady rate into recent weeks; each write's freshness is the time from its
 * commit to the first rollup refresh whose recompute read a mark version ≥ the write's.
 */
async function benchFreshness(db: Database, pipelineDb: Database, members: DatasetMember[], pipeline: Pipeline) {
  const pending = new Map<string, { version: number; committed: number }[]>();
  const freshness: number[] = [];
  let jobs = 0;
  pipeline.onRollupRefreshed((event) => {
    jobs += 1;
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
  let sequence = 0;
  async function write() {
    sequence += 1;
    const member = members[(sequence * 7919) % members.length]!;
    // Recent days, in the member's zone, like people logging this week and last.
    const startedAt = new Date(
      Date.parse('2026-11-23T08:00:00Z') - (sequence % 10) * 86_400_000 + (sequence % 480) * 60_000,
    );
    const localDate = localDateOf(startedAt, member.zone);
    const weekStart = weekStartOf(localDate);
    const version = await db.transaction(async (tx) => {
      await tx.insert(schema.timeEntries).values({
        organizationId: member.organizationId,
        memberId: member.memberId,
        categoryId: member.categoryIds[sequence % 6]!,
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
    const key = `${member.memberId}_${weekStart}`;
    pending.set(key, [...(pending.get(key) ?? []), { version, committed: performance.now() }]);
  }
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  let written = 0;
  while (performance.now() - started < WRITE_SECONDS * 1000) {
    const due = Math.floor(((performance.now() - started) / 1000) * WRITES_PER_SECOND);
    while (written < due && inFlight.size < 64) {
      written += 1;
      const p = write().finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  const deadline = Date.now() + 60_000;
  while (pending.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const drift = await reconcile(pipelineDb, { sample: 200 });
  return {
    written,
    rate: written / elapsed,
    jobs,
    unresolved: pending.size,
    drift: drift.length,
    ...summary(freshness),
  };
}

async function main() {
  const name = `pw_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), { max: 24 });
  const pipelineDb = createDb(url.toString(), { max: CONCURRENCY + 4 });
  const prefix = `pw-bench-${randomBytes(4).toString('hex')}`;
  try {
    await runMigrations(db);
    console.log(
      `Proofwork pipeline bench (${args.quick ? 'quick' : 'full'}): database ${name}; ` +
        `load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')} on ${cpus().length} CPUs`,
    );
    const [dataset, loadTime] = await timed(() =>
      generateDataset(db, { entries: ENTRIES, log: (line) => process.stdout.write(`\r${line}`) }),
    );
    process.stdout.write('\r');
    console.log(
      `dataset: ${dataset.entries.toLocaleString('en')} entries, ${dataset.members.length} members, ` +
        `${dataset.organizations.length} organizations, ${dataset.from} → ${dataset.to} ` +
        `(generated and copied in ${(loadTime / 1000).toFixed(1)} s)`,
    );

    const rebuild = await benchRebuild(db, dataset.organizations);
    console.log(
      `\n1. rebuild: ${rebuild.rows.toLocaleString('en')} rollup rows in ${(rebuild.rebuild / 1000).toFixed(1)} s; ` +
        `bare INSERT…SELECT…GROUP BY ${(rebuild.baseline / 1000).toFixed(1)} s ` +
        `(×${(rebuild.rebuild / rebuild.baseline).toFixed(2)} for zones, DST and the after-hours/weekend split)`,
    );

    const dashboard = await benchDashboard(db, dataset);
    console.log(
      `2. team dashboard, one organization × 12 weeks: from rollups p50 ${ms(dashboard.fromRollups.p50)} ` +
        `p95 ${ms(dashboard.fromRollups.p95)}; grouped on the fly from entries p50 ${ms(dashboard.fromEntries.p50)} ` +
        `p95 ${ms(dashboard.fromEntries.p95)} (×${(dashboard.fromEntries.p50 / dashboard.fromRollups.p50).toFixed(0)} at p50)`,
    );

    console.log(
      `3. freshness under ${WRITES_PER_SECOND} writes/s for ${WRITE_SECONDS} s, concurrency ${CONCURRENCY} ` +
        '(commit → rollup refreshed):',
    );
    for (const runner of ['BullMQ', 'in-process'] as const) {
      const pipeline =
        runner === 'BullMQ'
          ? await startQueuePipeline({
              db: pipelineDb,
              redisUrl: REDIS_URL,
              prefix,
              schedules: false,
              concurrency: CONCURRENCY,
            })
          : await startInProcessPipeline({ db: pipelineDb, concurrency: CONCURRENCY });
      try {
        const f = await benchFreshness(db, pipelineDb, dataset.members, pipeline);
        console.log(
          `   ${runner.padEnd(10)} ${f.written} writes (${f.rate.toFixed(0)}/s) → ${f.jobs} rollup jobs; ` +
            `freshness p50 ${ms(f.p50)}, p95 ${ms(f.p95)}, max ${ms(f.max)}` +
            `${f.unresolved ? `; ${f.unresolved} member-weeks never refreshed` : ''}; drift in a sample: ${f.drift}`,
        );
      } finally {
        await pipeline.stop();
      }
    }
    console.log(
      `load average at the end: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    await db.close();
    await pipelineDb.close();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
    const { Redis } = await import('ioredis');
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
}

await main();
