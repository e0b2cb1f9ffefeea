import { describe, expect, it, vi } from 'vitest';
import type { ReminderInput, ReminderSetting } from '$lib/api/types';
import { clockOf, draftOf, inputOf, Reminders, type RemindersApi } from './reminders.svelte';

const ORG = '0190a1b2-0000-7000-8000-000000000001';
const settings: ReminderSetting[] = [
  { kind: 'nothing_logged', enabled: true, atMinutes: 1050, afterHours: null },
  { kind: 'timer_running', enabled: true, atMinutes: null, afterHours: 4 },
];

describe('the profile’s reminders', () => {
  it('shows times as HH:MM and sends them back as minutes', () => {
    expect(clockOf(1050)).toBe('17:30');
    const draft = draftOf(settings[0]!);
    expect(draft).toMatchObject({ time: '17:30', hours: null });
    draft.time = '18:05';
    draft.enabled = false;
    expect(inputOf(draft)).toEqual({ kind: 'nothing_logged', enabled: false, atMinutes: 1085 });
    expect(inputOf(draftOf(settings[1]!))).toEqual({ kind: 'timer_running', enabled: true, afterHours: 4 });
  });

  it('loads, saves every kind, and keeps the error when saving fails', async () => {
    const api: RemindersApi = {
      load: vi.fn(async () => settings),
      save: vi.fn(async (_org: string, items: ReminderInput[]) =>
        items.map((i) => ({ atMinutes: null, afterHours: null, ...i }) as ReminderSetting),
      ),
    };
    const state = new Reminders(api);
    await state.load(ORG);
    expect(state.status).toBe('ready');
    state.drafts[0]!.enabled = false;
    expect(await state.save(ORG)).toBe(true);
    expect(api.save).toHaveBeenCalledWith(ORG, [
      { kind: 'nothing_logged', enabled: false, atMinutes: 1050 },
      { kind: 'timer_running', enabled: true, afterHours: 4 },
    ]);
    api.save = vi.fn(async () => Promise.reject(new Error('offline')));
    expect(await state.save(ORG)).toBe(false);
    expect(state.error).toBeInstanceOf(Error);
  });
});
