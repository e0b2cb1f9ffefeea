import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deferred, entry, ORG, running, signedIn } from '../../test/fixtures';
import { session } from './session.svelte';
import { Timer, type TimerApi } from './timer.svelte';
import { week } from './week.svelte';

function api(overrides: Partial<TimerApi> = {}): TimerApi {
  return {
    get: vi.fn(async () => null),
    start: vi.fn(async () => running('2026-03-10T09:00:00.000Z')),
    stop: vi.fn(async () => entry({ startedAt: '2026-03-10T09:00:00.000Z', durationSeconds: 1800 })),
    ...overrides,
  };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-03-10T09:00:00.000Z'));
  signedIn();
  week.weekStart = '2026-03-09';
  week.entries = [];
});

afterEach(() => {
  vi.useRealTimers();
});

describe('timer', () => {
  it('counts the seconds since its start, every second', () => {
    const timer = new Timer(api());
    timer.set(running('2026-03-10T08:59:30.000Z'));
    expect(timer.elapsedSeconds).toBe(30);
    vi.advanceTimersByTime(5000);
    expect(timer.elapsedSeconds).toBe(35);
    timer.set(null);
    expect(timer.elapsedSeconds).toBe(0);
    // Stopped: no tick left behind.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('flags a timer left running more than 12 hours, or that the server flags', () => {
    const timer = new Timer(api());
    timer.set(running('2026-03-09T21:00:30.000Z'));
    expect(timer.stale).toBe(false);
    vi.advanceTimersByTime(31_000);
    expect(timer.stale).toBe(true);
    timer.set(running('2026-03-10T08:00:00.000Z', { stale: true }));
    expect(timer.stale).toBe(true);
  });

  it('starts with the API, shows the running entry in the week and is busy meanwhile', async () => {
    const answer = deferred<ReturnType<typeof running>>();
    const calls = api({ start: vi.fn(() => answer.promise) });
    const timer = new Timer(calls);
    const starting = timer.start({ categoryId: 'c1' } as never);
    expect(timer.busy).toBe(true);
    const started = running('2026-03-10T09:00:00.000Z');
    answer.resolve(started);
    await starting;
    expect(calls.start).toHaveBeenCalledWith(ORG, { categoryId: 'c1' });
    expect(timer.busy).toBe(false);
    expect(timer.current?.id).toBe(started.id);
    expect(week.entries.map((e) => e.id)).toEqual([started.id]);
  });

  it('stops with the real end when given one and puts the finished entry in the week', async () => {
    const finished = entry({ startedAt: '2026-03-09T20:00:00.000Z', durationSeconds: 7200, localDate: '2026-03-09' });
    const calls = api({ stop: vi.fn(async () => finished) });
    const timer = new Timer(calls);
    timer.set(running('2026-03-09T20:00:00.000Z', { id: finished.id }));
    const stopped = await timer.stop('2026-03-09T22:00:00.000Z');
    expect(calls.stop).toHaveBeenCalledWith(ORG, '2026-03-09T22:00:00.000Z');
    expect(stopped).toBe(finished);
    expect(timer.current).toBeNull();
    expect(week.entries).toEqual([finished]);
  });

  it('is not busy any more when a start fails', async () => {
    const timer = new Timer(api({ start: vi.fn(() => Promise.reject(new Error('refused'))) }));
    await expect(timer.start({ categoryId: 'c1' } as never)).rejects.toThrow('refused');
    expect(timer.busy).toBe(false);
    expect(timer.current).toBeNull();
  });

  it('asks nothing without an organization', async () => {
    const calls = api();
    const timer = new Timer(calls);
    session.orgId = null;
    await timer.refresh();
    expect(await timer.stop()).toBeNull();
    expect(calls.get).not.toHaveBeenCalled();
    expect(calls.stop).not.toHaveBeenCalled();
  });
});
