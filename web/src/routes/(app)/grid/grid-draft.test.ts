import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Category, TimeEntry } from '$lib/api/types';
import { t } from '$lib/i18n.svelte';
import { session } from '$lib/state/session.svelte';
import { toasts } from '$lib/state/toasts.svelte';
import { WeekData } from '$lib/state/week.svelte';
import { CATEGORY, entry, MEMBER, ORG, signedIn } from '../../../test/fixtures';
import { BULK_CHUNK, cellKey, type GridApi, GridDraft, planSave } from './grid-draft.svelte';

const MONDAY = '2026-03-09';
const TUESDAY = '2026-03-10';
const OTHER = '0190a1b2-0000-7000-8000-0000000000c2';

function api(overrides: Partial<GridApi> = {}): GridApi {
  let n = 0;
  return {
    createInBulk: vi.fn(async () => ({})),
    update: vi.fn(async () => ({})),
    remove: vi.fn(async () => {}),
    list: vi.fn(async () => []),
    newKey: () => `key-${++n}`,
    ...overrides,
  };
}

/** A grid on a week holding these entries. */
async function gridOf(entries: TimeEntry[], calls = api()) {
  const week = new WeekData({
    entries: vi.fn(async () => entries),
    approval: vi.fn(async () => null),
    summary: vi.fn(async () => null),
  });
  await week.load(MONDAY);
  const grid = new GridDraft(() => MONDAY, week, calls);
  return { grid, week, calls };
}

beforeEach(() => {
  signedIn();
  session.categories = [
    { id: CATEGORY, key: 'moderation', nameEn: 'Moderation', nameFr: 'Modération', position: 1, archivedAt: null },
    { id: OTHER, key: 'admin', nameEn: 'Admin', nameFr: 'Administratif', position: 2, archivedAt: null },
  ] as Category[];
  toasts.items = [];
});

describe('planning a save', () => {
  const cells = (entries: TimeEntry[]) => new Map([[cellKey(CATEGORY, TUESDAY), entries]]);

  it('raises a cell with one plain entry for the difference', () => {
    const plan = planSave([[cellKey(CATEGORY, TUESDAY), '2h30']], cells([entry({ durationSeconds: 3600 })]));
    expect(plan).toEqual({
      creates: [{ categoryId: CATEGORY, localDate: TUESDAY, durationSeconds: 5400 }],
      updates: [],
      deletes: [],
      refused: [],
    });
  });

  it('lowers a cell by removing then shrinking plain entries, newest first', () => {
    const older = entry({ durationSeconds: 3600 });
    const newer = entry({ durationSeconds: 1800 });
    const plan = planSave([[cellKey(CATEGORY, TUESDAY), '45m']], cells([older, newer]));
    expect(plan.deletes).toEqual([newer.id]);
    expect(plan.updates).toEqual([{ id: older.id, seconds: 2700 }]);
    expect(plan.creates).toEqual([]);
  });

  it('never touches an entry with clock times or details, and says how low the cell can go', () => {
    const timed = entry({ startedAt: '2026-03-10T08:00:00Z', endedAt: '2026-03-10T09:00:00Z', durationSeconds: 3600 });
    const noted = entry({ durationSeconds: 1800, note: 'client call' });
    const plain = entry({ durationSeconds: 900 });
    const plan = planSave([[cellKey(CATEGORY, TUESDAY), '']], cells([timed, noted, plain]));
    // The refused cell is left as it is: not even its plain entry goes.
    expect(plan.deletes).toEqual([]);
    expect(plan.updates).toEqual([]);
    expect(plan.refused).toEqual([{ key: cellKey(CATEGORY, TUESDAY), minSeconds: 5400 }]);
  });
});

describe('the grid', () => {
  it('has the days of the week it is given from the start, before any effect runs', () => {
    const week = new WeekData({
      entries: vi.fn(async () => []),
      approval: vi.fn(async () => null),
      summary: vi.fn(async () => null),
    });
    const grid = new GridDraft(() => MONDAY, week);
    expect(grid.days).toHaveLength(7);
    expect(grid.days[0]).toBe(MONDAY);
    expect(grid.days[6]).toBe('2026-03-15');
  });

  it('shows drafts over saved time and adds up rows, days and the week', async () => {
    const { grid } = await gridOf([entry({ localDate: TUESDAY, durationSeconds: 3600 })]);
    expect(grid.rows.map((r) => r.id)).toEqual([CATEGORY]);
    expect(grid.display(CATEGORY, TUESDAY)).toBe('1h');
    grid.addRow(OTHER);
    grid.edit(OTHER, MONDAY, '90');
    grid.edit(CATEGORY, TUESDAY, 'abc');
    expect(grid.rows.map((r) => r.id)).toEqual([CATEGORY, OTHER]);
    // An unreadable draft counts as what is saved until it is fixed.
    expect(grid.cellSeconds(CATEGORY, TUESDAY)).toBe(3600);
    expect(grid.isBad(CATEGORY, TUESDAY)).toBe(true);
    expect(grid.invalid).toBe(true);
    expect(grid.dayTotal(MONDAY)).toBe(5400);
    expect(grid.rowTotal(OTHER)).toBe(5400);
    expect(grid.grandTotal).toBe(9000);
    grid.revert(CATEGORY, TUESDAY);
    expect(grid.invalid).toBe(false);
    expect(grid.changed).toEqual([[cellKey(OTHER, MONDAY), '90']]);
  });

  it('does not count a draft equal to the saved time as a change', async () => {
    const { grid } = await gridOf([entry({ localDate: TUESDAY, durationSeconds: 3600 })]);
    grid.edit(CATEGORY, TUESDAY, '60');
    expect(grid.changed).toEqual([]);
  });

  it('saves new time in bulk requests of at most 500 rows, each with its own key, then reloads the week', async () => {
    const calls = api();
    const { grid } = await gridOf([], calls);
    const days = Array.from({ length: 7 }, (_, i) => `2026-03-${String(9 + i).padStart(2, '0')}`);
    // 7 days × 80 categories = 560 cells: two bulk requests.
    const ids = Array.from({ length: 80 }, (_, i) => `0190a1b2-0000-7000-8000-1${String(i).padStart(11, '0')}`);
    for (const id of ids) for (const d of days) grid.edit(id, d, '15m');
    await grid.save();
    const bulk = vi.mocked(calls.createInBulk).mock.calls;
    expect(bulk.map(([, rows]) => rows.length)).toEqual([BULK_CHUNK, 560 - BULK_CHUNK]);
    expect(bulk.map(([, , key]) => key)).toEqual(['key-1', 'key-2']);
    expect(grid.drafts).toEqual({});
    expect(toasts.items.at(-1)?.text).toBe(t('grid.saved', { count: 560 }));
  });

  it('saves the other cells when one cannot go as low as asked, and keeps that one with its reason', async () => {
    const timed = entry({ localDate: TUESDAY, startedAt: '2026-03-10T08:00:00Z', durationSeconds: 3600 });
    const calls = api();
    const { grid } = await gridOf([timed], calls);
    grid.edit(CATEGORY, TUESDAY, '30m');
    grid.edit(OTHER, MONDAY, '1h');
    await grid.save();
    expect(vi.mocked(calls.createInBulk).mock.calls.map(([, rows]) => rows)).toEqual([
      [{ categoryId: OTHER, localDate: MONDAY, durationSeconds: 3600 }],
    ]);
    expect(calls.update).not.toHaveBeenCalled();
    expect(Object.keys(grid.cellErrors)).toEqual([cellKey(CATEGORY, TUESDAY)]);
    expect((grid.saveError as Error).message).toBe(t('grid.someCellsKept', { count: 1 }));
    expect(grid.drafts).toEqual({ [cellKey(CATEGORY, TUESDAY)]: '30m' });
    expect(toasts.items.at(-1)?.text).toBe(t('grid.saved', { count: 1 }));
  });

  it('names the days after today that have time typed in', async () => {
    const { grid } = await gridOf([]);
    grid.edit(CATEGORY, MONDAY, '1h');
    grid.edit(CATEGORY, '2026-03-13', '30m');
    grid.edit(OTHER, '2026-03-12', '');
    grid.edit(OTHER, '2026-03-11', '2h');
    expect(grid.futureDays(TUESDAY)).toEqual(['2026-03-11', '2026-03-13']);
    expect(grid.futureDays('2026-03-15')).toEqual([]);
  });

  it('keeps the drafts and shows the error when the save fails', async () => {
    const refusal = new Error('week_locked');
    const { grid } = await gridOf([], api({ createInBulk: vi.fn(() => Promise.reject(refusal)) }));
    grid.edit(CATEGORY, MONDAY, '1h');
    await grid.save();
    expect(grid.saveError).toBe(refusal);
    expect(grid.saving).toBe(false);
    expect(grid.changed).toHaveLength(1);
  });

  it('copies the rows of last week’s categories, not their time', async () => {
    const calls = api({ list: vi.fn(async () => [entry({ categoryId: OTHER, localDate: '2026-03-03' })]) });
    const { grid } = await gridOf([entry({ localDate: TUESDAY })], calls);
    await grid.copyLastWeek();
    expect(calls.list).toHaveBeenCalledWith(ORG, { memberId: MEMBER, from: '2026-03-02', to: '2026-03-08' });
    expect(grid.rows.map((r) => r.id)).toEqual([CATEGORY, OTHER]);
    expect(grid.rowTotal(OTHER)).toBe(0);
    expect(toasts.items.at(-1)?.text).toBe(t('grid.copied', { count: 1 }));
  });
});
