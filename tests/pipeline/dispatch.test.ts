// The outbox contract: a recompute only clears the mark it read, a write that lands while its
// member-week's job runs is dispatched again at once, and several dispatchers never double up.
import { markMemberWeeksDirty, recomputeMemberWeek, schema } from '@proofwork/db';
import { startQueuePipeline } from '@proofwork/workers';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { TEST_REDIS_URL } from '../support/env';
import {
  createMember,
  createOrganization,
  drained,
  dropRedisPrefixes,
  redisPrefix,
  rollupCells,
  writeEntry,
} from './factories';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
  await dropRedisPrefixes();
});

const start = Date.parse('2026-05-11T08:00:00Z');
const total = async (organizationId: string) =>
  (await rollupCells(tdb.db, organizationId)).reduce((sum, c) => sum + c.seconds, 0);
/** Waits until some session of this database is blocked on a lock. */
async function lockWaitSeen() {
  for (let i = 0; i < 400; i++) {
    const waiting = await tdb.db.execute(
      sql`select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if (waiting.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('no session ever waited on a lock');
}
const markOf = async (memberId: string) => {
  const [row] = await tdb.db.execute<{ version: number }>(
    sql`select version::int as version from dirty_member_weeks where member_id = ${memberId}`,
  );
  return row?.version ?? null;
};

describe('the dirty mark version', () => {
  it('keeps the mark when a write commits while the recompute runs, and clears it on the next one', async () => {
    const org = await createOrganization(tdb.db, { timeZone: 'Europe/Paris' });
    const member = await createMember(tdb.db, org);
    const entry = { categoryId: org.categories.get('admin')! };
    const first = await writeEntry(tdb.db, member, {
      ...entry,
      startedAt: new Date(start),
      endedAt: new Date(start + 3600_000),
    });
    const week = { organizationId: org.id, memberId: member.id, weekStart: first.weekStart };

    // A second write is in flight: its entry and its bump of the mark are not committed yet.
    const writer = await tdb.db.$sql.reserve();
    await writer`begin`;
    await writer`insert into time_entries (id, organization_id, member_id, category_id, started_at, ended_at,
      duration_seconds, local_date, week_start, source)
      values (gen_random_uuid(), ${org.id}, ${member.id}, ${entry.categoryId}, ${new Date(start + 7200_000).toISOString()},
        ${new Date(start + 9000_000).toISOString()}, 1800, ${first.localDate}, ${first.weekStart}, 'manual')`;
    await writer`update dirty_member_weeks set version = version + 1 where member_id = ${member.id}`;

    const recompute = recomputeMemberWeek(tdb.db, org.id, week);
    // The recompute reads version 1, then waits for the writer's lock on the mark.
    await lockWaitSeen();
    await writer`commit`;
    writer.release();

    const result = await recompute;
    expect(result.version).toBe(1);
    expect(result.cleared).toBe(false);
    expect(await markOf(member.id)).toBe(2);
    expect(await total(org.id)).toBe(3600);

    const again = await recomputeMemberWeek(tdb.db, org.id, week);
    expect(again).toMatchObject({ version: 2, cleared: true });
    expect(await markOf(member.id)).toBeNull();
    expect(await total(org.id)).toBe(3600 + 1800);
  });

  it('is idempotent: recomputing an unchanged member-week writes nothing', async () => {
    const org = await createOrganization(tdb.db, { timeZone: 'Europe/Paris' });
    const member = await createMember(tdb.db, org);
    const row = await writeEntry(tdb.db, member, {
      categoryId: org.categories.get('admin')!,
      startedAt: new Date(start),
      endedAt: new Date(start + 3600_000),
    });
    const week = { memberId: member.id, weekStart: row.weekStart };
    expect(await recomputeMemberWeek(tdb.db, org.id, week)).toMatchObject({ rows: 1, written: 1, cleared: true });
    expect(await recomputeMemberWeek(tdb.db, org.id, week)).toMatchObject({ rows: 1, written: 0, removed: 0 });
    await tdb.db.update(schema.timeEntries).set({ deletedAt: new Date() }).where(sql`id = ${row.id}`);
    expect(await recomputeMemberWeek(tdb.db, org.id, week)).toMatchObject({ rows: 0, written: 0, removed: 1 });
    expect(await rollupCells(tdb.db, org.id)).toEqual([]);
  });
});

describe('the dispatcher', () => {
  it('re-dispatches at once a mark that a write re-armed while its job was running', async () => {
    const org = await createOrganization(tdb.db, { timeZone: 'Europe/Paris' });
    const member = await createMember(tdb.db, org);
    const pipeline = await startQueuePipeline({
      db: tdb.db,
      redisUrl: TEST_REDIS_URL,
      prefix: redisPrefix(),
      // Far longer than the test: only the prompt path can make it pass.
      lostAfterSeconds: 600,
      schedules: false,
    });
    const entry = (offset: number) => ({
      categoryId: org.categories.get('admin')!,
      startedAt: new Date(start + offset),
      endedAt: new Date(start + offset + 600_000),
    });
    const blocker = await tdb.db.$sql.reserve();
    try {
      await writeEntry(tdb.db, member, entry(0));
      await drained(tdb.db, { organizationId: org.id });
      // Block the next job mid-recompute, write again while it runs, then let it finish.
      await blocker`begin`;
      await blocker`select 1 from weekly_rollups where member_id = ${member.id} for update`;
      await writeEntry(tdb.db, member, entry(3600_000));
      await lockWaitSeen();
      await writeEntry(tdb.db, member, entry(7200_000));
      // Let the dispatcher see the re-armed mark while the job is still running.
      for (let i = 0; i < 200; i++) {
        const [mark] = await tdb.db.execute<{ claimed: boolean }>(
          sql`select enqueued_at is not null as claimed from dirty_member_weeks where member_id = ${member.id}`,
        );
        if (mark?.claimed) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      await blocker`rollback`;
      await drained(tdb.db, { organizationId: org.id, timeoutMs: 5000 });
      expect(await total(org.id)).toBe(3 * 600);
    } finally {
      blocker.release();
      await pipeline.stop();
    }
  }, 30_000);

  it('claims no marks while jobs wait for a worker, then takes what piled up in bigger batches', async () => {
    const org = await createOrganization(tdb.db, { timeZone: 'Europe/Paris' });
    const members = await Promise.all(Array.from({ length: 6 }, () => createMember(tdb.db, org)));
    const pipeline = await startQueuePipeline({
      db: tdb.db,
      redisUrl: TEST_REDIS_URL,
      prefix: redisPrefix(),
      concurrency: 2,
      pollMs: 10,
      schedules: false,
    });
    const jobs: number[] = [];
    pipeline.worker!.on('completed', (_job, result: unknown[]) => jobs.push(result.length));
    const entry = (offset: number) => ({
      categoryId: org.categories.get('admin')!,
      startedAt: new Date(start + offset),
      endedAt: new Date(start + offset + 600_000),
    });
    const claimed = async () => {
      const [row] = await tdb.db.execute<{ n: number }>(
        sql`select count(*)::int as n from dirty_member_weeks where organization_id = ${org.id} and enqueued_at is not null`,
      );
      return row!.n;
    };
    try {
      // The worker is paused: the first member-week's job waits in the queue (a lane is still free).
      await pipeline.worker!.pause();
      await writeEntry(tdb.db, members[0]!, entry(0));
      await expect.poll(claimed, { timeout: 10_000 }).toBe(1);
      // Writes to five more member-weeks, one by one, each waking the dispatcher.
      for (const [i, member] of members.slice(1).entries()) {
        await writeEntry(tdb.db, member, entry(i * 3600_000));
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      // A job already waits for a worker: the five marks stay in the table, unclaimed.
      expect(await claimed()).toBe(1);
      expect(await pipeline.queue.queue.getWaitingCount()).toBe(1);
      pipeline.worker!.resume();
      await drained(tdb.db, { organizationId: org.id });
      await expect.poll(() => jobs.length, { timeout: 10_000 }).toBe(3);
      // The first job, then the five member-weeks written while it waited, one batch per lane.
      expect(jobs.sort()).toEqual([1, 2, 3]);
      expect(await total(org.id)).toBe(6 * 600);
    } finally {
      await pipeline.stop();
    }
  }, 30_000);

  it('runs safely several at once: every dirty member-week recomputed once, in batched jobs', async () => {
    const org = await createOrganization(tdb.db, { timeZone: 'Australia/Sydney' });
    const members = await Promise.all([0, 1, 2, 3, 4].map(() => createMember(tdb.db, org)));
    const prefix = redisPrefix();
    const dispatchers = await Promise.all(
      [0, 1, 2].map(() =>
        startQueuePipeline({ db: tdb.db, redisUrl: TEST_REDIS_URL, prefix, work: false, pollMs: 10, schedules: false }),
      ),
    );
    const worker = await startQueuePipeline({
      db: tdb.db,
      redisUrl: TEST_REDIS_URL,
      prefix,
      dispatch: false,
      schedules: false,
    });
    const jobs: string[] = [];
    const recomputed: string[] = [];
    worker.worker!.on('completed', (job, result: { memberId: string; weekStart: string }[]) => {
      jobs.push(job.id!);
      for (const r of result) recomputed.push(`${r.memberId}_${r.weekStart}`);
    });
    try {
      // 5 members × 10 weeks, marked in one transaction so no job can start half-way.
      const weeks = await tdb.db.transaction(async (tx) => {
        const marked = [];
        for (const member of members) {
          for (let w = 0; w < 10; w++) {
            const startedAt = new Date(start + w * 7 * 86_400_000);
            const [row] = await tx
              .insert(schema.timeEntries)
              .values({
                organizationId: org.id,
                memberId: member.id,
                categoryId: org.categories.get('admin')!,
                startedAt,
                endedAt: new Date(startedAt.getTime() + 1800_000),
                durationSeconds: 1800,
                localDate: `2026-05-${String(11 + w).padStart(2, '0')}`,
                weekStart: new Date(Date.parse('2026-05-11') + w * 7 * 86_400_000).toISOString().slice(0, 10),
                source: 'manual',
              })
              .returning();
            marked.push({ organizationId: org.id, memberId: member.id, weekStart: row!.weekStart });
          }
        }
        await markMemberWeeksDirty(tx, marked);
        return marked;
      });
      await drained(tdb.db, { organizationId: org.id });
      // A job's marks are cleared in its transaction; BullMQ reports it completed a moment later.
      await expect.poll(() => recomputed.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(weeks.length);
      // Three dispatchers, one claim per mark: no member-week twice, and fewer jobs than member-weeks.
      expect(recomputed.sort()).toEqual(weeks.map((w) => `${w.memberId}_${w.weekStart}`).sort());
      expect(new Set(jobs).size).toBe(jobs.length);
      expect(jobs.length).toBeLessThan(weeks.length);
      expect(await total(org.id)).toBe(50 * 1800);
    } finally {
      await worker.stop();
      await Promise.all(dispatchers.map((d) => d.stop()));
    }
  }, 30_000);
});
