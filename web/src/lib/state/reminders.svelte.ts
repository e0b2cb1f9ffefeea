// Reminder settings: each kind on or off, with its time of day (or a timer's hours). In the profile,
// as they apply to this member (saving makes them the member's own choice); in the organization's
// settings, the defaults managers set for members who chose nothing.
import { api, ok } from '../api/client';
import type { ReminderInput, ReminderSetting } from '../api/types';

export interface RemindersApi {
  load(orgId: string): Promise<ReminderSetting[]>;
  save(orgId: string, items: ReminderInput[]): Promise<ReminderSetting[]>;
}

export const remindersApi: RemindersApi = {
  load: async (orgId) =>
    (await ok(api.GET('/api/v1/organizations/{orgId}/reminders', { params: { path: { orgId } } }))).items,
  save: async (orgId, items) =>
    (await ok(api.PUT('/api/v1/organizations/{orgId}/reminders', { params: { path: { orgId } }, body: { items } })))
      .items,
};

export const reminderDefaultsApi: RemindersApi = {
  load: async (orgId) =>
    (await ok(api.GET('/api/v1/organizations/{orgId}/reminder-defaults', { params: { path: { orgId } } }))).items,
  save: async (orgId, items) =>
    (
      await ok(
        api.PUT('/api/v1/organizations/{orgId}/reminder-defaults', { params: { path: { orgId } }, body: { items } }),
      )
    ).items,
};

export interface ReminderDraft {
  kind: ReminderSetting['kind'];
  enabled: boolean;
  /** 'HH:MM', for the kinds with a time of day. */
  time: string | null;
  hours: number | null;
}

const pad = (n: number) => String(n).padStart(2, '0');
export const clockOf = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
export const minutesOf = (clock: string) => {
  const m = /^(\d{2}):(\d{2})$/.exec(clock);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
};

export function draftOf(s: ReminderSetting): ReminderDraft {
  return {
    kind: s.kind,
    enabled: s.enabled,
    time: s.atMinutes == null ? null : clockOf(s.atMinutes),
    hours: s.afterHours ?? null,
  };
}

export function inputOf(d: ReminderDraft): ReminderInput {
  const atMinutes = d.time == null ? null : minutesOf(d.time);
  return {
    kind: d.kind,
    enabled: d.enabled,
    ...(atMinutes == null ? {} : { atMinutes }),
    ...(d.hours == null ? {} : { afterHours: Math.min(24, Math.max(1, Math.round(d.hours))) }),
  };
}

export class Reminders {
  drafts = $state<ReminderDraft[]>([]);
  status = $state<'loading' | 'ready' | 'error'>('loading');
  saving = $state(false);
  error = $state<unknown>(null);

  constructor(private readonly client: RemindersApi = remindersApi) {}

  async load(orgId: string) {
    this.status = 'loading';
    try {
      this.drafts = (await this.client.load(orgId)).map(draftOf);
      this.status = 'ready';
    } catch (e) {
      this.error = e;
      this.status = 'error';
    }
  }

  async save(orgId: string): Promise<boolean> {
    this.saving = true;
    this.error = null;
    try {
      this.drafts = (await this.client.save(orgId, this.drafts.map(inputOf))).map(draftOf);
      return true;
    } catch (e) {
      this.error = e;
      return false;
    } finally {
      this.saving = false;
    }
  }
}
