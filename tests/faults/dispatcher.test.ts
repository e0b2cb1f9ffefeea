// The dispatcher while its sink (Redis) is away: it backs off for real even though every write
// NOTIFYs it, and once told the connection is back it retries at once and sweeps up the marks
// whose jobs may have been lost, instead of waiting out its back-off and the lost-job delay.
import { type DirtyMark, markMemberWeeksDirty } from '@proofwork/db';
import { createDispatcher, silentLog } from '@proofwork/workers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createOrganization } from '../pipeline/factories';
import { createTestDatabase, type TestDatabase } from '../support/db';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
});

async function until(check: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

describe('the dispatcher while its sink fails', () => {
  it('backs off despite a storm of NOTIFY wake-ups, and retries at once when told the connection is back', async () => {
    const org = await createOrganization(tdb.db, { timeZone: 'Europe/Paris' });
    const member = await createMember(tdb.db, org);
    let redisUp = false;
    const passes: number[] = [];
    const dispatcher = createDispatcher({
      db: tdb.db,
      log: silentLog,
      async sink() {
        passes.push(Date.now());
        if (!redisUp) throw new Error('connect ECONNREFUSED (Redis)');
        return [];
      },
    });
    await dispatcher.start();
    let storming = true;
    try {
      // A write every 10 ms for 3 s, each NOTIFYing the dispatcher.
      const storm = (async () => {
        for (let i = 0; storming; i++) {
          const weekStart = new Date(Date.UTC(2026, 0, 5 + 7 * (i % 20))).toISOString().slice(0, 10);
          await markMemberWeeksDirty(tdb.db, [{ organizationId: org.id, memberId: member.id, weekStart }]);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 3000));
      storming = false;
      await storm;
      // Back-off 500 ms, 1 s, 2 s, 2 s…: a handful of passes, not one per wake-up.
      console.info(`failed dispatch passes in 3 s of NOTIFY storm: ${passes.length}`);
      expect(passes.length).toBeGreaterThanOrEqual(2);
      expect(passes.length).toBeLessThanOrEqual(8);

      // Redis is back: the pass comes now, not at the end of the current 2 s back-off.
      redisUp = true;
      const before = passes.length;
      const toldAt = Date.now();
      dispatcher.reconnected();
      expect(await until(() => passes.length > before, 1000)).toBe(true);
      expect(passes[before]! - toldAt).toBeLessThan(1000);
    } finally {
      storming = false;
      await dispatcher.stop();
    }
  }, 30_000);

  it('sweeps up marks claimed before a reconnect instead of waiting for the lost-job delay', async () => {
    const org = await createOrganization(tdb.db, { timeZone: 'Europe/Paris' });
    const member = await createMember(tdb.db, org);
    const seen: DirtyMark[][] = [];
    // A sink that takes the marks and loses them, like jobs in a Redis that restarts empty.
    const dispatcher = createDispatcher({
      db: tdb.db,
      log: silentLog,
      pollMs: 20,
      lostAfterSeconds: 600,
      async sink(marks) {
        seen.push(marks.filter((m) => m.organizationId === org.id));
        return [];
      },
    });
    await dispatcher.start();
    try {
      await markMemberWeeksDirty(tdb.db, [
        { organizationId: org.id, memberId: member.id, weekStart: '2026-03-02' },
        { organizationId: org.id, memberId: member.id, weekStart: '2026-03-09' },
      ]);
      expect(await until(() => seen.flat().length >= 2, 5000)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const claimedOnce = seen.flat().length;
      expect(claimedOnce).toBe(2);

      dispatcher.reconnected();
      expect(await until(() => seen.flat().length >= 4, 2000)).toBe(true);
      // The sweep takes each of them once more, then stops.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(
        seen
          .flat()
          .map((m) => m.weekStart)
          .sort(),
      ).toEqual(['2026-03-02', '2026-03-02', '2026-03-09', '2026-03-09']);
    } finally {
      await dispatcher.stop();
    }
  }, 30_000);

  it('claims nothing while backlogged, without a look per wake-up, and claims at once when a job is taken', async () => {
    const org = await createOrganization(tdb.db, { timeZone: 'Europe/Paris' });
    const member = await createMember(tdb.db, org);
    let backlog = true;
    let looks = 0;
    const seen: DirtyMark[] = [];
    const dispatcher = createDispatcher({
      db: tdb.db,
      log: silentLog,
      pollMs: 20,
      // Far longer than the test: only tookWork() can end the pause of a backlogged pass in time.
      minPassIntervalMs: 5000,
      async backlogged() {
        looks += 1;
        return backlog;
      },
      async sink(marks) {
        seen.push(...marks.filter((m) => m.organizationId === org.id));
        return [];
      },
    });
    await dispatcher.start();
    try {
      // Twenty writes, each NOTIFYing the dispatcher, while the consumers are backlogged.
      for (let i = 0; i < 20; i++) {
        const weekStart = new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10);
        await markMemberWeeksDirty(tdb.db, [{ organizationId: org.id, memberId: member.id, weekStart }]);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(seen).toEqual([]);
      expect(looks).toBeLessThanOrEqual(2);

      // A worker took a job: the twenty marks are claimed now, in one pass.
      backlog = false;
      const toldAt = Date.now();
      dispatcher.tookWork();
      expect(await until(() => seen.length >= 20, 2000)).toBe(true);
      expect(Date.now() - toldAt).toBeLessThan(2000);
      expect(new Set(seen.map((m) => m.weekStart)).size).toBe(20);
    } finally {
      await dispatcher.stop();
    }
  }, 30_000);
});
