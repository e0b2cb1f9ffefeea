import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TimeEntry, WeekApproval, WeekSummary } from '$lib/api/types';
import { deferred, entry, MEMBER, ORG, running, signedIn } from '../../test/fixtures';
import { type WeekApi, WeekData } from './week.svelte';

function api(
  entries: TimeEntry[] = [],
  approval: WeekApproval | null = null,
  summary: WeekSummary | null = null,
): WeekApi {
  return {
    entries: vi.fn(async () => entries),
    approval: vi.fn(async () => approval),
    summary: vi.fn(async () => summary),
  };
}

/** The API's figures of a week: what the page shows, never summed on the client. */
function figures(days: Record<string, number>): WeekSummary {
  return {
    days: Object.entries(days).map(([localDate, seconds]) => ({ localDate, seconds, entryCount: 1 })),
    entries: [],
  } as unknown as WeekSummary;
}

beforeEach(() => {
  signedIn();
});

describe('week', () => {
  it('loads the member’s entries of the seven days and the week’s approval, sorted by time', async () => {
    const late = entry({ localDate: '2026-03-10', startedAt: '2026-03-10T15:00:00Z' });
    const early = entry({ localDate: '2026-03-10', startedAt: '2026-03-10T08:00:00Z' });
    const noClock = entry({ localDate: '2026-03-09' });
    const calls = api([late, noClock, early]);
    const week = new WeekData(calls);
    await week.load('2026-03-09');
    expect(calls.entries).toHaveBeenCalledWith(ORG, { memberId: MEMBER, from: '2026-03-09', to: '2026-03-15' });
    expect(calls.approval).toHaveBeenCalledWith(ORG, MEMBER, '2026-03-09');
    expect(week.status).toBe('ready');
    expect(week.entries.map((e) => e.id)).toEqual([noClock.id, early.id, late.id]);
    expect(week.days).toEqual([
      '2026-03-09',
      '2026-03-10',
      '2026-03-11',
      '2026-03-12',
      '2026-03-13',
      '2026-03-14',
      '2026-03-15',
    ]);
  });

  it('joins a read of the same week already under way (the page load started it), and reads again when asked quietly', async () => {
    const calls = api([entry({ localDate: '2026-03-10' })]);
    const week = new WeekData(calls);
    const first = week.load('2026-03-09');
    const second = week.load('2026-03-09');
    expect(second).toBe(first);
    await Promise.all([first, second]);
    expect(calls.entries).toHaveBeenCalledTimes(1);
    await week.load('2026-03-09');
    await week.reload();
    expect(calls.entries).toHaveBeenCalledTimes(3);
  });

  it('keeps the answer of the last week asked for when an older answer arrives late', async () => {
    const slow = deferred<TimeEntry[]>();
    const old = entry({ localDate: '2026-03-02' });
    const current = entry({ localDate: '2026-03-10' });
    const calls: WeekApi = {
      entries: vi.fn().mockReturnValueOnce(slow.promise).mockResolvedValueOnce([current]),
      approval: vi.fn(async () => null),
      summary: vi.fn(async () => null),
    };
    const week = new WeekData(calls);
    const first = week.load('2026-03-02');
    await week.load('2026-03-09');
    slow.resolve([old]);
    await first;
    expect(week.weekStart).toBe('2026-03-09');
    expect(week.entries.map((e) => e.id)).toEqual([current.id]);
  });

  it('shows a written entry in place, and drops one that left the week or was deleted', async () => {
    const a = entry({ localDate: '2026-03-10', startedAt: '2026-03-10T08:00:00Z' });
    const week = new WeekData(api([a]));
    await week.load('2026-03-09');
    const b = entry({ localDate: '2026-03-10', startedAt: '2026-03-10T07:00:00Z' });
    week.upsert(b);
    expect(week.entries.map((e) => e.id)).toEqual([b.id, a.id]);
    week.upsert({ ...a, localDate: '2026-03-17' });
    expect(week.entries.map((e) => e.id)).toEqual([b.id]);
    week.upsert({ ...b, deletedAt: '2026-03-10T10:00:00Z' });
    expect(week.entries).toEqual([]);
  });

  it('shows the API’s day totals, and asks for them again after a change', async () => {
    const calls = api(
      [
        entry({ localDate: '2026-03-10', durationSeconds: 3600 }),
        entry({ localDate: '2026-03-10', durationSeconds: 900 }),
        running('2026-03-10T09:00:00Z', { localDate: '2026-03-10' }),
      ],
      null,
      figures({ '2026-03-10': 4500 }),
    );
    const week = new WeekData(calls);
    await week.load('2026-03-09');
    expect(week.totalOn('2026-03-10')).toBe(4500);
    expect(week.totalOn('2026-03-11')).toBe(0);
    expect(week.done).toHaveLength(2);
    vi.mocked(calls.summary).mockResolvedValueOnce(figures({ '2026-03-10': 5100 }));
    week.upsert(entry({ localDate: '2026-03-10', durationSeconds: 600 }));
    await vi.waitFor(() => expect(week.totalOn('2026-03-10')).toBe(5100));
    expect(calls.summary).toHaveBeenCalledTimes(2);
  });

  it('reports a failed load and keeps the week asked for', async () => {
    const week = new WeekData({
      entries: vi.fn(() => Promise.reject(new Error('down'))),
      approval: vi.fn(),
      summary: vi.fn(),
    });
    await week.load('2026-03-09');
    expect(week.status).toBe('error');
    expect(week.error?.message).toBe('Error: down');
    expect(week.weekStart).toBe('2026-03-09');
  });
});
