// The maintenance side of the pipeline: stale timers are reported (never stopped), the reconcile
// job repairs drift, a ranged rebuild touches only its range, and both runners keep their
// schedules and retries.
import {
  deleteExpiredIdempotencyKeys,
  deleteOldNotifications,
  IDEMPOTENCY_KEY_LIFETIME_SECONDS,
  listStaleTimers,
  rebuildRollups,
  reconcile,
  schema,
} from '@proofwork/db';
import {
  createRegistry,
  type Log,
  PROCESSORS,
  type Processor,
  SCHEDULES,
  startInProcessPipeline,
  startQueuePipeline,
} from '@proofwork/workers';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { TEST_REDIS_URL } from '../support/env';
import {
  createMember,
  createOrganization,
  deleteEntry,
  drained,
  dropRedisPrefixes,
  pendingMarks,
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

const hour = 3_600_000;
const now = new Date('2026-06-10T12:00:00Z');

function recordingLog() {
  const lines: { level: string; message?: string; details: object }[] = [];
  const at =
    (level: string) =>
    (details: object, message?: string): void => {
      lines.push({ level, message, details });
    };
  const log: Log = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { log, lines };
}

async function timers() {
  const org = await createOrganization(tdb.db, { timeZone: 'America/New_York' });
  const [forgotten, recent, stopped, deleted] = await Promise.all([0, 1, 2, 3].map(() => createMember(tdb.db, org)));
  const admin = org.categories.get('admin')!;
  const running = await writeEntry(tdb.db, forgotten!, {
    categoryId: admin,
    startedAt: new Date(now.getTime() - 13 * hour),
  });
  await writeEntry(tdb.db, recent!, { categoryId: admin, startedAt: new Date(now.getTime() - 2 * hour) });
  await writeEntry(tdb.db, stopped!, {
    categoryId: admin,
    startedAt: new Date(now.getTime() - 20 * hour),
    endedAt: new Date(now.getTime() - 19 * hour),
  });
  const gone = await writeEntry(tdb.db, deleted!, {
    categoryId: admin,
    startedAt: new Date(now.getTime() - 30 * hour),
  });
  await deleteEntry(tdb.db, gone.id);
  return { org, running };
}

describe('stale timers', () => {
  it('lists timers running for more than 12 hours, and the check only reports them', async () => {
    const { org, running } = await timers();
    const stale = await listStaleTimers(tdb.db, { now, organizationId: org.id });
    expect(stale).toEqual([
      {
        organizationId: org.id,
        memberId: running.memberId,
        timeEntryId: running.id,
        startedAt: running.startedAt,
        runningSeconds: 13 * 3600,
      },
    ]);
    expect(await listStaleTimers(tdb.db, { now: new Date(now.getTime() - 2 * hour), organizationId: org.id })).toEqual(
      [],
    );

    const { log, lines } = recordingLog();
    const registry = createRegistry(PROCESSORS);
    const result = await registry.run({ db: tdb.db, log, clock: { now: () => now } }, 'timer.stale-check', {});
    // Other organizations in this database may have stale timers too; ours is among them.
    expect(result).toMatchObject({ staleTimers: expect.any(Number) });
    expect(lines.some((l) => l.level === 'warn' && JSON.stringify(l.details).includes(running.id))).toBe(true);
    const [still] = await tdb.db.select().from(schema.timeEntries).where(eq(schema.timeEntries.id, running.id));
    expect(still!.endedAt).toBeNull();
  });

  it('is checked on a schedule by the in-process runner', async () => {
    const { running } = await timers();
    const { log, lines } = recordingLog();
    const pipeline = await startInProcessPipeline({
      db: tdb.db,
      log,
      clock: { now: () => now },
      scheduleEveryMs: { 'timer.stale-check': 50 },
    });
    try {
      const deadline = Date.now() + 5000;
      while (!lines.some((l) => JSON.stringify(l.details).includes(running.id)) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(lines.some((l) => l.message === 'timer running for more than 12 hours')).toBe(true);
    } finally {
      await pipeline.stop();
    }
  });
});

describe('the reconcile job', () => {
  /** An organization whose member logged an hour of crisis handling, its rollups rebuilt. */
  async function loggedHour() {
    const org = await createOrganization(tdb.db, { timeZone: 'Europe/Paris' });
    const member = await createMember(tdb.db, org);
    await writeEntry(tdb.db, member, {
      categoryId: org.categories.get('crisis')!,
      startedAt: new Date(now.getTime()),
      endedAt: new Date(now.getTime() + hour),
    });
    await rebuildRollups(tdb.db, { organizationId: org.id });
    return org;
  }

  /** The pipeline runs until no member-week of `organizationId` is dirty; then nothing drifts. */
  async function repaired(organizationId: string) {
    const pipeline = await startInProcessPipeline({ db: tdb.db });
    try {
      await drained(tdb.db, { organizationId });
    } finally {
      await pipeline.stop();
    }
    expect(await reconcile(tdb.db, { organizationId })).toEqual([]);
  }

  it('reports drift and marks the member-week dirty, and the pipeline repairs it', async () => {
    const org = await loggedHour();
    await tdb.db.execute(sql`update weekly_rollups set seconds = 1 where organization_id = ${org.id}`);
    expect(await reconcile(tdb.db, { organizationId: org.id })).toHaveLength(1);

    const { log, lines } = recordingLog();
    const result = await createRegistry(PROCESSORS).run(
      { db: tdb.db, log, clock: { now: () => now } },
      'rollup.reconcile',
      {},
    );
    expect(result).toMatchObject({ driftCells: expect.any(Number), repairedMemberWeeks: expect.any(Number) });
    expect(lines.some((l) => l.level === 'warn' && l.message?.startsWith('rollup drift found'))).toBe(true);
    expect(await pendingMarks(tdb.db, org.id)).toBe(1);

    await repaired(org.id);
    expect((await rollupCells(tdb.db, org.id))[0]!.seconds).toBe(3600);
  });

  it('finds drift in the member-week pre-aggregates the figures read (groups, totals), and repairs it', async () => {
    const org = await loggedHour();
    expect(await reconcile(tdb.db, { organizationId: org.id })).toEqual([]);
    // The rollup cell is right; the rows derived from it are not.
    await tdb.db.execute(sql`delete from member_week_groups where organization_id = ${org.id}`);
    await tdb.db.execute(sql`update member_week_totals set seconds = 60 where organization_id = ${org.id}`);
    const drift = await reconcile(tdb.db, { organizationId: org.id });
    expect(drift.map((d) => [d.table, d.categoryGroup, d.expected?.seconds, d.actual?.seconds ?? null])).toEqual([
      ['member_week_groups', 'community', 3600, null],
      ['member_week_totals', null, 3600, 60],
    ]);

    await createRegistry(PROCESSORS).run(
      { db: tdb.db, log: recordingLog().log, clock: { now: () => now } },
      'rollup.reconcile',
      {},
    );
    expect(await pendingMarks(tdb.db, org.id)).toBe(1);
    await repaired(org.id);
  });
});

/** The hourly job, through the registry as the runners call it. */
const runPurge = () =>
  createRegistry(PROCESSORS).run(
    { db: tdb.db, log: recordingLog().log, clock: { now: () => now } },
    'maintenance.purge',
    {},
  );

describe('the purge job', () => {
  it('deletes the idempotency keys past their lifetime, in batches, and keeps the live ones', async () => {
    const org = await createOrganization(tdb.db, { timeZone: 'Europe/Paris' });
    const key = (n: number, ageSeconds: number) => ({
      organization_id: org.id,
      user_id: org.id,
      key: `purge-${n}`,
      age: ageSeconds,
    });
    const keys = [
      ...Array.from({ length: 7 }, (_, n) => key(n, IDEMPOTENCY_KEY_LIFETIME_SECONDS + 60 + n)),
      key(100, IDEMPOTENCY_KEY_LIFETIME_SECONDS - 60),
      key(101, 5),
    ];
    await tdb.db.execute(sql`
      insert into idempotency_keys (organization_id, user_id, key, method, path, request_hash, response_status,
        response_body, created_at)
      select x.organization_id, x.user_id, x.key, 'POST', '/x', 'hash', 201, '{}'::jsonb,
        now() - make_interval(secs => x.age)
      from jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) as x(organization_id uuid, user_id uuid, key text, age int)`);
    const left = async () =>
      (
        await tdb.db.execute<{ key: string }>(
          sql`select key from idempotency_keys where organization_id = ${org.id} order by key`,
        )
      ).map((r) => r.key);

    // Batches of 3: three statements for the seven expired keys.
    expect(await deleteExpiredIdempotencyKeys(tdb.db, IDEMPOTENCY_KEY_LIFETIME_SECONDS, 3)).toBe(7);
    expect(await left()).toEqual(['purge-100', 'purge-101']);

    await tdb.db.execute(sql`update idempotency_keys set created_at = now() - interval '2 days'
      where organization_id = ${org.id} and key = 'purge-100'`);
    const result = await runPurge();
    expect(result).toEqual({ idempotencyKeys: 1, notifications: 0 });
    expect(await left()).toEqual(['purge-101']);
  });

  it('deletes notices read 90 days ago or made 180 days ago, never one whose mail is still to send', async () => {
    const org = await createOrganization(tdb.db, { timeZone: 'Europe/Paris' });
    const member = await createMember(tdb.db, org);
    const notice = (key: string, ageDays: number, readDaysAgo: number | null, mailStatus = 'sent') => ({
      key,
      age: ageDays,
      read: readDaysAgo,
      mail: mailStatus,
    });
    const notices = [
      notice('read-long-ago', 120, 91),
      notice('read-lately', 120, 30),
      notice('unread-old', 181, null, 'skipped'),
      notice('unread-old-mail-waiting', 200, null, 'pending'),
      notice('unread-recent', 10, null),
      notice('read-just-now', 1, 0),
      notice('read-old-failed-mail', 100, 95, 'failed'),
    ];
    await tdb.db.execute(sql`
      insert into notifications (id, organization_id, member_id, kind, dedupe_key, data, read_at, mail_status, created_at)
      select gen_random_uuid(), ${org.id}, ${member.id}, 'nothing_logged', x.key, '{}'::jsonb,
        case when x.read is null then null else now() - make_interval(days => x.read) end,
        x.mail, now() - make_interval(days => x.age)
      from jsonb_to_recordset(${JSON.stringify(notices)}::jsonb) as x(key text, age int, read int, mail text)`);
    const left = async () =>
      (
        await tdb.db.execute<{ key: string }>(
          sql`select dedupe_key as key from notifications where member_id = ${member.id} order by dedupe_key`,
        )
      ).map((r) => r.key);

    // Batches of 2: the three old notices over two statements.
    expect(await deleteOldNotifications(tdb.db, { readDays: 90, days: 180 }, 2)).toBe(3);
    expect(await left()).toEqual(['read-just-now', 'read-lately', 'unread-old-mail-waiting', 'unread-recent']);
    // The hourly job applies the same retention.
    await tdb.db.execute(sql`update notifications set read_at = now() - interval '100 days'
      where member_id = ${member.id} and dedupe_key = 'read-lately'`);
    const result = await runPurge();
    expect(result).toEqual({ idempotencyKeys: 0, notifications: 1 });
    expect(await left()).toEqual(['read-just-now', 'unread-old-mail-waiting', 'unread-recent']);
  });
});

describe('a ranged rebuild', () => {
  it('rebuilds the weeks from the week of `from` to `to` only, and takes over their dirty marks', async () => {
    // Weeks start on Sunday here: `from` on a Wednesday reaches back to that Sunday.
    const org = await createOrganization(tdb.db, { timeZone: 'Australia/Sydney', weekStart: 7 });
    const member = await createMember(tdb.db, org);
    const weeks = ['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23'];
    for (const day of weeks) {
      await writeEntry(tdb.db, member, {
        categoryId: org.categories.get('reporting')!,
        startedAt: new Date(`${day}T00:00:00Z`),
        endedAt: new Date(`${day}T02:00:00Z`),
      });
    }
    const byWeek = async () =>
      Object.fromEntries((await rollupCells(tdb.db, org.id)).map((c) => [c.weekStart, c.seconds]));
    expect(await byWeek()).toEqual({});
    const progress: number[] = [];
    const result = await rebuildRollups(tdb.db, {
      organizationId: org.id,
      from: '2026-03-11',
      to: '2026-03-21',
      onProgress: (p) => progress.push(p.rows),
    });
    expect(result).toEqual({ organizations: 1, rows: 2 });
    expect(progress).toEqual([2]);
    // In Sydney those instants are Monday mornings, in weeks that start on Sunday.
    expect(await byWeek()).toEqual({ '2026-03-08': 7200, '2026-03-15': 7200 });
    expect(await pendingMarks(tdb.db, org.id)).toBe(2);
  });
});

describe('the in-process runner', () => {
  it('retries a member-week whose recompute failed', async () => {
    const org = await createOrganization(tdb.db, { timeZone: 'Europe/Paris' });
    const member = await createMember(tdb.db, org);
    let calls = 0;
    // The in-process runner recomputes claimed marks in batches (rollup.member-weeks).
    const rollup = PROCESSORS.find((p): p is Processor<'rollup.member-weeks'> => p.name === 'rollup.member-weeks')!;
    const flaky: Processor<'rollup.member-weeks'> = {
      ...rollup,
      async handle(ctx, payload) {
        // This runner serves every organization in the database: only ours fails, once.
        if (payload.weeks.some((w) => w.memberId === member.id) && ++calls === 1) throw new Error('database hiccup');
        return rollup.handle(ctx, payload);
      },
    };
    const pipeline = await startInProcessPipeline({
      db: tdb.db,
      processors: [...PROCESSORS.filter((p) => p !== rollup), flaky],
    });
    try {
      await writeEntry(tdb.db, member, {
        categoryId: org.categories.get('admin')!,
        startedAt: new Date(now.getTime()),
        endedAt: new Date(now.getTime() + hour),
      });
      await drained(tdb.db, { organizationId: org.id, timeoutMs: 10_000 });
      expect(calls).toBe(2);
      expect((await rollupCells(tdb.db, org.id))[0]!.seconds).toBe(3600);
    } finally {
      await pipeline.stop();
    }
  });
});

describe('the BullMQ runner', () => {
  it('registers the nightly reconcile and the 15-minute stale-timer check once, however many workers start', async () => {
    const prefix = redisPrefix();
    const first = await startQueuePipeline({
      db: tdb.db,
      redisUrl: TEST_REDIS_URL,
      prefix,
      work: false,
      dispatch: false,
    });
    const second = await startQueuePipeline({
      db: tdb.db,
      redisUrl: TEST_REDIS_URL,
      prefix,
      work: false,
      dispatch: false,
    });
    try {
      const schedulers = await first.queue.queue.getJobSchedulers();
      expect(
        schedulers
          .map((s) => ({ key: s.key, pattern: s.pattern ?? null, every: s.every ?? null }))
          .sort((a, b) => a.key.localeCompare(b.key)),
      ).toEqual(
        // Exactly the timetable of the schedules file, which the in-process runner reads too.
        [...SCHEDULES]
          .map((s) => ({ key: s.id, pattern: s.cron ?? null, every: s.everyMs ?? null }))
          .sort((a, b) => a.key.localeCompare(b.key)),
      );
      expect(schedulers.map((s) => s.key).sort()).toEqual([
        'evidence.scheduled',
        'maintenance.purge',
        'notifications.remind',
        'rollup.reconcile',
        'timer.stale-check',
      ]);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });
});
