// A new entry goes down one of two paths: one pipelined round trip when every rule holds and the
// member's zone is known (insertEntryAtOnce), else the general path (insertEntries), which also
// explains every refusal. The two must leave exactly the same things behind: the same answer, the
// same audit event, the same dirty mark, the same webhook event. The first write for another
// member takes the general path (its zone is not known yet); the next one the single trip.
import { schema } from '@proofwork/db';
import { eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { createTeam, manualClock, type People, signInPeople } from './time-entries.fixtures';

let people: People;
const clock = manualClock('2026-11-25T14:00:00.000Z');
const ctx = useTestApp({ clock });
beforeAll(async () => {
  people = await signInPeople(ctx.app, ctx.tdb.db);
});

describe('a new entry, down either path', () => {
  it('leaves the same answer, audit event, dirty mark and webhook event', async () => {
    const t = await createTeam(ctx.tdb.db, people, { timeZone: 'America/New_York' });
    // A member in a zone of their own: a path that guessed the organization's would place it wrong.
    await ctx.tdb.db.update(schema.members).set({ timeZone: 'Asia/Tokyo' }).where(eq(schema.members.id, t.cmId));
    await ctx.tdb.db.execute(sql`
      insert into webhooks (id, organization_id, url, secret, events, enabled)
      values (gen_random_uuid(), ${t.organizationId}, 'https://receiver.example/hook', 'secret', '{entry.created}', true)`);
    const body = (hour: number) => ({
      memberId: t.cmId,
      categoryId: t.category('moderation'),
      startedAt: `2026-11-23T${String(hour).padStart(2, '0')}:00:00.000Z`,
      endedAt: `2026-11-23T${String(hour).padStart(2, '0')}:30:00.000Z`,
      platform: 'instagram',
      tags: ['launch'],
      note: 'late night replies',
    });
    const first = await t.manager.post(`${t.base}/time-entries`, body(15));
    const second = await t.manager.post(`${t.base}/time-entries`, body(16));
    // Overlapping the second: its answer names it.
    const third = await t.manager.post(`${t.base}/time-entries`, {
      ...body(16),
      startedAt: '2026-11-23T16:15:00.000Z',
    });
    expect([first.statusCode, second.statusCode, third.statusCode]).toEqual([201, 201, 201]);
    const strip = (view: Record<string, unknown>) => {
      const { id: _id, startedAt: _s, endedAt: _e, createdAt, updatedAt, overlaps: _o, ...rest } = view;
      expect(createdAt).toBe(updatedAt);
      return rest;
    };
    expect(strip(second.json())).toEqual(strip(first.json()));
    expect(second.json()).toMatchObject({ localDate: '2026-11-24', weekStart: '2026-11-23', overlaps: [] });
    expect(third.json().overlaps).toEqual([second.json().id]);

    const events = await ctx.tdb.db
      .select()
      .from(schema.timeEntryEvents)
      .where(eq(schema.timeEntryEvents.organizationId, t.organizationId))
      .orderBy(schema.timeEntryEvents.createdAt, schema.timeEntryEvents.id);
    expect(events).toHaveLength(3);
    const eventOf = (id: string) => events.find((e) => e.timeEntryId === id)!;
    const shape = (e: (typeof events)[number]) => {
      const { startedAt: _s, endedAt: _e, ...after } = e.after as Record<string, unknown>;
      return { action: e.action, actorMemberId: e.actorMemberId, before: e.before, after, createdAt: e.createdAt };
    };
    expect(shape(eventOf(second.json().id))).toEqual(shape(eventOf(first.json().id)));
    expect((eventOf(second.json().id).after as { startedAt: string }).startedAt).toBe(body(16).startedAt);

    const [mark] = await ctx.tdb.db.execute<{ version: number; enqueued: boolean }>(sql`
      select version::int as version, enqueued_at is not null as enqueued from dirty_member_weeks
      where member_id = ${t.cmId} and week_start = '2026-11-23'`);
    expect(mark).toEqual({ version: 3, enqueued: false });

    const domain = await ctx.tdb.db.execute<{
      type: string;
      data: { action: string; actorMemberId: string; entry: Record<string, unknown> };
    }>(sql`select type, data from domain_events where organization_id = ${t.organizationId} order by created_at, id`);
    expect(domain.map((d) => d.type)).toEqual(['entry.created', 'entry.created', 'entry.created']);
    const payload = (d: (typeof domain)[number]) => {
      const { id: _id, startedAt: _s, endedAt: _e, ...entry } = d.data.entry;
      return { ...d.data, entry };
    };
    expect(payload(domain[1]!)).toEqual(payload(domain[0]!));
    expect(domain[1]!.data.entry.id).toBe(second.json().id);
    // Across three neighbours, in their order: the single trip's answer is the list's (its own lookup).
    const fourth = await t.manager.post(`${t.base}/time-entries`, {
      ...body(15),
      startedAt: '2026-11-23T15:10:00.000Z',
      endedAt: '2026-11-23T16:20:00.000Z',
    });
    expect(fourth.json().overlaps).toEqual([first.json().id, second.json().id, third.json().id]);
    const listed = await t.manager.get(`${t.base}/time-entries?memberId=${t.cmId}&from=2026-11-24&to=2026-11-24`);
    const inList = (listed.json().items as { id: string; overlaps: string[] }[]).find((e) => e.id === fourth.json().id);
    expect(inList?.overlaps).toEqual(fourth.json().overlaps);
  });

  it('a bulk write (its events built by the database) leaves the same audit and webhook events as one write', async () => {
    const t = await createTeam(ctx.tdb.db, people);
    await ctx.tdb.db.execute(sql`
      insert into webhooks (id, organization_id, url, secret, events, enabled)
      values (gen_random_uuid(), ${t.organizationId}, 'https://receiver.example/hook', 'secret', '{entry.created}', true)`);
    const bodies = [
      {
        memberId: t.cmId,
        categoryId: t.category('moderation'),
        startedAt: '2026-11-23T08:00:00.123Z',
        endedAt: '2026-11-23T09:30:00.000Z',
        platform: 'instagram',
        tags: ['launch', 'a "quoted", tag', 'été'],
        note: 'replies, "quotes" and\na second line \\ é',
      },
      { memberId: t.cmId, categoryId: t.category('admin'), localDate: '2026-11-24', durationSeconds: 600 },
    ];
    const single = [];
    for (const body of bodies) single.push((await t.manager.post(`${t.base}/time-entries`, body)).json().id as string);
    const bulk = await t.manager.post(`${t.base}/time-entries/bulk`, { entries: bodies });
    expect(bulk.statusCode).toBe(201);
    const bulkIds = bulk.json().ids as string[];

    const events = await ctx.tdb.db
      .select()
      .from(schema.timeEntryEvents)
      .where(eq(schema.timeEntryEvents.organizationId, t.organizationId));
    expect(events).toHaveLength(4);
    const eventOf = (id: string) => {
      const { id: _id, timeEntryId: _e, ...rest } = events.find((e) => e.timeEntryId === id)!;
      return rest;
    };
    const domain = await ctx.tdb.db.execute<{ type: string; data: { entry: { id: string } } }>(
      sql`select type, data from domain_events where organization_id = ${t.organizationId}`,
    );
    expect(domain).toHaveLength(4);
    const domainOf = (id: string) => {
      const d = domain.find((e) => e.data.entry.id === id)!;
      return { ...d, data: { ...d.data, entry: { ...d.data.entry, id: null } } };
    };
    for (const [i, id] of bulkIds.entries()) {
      expect(eventOf(id)).toEqual(eventOf(single[i]!));
      expect(domainOf(id)).toEqual(domainOf(single[i]!));
    }
    expect((eventOf(bulkIds[0]!).after as { startedAt: string }).startedAt).toBe('2026-11-23T08:00:00.123Z');
    expect((eventOf(bulkIds[1]!).after as { startedAt: string | null }).startedAt).toBeNull();
  });

  it('refuses down the general path, with its usual error, and writes nothing', async () => {
    const t = await createTeam(ctx.tdb.db, people);
    const ok = await t.cm.post(`${t.base}/time-entries`, {
      categoryId: t.category('moderation'),
      startedAt: '2026-11-23T09:00:00.000Z',
      endedAt: '2026-11-23T09:30:00.000Z',
    });
    expect(ok.statusCode).toBe(201);
    await ctx.tdb.db
      .update(schema.categories)
      .set({ archivedAt: new Date() })
      .where(eq(schema.categories.id, t.category('moderation')));
    const refused = await t.cm.post(`${t.base}/time-entries`, {
      categoryId: t.category('moderation'),
      startedAt: '2026-11-23T10:00:00.000Z',
      endedAt: '2026-11-23T10:30:00.000Z',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().details).toEqual([
      { field: 'body.categoryId', message: 'is archived: pick an active category' },
    ]);
    const [count] = await ctx.tdb.db.execute<{ entries: number; events: number }>(sql`
      select (select count(*)::int from time_entries where organization_id = ${t.organizationId}) as entries,
        (select count(*)::int from time_entry_events where organization_id = ${t.organizationId}) as events`);
    expect(count).toEqual({ entries: 1, events: 1 });
  });

  it('refuses an entry sent while its week is being approved, once the approval commits', async () => {
    const t = await createTeam(ctx.tdb.db, people);
    const entry = (hour: number) => ({
      categoryId: t.category('moderation'),
      startedAt: `2026-11-24T${String(hour).padStart(2, '0')}:00:00.000Z`,
      endedAt: `2026-11-24T${String(hour).padStart(2, '0')}:30:00.000Z`,
    });
    // The first write makes the member's zone known: the next one takes the single statement.
    expect((await t.cm.post(`${t.base}/time-entries`, entry(9))).statusCode).toBe(201);
    const other = postgres(ctx.tdb.url, { max: 1, onnotice: () => {} });
    let refused: Awaited<ReturnType<typeof t.cm.post>> | undefined;
    try {
      await other.begin(async (approval) => {
        // As an approval does: the member's lock, then the approved week.
        await approval`select id from members where id = ${t.cmId} for no key update`;
        await approval`
          insert into week_approvals (id, organization_id, member_id, week_start, status, decided_at)
          values (gen_random_uuid(), ${t.organizationId}, ${t.cmId}, '2026-11-23', 'approved', now())`;
        // Sent now (an injected request starts when it is awaited); it waits for the member's lock,
        // its snapshot taken before the approval commits.
        const sent = Promise.resolve(t.cm.post(`${t.base}/time-entries`, entry(10)));
        await expect
          .poll(
            async () =>
              (
                await ctx.tdb.db.execute<{ n: number }>(sql`
                  select count(*)::int as n from pg_stat_activity
                  where datname = current_database() and wait_event_type = 'Lock'`)
              )[0]!.n,
            { timeout: 10_000 },
          )
          .toBe(1);
        // The approval commits when this callback returns; the write goes on after.
        sent.then((res) => {
          refused = res;
        });
      });
      await expect.poll(() => refused?.statusCode, { timeout: 10_000 }).toBeDefined();
    } finally {
      await other.end({ timeout: 1 });
    }
    expect(refused!.statusCode, refused!.body).toBe(409);
    expect(refused!.json()).toMatchObject({ error: 'week_locked' });
    const [{ n }] = (await ctx.tdb.db.execute<{ n: number }>(sql`
      select count(*)::int as n from time_entries where member_id = ${t.cmId}`)) as unknown as [{ n: number }];
    expect(n).toBe(1);
  });
});
