// A member's days off and the organization's public holidays in one week (My week and the grid): what
// shortens the week's expected hours. Adding or removing one asks the API again, then the week's
// figures are fetched again by the caller (`onChange`), so the page never computes expected hours.
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

export class DaysOff {
  weekStart = $state<string | null>(null);
  absences = $state<Absence[]>([]);
  holidays = $state<{ localDate: string; name: string }[]>([]);
  status = $state<Status>('idle');
  error = $state<ApiError | null>(null);
  saving = $state(false);
  /** The form: which day, what kind, half a day or the whole. */
  day = $state('');
  kind = $state<AbsenceKind>('holiday');
  halfDay = $state(false);
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

  /**
   * Reads a week's days off. Called from effects: what it reads of this state must not make them run
   * again (it did: every week page asked for its days off twice).
   */
  load(orgId: string, memberId: string, weekStart: string): Promise<void> {
    return untrack(() => this.#load(orgId, memberId, weekStart));
  }

  async #load(orgId: string, memberId: string, weekStart: string) {
    const request = ++this.#request;
    if (this.weekStart !== weekStart) {
      this.absences = [];
      this.holidays = [];
    }
    this.weekStart = weekStart;
    if (!this.day || this.day < weekStart || this.day > addDays(weekStart, 6)) this.day = weekStart;
    this.status = 'loading';
    try {
      const list = await this.#api.listAbsences(orgId, { from: weekStart, to: addDays(weekStart, 6), memberId });
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
    if (!this.weekStart || !this.day) return;
    this.saving = true;
    try {
      await this.#api.recordAbsence(orgId, { memberId, from: this.day, kind: this.kind, halfDay: this.halfDay });
      this.error = null;
      await this.load(orgId, memberId, this.weekStart);
      this.#onChange();
    } catch (error) {
      this.error = error as ApiError;
    } finally {
      this.saving = false;
    }
  }

  async remove(orgId: string, memberId: string, absenceId: string) {
    if (!this.weekStart) return;
    try {
      await this.#api.removeAbsence(orgId, absenceId);
      this.error = null;
      await this.load(orgId, memberId, this.weekStart);
      this.#onChange();
    } catch (error) {
      this.error = error as ApiError;
    }
  }
}
