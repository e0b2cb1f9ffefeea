// Batched recompute: one transaction over many member-weeks gives exactly what recomputing each
// member-week alone gives, announces each refreshed member-week once, and never clears a mark that
// a write re-armed while the batch ran.
import {
  memberWeekLockSql,
  ROLLUP_REFRESHED_CHANNEL,
  type RollupRefreshed,
  recomputeMemberWeek,
  recomputeMemberWeeks,
  reconcile,
} from '@proofwork/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db';
import {
  createMember,
  createOrganization,
  deleteEntry,
  type EntryFields,
  rollupCells,
  type TestMember,
  type TestOrganization,
  updateEntry,
  writeEntry,
} from './factories';
import { expectedCells } from './reference';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
});

type Mark = { memberId: string; weekStart: string; version: number };

async function marks(organizationId: string): Promise<Mark[]> {
  const rows = await tdb.db.execute<{ memberId: string; weekStart: string; version: string }>(sql`
    select member_id as "memberId", week_start::text as "weekStart", version::text as version
    from dirty_member_weeks where organization_id = ${organizationId} order by member_id, week_start`);
  return rows.map((r) => ({ ...r, version: Number(r.version) }));
}

/** A fixed pseudo-random script of writes over three zones and two months, around the DST changes. */
type LiveEntry = { id: string; member: TestMember };

async function scriptedWrites(
  org: TestOrganization,
  members: TestMember[],
  live: LiveEntry[],
  seed: number,
  count: number,
) {
  let a = seed;
  const random = () => {
    a = (a * 1_103_515_245 + 12_345) % 2 ** 31;
    return a / 2 ** 31;
  };
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const categoryIds = [...org.categories.values()];
  const fields = (): EntryFields => {
    const start = Date.parse('2026-03-02T00:00:00Z') + Math.floor(random() * 56 * 24 * 60) * 60_000;
    const minutes = 1 + Math.floor(random() * (random() < 0.3 ? 1200 : 180));
    const base = { categoryId: pick(categoryIds), brandId: pick([null, ...org.brands]), isLate: random() < 0.1 };
    return random() < 0.15
      ? { ...base, localDate: new Date(start).toISOString().slice(0, 10), durationSeconds: minutes * 60 }
      : { ...base, startedAt: new Date(start), endedAt: new Date(start + minutes * 60_000) };
  };
  for (let i = 0; i < count; i++) {
    const roll = random();
    if (roll < 0.7 || live.length === 0) {
      const member = pick(members);
      live.push({ id: (await writeEntry(tdb.db, member, fields())).id, member });
    } else if (roll < 0.9) {
      const target = pick(live);
      await updateEntry(tdb.db, target.member, target.id, fields());
    } else {
      const index = Math.floor(random() * live.length);
      await deleteEntry(tdb.db, live[index]!.id);
      live.splice(index, 1);
    }
  }
}

/** Waits until a recompute statement of this database waits on a lock of that kind. */
async function waitForLockWait(waitEvent: 'advisory' | 'transactionid') {
  for (let waited = 0; ; waited += 20) {
    const [blocked] = await tdb.db.execute<{ n: number }>(sql`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock' and wait_event = ${waitEvent}`);
    if (blocked!.n > 0) return;
    if (waited > 10_000) throw new Error(`no statement waited on a ${waitEvent} lock`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function setup() {
  const org = await createOrganization(tdb.db, { timeZone: 'Europe/Paris' });
  const members = [
    await createMember(tdb.db, org),
    await createMember(tdb.db, org, { timeZone: 'America/New_York' }),
    await createMember(tdb.db, org, {
      timeZone: 'Australia/Sydney',
      schedule: [{ day: 1, start: '10:00', end: '15:00' }],
    }),
  ];
  return { org, members };
}

describe('a batched recompute', () => {
  it('equals recomputing each member-week alone, and announces each member-week once', async () => {
    const { org, members } = await setup();
    const refreshed: RollupRefreshed[] = [];
    const subscription = await tdb.db.$sql.listen(ROLLUP_REFRESHED_CHANNEL, (payload) => {
      const event = JSON.parse(payload) as RollupRefreshed;
      if (event.organizationId === org.id) refreshed.push(event);
    });
    const live: LiveEntry[] = [];
    try {
      for (const [round, seed] of [7, 11].entries()) {
        // Round two edits, moves and deletes round one's entries too: its stale cells must go.
        await scriptedWrites(org, members, live, seed, 120);
        const pending = await marks(org.id);
        expect(pending.length).toBeGreaterThan(10);
        refreshed.length = 0;
        const results = await recomputeMemberWeeks(tdb.db, org.id, {
          // Unsorted, with a duplicate: the batch sorts its locks and recomputes each key once.
          weeks: [...pending, pending[0]!].reverse().map(({ memberId, weekStart }) => ({ memberId, weekStart })),
        });
        expect(results.map((r) => [r.memberId, r.weekStart, r.version, r.cleared])).toEqual(
          pending.map((m) => [m.memberId, m.weekStart, m.version, true]),
        );
        expect(await marks(org.id)).toEqual([]);
        const batched = await rollupCells(tdb.db, org.id);
        expect(batched.length).toBeGreaterThan(20);
        expect(batched).toEqual(await expectedCells(tdb.db, org.id));
        expect(await reconcile(tdb.db, { organizationId: org.id })).toEqual([]);
        if (round === 1) expect(results.some((r) => r.removed > 0)).toBe(true);

        // The same member-weeks recomputed one at a time, from nothing, give the same cells.
        await tdb.db.execute(sql`delete from weekly_rollups where organization_id = ${org.id}`);
        for (const { memberId, weekStart } of pending)
          await recomputeMemberWeek(tdb.db, org.id, { memberId, weekStart });
        expect(await rollupCells(tdb.db, org.id)).toEqual(batched);

        // NOTIFY is delivered at commit; give the listener a moment.
        await new Promise((resolve) => setTimeout(resolve, 200));
        const batchEvents = refreshed.slice(0, pending.length);
        expect(batchEvents.map((e) => `${e.memberId}_${e.weekStart}`).sort()).toEqual(
          pending.map((m) => `${m.memberId}_${m.weekStart}`).sort(),
        );
        for (const event of batchEvents) {
          const result = results.find((r) => r.memberId === event.memberId && r.weekStart === event.weekStart)!;
          expect(event.version).toBe(result.version);
          expect(event.changed).toBe(result.written + result.removed > 0);
        }
      }
    } finally {
      await subscription.unlisten();
    }
  }, 60_000);

  it('reads the versions under its locks: a write committed while it waited is rolled up in the same pass', async () => {
    const { org, members } = await setup();
    const [paris, newYork] = members as [TestMember, TestMember];
    const admin = org.categories.get('admin')!;
    const hour = 3600_000;
    const at = Date.parse('2026-06-16T08:00:00Z');
    await writeEntry(tdb.db, paris, { categoryId: admin, startedAt: new Date(at), endedAt: new Date(at + hour) });
    await writeEntry(tdb.db, newYork, { categoryId: admin, startedAt: new Date(at), endedAt: new Date(at + hour) });
    const before = await marks(org.id);
    expect(before).toHaveLength(2);
    const parisMark = before.find((m) => m.memberId === paris.id)!;
    const weeks = before.map(({ memberId, weekStart }) => ({ memberId, weekStart }));

    // Another recompute holds Paris's member-week lock: the batch waits for it, and a write to
    // Paris's week commits meanwhile. The marks are read (and locked) only once the batch holds
    // every member-week lock, so it sees the write's version and the write itself.
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = () => {};
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holder = tdb.db.transaction(async (tx) => {
      await tx.execute(sql`select ${memberWeekLockSql(paris.id, parisMark.weekStart)}`);
      locked();
      await released;
    });
    await isLocked;
    const batch = recomputeMemberWeeks(tdb.db, org.id, { weeks });
    try {
      await waitForLockWait('advisory');
      await writeEntry(tdb.db, paris, {
        categoryId: admin,
        startedAt: new Date(at + hour),
        endedAt: new Date(at + 2 * hour),
      });
    } finally {
      release();
      await holder;
    }
    const results = await batch;
    expect(results.find((r) => r.memberId === newYork.id)!.cleared).toBe(true);
    const parisResult = results.find((r) => r.memberId === paris.id)!;
    expect(parisResult).toMatchObject({ version: parisMark.version + 1, cleared: true, rows: 1 });
    expect(await marks(org.id)).toEqual([]);
    expect(await rollupCells(tdb.db, org.id)).toEqual(await expectedCells(tdb.db, org.id));
  }, 30_000);

  it('loses no write that commits while the batch is writing', async () => {
    const { org, members } = await setup();
    const [paris, newYork] = members as [TestMember, TestMember];
    const admin = org.categories.get('admin')!;
    const hour = 3600_000;
    const at = Date.parse('2026-06-09T08:00:00Z');
    await writeEntry(tdb.db, paris, { categoryId: admin, startedAt: new Date(at), endedAt: new Date(at + hour) });
    await writeEntry(tdb.db, newYork, { categoryId: admin, startedAt: new Date(at), endedAt: new Date(at + hour) });
    const first = await marks(org.id);
    expect(first).toHaveLength(2);
    const weeks = first.map(({ memberId, weekStart }) => ({ memberId, weekStart }));
    await recomputeMemberWeeks(tdb.db, org.id, { weeks });
    const parisWeek = first.find((m) => m.memberId === paris.id)!;

    // Both member-weeks are dirtied again; a transaction holds Paris's rollup row, so the batch
    // reads the versions, then waits on that row while another write to Paris's week commits.
    await writeEntry(tdb.db, paris, {
      categoryId: admin,
      startedAt: new Date(at + hour),
      endedAt: new Date(at + 2 * hour),
    });
    await writeEntry(tdb.db, newYork, {
      categoryId: admin,
      startedAt: new Date(at + hour),
      endedAt: new Date(at + 2 * hour),
    });
    const before = await marks(org.id);
    const holder = await tdb.db.$sql.reserve();
    try {
      await holder.unsafe('begin');
      await holder.unsafe('select 1 from weekly_rollups where member_id = $1 and week_start = $2 for update', [
        paris.id,
        parisWeek.weekStart,
      ]);
      const batch = recomputeMemberWeeks(tdb.db, org.id, { weeks });
      // Wait until the batch's writing statement is blocked on the held row.
      await waitForLockWait('transactionid');
      const late = writeEntry(tdb.db, paris, {
        categoryId: admin,
        startedAt: new Date(at + 2 * hour),
        endedAt: new Date(at + 3 * hour),
      });
      // Let the late write commit, or queue behind the batch on the mark row.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await holder.unsafe('commit');
      const [results] = await Promise.all([batch, late]);
      const parisResult = results.find((r) => r.memberId === paris.id)!;
      const newYorkResult = results.find((r) => r.memberId === newYork.id)!;
      expect(parisResult.version).toBe(before.find((m) => m.memberId === paris.id)!.version);
      expect(newYorkResult.cleared).toBe(true);
    } finally {
      holder.release();
    }

    // New York's mark is gone; Paris's is still there, so the late write is not lost.
    const after = await marks(org.id);
    expect(after.map((m) => m.memberId)).toEqual([paris.id]);
    const seconds = async () =>
      (await rollupCells(tdb.db, org.id)).filter((c) => c.memberId === paris.id).reduce((s, c) => s + c.seconds, 0);
    expect(await seconds()).toBe(2 * 3600);
    await recomputeMemberWeeks(tdb.db, org.id, { weeks: [{ memberId: paris.id, weekStart: parisWeek.weekStart }] });
    expect(await seconds()).toBe(3 * 3600);
    expect(await marks(org.id)).toEqual([]);
    expect(await rollupCells(tdb.db, org.id)).toEqual(await expectedCells(tdb.db, org.id));
  }, 30_000);
});
