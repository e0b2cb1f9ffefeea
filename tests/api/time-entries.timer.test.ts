// The timer: one running per member even under 50 parallel starts, stale timers flagged and never
// counted silently, explicit end times, and the usual audit events.
import { schema } from '@proofwork/db';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { createTeam, manualClock, type People, signInPeople, type Team } from './time-entries.fixtures';

let people: People;
let t: Team;
const NOW = '2026-11-25T14:00:00.000Z';
const clock = manualClock(NOW);
const ctx = useTestApp({ clock });

const later = (minutes: number) => clock.set(new Date(clock.at.getTime() + minutes * 60_000).toISOString());

async function runningTimers(memberId: string) {
  return ctx.tdb.db
    .select({ id: schema.timeEntries.id })
    .from(schema.timeEntries)
    .where(
      and(
        eq(schema.timeEntries.memberId, memberId),
        isNull(schema.timeEntries.endedAt),
        isNull(schema.timeEntries.durationSeconds),
        isNull(schema.timeEntries.deletedAt),
      ),
    );
}

beforeAll(async () => {
  people = await signInPeople(ctx.app, ctx.tdb.db);
});
beforeEach(async () => {
  clock.set(NOW);
  t = await createTeam(ctx.tdb.db, people);
});

describe('timer', () => {
  it('starts, shows and stops a timer', async () => {
    expect((await t.cm.get(`${t.base}/timer`)).json()).toEqual({ timer: null });
    const started = await t.cm.post(`${t.base}/timer/start`, {
      categoryId: t.category('content.video'),
      tags: ['reel'],
    });
    expect(started.statusCode).toBe(201);
    expect(started.json()).toMatchObject({
      source: 'timer',
      running: true,
      stale: false,
      startedAt: NOW,
      endedAt: null,
      durationSeconds: null,
      localDate: '2026-11-25',
      weekStart: '2026-11-23',
    });
    expect((await t.cm.get(`${t.base}/timer`)).json().timer.id).toBe(started.json().id);
    later(45);
    const stopped = await t.cm.post(`${t.base}/timer/stop`);
    expect(stopped.statusCode).toBe(200);
    expect(stopped.json()).toMatchObject({ id: started.json().id, running: false, durationSeconds: 2700 });
    expect((await t.cm.get(`${t.base}/timer`)).json()).toEqual({ timer: null });
    const history = (await t.cm.get(`${t.base}/time-entries/${started.json().id}/history`)).json().items;
    expect(history.map((e: { action: string }) => e.action)).toEqual(['timer_start', 'timer_stop']);
  });

  it('stops the running timer when another starts', async () => {
    const first = (await t.cm.post(`${t.base}/timer/start`, { categoryId: t.category('moderation') })).json();
    later(30);
    const second = (await t.cm.post(`${t.base}/timer/start`, { categoryId: t.category('admin') })).json();
    const firstNow = (await t.cm.get(`${t.base}/time-entries/${first.id}`)).json();
    expect(firstNow).toMatchObject({ running: false, durationSeconds: 1800 });
    expect(second.running).toBe(true);
    expect(await runningTimers(t.cmId)).toEqual([{ id: second.id }]);
  });

  it('answers 409 when no timer runs', async () => {
    const res = await t.cm.post(`${t.base}/timer/stop`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe('no_running_timer');
  });

  it('discards a timer stopped within a second of its start rather than keeping a zero-second entry', async () => {
    const started = (await t.cm.post(`${t.base}/timer/start`, { categoryId: t.category('admin') })).json();
    const stopped = (await t.cm.post(`${t.base}/timer/stop`)).json();
    expect(stopped).toMatchObject({ running: false, deletedAt: NOW, durationSeconds: null });
    const listed = (await t.cm.get(`${t.base}/time-entries`)).json().items.map((e: { id: string }) => e.id);
    expect(listed).not.toContain(started.id);
  });

  it('flags a timer running over 12 hours and refuses to count it without its real end', async () => {
    const started = (await t.cm.post(`${t.base}/timer/start`, { categoryId: t.category('moderation') })).json();
    later(13 * 60);
    expect((await t.cm.get(`${t.base}/timer`)).json().timer.stale).toBe(true);
    const listed = (await t.cm.get(`${t.base}/time-entries`)).json().items;
    expect(listed.find((e: { id: string }) => e.id === started.id).stale).toBe(true);
    const refused = await t.cm.post(`${t.base}/timer/stop`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: 'timer_stale', message: expect.stringMatching(/real end time/) });
    // Starting another timer would stop this one silently: refused too.
    expect((await t.cm.post(`${t.base}/timer/start`, { categoryId: t.category('admin') })).statusCode).toBe(409);
    const stopped = await t.cm.post(`${t.base}/timer/stop`, { endedAt: '2026-11-25T17:30:00+01:00' });
    expect(stopped.statusCode).toBe(200);
    expect(stopped.json()).toMatchObject({ durationSeconds: 9000, endedAt: '2026-11-25T16:30:00.000Z', stale: false });
  });

  it('reports a timer left running for days and the entries logged meanwhile as overlapping, both ways', async () => {
    const timer = (await t.cm.post(`${t.base}/timer/start`, { categoryId: t.category('moderation') })).json();
    later(3 * 24 * 60);
    // Three days on (2026-11-28), an entry inside the timer's span, and one the day before it started.
    const inside = await t.cm.post(`${t.base}/time-entries`, {
      categoryId: t.category('admin'),
      startedAt: '2026-11-28T09:00:00Z',
      endedAt: '2026-11-28T10:00:00Z',
    });
    expect(inside.json().overlaps).toEqual([timer.id]);
    const before = await t.cm.post(`${t.base}/time-entries`, {
      categoryId: t.category('admin'),
      startedAt: '2026-11-24T09:00:00Z',
      endedAt: '2026-11-24T10:00:00Z',
    });
    expect(before.json().overlaps).toEqual([]);
    const listed = (await t.cm.get(`${t.base}/time-entries?from=2026-11-20&to=2026-11-30`)).json().items;
    const overlapsOf = (id: string) => listed.find((e: { id: string }) => e.id === id).overlaps;
    expect(overlapsOf(timer.id)).toEqual([inside.json().id]);
    expect(overlapsOf(inside.json().id)).toEqual([timer.id]);
  });

  it('checks an explicit end time', async () => {
    await t.cm.post(`${t.base}/timer/start`, { categoryId: t.category('admin') });
    later(60);
    for (const endedAt of ['2026-11-25T13:00:00Z', '2026-11-25T16:00:00Z', 'not a date']) {
      const res = await t.cm.post(`${t.base}/timer/stop`, { endedAt });
      expect(res.statusCode, endedAt).toBe(400);
      expect(res.json().details[0].field).toBe('body.endedAt');
    }
    expect((await t.cm.post(`${t.base}/timer/stop`, { endedAt: '2026-11-25T14:20:00Z' })).json().durationSeconds).toBe(
      1200,
    );
  });

  it('lets a running timer’s start move, but not its end', async () => {
    const started = (await t.cm.post(`${t.base}/timer/start`, { categoryId: t.category('admin') })).json();
    const moved = await t.cm.patch(`${t.base}/time-entries/${started.id}`, {
      startedAt: '2026-11-25T13:30:00Z',
      note: 'call',
    });
    expect(moved.json()).toMatchObject({ running: true, startedAt: '2026-11-25T13:30:00.000Z', note: 'call' });
    const ended = await t.cm.patch(`${t.base}/time-entries/${started.id}`, { endedAt: '2026-11-25T14:00:00Z' });
    expect(ended.statusCode).toBe(409);
    expect(ended.json().error).toBe('timer_running');
  });

  it('restores a deleted timer only while no other timer runs', async () => {
    const first = (await t.cm.post(`${t.base}/timer/start`, { categoryId: t.category('admin') })).json();
    await t.cm.delete(`${t.base}/time-entries/${first.id}`);
    await t.cm.post(`${t.base}/timer/start`, { categoryId: t.category('admin') });
    expect((await t.cm.post(`${t.base}/time-entries/${first.id}/restore`)).statusCode).toBe(409);
  });

  it('members start timers for themselves only; managers for anyone', async () => {
    const body = { categoryId: t.category('admin'), memberId: t.otherCmId };
    expect((await t.cm.post(`${t.base}/timer/start`, body)).statusCode).toBe(403);
    expect((await t.cm.get(`${t.base}/timer?memberId=${t.otherCmId}`)).statusCode).toBe(403);
    expect((await t.manager.post(`${t.base}/timer/start`, body)).statusCode).toBe(201);
    expect((await t.manager.get(`${t.base}/timer?memberId=${t.otherCmId}`)).json().timer.memberId).toBe(t.otherCmId);
    later(10);
    expect((await t.manager.post(`${t.base}/timer/stop`, { memberId: t.otherCmId })).json().durationSeconds).toBe(600);
  });

  it('leaves exactly one running timer after 50 parallel starts', async () => {
    const starts = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.cm.post(`${t.base}/timer/start`, { categoryId: t.category('admin'), note: `start ${i}` }),
      ),
    );
    expect(starts.map((r) => r.statusCode)).toEqual(Array(50).fill(201));
    expect(await runningTimers(t.cmId)).toHaveLength(1);
    const [counts] = await ctx.tdb.db.execute<{ starts: number; stops: number }>(sql`
      select count(*) filter (where action = 'timer_start')::int as starts,
             count(*) filter (where action = 'timer_stop')::int as stops
      from time_entry_events where organization_id = ${t.organizationId}`);
    expect(counts).toEqual({ starts: 50, stops: 49 });
  });
});
