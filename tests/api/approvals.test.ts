// Week approvals through the HTTP API: the submit → approve / reject → reopen cycle, the frozen
// snapshot, and the lock an approved week puts on every kind of entry write, for everyone.
import { sql } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { createTeam, manualClock, type People, signInPeople, type Team } from './time-entries.fixtures';

let people: People;
let t: Team;
const NOW = '2026-11-25T14:00:00.000Z';
const clock = manualClock(NOW);
const ctx = useTestApp({ clock });
const WEEK = '2026-11-16';

beforeAll(async () => {
  people = await signInPeople(ctx.app, ctx.tdb.db);
});
beforeEach(async () => {
  clock.set(NOW);
  t = await createTeam(ctx.tdb.db, people);
});

const log = (localDate: string, key = 'admin', seconds = 3600) => ({
  categoryId: t.category(key),
  durationSeconds: seconds,
  localDate,
});

async function approveWeek(week = WEEK) {
  expect((await t.cm.post(`${t.base}/weeks/${week}/submit`)).statusCode).toBe(200);
  const approved = await t.manager.post(`${t.base}/weeks/${week}/approve?memberId=${t.cmId}`);
  expect(approved.statusCode, approved.body).toBe(200);
  return approved.json();
}

describe('the approval cycle', () => {
  it('submits, approves with a snapshot of the totals, and lists the weeks', async () => {
    await t.cm.post(`${t.base}/time-entries`, log('2026-11-17', 'content.video', 5400));
    await t.cm.post(`${t.base}/time-entries`, log('2026-11-18', 'moderation', 1800));
    await t.cm.post(`${t.base}/time-entries`, log('2026-11-24', 'moderation', 999)); // next week
    const submitted = (await t.cm.post(`${t.base}/weeks/${WEEK}/submit`)).json();
    expect(submitted).toMatchObject({
      memberId: t.cmId,
      weekStart: WEEK,
      status: 'submitted',
      locked: false,
      submittedAt: NOW,
      submittedByMemberId: t.cmId,
      snapshot: null,
    });
    const approved = (await t.manager.post(`${t.base}/weeks/${WEEK}/approve?memberId=${t.cmId}`)).json();
    expect(approved).toMatchObject({
      status: 'approved',
      locked: true,
      decidedByMemberId: t.managerId,
      snapshot: { totalSeconds: 7200, entryCount: 2, byCategory: { 'content.video': 5400, moderation: 1800 } },
    });
    const listed = { ...approved, live: { totalSeconds: 7200, entryCount: 2 } };
    const mine = (await t.cm.get(`${t.base}/weeks?from=2026-11-01&to=2026-11-30`)).json().items;
    expect(mine).toEqual([listed]);
    const all = (await t.manager.get(`${t.base}/weeks?status=approved`)).json().items;
    expect(all).toEqual([listed]);
  });

  it('lists each week with its live totals, equal to the entry summary of that week', async () => {
    await t.cm.post(`${t.base}/time-entries`, log('2026-11-17', 'content.video', 5400));
    await t.cm.post(`${t.base}/weeks/${WEEK}/submit`);
    // A submitted week can still change until it is approved: the list follows.
    await t.cm.post(`${t.base}/time-entries`, log('2026-11-19', 'moderation', 1200));
    const deleted = (await t.cm.post(`${t.base}/time-entries`, log('2026-11-20', 'admin', 600))).json();
    await t.cm.delete(`${t.base}/time-entries/${deleted.id}`);
    await t.otherCm.post(`${t.base}/time-entries`, log('2026-11-18', 'admin', 900)); // never submitted
    const [week] = (await t.manager.get(`${t.base}/weeks?from=${WEEK}&to=${WEEK}`)).json().items;
    const summary = (
      await t.manager.get(`${t.base}/time-entries/summary?memberId=${t.cmId}&from=${WEEK}&to=2026-11-22`)
    ).json();
    expect(week).toMatchObject({ memberId: t.cmId, status: 'submitted', live: { totalSeconds: 6600, entryCount: 2 } });
    expect(week.live).toEqual({ totalSeconds: summary.totalSeconds, entryCount: summary.entryCount });
  });

  it('rejects with a comment, then accepts a new submission', async () => {
    await t.cm.post(`${t.base}/weeks/${WEEK}/submit`);
    const noComment = await t.manager.post(`${t.base}/weeks/${WEEK}/reject?memberId=${t.cmId}`, {});
    expect(noComment.statusCode).toBe(400);
    expect(noComment.json().details[0].field).toBe('body.comment');
    const rejected = await t.manager.post(`${t.base}/weeks/${WEEK}/reject?memberId=${t.cmId}`, {
      comment: 'Tuesday looks empty: did you forget the shoot?',
    });
    expect(rejected.json()).toMatchObject({
      status: 'rejected',
      comment: expect.stringMatching(/shoot/),
      locked: false,
    });
    expect((await t.cm.post(`${t.base}/weeks/${WEEK}/submit`)).json().status).toBe('submitted');
  });

  it('refuses transitions that make no sense with 409', async () => {
    expect((await t.manager.post(`${t.base}/weeks/${WEEK}/approve?memberId=${t.cmId}`)).statusCode).toBe(409);
    expect((await t.manager.post(`${t.base}/weeks/${WEEK}/reopen?memberId=${t.cmId}`)).statusCode).toBe(409);
    await t.cm.post(`${t.base}/weeks/${WEEK}/submit`);
    const twice = await t.cm.post(`${t.base}/weeks/${WEEK}/submit`);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error).toBe('invalid_transition');
  });

  it('refuses a date that does not start a week, and a week that has not started', async () => {
    const tuesday = await t.cm.post(`${t.base}/weeks/2026-11-17/submit`);
    expect(tuesday.statusCode).toBe(400);
    expect(tuesday.json()).toMatchObject({
      details: [{ field: 'params.weekStart' }],
      message: expect.stringMatching(/Monday/),
    });
    expect((await t.cm.post(`${t.base}/weeks/2026-11-30/submit`)).statusCode).toBe(400);
    expect((await t.cm.post(`${t.base}/weeks/2026-11-23/submit`)).statusCode).toBe(200);
  });

  it('members submit their own weeks only and decide nothing; managers submit for a member', async () => {
    expect((await t.cm.post(`${t.base}/weeks/${WEEK}/submit?memberId=${t.otherCmId}`)).statusCode).toBe(403);
    expect((await t.cm.post(`${t.base}/weeks/${WEEK}/approve?memberId=${t.cmId}`)).statusCode).toBe(403);
    expect((await t.cm.get(`${t.base}/weeks?memberId=${t.otherCmId}`)).statusCode).toBe(403);
    const forThem = await t.manager.post(`${t.base}/weeks/${WEEK}/submit?memberId=${t.otherCmId}`);
    expect(forThem.json()).toMatchObject({ memberId: t.otherCmId, submittedByMemberId: t.managerId });
    expect((await t.cm.get(`${t.base}/weeks`)).json().items).toEqual([]);
  });

  it('answers 404 for a member of another organization, and requires the member to decide', async () => {
    const other = await createTeam(ctx.tdb.db, people);
    expect((await t.manager.post(`${t.base}/weeks/${WEEK}/submit?memberId=${other.cmId}`)).statusCode).toBe(404);
    const missing = await t.manager.post(`${t.base}/weeks/${WEEK}/approve`);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().details[0].field).toBe('query.memberId');
  });
});

describe('an approved week is locked', () => {
  it('refuses every kind of entry write in it, for members and managers, until reopened', async () => {
    const inWeek = (await t.cm.post(`${t.base}/time-entries`, log('2026-11-17'))).json();
    const nextWeek = (await t.cm.post(`${t.base}/time-entries`, log('2026-11-24'))).json();
    const deleted = (await t.cm.post(`${t.base}/time-entries`, log('2026-11-18'))).json();
    await t.cm.delete(`${t.base}/time-entries/${deleted.id}`);
    await approveWeek();
    const [before] = await ctx.tdb.db.execute<{ n: number }>(
      sql`select count(*)::int as n from time_entry_events where organization_id = ${t.organizationId}`,
    );

    const writes = [
      () => t.cm.post(`${t.base}/time-entries`, log('2026-11-19')),
      () => t.manager.post(`${t.base}/time-entries`, { ...log('2026-11-19'), memberId: t.cmId }),
      () => t.cm.post(`${t.base}/time-entries/bulk`, { entries: [log('2026-11-24'), log('2026-11-20')] }),
      () => t.cm.patch(`${t.base}/time-entries/${inWeek.id}`, { note: 'fix' }),
      () => t.owner.patch(`${t.base}/time-entries/${inWeek.id}`, { localDate: '2026-11-24' }),
      // Moving an entry INTO the locked week is refused as well.
      () => t.cm.patch(`${t.base}/time-entries/${nextWeek.id}`, { localDate: '2026-11-20' }),
      () => t.manager.patch(`${t.base}/time-entries/${nextWeek.id}`, { memberId: t.cmId, localDate: '2026-11-20' }),
      () => t.cm.delete(`${t.base}/time-entries/${inWeek.id}`),
      () => t.cm.post(`${t.base}/time-entries/${deleted.id}/restore`),
      () =>
        t.cm.post(`${t.base}/time-entries`, {
          categoryId: t.category('admin'),
          startedAt: '2026-11-22T23:00:00+01:00', // Sunday night, ending on Monday: still the locked week
          endedAt: '2026-11-23T01:00:00+01:00',
        }),
    ];
    for (const write of writes) {
      const res = await write();
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json()).toMatchObject({ error: 'week_locked', message: expect.stringMatching(/2026-11-16.*reopen/) });
    }
    const [after] = await ctx.tdb.db.execute<{ n: number }>(
      sql`select count(*)::int as n from time_entry_events where organization_id = ${t.organizationId}`,
    );
    expect(after).toEqual(before);

    // Other weeks and other members stay writable.
    expect((await t.cm.patch(`${t.base}/time-entries/${nextWeek.id}`, { note: 'fine' })).statusCode).toBe(200);
    expect((await t.otherCm.post(`${t.base}/time-entries`, log('2026-11-17'))).statusCode).toBe(201);

    const reopened = await t.manager.post(`${t.base}/weeks/${WEEK}/reopen?memberId=${t.cmId}`, {
      comment: 'fix Tuesday',
    });
    expect(reopened.json()).toMatchObject({ status: 'reopened', locked: false, snapshot: null });
    expect((await t.cm.patch(`${t.base}/time-entries/${inWeek.id}`, { note: 'fix' })).statusCode).toBe(200);
    expect((await t.cm.post(`${t.base}/time-entries/${deleted.id}/restore`)).statusCode).toBe(200);
  });

  it('refuses timer writes in it', async () => {
    clock.set('2026-11-20T09:00:00Z');
    const timer = (await t.cm.post(`${t.base}/timer/start`, { categoryId: t.category('admin') })).json();
    clock.set(NOW);
    // A week with a running timer cannot be approved: the timer would have to stop inside a locked week.
    await t.cm.post(`${t.base}/weeks/${WEEK}/submit`);
    const blocked = await t.manager.post(`${t.base}/weeks/${WEEK}/approve?memberId=${t.cmId}`);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().message).toMatch(/timer/);
    await t.cm.post(`${t.base}/timer/stop`, { endedAt: '2026-11-20T10:00:00Z' });
    await t.manager.post(`${t.base}/weeks/${WEEK}/approve?memberId=${t.cmId}`);
    expect((await t.cm.patch(`${t.base}/time-entries/${timer.id}`, { note: 'x' })).statusCode).toBe(409);

    clock.set('2026-11-21T09:00:00Z'); // a Saturday inside the locked week
    const start = await t.cm.post(`${t.base}/timer/start`, { categoryId: t.category('admin') });
    expect(start.statusCode).toBe(409);
    expect(start.json().error).toBe('week_locked');
  });

  it('approving takes the same member lock as entry writes, so the snapshot matches the week', async () => {
    await t.cm.post(`${t.base}/weeks/${WEEK}/submit`);
    const writes = Array.from({ length: 10 }, () =>
      t.cm.post(`${t.base}/time-entries`, log('2026-11-18', 'admin', 60)),
    );
    const approval = t.manager.post(`${t.base}/weeks/${WEEK}/approve?memberId=${t.cmId}`);
    const [approved, ...results] = await Promise.all([approval, ...writes]);
    const accepted = results.filter((r) => r.statusCode === 201).length;
    expect(accepted + results.filter((r) => r.statusCode === 409).length).toBe(10);
    expect(approved.json().snapshot.entryCount).toBe(accepted);
  });
});
