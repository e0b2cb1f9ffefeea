// A write that loses a deadlock is run again inside the server: the client gets its 201, never a
// 409 "a concurrent change got in the way", with or without an Idempotency-Key.
import { createDb, isTransientConflict, schema } from '@proofwork/db';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { addMember, createOrganization } from '../support/factories';
import { signIn } from '../support/http';

const ctx = useTestApp();

async function waitForLockWait(db: typeof ctx.tdb.db, count = 1) {
  for (let waited = 0; ; waited += 20) {
    const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`);
    if (row!.n >= count) return;
    if (waited > 10_000) throw new Error('no statement waited on a lock');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a transaction that deadlocks', () => {
  it('runs again at the database layer and succeeds', async () => {
    const retries: number[] = [];
    const db = createDb(ctx.tdb.url, { max: 4, onTransientRetry: (_e, attempt) => retries.push(attempt) });
    try {
      await db.execute(sql`create table deadlock_probe (id int primary key, n int not null default 0)`);
      await db.execute(sql`insert into deadlock_probe (id) values (1), (2)`);
      let firstRuns = 0;
      const cross = (a: number, b: number) =>
        db.transaction(async (tx) => {
          firstRuns += 1;
          await tx.execute(sql`update deadlock_probe set n = n + 1 where id = ${a}`);
          // Both hold their first row before either asks for the second (only on the first run).
          if (firstRuns <= 2) await new Promise((resolve) => setTimeout(resolve, 200));
          await tx.execute(sql`update deadlock_probe set n = n + 1 where id = ${b}`);
        });
      await Promise.all([cross(1, 2), cross(2, 1)]);
      const rows = await db.execute<{ n: number }>(sql`select n from deadlock_probe order by id`);
      expect(rows.map((r) => r.n)).toEqual([2, 2]);
      expect(retries).toEqual([1]);
    } finally {
      await db.close();
    }
  }, 30_000);

  it('gives up after its attempts with the conflict, which the API maps to 409', async () => {
    const db = createDb(ctx.tdb.url, { max: 1, transactionAttempts: 2 });
    let runs = 0;
    try {
      const failed = await db
        .transaction(async (tx) => {
          runs += 1;
          await tx.execute(sql`do $$ begin raise exception 'provoked' using errcode = '40001'; end $$`);
        })
        .catch((error: unknown) => error);
      expect(isTransientConflict(failed)).toBe(true);
      expect(runs).toBe(2);
    } finally {
      await db.close();
    }
  });
});

describe('an API write caught in a deadlock', () => {
  for (const keyed of [false, true]) {
    it(`answers 201 after running again${keyed ? ' (with an Idempotency-Key)' : ''}`, async () => {
      const { organization, owner } = await createOrganization(ctx.tdb.db);
      const { member } = await addMember(ctx.tdb.db, organization.id, 'member');
      const [category] = await ctx.tdb.db
        .select({ id: schema.categories.id })
        .from(schema.categories)
        .where(eq(schema.categories.organizationId, organization.id))
        .limit(1);
      const client = await signIn(ctx.app, owner.email);
      const week = '2026-06-01';
      await ctx.tdb.db.insert(schema.dirtyMemberWeeks).values({
        organizationId: organization.id,
        memberId: member.id,
        weekStart: week,
      });

      // The test's transaction holds the member-week's dirty mark; the write locks the member,
      // then waits for the mark; the test then asks for the member: a lock cycle. The test
      // waits longer before looking for deadlocks, so the API's transaction is the victim.
      const blocker = await ctx.tdb.db.$sql.reserve();
      await blocker`begin`;
      await blocker`set local deadlock_timeout = '20s'`;
      await blocker`select 1 from dirty_member_weeks where member_id = ${member.id} for update`;
      const write = client.post(
        `/api/v1/organizations/${organization.id}/time-entries`,
        {
          memberId: member.id,
          categoryId: category!.id,
          startedAt: `${week}T09:00:00Z`,
          endedAt: `${week}T10:00:00Z`,
        },
        keyed ? { 'idempotency-key': `deadlock-${organization.id}` } : {},
      );
      try {
        await waitForLockWait(ctx.tdb.db);
        await blocker`select 1 from members where id = ${member.id} for update`;
        await blocker`commit`;
      } finally {
        blocker.release();
      }
      const res = await write;
      expect(res.statusCode, res.body).toBe(201);
      const entries = await ctx.tdb.db
        .select({ id: schema.timeEntries.id })
        .from(schema.timeEntries)
        .where(eq(schema.timeEntries.memberId, member.id));
      expect(entries).toHaveLength(1);
      expect(entries[0]!.id).toBe(res.json().id);
    }, 30_000);
  }
});
