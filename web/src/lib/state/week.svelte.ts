// The signed-in member's entries for one week, shared by My week, the grid and the quick-add bar
// (a new entry shows at once wherever the week is displayed), and the week's figures as the API
// computes them (totals, after-hours, weekend, per day), fetched again after every change.
import { addDays, weekStartOf } from '@proofwork/core';
import { ApiError } from '../api/client';
import * as entriesApi from '../api/entries';
import type { TimeEntry, WeekApproval, WeekSummary } from '../api/types';
import { session } from './session.svelte';

type Status = 'idle' | 'loading' | 'ready' | 'error';

function byTime(a: TimeEntry, b: TimeEntry): number {
  const ka = a.startedAt ?? `${a.localDate}T99`;
  const kb = b.startedAt ?? `${b.localDate}T99`;
  return ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : 1;
}

/** The calls a week makes (the real API by default; a test passes its own). */
export interface WeekApi {
  entries(orgId: string, filter: { memberId: string; from: string; to: string }): Promise<TimeEntry[]>;
  approval(orgId: string, memberId: string, weekStart: string): Promise<WeekApproval | null>;
  summary(orgId: string, memberId: string, weekStart: string): Promise<WeekSummary | null>;
}

const weekApi: WeekApi = {
  entries: entriesApi.listEntries,
  approval: entriesApi.weekApproval,
  summary: entriesApi.weekSummary,
};

export class WeekData {
  weekStart = $state<string | null>(null);
  entries = $state<TimeEntry[]>([]);
  approval = $state<WeekApproval | null>(null);
  /** The week's figures from the API: never added up here. */
  summary = $state<WeekSummary | null>(null);
  status = $state<Status>('idle');
  error = $state<ApiError | null>(null);
  /** Counts the entries written from anywhere (quick-add, timer, offline queue), for views that follow them. */
  changes = $state(0);
  #request = 0;
  #loading: { key: string; promise: Promise<void> } | null = null;
  #summaryRequest = 0;
  #refreshing: Promise<void> | null = null;
  #refreshAgain = false;
  readonly #api: WeekApi;

  constructor(api: WeekApi = weekApi) {
    this.#api = api;
  }

  days = $derived(this.weekStart ? Array.from({ length: 7 }, (_, i) => addDays(this.weekStart!, i)) : []);
  /** Entries that count: finished or duration-only (a running timer has no duration yet). */
  done = $derived(this.entries.filter((e) => e.durationSeconds !== null));

  currentWeekStart(): string {
    return weekStartOf(session.today(), session.weekStartDay as 1);
  }

  /**
   * Reads a week's entries, approval and figures at once. A page's load function starts it before
   * the page's scripts have arrived; the page asking for the same week meanwhile joins that read.
   */
  load(weekStart: string, options: { quiet?: boolean } = {}): Promise<void> {
    const key = `${session.orgId}|${session.membership?.memberId}|${weekStart}`;
    if (!options.quiet && this.#loading?.key === key) return this.#loading.promise;
    const promise = this.#load(weekStart, options);
    if (!options.quiet) {
      this.#loading = { key, promise };
      void promise.finally(() => {
        if (this.#loading?.promise === promise) this.#loading = null;
      });
    }
    return promise;
  }

  async #load(weekStart: string, options: { quiet?: boolean }) {
    const orgId = session.orgId;
    const memberId = session.membership?.memberId;
    if (!orgId || !memberId) return;
    const request = ++this.#request;
    if (weekStart !== this.weekStart) {
      this.entries = [];
      this.approval = null;
      this.summary = null;
    }
    this.weekStart = weekStart;
    if (!options.quiet) this.status = 'loading';
    this.error = null;
    try {
      const summaryRequest = ++this.#summaryRequest;
      const [entries, approval, summary] = await Promise.all([
        this.#api.entries(orgId, { memberId, from: weekStart, to: addDays(weekStart, 6) }),
        this.#api.approval(orgId, memberId, weekStart),
        this.#api.summary(orgId, memberId, weekStart),
      ]);
      if (request !== this.#request) return;
      this.entries = entries.sort(byTime);
      this.approval = approval;
      if (summaryRequest === this.#summaryRequest) this.summary = summary;
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
    this.changes++;
    void this.refreshSummary();
  }

  remove(id: string) {
    this.entries = this.entries.filter((e) => e.id !== id);
    this.changes++;
    void this.refreshSummary();
  }

  /**
   * Reads the week's figures again after a change. Changes arriving while a read is under way
   * (an offline queue sending its lines) make one more read after it, not one each; the newest
   * answer wins over a load's. A failure keeps the figures shown: the next change or load asks again.
   */
  refreshSummary(): Promise<void> {
    if (this.#refreshing) {
      this.#refreshAgain = true;
      return this.#refreshing;
    }
    this.#refreshing = (async () => {
      do {
        this.#refreshAgain = false;
        await this.#readSummary();
      } while (this.#refreshAgain);
      this.#refreshing = null;
    })();
    return this.#refreshing;
  }

  async #readSummary() {
    const orgId = session.orgId;
    const memberId = session.membership?.memberId;
    const weekStart = this.weekStart;
    if (!orgId || !memberId || !weekStart) return;
    const request = ++this.#summaryRequest;
    try {
      const summary = await this.#api.summary(orgId, memberId, weekStart);
      if (request === this.#summaryRequest && weekStart === this.weekStart) this.summary = summary;
    } catch {
      // Kept as they were; see above.
    }
  }

  setApproval(approval: WeekApproval | null) {
    this.approval = approval;
  }

  /** The API's total of the entries listed on a day of the week. */
  totalOn(localDate: string): number {
    return this.summary?.days.find((d) => d.localDate === localDate)?.seconds ?? 0;
  }

  /** The API's after-hours / weekend split of one finished entry (null while unknown). */
  splitOf(entryId: string): { afterHoursSeconds: number; weekendSeconds: number } | null {
    return this.summary?.entries.find((e) => e.id === entryId) ?? null;
  }
}

export const week = new WeekData();
