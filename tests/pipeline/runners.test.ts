// One set of processors, two runners: the same writes give the same rollups whether jobs run on
// BullMQ or in-process (the embedded default without Redis).
import { reconcile } from '@proofwork/db';
import { type Pipeline, startInProcessPipeline, startQueuePipeline } from '@proofwork/workers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { TEST_REDIS_URL } from '../support/env';
import {
  createMember,
  createOrganization,
  deleteEntry,
  drained,
  dropRedisPrefixes,
  type EntryFields,
  redisPrefix,
  rollupCells,
  updateEntry,
  writeEntry,
} from './factories';
import { expectedCells } from './reference';

let queueDb: TestDatabase;
let inProcessDb: TestDatabase;
beforeAll(async () => {
  [queueDb, inProcessDb] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});
afterAll(async () => {
  await Promise.all([queueDb?.drop(), inProcessDb?.drop()]);
  await dropRedisPrefixes();
});

function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a * 1_103_515_245 + 12_345) % 2 ** 31;
    return a / 2 ** 31;
  };
}

/** A fixed script of writes (creates, edits, moves, deletes) around the spring DST changes. */
async function runScript(tdb: TestDatabase, pipeline: Pipeline) {
  const org = await createOrganization(tdb.db, { timeZone: 'Europe/Paris' });
  const members = [
    await createMember(tdb.db, org),
    await createMember(tdb.db, org, { timeZone: 'America/New_York' }),
    await createMember(tdb.db, org, {
      timeZone: 'Australia/Sydney',
      schedule: [{ day: 1, start: '10:00', end: '15:00' }],
    }),
  ];
  const refreshed = new Set<string>();
  pipeline.onRollupRefreshed((e) => refreshed.add(`${e.memberId}:${e.weekStart}`));
  const random = seeded(42);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const categoryIds = [...org.categories.values()];
  const live: { id: string; member: (typeof members)[number] }[] = [];
  const fields = (): EntryFields => {
    const start = Date.parse('2026-03-05T00:00:00Z') + Math.floor(random() * 40 * 24 * 60) * 60_000;
    const minutes = 1 + Math.floor(random() * (random() < 0.3 ? 1200 : 180));
    const base = { categoryId: pick(categoryIds), brandId: pick([null, ...org.brands]), isLate: random() < 0.1 };
    return random() < 0.15
      ? { ...base, localDate: new Date(start).toISOString().slice(0, 10), durationSeconds: minutes * 60 }
      : { ...base, startedAt: new Date(start), endedAt: new Date(start + minutes * 60_000) };
  };
  for (let i = 0; i < 150; i++) {
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
  await drained(tdb.db, { organizationId: org.id });
  expect(await reconcile(tdb.db, { organizationId: org.id })).toEqual([]);
  const cells = await rollupCells(tdb.db, org.id);
  expect(cells).toEqual(await expectedCells(tdb.db, org.id));
  // Ids differ between the two databases: compare by member order and category key.
  const memberIndex = new Map(members.map((m, i) => [m.id, i]));
  const categoryKey = new Map([...org.categories].map(([key, id]) => [id, key]));
  const brandIndex = new Map(org.brands.map((id, i) => [id, i]));
  await new Promise((resolve) => setTimeout(resolve, 100));
  return {
    cells: cells
      .map((c) => ({
        ...c,
        memberId: memberIndex.get(c.memberId),
        categoryId: categoryKey.get(c.categoryId),
        brandId: c.brandId === null ? null : brandIndex.get(c.brandId),
      }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    refreshedMemberWeeks: refreshed.size,
  };
}

describe('the two runners', () => {
  it('give the same rollups for the same writes', async () => {
    const queue = await startQueuePipeline({
      db: queueDb.db,
      redisUrl: TEST_REDIS_URL,
      prefix: redisPrefix(),
      schedules: false,
    });
    const inProcess = await startInProcessPipeline({ db: inProcessDb.db });
    try {
      const [viaQueue, viaInProcess] = await Promise.all([
        runScript(queueDb, queue),
        runScript(inProcessDb, inProcess),
      ]);
      expect(viaQueue.cells.length).toBeGreaterThan(20);
      expect(viaInProcess.cells).toEqual(viaQueue.cells);
      // Both announce refreshes for the server's live updates.
      expect(viaQueue.refreshedMemberWeeks).toBeGreaterThan(0);
      expect(viaInProcess.refreshedMemberWeeks).toBe(viaQueue.refreshedMemberWeeks);
    } finally {
      await Promise.all([queue.stop(), inProcess.stop()]);
    }
  }, 60_000);
});
