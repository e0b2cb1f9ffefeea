// The approvals page's state: the weeks waiting for a decision (a year back), the member × week
// statuses of the chosen period, and the decisions on their way. A decision shows at once and is then
// replaced by what the server answered; a week someone else decided first is shown as it now is.
import { addDays, weekStartOf } from '@proofwork/core';
import {
  decideWeek,
  listMembers,
  listWeeks,
  type Member,
  type WeekAction,
  type WeekApproval,
  type WeekStatus,
  weekTotals,
} from '$lib/api/admin';
import { ApiError } from '$lib/api/client';
import * as entriesApi from '$lib/api/entries';
import type { TimeEntry, WeekSummary } from '$lib/api/types';
import { errorText } from '$lib/errors';
import { day, t } from '$lib/i18n.svelte';
import { organizationFor } from '$lib/page-access';
import { session } from '$lib/state/session.svelte';
import { toasts } from '$lib/state/toasts.svelte';

export const SPANS = [1, 4, 8, 12] as const;
/** How far back "waiting" weeks are looked for. */
export const LOOKBACK_WEEKS = 52;

export interface Totals {
  totalSeconds: number;
  entryCount: number;
}

const STATUS_AFTER: Record<WeekAction, WeekStatus> = { approve: 'approved', reject: 'rejected', reopen: 'reopened' };

export const weekKey = (w: { memberId: string; weekStart: string }) => `${w.memberId}:${w.weekStart}`;

/** The calls the page makes (the real API by default; a test passes its own). */
export interface ApprovalsApi {
  members(orgId: string): Promise<Member[]>;
  weeks(orgId: string, query: { from?: string; to?: string; status?: WeekStatus }): Promise<WeekApproval[]>;
  decide(
    orgId: string,
    action: WeekAction,
    memberId: string,
    weekStart: string,
    comment?: string,
  ): Promise<WeekApproval>;
  totals(orgId: string, memberId: string, from: string, to: string): Promise<Totals>;
  /** The week's figures (after-hours, weekend, per day) and its entries, to review before deciding. */
  figures(orgId: string, memberId: string, weekStart: string): Promise<WeekSummary>;
  entries(orgId: string, filter: { memberId: string; from: string; to: string }): Promise<TimeEntry[]>;
}

const approvalsApi: ApprovalsApi = {
  members: listMembers,
  weeks: listWeeks,
  decide: decideWeek,
  totals: weekTotals,
  figures: entriesApi.weekSummary,
  entries: entriesApi.listEntries,
};

/** What a manager reads of a week before deciding on it. */
export type Review =
  | { kind: 'loading' }
  | { kind: 'ready'; figures: WeekSummary; entries: TimeEntry[] }
  | { kind: 'error'; error: unknown };

export class Approvals {
  members = $state<Member[] | null>(null);
  /** Every approval of the period. */
  weeks = $state<WeekApproval[] | null>(null);
  /** Submitted weeks of the last year, wherever the period is. */
  waiting = $state<WeekApproval[]>([]);
  /** Live totals of weeks without a frozen snapshot, by member-week. */
  totals = $state<Record<string, Totals>>({});
  loadError = $state<unknown>(null);
  /** The last week of the period and how many weeks it spans. */
  endWeek = $state<string | null>(null);
  span = $state<number>(4);
  /** Member-weeks with a decision on its way to the server. */
  inFlight = $state<Record<string, WeekAction>>({});
  /** The member-week whose "send back" form is open, and its comment. */
  rejecting = $state<string | null>(null);
  rejectComment = $state('');
  /** The member-week shown in detail under the grid. */
  selected = $state<string | null>(null);
  /** Member-weeks opened for review: their figures and entries. */
  reviews = $state<Record<string, Review>>({});

  thisWeek = $derived(weekStartOf(session.today(), session.weekStartDay as 1));
  from = $derived(this.endWeek ? addDays(this.endWeek, -7 * (this.span - 1)) : null);
  periodWeeks = $derived(this.from ? Array.from({ length: this.span }, (_, i) => addDays(this.from!, 7 * i)) : []);
  byKey = $derived(new Map((this.weeks ?? []).map((w) => [weekKey(w), w])));
  /** The period's weeks waiting for a decision (or with one on its way), oldest first, then by name. */
  decisions = $derived(
    (this.weeks ?? [])
      .filter((w) => w.status === 'submitted' || this.inFlight[weekKey(w)])
      .sort(
        (a, b) =>
          a.weekStart.localeCompare(b.weekStart) ||
          this.memberName(a.memberId).localeCompare(this.memberName(b.memberId)),
      ),
  );
  waitingOutside = $derived(
    this.waiting.filter((w) => !this.from || !this.endWeek || w.weekStart < this.from || w.weekStart > this.endWeek)
      .length,
  );
  /** Members always; managers and owners only when they submitted a week in the period. */
  rows = $derived(
    (this.members ?? [])
      .filter((m) => m.role === 'member' || (this.weeks ?? []).some((w) => w.memberId === m.id))
      .sort((a, b) => a.name.localeCompare(b.name)),
  );
  selectedWeek = $derived(this.selected ? (this.byKey.get(this.selected) ?? null) : null);
  periodLabel = $derived(
    this.from && this.endWeek
      ? this.span === 1
        ? t('admin.approvals.weekOf', { date: day(this.endWeek, 'dayMonth') })
        : t('admin.approvals.period', {
            from: day(this.from, 'dayMonth'),
            to: day(addDays(this.endWeek, 6), 'dayMonth'),
          })
      : '',
  );

  readonly #api: ApprovalsApi;

  constructor(api: ApprovalsApi = approvalsApi) {
    this.#api = api;
  }

  /** From the page's load function: asks as soon as the session says the reader is a manager. */
  async open() {
    const orgId = await organizationFor('managers');
    if (orgId) await this.load(orgId);
  }

  async load(orgId: string) {
    this.loadError = null;
    try {
      const [rows] = await Promise.all([this.#api.members(orgId), this.#loadWaiting(orgId)]);
      this.members = rows;
      if (!this.endWeek) this.#defaultPeriod();
      await this.#loadPeriod(orgId);
    } catch (e) {
      this.loadError = e;
    }
  }

  retry = () => {
    if (session.orgId) void this.load(session.orgId);
  };

  /** Nobody decides on their own week: a manager's week is decided by another manager or owner. */
  isOwn(w: { memberId: string }): boolean {
    return w.memberId === session.membership?.memberId;
  }

  /** Reads a week's figures and entries (once; `again` reads them anew). */
  async review(w: WeekApproval, again = false) {
    const orgId = session.orgId;
    const k = weekKey(w);
    if (!orgId || (this.reviews[k] && !again)) return;
    this.reviews[k] = { kind: 'loading' };
    try {
      const [figures, entries] = await Promise.all([
        this.#api.figures(orgId, w.memberId, w.weekStart),
        this.#api.entries(orgId, { memberId: w.memberId, from: w.weekStart, to: addDays(w.weekStart, 6) }),
      ]);
      this.reviews[k] = { kind: 'ready', figures, entries };
    } catch (error) {
      this.reviews[k] = { kind: 'error', error };
    }
  }

  memberName(id: string | null): string {
    return this.members?.find((m) => m.id === id)?.name ?? '—';
  }

  contractOf(memberId: string): number | null {
    const m = this.members?.find((x) => x.id === memberId);
    return m?.weeklyContractSeconds ?? session.organization?.defaultWeeklyContractSeconds ?? null;
  }

  /** Frozen totals for approved weeks (the snapshot); the list's live ones for the others. */
  totalsOf(w: WeekApproval): Totals | null {
    return w.snapshot ?? this.totals[weekKey(w)] ?? null;
  }

  /** Default period: the span of the weeks waiting for a decision, else the last four weeks. */
  #defaultPeriod() {
    if (this.waiting.length === 0) {
      this.endWeek = addDays(this.thisWeek, -7);
      this.span = 4;
      return;
    }
    const starts = this.waiting.map((w) => w.weekStart).sort();
    const first = starts[0]!;
    const last = starts.at(-1)!;
    const needed = Math.round((Date.parse(last) - Date.parse(first)) / (7 * 86_400_000)) + 1;
    this.span = SPANS.find((s) => s >= needed) ?? 12;
    this.endWeek = last;
  }

  async #loadWaiting(orgId: string) {
    this.waiting = await this.#api.weeks(orgId, {
      status: 'submitted',
      from: addDays(this.thisWeek, -7 * LOOKBACK_WEEKS),
      to: this.thisWeek,
    });
    this.#keepLiveTotals(this.waiting);
  }

  async #loadPeriod(orgId: string) {
    if (!this.from || !this.endWeek) return;
    const rows = await this.#api.weeks(orgId, { from: this.from, to: this.endWeek });
    this.weeks = rows;
    this.#keepLiveTotals(rows);
  }

  #keepLiveTotals(rows: WeekApproval[]) {
    for (const w of rows) if (w.live) this.totals[weekKey(w)] = w.live;
  }

  /** Another period (never past this week): its weeks are asked for, the detail closes. */
  async changePeriod(nextEnd: string, nextSpan = this.span) {
    this.endWeek = nextEnd > this.thisWeek ? this.thisWeek : nextEnd;
    this.span = nextSpan;
    this.selected = null;
    this.weeks = null;
    const orgId = session.orgId;
    if (!orgId) return;
    try {
      this.loadError = null;
      await this.#loadPeriod(orgId);
    } catch (e) {
      this.loadError = e;
    }
  }

  /** The period that holds every waiting week. */
  showWaiting() {
    this.#defaultPeriod();
    if (this.endWeek) void this.changePeriod(this.endWeek, this.span);
  }

  toggleReject(w: WeekApproval) {
    const k = weekKey(w);
    this.rejecting = this.rejecting === k ? null : k;
    this.rejectComment = '';
  }

  /** Sends the week back with the comment typed for it (a comment is required). */
  reject(w: WeekApproval) {
    const comment = this.rejectComment.trim();
    if (comment) void this.decide(w, 'reject', comment);
  }

  toggleSelected(k: string) {
    this.selected = this.selected === k ? null : k;
  }

  async decide(w: WeekApproval, action: WeekAction, comment?: string) {
    const orgId = session.orgId;
    if (!orgId) return;
    const k = weekKey(w);
    const before = w;
    this.inFlight[k] = action;
    // Optimistic: the new status shows at once, dimmed until the server confirms it.
    this.weeks = (this.weeks ?? []).map((x) =>
      weekKey(x) === k ? { ...x, status: STATUS_AFTER[action], comment: comment ?? x.comment } : x,
    );
    try {
      const result = await this.#api.decide(orgId, action, w.memberId, w.weekStart, comment);
      this.weeks = (this.weeks ?? []).map((x) => (weekKey(x) === k ? result : x));
      this.waiting = result.status === 'submitted' ? this.waiting : this.waiting.filter((x) => weekKey(x) !== k);
      if (!result.snapshot && !this.totals[k]) {
        const live = await this.#api.totals(orgId, w.memberId, w.weekStart, addDays(w.weekStart, 6)).catch(() => null);
        if (live) this.totals[k] = { totalSeconds: live.totalSeconds, entryCount: live.entryCount };
      }
      if (this.rejecting === k) {
        this.rejecting = null;
        this.rejectComment = '';
      }
      const params = { name: this.memberName(w.memberId), week: day(w.weekStart, 'dayMonth') };
      toasts.show(t(`admin.approvals.done.${action}`, params), { kind: 'success' });
    } catch (e) {
      this.weeks = (this.weeks ?? []).map((x) => (weekKey(x) === k ? before : x));
      if (e instanceof ApiError && e.code === 'invalid_transition') {
        // Someone else decided first: say so and show the week as it now is.
        toasts.error(t('admin.approvals.invalidTransition'));
        void this.#loadPeriod(orgId).catch(() => {});
      } else {
        toasts.error(errorText(e));
      }
    } finally {
      delete this.inFlight[k];
    }
  }
}
