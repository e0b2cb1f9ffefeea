// Time entries through the real HTTP API: where an entry lands (local date, week, daylight saving),
// what each write leaves behind (one audit event, dirty marks, rolled back together), validation,
// who may log and read for whom, late marking and overlaps.
import { schema } from '@proofwork/db';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { withToken } from '../support/http';
import { createTeam, manualClock, type People, signInPeople, type Team } from './time-entries.fixtures';

let people: People;
const NOW = '2026-11-25T14:00:00.000Z'; // Wednesday 15:00 in Paris
const clock = manualClock(NOW);
const ctx = useTestApp({ clock });
const team = () => createTeam(ctx.tdb.db, people);

async function countRows(table: 'time_entries' | 'time_entry_events' | 'dirty_member_weeks', organizationId: string) {
  const [row] = await ctx.tdb.db.execute<{ n: number }>(
    sql`select count(*)::int as n from ${sql.identifier(table)} where organization_id = ${organizationId}`,
  );
  return row!.n;
}

async function eventsOf(entryId: string) {
  return ctx.tdb.db.select().from(schema.timeEntryEvents).where(eq(schema.timeEntryEvents.timeEntryId, entryId));
}

async function dirtyWeeks(organizationId: string) {
  const rows = await ctx.tdb.db
    .select({ memberId: schema.dirtyMemberWeeks.memberId, weekStart: schema.dirtyMemberWeeks.weekStart })
    .from(schema.dirtyMemberWeeks)
    .where(eq(schema.dirtyMemberWeeks.organizationId, organizationId));
  return rows.map((r) => `${r.memberId}:${r.weekStart}`).sort();
}

beforeAll(async () => {
  people = await signInPeople(ctx.app, ctx.tdb.db);
});
beforeEach(() => {
  clock.set(NOW);
});

describe('creating entries', () => {
  let t: Team;
  beforeAll(async () => {
    t = await team();
  });

  it('creates a timed entry from instants with offsets, on the start’s local day and week', async () => {
    const res = await t.cm.post(`${t.base}/time-entries`, {
      categoryId: t.category('content.video'),
      startedAt: '2026-11-24T09:00:00+01:00',
      endedAt: '2026-11-24T10:30:00+01:00',
      platform: 'instagram',
      tags: ['reel'],
      note: 'Montage du reel de Noël',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      memberId: t.cmId,
      durationSeconds: 5400,
      startedAt: '2026-11-24T08:00:00.000Z',
      endedAt: '2026-11-24T09:30:00.000Z',
      localDate: '2026-11-24',
      weekStart: '2026-11-23',
      source: 'manual',
      isLate: false,
      running: false,
      stale: false,
      overlaps: [],
      deletedAt: null,
    });
  });

  it('creates a duration-only entry on the member’s local day, without clock times', async () => {
    const res = await t.cm.post(`${t.base}/time-entries`, {
      categoryId: t.category('moderation'),
      durationSeconds: 2700,
      localDate: '2026-11-22',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      startedAt: null,
      endedAt: null,
      durationSeconds: 2700,
      localDate: '2026-11-22',
      weekStart: '2026-11-16',
    });
  });

  it('counts the real elapsed time across the Paris spring-forward night (1:30–3:30 is one hour)', async () => {
    const res = await t.cm.post(`${t.base}/time-entries`, {
      categoryId: t.category('crisis'),
      startedAt: '2026-03-29T01:30:00+01:00',
      endedAt: '2026-03-29T03:30:00+02:00',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ durationSeconds: 3600, localDate: '2026-03-29', weekStart: '2026-03-23' });
  });

  it('keeps the start’s local date for an entry crossing midnight', async () => {
    const res = await t.cm.post(`${t.base}/time-entries`, {
      categoryId: t.category('moderation'),
      startedAt: '2026-11-22T23:00:00+01:00',
      endedAt: '2026-11-23T01:15:00+01:00',
    });
    expect(res.statusCode).toBe(201);
    // Sunday night in a Monday-start organization: the entry belongs to the week that is ending.
    expect(res.json()).toMatchObject({ durationSeconds: 8100, localDate: '2026-11-22', weekStart: '2026-11-16' });
  });

  it('places entries in the member’s own zone, not the organization’s', async () => {
    await t.cm.patch(`${t.base}/members/${t.cmId}`, { timeZone: 'America/New_York' });
    const res = await t.cm.post(`${t.base}/time-entries`, {
      categoryId: t.category('admin'),
      startedAt: '2026-11-24T03:00:00Z', // 22:00 on the 23rd in New York, 04:00 on the 24th in Paris
      endedAt: '2026-11-24T04:00:00Z',
    });
    await t.cm.patch(`${t.base}/members/${t.cmId}`, { timeZone: null });
    expect(res.json()).toMatchObject({ localDate: '2026-11-23', weekStart: '2026-11-23' });
  });

  it('marks an entry written after its source with `api` when sent with a token', async () => {
    const token = (await t.cm.post(`${t.base}/tokens`, { name: 'script' })).json().token;
    const res = await withToken(ctx.app, token).post(`${t.base}/time-entries`, {
      categoryId: t.category('reporting'),
      durationSeconds: 600,
      localDate: '2026-11-25',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().source).toBe('api');
    const imported = await t.cm.post(`${t.base}/time-entries`, {
      categoryId: t.category('reporting'),
      durationSeconds: 600,
      localDate: '2026-11-25',
      source: 'import',
    });
    expect(imported.json().source).toBe('import');
  });
});

describe('validation', () => {
  let t: Team;
  beforeAll(async () => {
    t = await team();
  });

  const cases: [string, Record<string, unknown>, string][] = [
    ['an end before the start', { startedAt: '2026-11-24T10:00:00Z', endedAt: '2026-11-24T09:00:00Z' }, 'body.endedAt'],
    ['more than 24 hours', { startedAt: '2026-11-20T10:00:00Z', endedAt: '2026-11-21T10:00:01Z' }, 'body.endedAt'],
    ['more than 7 days ahead', { startedAt: '2026-12-03T10:00:00Z', endedAt: '2026-12-03T11:00:00Z' }, 'body.endedAt'],
    ['a day more than 7 days ahead', { durationSeconds: 60, localDate: '2026-12-03' }, 'body.localDate'],
    ['a start without an end', { startedAt: '2026-11-24T10:00:00Z' }, 'body.endedAt'],
    ['a duration without a day', { durationSeconds: 60 }, 'body.localDate'],
    [
      'clock times and a duration',
      { startedAt: '2026-11-24T10:00:00Z', endedAt: '2026-11-24T11:00:00Z', durationSeconds: 60 },
      'body.durationSeconds',
    ],
    ['no timing at all', {}, 'body.startedAt'],
    [
      'an instant without an offset',
      { startedAt: '2026-11-24T10:00:00', endedAt: '2026-11-24T11:00:00Z' },
      'body.startedAt',
    ],
    ['an impossible date', { durationSeconds: 60, localDate: '2026-02-30' }, 'body.localDate'],
    ['more than 24 hours as a duration', { durationSeconds: 86401, localDate: '2026-11-24' }, 'body.durationSeconds'],
    [
      '21 tags',
      { durationSeconds: 60, localDate: '2026-11-24', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
      'body.tags',
    ],
    ['a 41-character tag', { durationSeconds: 60, localDate: '2026-11-24', tags: ['x'.repeat(41)] }, 'body.tags.0'],
    ['a 2001-character note', { durationSeconds: 60, localDate: '2026-11-24', note: 'x'.repeat(2001) }, 'body.note'],
    [
      'a control character in the note',
      { durationSeconds: 60, localDate: '2026-11-24', note: 'bell\u0007' },
      'body.note',
    ],
    ['a control character in a tag', { durationSeconds: 60, localDate: '2026-11-24', tags: ['a\nb'] }, 'body.tags.0'],
    ['an unknown platform', { durationSeconds: 60, localDate: '2026-11-24', platform: 'myspace' }, 'body.platform'],
    ['an unknown source', { durationSeconds: 60, localDate: '2026-11-24', source: 'magic' }, 'body.source'],
  ];
  it.each(cases)('refuses %s, naming the field', async (_, timing, field) => {
    const res = await t.cm.post(`${t.base}/time-entries`, { categoryId: t.category('admin'), ...timing });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().details[0].field).toBe(field);
  });

  it('keeps line breaks in a note', async () => {
    const res = await t.cm.post(`${t.base}/time-entries`, {
      categoryId: t.category('admin'),
      durationSeconds: 60,
      localDate: '2026-11-24',
      note: 'line one\nline two',
    });
    expect(res.statusCode).toBe(201);
  });

  it('refuses catalog rows of another organization, naming the field', async () => {
    const other = await team();
    const brand = (await other.owner.post(`${other.base}/brands`, { name: 'Elsewhere' })).json();
    const type = (await other.owner.get(`${other.base}/deliverable-types`)).json().items[0];
    const deliverable = (
      await other.owner.post(`${other.base}/deliverables`, { deliverableTypeId: type.id, title: 'Post' })
    ).json();
    const valid = { categoryId: t.category('admin'), durationSeconds: 60, localDate: '2026-11-24' };
    const attempts: [Record<string, unknown>, string][] = [
      [{ categoryId: other.category('admin') }, 'body.categoryId'],
      [{ brandId: brand.id }, 'body.brandId'],
      [{ deliverableId: deliverable.id }, 'body.deliverableId'],
    ];
    for (const [override, field] of attempts) {
      const res = await t.cm.post(`${t.base}/time-entries`, { ...valid, ...override });
      expect(res.statusCode).toBe(400);
      expect(res.json().details[0].field).toBe(field);
    }
  });

  it('refuses an archived category for a new entry, but an entry may keep it', async () => {
    const category = (
      await t.owner.post(`${t.base}/categories`, {
        group: 'content',
        nameEn: 'Podcast',
        nameFr: 'Podcast',
        color: '#123456',
      })
    ).json();
    const entry = (
      await t.cm.post(`${t.base}/time-entries`, {
        categoryId: category.id,
        durationSeconds: 60,
        localDate: '2026-11-24',
      })
    ).json();
    await t.owner.patch(`${t.base}/categories/${category.id}`, { archived: true });
    const refused = await t.cm.post(`${t.base}/time-entries`, {
      categoryId: category.id,
      durationSeconds: 60,
      localDate: '2026-11-24',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().details[0]).toMatchObject({
      field: 'body.categoryId',
      message: expect.stringMatching(/archived/),
    });
    const kept = await t.cm.patch(`${t.base}/time-entries/${entry.id}`, { note: 'still podcast work' });
    expect(kept.statusCode).toBe(200);
    const moved = await t.cm.patch(`${t.base}/time-entries/${kept.json().id}`, { categoryId: category.id });
    expect(moved.statusCode).toBe(200);
  });

  it('writes nothing when it refuses', async () => {
    const before = await countRows('time_entries', t.organizationId);
    await t.cm.post(`${t.base}/time-entries`, { categoryId: t.category('admin'), durationSeconds: 60 });
    expect(await countRows('time_entries', t.organizationId)).toBe(before);
  });
});

describe('who may log and read for whom', () => {
  let t: Team;
  beforeAll(async () => {
    t = await team();
  });
  const body = (t: Team, extra: Record<string, unknown> = {}) => ({
    categoryId: t.category('admin'),
    durationSeconds: 600,
    localDate: '2026-11-24',
    ...extra,
  });

  it('a member cannot log for another member, nor read, change or delete their entries', async () => {
    expect((await t.cm.post(`${t.base}/time-entries`, body(t, { memberId: t.otherCmId }))).statusCode).toBe(403);
    const theirs = (await t.otherCm.post(`${t.base}/time-entries`, body(t))).json();
    expect((await t.cm.get(`${t.base}/time-entries/${theirs.id}`)).statusCode).toBe(403);
    expect((await t.cm.get(`${t.base}/time-entries/${theirs.id}/history`)).statusCode).toBe(403);
    expect((await t.cm.patch(`${t.base}/time-entries/${theirs.id}`, { note: 'mine now' })).statusCode).toBe(403);
    expect((await t.cm.delete(`${t.base}/time-entries/${theirs.id}`)).statusCode).toBe(403);
    expect((await t.cm.get(`${t.base}/time-entries?memberId=${t.otherCmId}`)).statusCode).toBe(403);
    expect((await t.cm.get(`${t.base}/time-entries/summary?memberId=${t.otherCmId}`)).statusCode).toBe(403);
    // Their own listing never shows the other member's entries.
    const mine = (await t.cm.get(`${t.base}/time-entries`)).json().items as { memberId: string }[];
    expect(mine.every((e) => e.memberId === t.cmId)).toBe(true);
  });

  it('managers and owners log for, read and move any member’s entries', async () => {
    const created = await t.manager.post(`${t.base}/time-entries`, body(t, { memberId: t.cmId }));
    expect(created.statusCode).toBe(201);
    expect(created.json().memberId).toBe(t.cmId);
    expect((await t.owner.get(`${t.base}/time-entries/${created.json().id}`)).statusCode).toBe(200);
    const listed = (await t.manager.get(`${t.base}/time-entries?memberId=${t.cmId}`)).json().items;
    expect(listed.map((e: { id: string }) => e.id)).toContain(created.json().id);
    const moved = await t.owner.patch(`${t.base}/time-entries/${created.json().id}`, { memberId: t.otherCmId });
    expect(moved.json().memberId).toBe(t.otherCmId);
    const [entry] = await ctx.tdb.db
      .select({ createdBy: schema.timeEntries.createdByMemberId })
      .from(schema.timeEntries)
      .where(eq(schema.timeEntries.id, created.json().id));
    expect(entry!.createdBy).not.toBe(t.cmId);
  });

  it('refuses a member id of another organization, naming the field', async () => {
    const other = await team();
    const res = await t.manager.post(`${t.base}/time-entries`, body(t, { memberId: other.cmId }));
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('body.memberId');
  });

  it('answers 404 for an entry of another organization', async () => {
    const other = await team();
    const theirs = (await other.cm.post(`${other.base}/time-entries`, body(other))).json();
    expect((await t.owner.get(`${t.base}/time-entries/${theirs.id}`)).statusCode).toBe(404);
    expect((await t.owner.patch(`${t.base}/time-entries/${theirs.id}`, { note: 'x' })).statusCode).toBe(404);
  });
});

describe('what every write leaves behind', () => {
  let t: Team;
  beforeEach(async () => {
    t = await team();
  });

  it('create, update, delete and restore each record exactly one event with who, when, before and after', async () => {
    const created = (
      await t.cm.post(`${t.base}/time-entries`, {
        categoryId: t.category('admin'),
        durationSeconds: 600,
        localDate: '2026-11-24',
      })
    ).json();
    expect(await eventsOf(created.id)).toHaveLength(1);
    clock.set('2026-11-25T15:00:00Z');
    await t.cm.patch(`${t.base}/time-entries/${created.id}`, { durationSeconds: 900 });
    await t.cm.delete(`${t.base}/time-entries/${created.id}`);
    await t.cm.post(`${t.base}/time-entries/${created.id}/restore`);
    const history = (await t.cm.get(`${t.base}/time-entries/${created.id}/history`)).json().items;
    expect(history.map((e: { action: string }) => e.action)).toEqual(['create', 'update', 'delete', 'restore']);
    expect(history[0]).toMatchObject({ before: null, after: { durationSeconds: 600 }, createdAt: NOW });
    expect(history[1]).toMatchObject({
      actorMemberId: t.cmId,
      before: { durationSeconds: 600 },
      after: { durationSeconds: 900 },
      createdAt: '2026-11-25T15:00:00.000Z',
    });
    expect(history[2].after.deletedAt).toBe('2026-11-25T15:00:00.000Z');
    expect(history[3].after.deletedAt).toBeNull();
    expect(await countRows('time_entry_events', t.organizationId)).toBe(4);
  });

  it('records the acting manager, not the member, as the author of an event', async () => {
    const created = (
      await t.manager.post(`${t.base}/time-entries`, {
        memberId: t.cmId,
        categoryId: t.category('admin'),
        durationSeconds: 600,
        localDate: '2026-11-24',
      })
    ).json();
    const [event] = await eventsOf(created.id);
    expect(event!.actorMemberId).not.toBe(t.cmId);
    expect(event!.actorMemberId).toBe(created.createdByMemberId);
  });

  it('marks the entry’s member-week dirty, and both the old and the new week when it moves', async () => {
    const created = (
      await t.cm.post(`${t.base}/time-entries`, {
        categoryId: t.category('admin'),
        startedAt: '2026-11-24T09:00:00+01:00',
        endedAt: '2026-11-24T10:00:00+01:00',
      })
    ).json();
    expect(await dirtyWeeks(t.organizationId)).toEqual([`${t.cmId}:2026-11-23`]);
    await ctx.tdb.db
      .delete(schema.dirtyMemberWeeks)
      .where(eq(schema.dirtyMemberWeeks.organizationId, t.organizationId));
    await t.cm.patch(`${t.base}/time-entries/${created.id}`, {
      startedAt: '2026-11-17T09:00:00+01:00',
      endedAt: '2026-11-17T10:00:00+01:00',
    });
    expect(await dirtyWeeks(t.organizationId)).toEqual([`${t.cmId}:2026-11-16`, `${t.cmId}:2026-11-23`]);
    await ctx.tdb.db
      .delete(schema.dirtyMemberWeeks)
      .where(eq(schema.dirtyMemberWeeks.organizationId, t.organizationId));
    await t.manager.patch(`${t.base}/time-entries/${created.id}`, { memberId: t.otherCmId });
    expect(await dirtyWeeks(t.organizationId)).toEqual([`${t.cmId}:2026-11-16`, `${t.otherCmId}:2026-11-16`].sort());
  });

  it('bumps the mark’s version on every write to the same week', async () => {
    const body = { categoryId: t.category('admin'), durationSeconds: 60, localDate: '2026-11-24' };
    await t.cm.post(`${t.base}/time-entries`, body);
    await t.cm.post(`${t.base}/time-entries`, body);
    const [mark] = await ctx.tdb.db
      .select()
      .from(schema.dirtyMemberWeeks)
      .where(and(eq(schema.dirtyMemberWeeks.memberId, t.cmId), eq(schema.dirtyMemberWeeks.weekStart, '2026-11-23')));
    expect(mark!.version).toBe(2);
  });

  it('a bulk with one bad row writes nothing at all: no entries, no events, no marks', async () => {
    const good = { categoryId: t.category('admin'), durationSeconds: 600, localDate: '2026-11-24' };
    const res = await t.cm.post(`${t.base}/time-entries/bulk`, {
      entries: [
        good,
        good,
        { ...good, localDate: '2026-11-23' },
        { ...good, categoryId: '0190a0a0-0000-7000-8000-000000000000' },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('body.entries.3.categoryId');
    expect(await countRows('time_entries', t.organizationId)).toBe(0);
    expect(await countRows('time_entry_events', t.organizationId)).toBe(0);
    expect(await countRows('dirty_member_weeks', t.organizationId)).toBe(0);
  });

  it('a bulk that fails in the database (a row in a locked week) also rolls back everything', async () => {
    await t.cm.post(`${t.base}/time-entries`, {
      categoryId: t.category('admin'),
      durationSeconds: 60,
      localDate: '2026-11-10',
    });
    await t.cm.post(`${t.base}/weeks/2026-11-09/submit`);
    await t.manager.post(`${t.base}/weeks/2026-11-09/approve?memberId=${t.cmId}`);
    const [entries, events, marks] = await Promise.all([
      countRows('time_entries', t.organizationId),
      countRows('time_entry_events', t.organizationId),
      dirtyWeeks(t.organizationId),
    ]);
    const good = { categoryId: t.category('admin'), durationSeconds: 600, localDate: '2026-11-24' };
    const res = await t.cm.post(`${t.base}/time-entries/bulk`, {
      entries: [good, { ...good, localDate: '2026-11-12' }],
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe('week_locked');
    expect(await countRows('time_entries', t.organizationId)).toBe(entries);
    expect(await countRows('time_entry_events', t.organizationId)).toBe(events);
    expect(await dirtyWeeks(t.organizationId)).toEqual(marks);
  });

  it('a bulk creates every row in one transaction and returns their ids in order', async () => {
    const entries = Array.from({ length: 500 }, (_, i) => ({
      categoryId: t.category(i % 2 ? 'moderation' : 'content.copywriting'),
      durationSeconds: 60 + i,
      localDate: `2026-11-${String(10 + (i % 14)).padStart(2, '0')}`,
    }));
    const res = await t.cm.post(`${t.base}/time-entries/bulk`, { entries });
    expect(res.statusCode).toBe(201);
    const ids = res.json().ids as string[];
    expect(ids).toHaveLength(500);
    const rows = await ctx.tdb.db
      .select({ id: schema.timeEntries.id, seconds: schema.timeEntries.durationSeconds })
      .from(schema.timeEntries)
      .where(eq(schema.timeEntries.organizationId, t.organizationId));
    const seconds = new Map(rows.map((r) => [r.id, r.seconds]));
    expect(ids.map((id) => seconds.get(id))).toEqual(entries.map((e) => e.durationSeconds));
    expect(await countRows('time_entry_events', t.organizationId)).toBe(500);
    expect(await dirtyWeeks(t.organizationId)).toEqual([
      `${t.cmId}:2026-11-09`,
      `${t.cmId}:2026-11-16`,
      `${t.cmId}:2026-11-23`,
    ]);
  });

  it('refuses more than 500 rows', async () => {
    const good = { categoryId: t.category('admin'), durationSeconds: 60, localDate: '2026-11-24' };
    const res = await t.cm.post(`${t.base}/time-entries/bulk`, { entries: Array.from({ length: 501 }, () => good) });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('body.entries');
  });
});

describe('updating, deleting, restoring', () => {
  let t: Team;
  beforeAll(async () => {
    t = await team();
  });

  it('switches an entry between clock times and a duration on a day', async () => {
    const created = (
      await t.cm.post(`${t.base}/time-entries`, {
        categoryId: t.category('admin'),
        startedAt: '2026-11-24T09:00:00+01:00',
        endedAt: '2026-11-24T10:00:00+01:00',
      })
    ).json();
    const toDay = await t.cm.patch(`${t.base}/time-entries/${created.id}`, { durationSeconds: 1800 });
    expect(toDay.json()).toMatchObject({
      startedAt: null,
      endedAt: null,
      durationSeconds: 1800,
      localDate: '2026-11-24',
    });
    const back = await t.cm.patch(`${t.base}/time-entries/${created.id}`, {
      startedAt: '2026-11-20T14:00:00+01:00',
      endedAt: '2026-11-20T14:45:00+01:00',
    });
    expect(back.json()).toMatchObject({ durationSeconds: 2700, localDate: '2026-11-20', weekStart: '2026-11-16' });
    const half = await t.cm.patch(`${t.base}/time-entries/${created.id}`, { endedAt: '2026-11-20T15:00:00+01:00' });
    expect(half.json().durationSeconds).toBe(3600);
    const mixed = await t.cm.patch(`${t.base}/time-entries/${created.id}`, {
      endedAt: '2026-11-20T15:00:00+01:00',
      localDate: '2026-11-20',
    });
    expect(mixed.statusCode).toBe(400);
  });

  it('refuses an empty patch and changes to a deleted entry', async () => {
    const created = (
      await t.cm.post(`${t.base}/time-entries`, {
        categoryId: t.category('admin'),
        durationSeconds: 60,
        localDate: '2026-11-24',
      })
    ).json();
    expect((await t.cm.patch(`${t.base}/time-entries/${created.id}`, {})).statusCode).toBe(400);
    expect((await t.cm.delete(`${t.base}/time-entries/${created.id}`)).statusCode).toBe(204);
    expect((await t.cm.delete(`${t.base}/time-entries/${created.id}`)).statusCode).toBe(409);
    expect((await t.cm.patch(`${t.base}/time-entries/${created.id}`, { note: 'x' })).statusCode).toBe(409);
    const shown = (await t.cm.get(`${t.base}/time-entries/${created.id}`)).json();
    expect(shown.deletedAt).toBe(NOW);
    const listed = (await t.cm.get(`${t.base}/time-entries`)).json().items.map((e: { id: string }) => e.id);
    expect(listed).not.toContain(created.id);
    const restored = await t.cm.post(`${t.base}/time-entries/${created.id}/restore`);
    expect(restored.statusCode).toBe(200);
    expect(restored.json().deletedAt).toBeNull();
    expect((await t.cm.post(`${t.base}/time-entries/${created.id}/restore`)).statusCode).toBe(409);
  });

  it('answers 404 for an unknown entry', async () => {
    const unknown = '0190a0a0-0000-7000-8000-000000000000';
    expect((await t.cm.get(`${t.base}/time-entries/${unknown}`)).statusCode).toBe(404);
    expect((await t.cm.delete(`${t.base}/time-entries/${unknown}`)).statusCode).toBe(404);
    expect((await t.cm.post(`${t.base}/time-entries/${unknown}/restore`)).statusCode).toBe(404);
  });
});

describe('late entries', () => {
  let t: Team;
  beforeAll(async () => {
    t = await team();
  });
  const entry = (localDate: string) => ({ categoryId: t.category('admin'), durationSeconds: 600, localDate });

  it('marks an entry written more than lateAfterDays (7) after its day, and not one written on day 7', async () => {
    expect((await t.cm.post(`${t.base}/time-entries`, entry('2026-11-18'))).json().isLate).toBe(false);
    expect((await t.cm.post(`${t.base}/time-entries`, entry('2026-11-17'))).json().isLate).toBe(true);
  });

  it('follows the organization’s setting', async () => {
    await t.owner.patch(t.base, { lateAfterDays: 1 });
    expect((await t.cm.post(`${t.base}/time-entries`, entry('2026-11-23'))).json().isLate).toBe(true);
    await t.owner.patch(t.base, { lateAfterDays: 7 });
  });

  it('marks an on-time entry late when it is changed late, and it stays late', async () => {
    clock.set('2026-11-10T12:00:00Z');
    const created = (await t.cm.post(`${t.base}/time-entries`, entry('2026-11-10'))).json();
    expect(created.isLate).toBe(false);
    clock.set(NOW);
    const changed = await t.cm.patch(`${t.base}/time-entries/${created.id}`, { note: 'added much later' });
    expect(changed.json().isLate).toBe(true);
    const movedBack = await t.cm.patch(`${t.base}/time-entries/${created.id}`, { localDate: '2026-11-25' });
    expect(movedBack.json().isLate).toBe(true);
  });
});

describe('overlaps', () => {
  let t: Team;
  beforeAll(async () => {
    t = await team();
  });

  it('allows overlapping entries and reports them on create, update and in the list', async () => {
    const at = (from: string, to: string) => ({
      categoryId: t.category('meetings'),
      startedAt: `2026-11-24T${from}:00+01:00`,
      endedAt: `2026-11-24T${to}:00+01:00`,
    });
    const a = (await t.cm.post(`${t.base}/time-entries`, at('09:00', '10:00'))).json();
    const b = await t.cm.post(`${t.base}/time-entries`, at('09:30', '11:00'));
    expect(b.statusCode).toBe(201);
    expect(b.json().overlaps).toEqual([a.id]);
    const c = (await t.cm.post(`${t.base}/time-entries`, at('11:00', '12:00'))).json();
    expect(c.overlaps).toEqual([]); // touching is not overlapping
    const moved = await t.cm.patch(`${t.base}/time-entries/${c.id}`, { startedAt: '2026-11-24T08:00:00+01:00' });
    expect(moved.json().overlaps).toEqual([a.id, b.json().id]);
    const other = await t.otherCm.post(`${t.base}/time-entries`, at('09:00', '10:00'));
    expect(other.json().overlaps).toEqual([]); // another member's time never overlaps yours
    const listed = (await t.cm.get(`${t.base}/time-entries?from=2026-11-24&to=2026-11-24`)).json().items;
    const byId = new Map(listed.map((e: { id: string; overlaps: string[] }) => [e.id, e.overlaps]));
    expect(byId.get(a.id)).toEqual(expect.arrayContaining([b.json().id, c.id]));
  });
});
