// Absences and public holidays: entered by the member or a manager, weekends and public holidays
// skipped, holidays written from the library for the organization's country and region; a member-
// week's expected hours are the contract pro-rated by the days present, and overtime and coverage
// are measured against them (My week's figures; the dashboards' are in coverage.test.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { createTeam, manualClock, type People, signInPeople, type Team } from './time-entries.fixtures';

const clock = manualClock('2026-11-30T10:00:00.000Z');
const ctx = useTestApp({ clock });
const H = 3600;
let people: People;

beforeAll(async () => {
  people = await signInPeople(ctx.app, ctx.tdb.db);
});

async function franceTeam(): Promise<Team> {
  const t = await createTeam(ctx.tdb.db, people);
  const res = await t.owner.patch(t.base, { holidayCountry: 'FR' });
  expect(res.statusCode, res.body).toBe(200);
  return t;
}

describe('public holidays', () => {
  it('writes the country’s public holidays from the library, and none without a country', async () => {
    const t = await createTeam(ctx.tdb.db, people);
    const none = await t.cm.get(`${t.base}/absences?from=2026-11-01&to=2026-11-30`);
    expect(none.json().publicHolidays).toEqual([]);
    const fr = await t.owner.patch(t.base, { holidayCountry: 'FR' });
    expect(fr.json()).toMatchObject({ holidayCountry: 'FR', holidayRegion: null, coverageThresholdPercent: 80 });
    const nov = (await t.cm.get(`${t.base}/absences?from=2026-11-01&to=2026-11-30`)).json().publicHolidays;
    expect(nov.map((h: { localDate: string }) => h.localDate)).toEqual(['2026-11-01', '2026-11-11']);
    // Observances (Halloween, Valentine's Day) are working days; Thanksgiving is a public holiday.
    await t.owner.patch(t.base, { holidayCountry: 'US', holidayRegion: 'CA' });
    const us = (await t.cm.get(`${t.base}/absences?from=2026-10-01&to=2026-11-30`)).json().publicHolidays;
    expect(us.map((h: { localDate: string }) => h.localDate)).toEqual(['2026-11-11', '2026-11-26', '2026-11-27']);
    await t.owner.patch(t.base, { holidayCountry: null });
    expect((await t.cm.get(`${t.base}/absences?from=2026-01-01&to=2026-12-31`)).json().publicHolidays).toEqual([]);
  });

  it('refuses an unknown country or region, naming the field', async () => {
    const t = await createTeam(ctx.tdb.db, people);
    const bad = await t.owner.patch(t.base, { holidayCountry: 'ZZ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].field).toBe('body.holidayCountry');
    const region = await t.owner.patch(t.base, { holidayCountry: 'FR', holidayRegion: 'XYZ' });
    expect(region.statusCode).toBe(400);
    expect(region.json().details[0].field).toBe('body.holidayRegion');
    const places = await t.cm.get(`${t.base}/holiday-places`);
    expect(places.json().items).toContainEqual({ code: 'FR', name: 'France' });
    const states = await t.cm.get(`${t.base}/holiday-places?country=US`);
    expect(states.json().items).toContainEqual({ code: 'CA', name: 'California' });
  });
});

describe('absences', () => {
  it('marks the working days of a period, skipping the weekend and public holidays', async () => {
    const t = await franceTeam();
    const res = await t.cm.post(`${t.base}/absences`, { from: '2026-11-09', to: '2026-11-15', kind: 'holiday' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().items.map((a: { localDate: string }) => a.localDate)).toEqual([
      '2026-11-09',
      '2026-11-10',
      '2026-11-12',
      '2026-11-13',
    ]);
    // The same day again takes the new kind.
    const again = await t.cm.post(`${t.base}/absences`, { from: '2026-11-13', kind: 'sick', halfDay: true });
    expect(again.json().items).toMatchObject([{ localDate: '2026-11-13', kind: 'sick', halfDay: true }]);
    const list = (await t.cm.get(`${t.base}/absences?from=2026-11-09&to=2026-11-15`)).json();
    expect(list.items).toHaveLength(4);
    expect(list.publicHolidays).toEqual([{ localDate: '2026-11-11', name: 'Armistice Day' }]);
  });

  it('a manager enters one for a member; a member neither for nor sees another', async () => {
    const t = await franceTeam();
    const byManager = await t.manager.post(`${t.base}/absences`, {
      memberId: t.cmId,
      from: '2026-11-16',
      kind: 'training',
      note: 'Meta ads course',
    });
    expect(byManager.statusCode, byManager.body).toBe(201);
    expect(byManager.json().items[0]).toMatchObject({ memberId: t.cmId, createdByMemberId: t.managerId });
    const forOther = await t.otherCm.post(`${t.base}/absences`, { memberId: t.cmId, from: '2026-11-17', kind: 'sick' });
    expect(forOther.statusCode).toBe(403);
    expect((await t.otherCm.get(`${t.base}/absences?from=2026-11-01&to=2026-11-30`)).json().items).toEqual([]);
    const forbiddenRead = await t.otherCm.get(`${t.base}/absences?from=2026-11-01&to=2026-11-30&memberId=${t.cmId}`);
    expect(forbiddenRead.statusCode).toBe(403);
    const id = byManager.json().items[0].id;
    expect((await t.otherCm.delete(`${t.base}/absences/${id}`)).statusCode).toBe(404);
    expect((await t.cm.delete(`${t.base}/absences/${id}`)).statusCode).toBe(204);
    expect((await t.manager.get(`${t.base}/absences?from=2026-11-01&to=2026-11-30`)).json().items).toEqual([]);
  });

  it('refuses a period with no working day, a half-day over several days, and to before from', async () => {
    const t = await franceTeam();
    const weekend = await t.cm.post(`${t.base}/absences`, { from: '2026-11-14', to: '2026-11-15', kind: 'other' });
    expect(weekend.statusCode).toBe(400);
    expect(weekend.json().details[0].field).toBe('body.from');
    const half = await t.cm.post(`${t.base}/absences`, {
      from: '2026-11-16',
      to: '2026-11-17',
      kind: 'sick',
      halfDay: true,
    });
    expect(half.json().details[0].field).toBe('body.halfDay');
    const back = await t.cm.get(`${t.base}/absences?from=2026-11-16&to=2026-11-01`);
    expect(back.json().details[0].field).toBe('query.to');
    const kind = await t.cm.post(`${t.base}/absences`, { from: '2026-11-16', kind: 'party' });
    expect(kind.statusCode).toBe(400);
  });
  it('refuses a day off in an approved week (409 week_locked), as for entries', async () => {
    const t = await franceTeam();
    await t.cm.post(`${t.base}/time-entries`, {
      categoryId: t.category('moderation'),
      durationSeconds: 3600,
      localDate: '2026-11-16',
    });
    const submitted = await t.cm.post(`${t.base}/weeks/2026-11-16/submit`, {});
    expect(submitted.statusCode, submitted.body).toBe(200);
    const approved = await t.manager.post(`${t.base}/weeks/2026-11-16/approve?memberId=${t.cmId}`, {});
    expect(approved.statusCode, approved.body).toBe(200);
    const res = await t.cm.post(`${t.base}/absences`, { from: '2026-11-17', kind: 'sick' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe('week_locked');
  });
});

describe('expected hours of a member-week', () => {
  it('pro-rates the contract by the days present; overtime and coverage are measured against it', async () => {
    const t = await franceTeam();
    // Week of 9 November 2026: Wednesday 11 is Armistice; two days of holiday on Monday and Tuesday.
    await t.cm.post(`${t.base}/absences`, { from: '2026-11-09', to: '2026-11-10', kind: 'holiday' });
    for (const localDate of ['2026-11-12', '2026-11-13']) {
      await t.cm.post(`${t.base}/time-entries`, {
        categoryId: t.category('moderation'),
        durationSeconds: 8 * H,
        localDate,
      });
    }
    const week = (await t.cm.get(`${t.base}/time-entries/week?weekStart=2026-11-09`)).json();
    expect(week).toMatchObject({
      contractSeconds: 35 * H,
      workingDays: 5,
      holidayDays: 1,
      absenceDays: 2,
      // 35 h × 2 days present ÷ 5 working days.
      expectedSeconds: 14 * H,
      expectedWeekSeconds: 14 * H,
      totalSeconds: 16 * H,
      overtimeSeconds: 2 * H,
      remainingSeconds: 0,
    });
    expect(week.coverage).toBeCloseTo(16 / 14, 10);
    // A half-day off counts half.
    await t.cm.post(`${t.base}/absences`, { from: '2026-11-13', kind: 'sick', halfDay: true });
    const half = (await t.cm.get(`${t.base}/time-entries/week?weekStart=2026-11-09`)).json();
    expect(half).toMatchObject({ absenceDays: 2.5, expectedSeconds: 10.5 * H, overtimeSeconds: 5.5 * H });
  });

  it('counts the current week’s days up to today only, and nothing for a member who does not track time', async () => {
    const t = await franceTeam();
    clock.set('2026-12-02T15:00:00.000Z'); // a Wednesday
    try {
      const week = (await t.cm.get(`${t.base}/time-entries/week?weekStart=2026-11-30`)).json();
      expect(week).toMatchObject({ expectedSeconds: 21 * H, expectedWeekSeconds: 35 * H, remainingSeconds: 35 * H });
      const off = await t.owner.patch(`${t.base}/members/${t.cmId}`, { tracksTime: false });
      expect(off.json().tracksTime).toBe(false);
      const none = (await t.cm.get(`${t.base}/time-entries/week?weekStart=2026-11-30`)).json();
      expect(none).toMatchObject({ expectedSeconds: 0, coverage: null });
      const refused = await t.cm.patch(`${t.base}/members/${t.cmId}`, { tracksTime: true });
      expect(refused.statusCode).toBe(403);
    } finally {
      clock.set('2026-11-30T10:00:00.000Z');
    }
  });
});
