import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toasts, UNDO_KEY_MS, UNDO_MS } from './toasts.svelte';

beforeEach(() => {
  vi.useFakeTimers();
  toasts.items = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('toasts', () => {
  it('keeps the last action on the undo key a minute after its toast went, and runs it once', async () => {
    const run = vi.fn();
    toasts.show('Logged 45m', { action: { label: 'Undo', run } });
    vi.advanceTimersByTime(UNDO_MS + 1);
    expect(toasts.items).toEqual([]);
    expect(await toasts.actLast()).toBe(true);
    expect(run).toHaveBeenCalledTimes(1);
    expect(await toasts.actLast()).toBe(false);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('forgets an action once it is too old, or when its toast is closed by hand', async () => {
    const run = vi.fn();
    toasts.show('Logged', { action: { label: 'Undo', run } });
    vi.advanceTimersByTime(UNDO_KEY_MS + 1);
    expect(await toasts.actLast()).toBe(false);
    const id = toasts.show('Logged again', { action: { label: 'Undo', run } });
    toasts.dismiss(id);
    expect(await toasts.actLast()).toBe(false);
    expect(run).not.toHaveBeenCalled();
  });

  it('keeps at most three toasts', () => {
    for (const n of [1, 2, 3, 4]) toasts.show(`toast ${n}`);
    expect(toasts.items.map((t) => t.text)).toEqual(['toast 2', 'toast 3', 'toast 4']);
  });
});
