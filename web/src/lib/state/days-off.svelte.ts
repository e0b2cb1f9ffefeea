// A member's days off and the organization's public holidays over a week (My week and the grid, the
// member's own) or any dates (a manager's page of one member): what shortens the expected hours.
// Adding or removing one asks the API again, then the caller fetches its figures again
// (`onChange`), so the page never computes expected hours.
import { addDays } from '@proofwork/core';
import { untrack } from 'svelte';
import type { Absence, AbsenceKind } from '../api/absences';
import * as absencesApi from '../api/absences';
import type { ApiError } from '../api/client';

type Status = 'idle' | 'loading' | 'ready' | 'error';

/** The calls days off make (the real API by default; a test passes its own). */
export interface DaysOffApi {
  listAbsences: typeof absencesApi.listAbsences;
  recordAbsence: typeof absencesApi.recordAbsence;
  removeAbsence: typeof absencesApi.removeAbsence;
}

/** One line of the list: a public holiday or an absence, in date order. */
export type DayOffLine =
  | { type: 'holiday'; localDate: string; name: string }
  | { type: 'absence'; localDate: string; absence: Absence };

export class DaysOff {
  /** The week read (My week, the grid), else null when the dates are a period of their own. */
  weekStart = $state<string | null>(null);
  /** The dates read, both included. */
  from = $state<string | null>(null);
  to = $state<string | null>(null);
  absences = $state<Absence[]>([]);
  holidays = $state<{ localDate: string; name: string }[]>([]);
  status = $state<Status>('idle');
  error = $state<ApiError | null>(null);
  saving = $state(false);
  /** The form: which day (the first of a run in a period), what kind, half a day or the whole. */
  day = $state('');
  /** The last day of a run of days off (a period's form only; empty for one day). */
  until = $state('');
  kind = $state<AbsenceKind>('holiday');
  halfDay = $state(false);
  #memberId: string | null = null;
  #request = 0;
  readonly #api: DaysOffApi;
  readonly #onChange: () => void;

  constructor(onChange: () => void = () => {}, api: DaysOffApi = absencesApi) {
    this.#api = api;
    this.#onChange = onChange;
  }

  /** The absence or holiday of one day, for the day's heading. */
  absenceOn = (localDate: string) => this.absences.find((a) => a.localDate === localDate) ?? null;
  holidayOn = (localDate: string) => this.holidays.find((h) => h.localDate === localDate) ?? null;

  /** Public holidays and absences in date order (a holiday first on its day). */
  lines = $derived<DayOffLine[]>(
    [
      ...this.holidays.map((h) => ({ type: 'holiday' as const, localDate: h.localDate, name: h.name })),
      ...this.absences.map((a) => ({ type: 'absence' as const, localDate: a.localDate, absence: a })),
    ].sort((a, b) => a.localDate.localeCompare(b.localDate) || (a.type === 'holiday' ? -1 : 1)),
  );
  /** A run of days (until after day) cannot be half days: the API takes a half day for one day only. */
  isRun = $derived(this.weekStart === null && this.until !== '' && this.until > this.day);

  /**
   * Reads a week's days off. Called from effects: what it reads of this state must not make them run
   * again (it did: every week page asked for its days off twice).
   */
  load(orgId: string, memberId: string, weekStart: string): Promise<void> {
    return untrack(() => this.#load(orgId, memberId, weekStart, addDays(weekStart, 6), true, weekStart));
  }

  /** Reads the days off of any dates (at most a year); the form starts on `day` (today, say) when it falls inside. */
  loadPeriod(orgId: string, memberId: string, from: string, to: string, day: string = from): Promise<void> {
    return untrack(() => this.#load(orgId, memberId, from, to, false, day));
  }

  /** Reads the same dates again (after a failed read). */
  reload(orgId: string, memberId: string): Promise<void> {
    if (!this.from || !this.to) return Promise.resolve();
    const { from, to, weekStart } = this;
    return untrack(() => this.#load(orgId, memberId, from, to, weekStart !== null, this.day || from));
  }

  async #load(orgId: string, memberId: string, from: string, to: string, week: boolean, day: string) {
    const request = ++this.#request;
    if (this.from !== from || this.to !== to || this.#memberId !== memberId) {
      this.absences = [];
      this.holidays = [];
    }
    this.#memberId = memberId;
    this.weekStart = week ? from : null;
    this.from = from;
    this.to = to;
    if (!this.day || this.day < from || this.day > to) this.day = day >= from && day <= to ? day : from;
    if (this.until && (this.until < from || this.until > to)) this.until = '';
    this.status = 'loading';
    try {
      const list = await this.#api.listAbsences(orgId, { from, to, memberId });
      if (request !== this.#request) return;
      this.absences = list.items;
      this.holidays = list.publicHolidays;
      this.status = 'ready';
      this.error = null;
    } catch (error) {
      if (request !== this.#request) return;
      this.status = 'error';
      this.error = error as ApiError;
    }
  }

  async add(orgId: string, memberId: string) {
    if (!this.from || !this.day) return;
    this.saving = true;
    try {
      const run = this.isRun;
      await this.#api.recordAbsence(orgId, {
        memberId,
        from: this.day,
        ...(run ? { to: this.until } : {}),
        kind: this.kind,
        halfDay: run ? false : this.halfDay,
      });
      this.error = null;
      this.until = '';
      await this.reload(orgId, memberId);
      this.#onChange();
    } catch (error) {
      this.error = error as ApiError;
    } finally {
      this.saving = false;
    }
  }

  async remove(orgId: string, memberId: string, absenceId: string) {
    if (!this.from) return;
    try {
      await this.#api.removeAbsence(orgId, absenceId);
      this.error = null;
      await this.reload(orgId, memberId);
      this.#onChange();
    } catch (error) {
      this.error = error as ApiError;
    }
  }
}
