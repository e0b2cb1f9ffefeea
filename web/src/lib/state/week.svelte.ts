// The signed-in member's entries for one week, shared by My week, the grid and the quick-add bar
// (a new entry shows at once wherever the week is displayed).
import { addDays, weekStartOf } from '@proofwork/core';
import { ApiError } from '../api/client';
import * as entriesApi from '../api/entries';
import type { TimeEntry, WeekApproval } from '../api/types';
import { session } from './session.svelte';

type Status = 'idle' | 'loading' | 'ready' | 'error';

function byTime(a: TimeEntry, b: TimeEntry): number {
  const ka = a.startedAt ?? `${a.localDate}T99`;
  const kb = b.startedAt ?? `${b.localDate}T99`;
  return ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : 1;
}

class WeekData {
  weekStart = $state<string | null>(null);
  entries = $state<TimeEntry[]>([]);
  approval = $state<WeekApproval | null>(null);
  status = $state<Status>('idle');
  error = $state<ApiError | null>(null);
  #request = 0;

  days = $derived(this.weekStart ? Array.from({ length: 7 }, (_, i) => addDays(this.weekStart!, i)) : []);
  /** Entries that count: finished or duration-only (a running timer has no duration yet). */
  done = $derived(this.entries.filter((e) => e.durationSeconds !== null));

  currentWeekStart(): string {
    return weekStartOf(session.today(), session.weekStartDay as 1);
  }

  async load(weekStart: string, options: { quiet?: boolean } = {}) {
    const orgId = session.orgId;
    const memberId = session.membership?.memberId;
    if (!orgId || !memberId) return;
    const request = ++this.#request;
    if (weekStart !== this.weekStart) {
      this.entries = [];
      this.approval = null;
    }
    this.weekStart = weekStart;
    if (!options.quiet) this.status = 'loading';
    this.error = null;
    try {
      const [entries, approval] = await Promise.all([
        entriesApi.listEntries(orgId, { memberId, from: weekStart, to: addDays(weekStart, 6) }),
        entriesApi.weekApproval(orgId, memberId, weekStart),
      ]);
      if (request !== this.#request) return;
      this.entries = entries.sort(byTime);
      this.approval = approval;
      this.status = 'ready';
    } catch (error) {
      if (request !== this.#request) return;
      this.error = error instanceof ApiError ? error : new ApiError(0, 'network', String(error));
      this.status = 'error';
    }
  }

  reload() {
    if (this.weekStart) return this.load(this.weekStart, { quiet: true });
  }

  includes(localDate: string): boolean {
    return this.weekStart !== null && localDate >= this.weekStart && localDate <= addDays(this.weekStart, 6);
  }

  upsert(entry: TimeEntry) {
    const without = this.entries.filter((e) => e.id !== entry.id);
    this.entries = this.includes(entry.localDate) && !entry.deletedAt ? [...without, entry].sort(byTime) : without;
  }

  remove(id: string) {
    this.entries = this.entries.filter((e) => e.id !== id);
  }

  setApproval(approval: WeekApproval | null) {
    this.approval = approval;
  }

  totalOn(localDate: string): number {
    return this.done.filter((e) => e.localDate === localDate).reduce((sum, e) => sum + (e.durationSeconds ?? 0), 0);
  }
}

export const week = new WeekData();
