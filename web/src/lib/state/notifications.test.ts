import { describe, expect, it, vi } from 'vitest';
import type { Notice } from '../api/types';
import { locale } from '../i18n.svelte';
import { describeNotice, Notifications, type NotificationsApi } from './notifications.svelte';

const ORG = '0190a1b2-0000-7000-8000-000000000001';
const notice = (
  id: string,
  read = false,
  kind = 'nothing_logged',
  data: Record<string, unknown> = { date: '2026-12-07', weekStart: '2026-12-07' },
) => ({ id, kind, data, read, createdAt: '2026-12-07T16:30:00Z' }) as Notice;

function client(overrides: Partial<NotificationsApi> = {}): NotificationsApi {
  return {
    list: vi.fn(async () => ({ items: [notice('a'), notice('b', true)], unread: 1 })),
    read: vi.fn(async () => ({ unread: 0 })),
    ...overrides,
  };
}

describe('the notifications menu state', () => {
  it('loads the notices and the unread count, then clears it', async () => {
    const api = client();
    const state = new Notifications(api);
    await state.load(ORG);
    expect(state.status).toBe('ready');
    expect(state.unread).toBe(1);
    await state.readAll();
    expect(api.read).toHaveBeenCalledWith(ORG);
    expect(state.unread).toBe(0);
    expect(state.items.every((n) => n.read)).toBe(true);
  });

  it('keeps the notices unread when marking them fails', async () => {
    const state = new Notifications(client({ read: vi.fn(async () => Promise.reject(new Error('offline'))) }));
    await state.load(ORG);
    await state.readAll();
    expect(state.unread).toBe(1);
    expect(state.items.find((n) => n.id === 'a')!.read).toBe(false);
  });

  it('shows an error state when the list cannot load', async () => {
    const state = new Notifications(client({ list: vi.fn(async () => Promise.reject(new Error('down'))) }));
    await state.load(ORG);
    expect(state.status).toBe('error');
  });

  it('reads each kind in the reader’s language, with where it leads', () => {
    locale.set('fr');
    expect(describeNotice(notice('a')).text).toContain('Rien de saisi');
    locale.set('en');
    expect(describeNotice(notice('a'))).toEqual({
      text: 'Nothing logged for Monday, December 7.',
      href: '/week?week=2026-12-07',
    });
    const timer = describeNotice(
      notice('t', false, 'timer_running', { entryId: 'e1', hours: 4, stopAt: '2026-12-04T17:00:00.000Z' }),
    );
    expect(timer.href).toBe('/week?stopTimer=e1&at=2026-12-04T17%3A00%3A00.000Z');
  });
});
