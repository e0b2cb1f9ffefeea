import { describe, expect, it, vi } from 'vitest';
import type { Absence, AbsenceList } from '$lib/api/absences';
import { MEMBER, ORG } from '../../test/fixtures';
import { DaysOff, type DaysOffApi } from './days-off.svelte';

const absence = (localDate: string, overrides: Partial<Absence> = {}): Absence => ({
  id: `a-${localDate}`,
  memberId: MEMBER,
  localDate,
  kind: 'holiday',
  halfDay: false,
  note: '',
  createdByMemberId: MEMBER,
  ...overrides,
});

function api(items: Absence[] = []): DaysOffApi {
  let stored = [...items];
  return {
    listAbsences: vi.fn(async () => ({
      items: stored,
      publicHolidays: [{ localDate: '2026-11-11', name: 'Armistice' }],
    })),
    recordAbsence: vi.fn(async (_org, body) => {
      const row = absence(body.from, { kind: body.kind, halfDay: body.halfDay ?? false });
      stored = [...stored, row];
      return [row];
    }),
    removeAbsence: vi.fn(async (_org, id) => {
      stored = stored.filter((a) => a.id !== id);
    }),
  };
}

describe('days off', () => {
  it('loads the week’s days off and public holidays for the member', async () => {
    const calls = api([absence('2026-11-09')]);
    const days = new DaysOff(() => {}, calls);
    await days.load(ORG, MEMBER, '2026-11-09');
    expect(calls.listAbsences).toHaveBeenCalledWith(ORG, { from: '2026-11-09', to: '2026-11-15', memberId: MEMBER });
    expect(days.status).toBe('ready');
    expect(days.absenceOn('2026-11-09')?.kind).toBe('holiday');
    expect(days.holidayOn('2026-11-11')?.name).toBe('Armistice');
    expect(days.day).toBe('2026-11-09');
  });

  it('adds the chosen day, kind and half-day, then tells the week to fetch its figures again', async () => {
    const calls = api();
    const changed = vi.fn();
    const days = new DaysOff(changed, calls);
    await days.load(ORG, MEMBER, '2026-11-09');
    days.day = '2026-11-12';
    days.kind = 'sick';
    days.halfDay = true;
    await days.add(ORG, MEMBER);
    expect(calls.recordAbsence).toHaveBeenCalledWith(ORG, {
      memberId: MEMBER,
      from: '2026-11-12',
      kind: 'sick',
      halfDay: true,
    });
    expect(days.absenceOn('2026-11-12')).toMatchObject({ kind: 'sick', halfDay: true });
    expect(changed).toHaveBeenCalledTimes(1);
    await days.remove(ORG, MEMBER, 'a-2026-11-12');
    expect(days.absences).toEqual([]);
    expect(changed).toHaveBeenCalledTimes(2);
  });

  it('keeps the error of a refused day and the form as it was', async () => {
    const calls = api();
    calls.recordAbsence = vi.fn(async () => {
      throw Object.assign(new Error('no working day'), { status: 400 });
    });
    const days = new DaysOff(() => {}, calls);
    await days.load(ORG, MEMBER, '2026-11-09');
    days.day = '2026-11-14';
    await days.add(ORG, MEMBER);
    expect(days.error?.message).toBe('no working day');
    expect(days.day).toBe('2026-11-14');
    expect(days.saving).toBe(false);
  });

  it('reads any dates of a member for a manager, starts the form on today, and marks a run of days at once', async () => {
    const calls = api([absence('2026-11-20', { kind: 'sick' })]);
    const changed = vi.fn();
    const days = new DaysOff(changed, calls);
    await days.loadPeriod(ORG, MEMBER, '2026-11-02', '2027-01-31', '2026-12-03');
    expect(calls.listAbsences).toHaveBeenCalledWith(ORG, { from: '2026-11-02', to: '2027-01-31', memberId: MEMBER });
    expect([days.weekStart, days.from, days.to, days.day]).toEqual([null, '2026-11-02', '2027-01-31', '2026-12-03']);
    // Holidays and absences in date order.
    expect(days.lines.map((l) => [l.type, l.localDate])).toEqual([
      ['holiday', '2026-11-11'],
      ['absence', '2026-11-20'],
    ]);
    days.day = '2026-12-21';
    days.until = '2026-12-24';
    days.halfDay = true;
    expect(days.isRun).toBe(true);
    await days.add(ORG, MEMBER);
    // A run is whole days: the API takes a half day for one day only.
    expect(calls.recordAbsence).toHaveBeenCalledWith(ORG, {
      memberId: MEMBER,
      from: '2026-12-21',
      to: '2026-12-24',
      kind: 'holiday',
      halfDay: false,
    });
    expect(days.until).toBe('');
    expect(calls.listAbsences).toHaveBeenLastCalledWith(ORG, {
      from: '2026-11-02',
      to: '2027-01-31',
      memberId: MEMBER,
    });
    expect(days.absenceOn('2026-12-21')).not.toBeNull();
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('keeps a failed read as an error, and reads the same dates again on retry', async () => {
    const calls = api();
    const list = calls.listAbsences;
    calls.listAbsences = vi.fn(async () => {
      throw Object.assign(new Error('offline'), { status: 0 });
    });
    const days = new DaysOff(() => {}, calls);
    await days.loadPeriod(ORG, MEMBER, '2026-11-02', '2027-01-31');
    expect([days.status, days.error?.message, days.day]).toEqual(['error', 'offline', '2026-11-02']);
    calls.listAbsences = list;
    await days.reload(ORG, MEMBER);
    expect(list).toHaveBeenCalledWith(ORG, { from: '2026-11-02', to: '2027-01-31', memberId: MEMBER });
    expect([days.status, days.error]).toEqual(['ready', null]);
  });

  it('starts afresh for another member', async () => {
    const calls = api([absence('2026-11-20')]);
    const days = new DaysOff(() => {}, calls);
    await days.loadPeriod(ORG, MEMBER, '2026-11-02', '2027-01-31');
    let release: () => void = () => {};
    calls.listAbsences = vi.fn(
      () => new Promise<AbsenceList>((resolve) => (release = () => resolve({ items: [], publicHolidays: [] }))),
    );
    const next = days.loadPeriod(ORG, 'another-member', '2026-11-02', '2027-01-31');
    // While the other member's days load, the first member's are not shown as theirs.
    expect(days.lines).toEqual([]);
    release();
    await next;
  });
});
