// The member's running timer, visible on every page and in the tab title. A timer left running
// past core's stale-timer limit (12 hours) is flagged so the CM can set the real end time.
import { STALE_TIMER_SECONDS } from '@proofwork/core';
import * as entriesApi from '../api/entries';
import type { TimeEntry } from '../api/types';
import { session } from './session.svelte';
import { week } from './week.svelte';

const STALE_MS = STALE_TIMER_SECONDS * 1000;

/** The calls the timer makes (the real API by default; a test passes its own). */
export interface TimerApi {
  get(orgId: string): Promise<TimeEntry | null>;
  start(orgId: string, input: entriesApi.TimerStart): Promise<TimeEntry>;
  stop(orgId: string, endedAt?: string): Promise<TimeEntry>;
}

const timerApi: TimerApi = { get: entriesApi.getTimer, start: entriesApi.startTimer, stop: entriesApi.stopTimer };

export class Timer {
  current = $state<TimeEntry | null>(null);
  now = $state(Date.now());
  busy = $state(false);
  #tick: ReturnType<typeof setInterval> | null = null;
  readonly #api: TimerApi;

  constructor(api: TimerApi = timerApi) {
    this.#api = api;
  }

  elapsedSeconds = $derived(
    this.current?.startedAt ? Math.max(0, (this.now - new Date(this.current.startedAt).getTime()) / 1000) : 0,
  );
  /** The server's flag, or the limit passing while the page is open. */
  stale = $derived(
    this.current?.stale === true ||
      (this.current?.startedAt ? this.now - new Date(this.current.startedAt).getTime() > STALE_MS : false),
  );

  set(entry: TimeEntry | null) {
    this.current = entry;
    this.now = Date.now();
    if (entry && !this.#tick) this.#tick = setInterval(() => (this.now = Date.now()), 1000);
    if (!entry && this.#tick) {
      clearInterval(this.#tick);
      this.#tick = null;
    }
  }

  async refresh() {
    const orgId = session.orgId;
    if (!orgId) return this.set(null);
    this.set(await this.#api.get(orgId));
  }

  async start(input: entriesApi.TimerStart) {
    const orgId = session.orgId;
    if (!orgId) return;
    this.busy = true;
    try {
      const running = await this.#api.start(orgId, input);
      this.set(running);
      week.upsert(running);
    } finally {
      this.busy = false;
    }
  }

  async stop(endedAt?: string) {
    const orgId = session.orgId;
    if (!orgId) return null;
    this.busy = true;
    try {
      const stopped = await this.#api.stop(orgId, endedAt);
      this.set(null);
      if (stopped) week.upsert(stopped);
      return stopped;
    } finally {
      this.busy = false;
    }
  }
}

export const timer = new Timer();
