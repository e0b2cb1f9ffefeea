import { describe, expect, it, vi } from 'vitest';
import type { Absence } from '$lib/api/absences';
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
});
