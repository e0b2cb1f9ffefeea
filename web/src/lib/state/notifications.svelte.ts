// The notifications menu: the member's latest notices in this organization and the unread count,
// refreshed when the menu opens and every few minutes; reading them marks them read. Each notice
// reads in the reader's language from its kind and data (the mail said the same).
import { api, ok } from '../api/client';
import type { Notice } from '../api/types';
import { day, t } from '../i18n.svelte';

export interface NotificationsApi {
  list(orgId: string): Promise<{ items: Notice[]; unread: number }>;
  read(orgId: string, ids?: string[]): Promise<{ unread: number }>;
}

export const notificationsApi: NotificationsApi = {
  list: (orgId) => ok(api.GET('/api/v1/organizations/{orgId}/notifications', { params: { path: { orgId } } })),
  read: (orgId, ids) =>
    ok(
      api.POST('/api/v1/organizations/{orgId}/notifications/read', {
        params: { path: { orgId } },
        body: ids ? { ids } : {},
      }),
    ),
};

/** What a notice says, and where it leads. */
export function describeNotice(notice: Notice): { text: string; href: string } {
  const d = notice.data as Record<string, string | number>;
  switch (notice.kind) {
    case 'nothing_logged':
      return {
        text: t('notifications.nothing_logged', { date: day(String(d.date)) }),
        href: `/week?week=${d.weekStart}`,
      };
    case 'timer_running':
      return {
        text: t('notifications.timer_running', { hours: d.hours ?? '' }),
        href: `/week?stopTimer=${d.entryId}&at=${encodeURIComponent(String(d.stopAt))}`,
      };
    case 'week_unsubmitted':
      return {
        text: t('notifications.week_unsubmitted', { date: day(String(d.weekStart)) }),
        href: `/week?week=${d.weekStart}`,
      };
    case 'manager_digest':
      return {
        text: t('notifications.manager_digest', {
          date: day(String(d.weekStart)),
          notSubmitted: d.notSubmitted ?? 0,
          waiting: d.waitingApproval ?? 0,
        }),
        href: `/team?week=${d.weekStart}`,
      };
    case 'webhook_disabled':
      return {
        text: t('notifications.webhook_disabled', { endpoint: String(d.endpoint) }),
        href: '/settings/webhooks',
      };
    default:
      return { text: notice.kind, href: '/' };
  }
}

export class Notifications {
  items = $state<Notice[]>([]);
  unread = $state(0);
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  #orgId: string | null = null;

  constructor(private readonly client: NotificationsApi = notificationsApi) {}

  async load(orgId: string) {
    if (orgId !== this.#orgId) {
      this.items = [];
      this.unread = 0;
      this.status = 'loading';
    }
    this.#orgId = orgId;
    try {
      const answer = await this.client.list(orgId);
      if (this.#orgId !== orgId) return;
      this.items = answer.items;
      this.unread = answer.unread;
      this.status = 'ready';
    } catch {
      if (this.#orgId === orgId) this.status = 'error';
    }
  }

  /** Marks every notice read (what opening the list and pressing "mark all" do). */
  async readAll() {
    const orgId = this.#orgId;
    if (!orgId || this.unread === 0) return;
    const before = this.items;
    this.items = this.items.map((n) => ({ ...n, read: true }));
    this.unread = 0;
    try {
      this.unread = (await this.client.read(orgId)).unread;
    } catch {
      this.items = before;
      this.unread = before.filter((n) => !n.read).length;
    }
  }

  async readOne(id: string) {
    const orgId = this.#orgId;
    const notice = this.items.find((n) => n.id === id);
    if (!orgId || !notice || notice.read) return;
    this.items = this.items.map((n) => (n.id === id ? { ...n, read: true } : n));
    this.unread = Math.max(0, this.unread - 1);
    try {
      this.unread = (await this.client.read(orgId, [id])).unread;
    } catch {
      // The next load shows the truth.
    }
  }
}

export const notifications = new Notifications();
