// Calls for time entries, the timer, quick-add and week approvals, in one place so pages and
// rune stores never build URLs themselves.
import type { Locale } from '@proofwork/core';
import { api, ok } from './client';
import type {
  BulkInput,
  EntryCreate,
  EntryPatch,
  Member,
  TimeEntry,
  TimerStart,
  WeekApproval,
  WeekSummary,
} from './types';

export type { EntryCreate, EntryPatch, TimerStart };

type BulkRow = BulkInput['entries'][number];

export type { BulkRow };

const org = (orgId: string) => ({ orgId });

/** Every entry of a member between two local dates (all pages of the listing). */
export async function listEntries(
  orgId: string,
  filter: { memberId: string; from: string; to: string },
): Promise<TimeEntry[]> {
  const items: TimeEntry[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const result = await ok(
      api.GET('/api/v1/organizations/{orgId}/time-entries', {
        params: { path: org(orgId), query: { ...filter, limit: 500, ...(cursor ? { cursor } : {}) } },
      }),
    );
    items.push(...result.items);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return items;
}

/** Logs one entry: clock times, or a duration on a day. */
export function createEntry(orgId: string, body: EntryCreate): Promise<TimeEntry> {
  return ok(api.POST('/api/v1/organizations/{orgId}/time-entries', { params: { path: org(orgId) }, body }));
}

/** Records a deliverable (what an entry produced: a reel, a post…); returns its id. */
export async function createDeliverable(
  orgId: string,
  body: {
    deliverableTypeId: string;
    title: string;
    brandId?: string | null;
    platform?: EntryCreate['platform'];
    quantity?: number;
  },
): Promise<string> {
  const created = await ok(
    api.POST('/api/v1/organizations/{orgId}/deliverables', { params: { path: org(orgId) }, body }),
  );
  return created.id;
}

/** One member: zone and working schedule (contract and cost only where the reader may see them). */
export function getMember(orgId: string, memberId: string): Promise<Member> {
  return ok(api.GET('/api/v1/organizations/{orgId}/members/{memberId}', { params: { path: { orgId, memberId } } }));
}

export function updateEntry(orgId: string, entryId: string, patch: EntryPatch): Promise<TimeEntry> {
  return ok(
    api.PATCH('/api/v1/organizations/{orgId}/time-entries/{entryId}', {
      params: { path: { orgId, entryId } },
      body: patch,
    }),
  );
}

export async function deleteEntry(orgId: string, entryId: string): Promise<void> {
  await ok(
    api.DELETE('/api/v1/organizations/{orgId}/time-entries/{entryId}', { params: { path: { orgId, entryId } } }),
  );
}

export function restoreEntry(orgId: string, entryId: string): Promise<TimeEntry> {
  return ok(
    api.POST('/api/v1/organizations/{orgId}/time-entries/{entryId}/restore', {
      params: { path: { orgId, entryId } },
      body: {},
    }),
  );
}

/** Creates entries all or nothing; returns their ids. */
export async function createInBulk(orgId: string, entries: BulkRow[], key: string) {
  return ok(
    api.POST('/api/v1/organizations/{orgId}/time-entries/bulk', {
      params: { path: org(orgId), header: { 'idempotency-key': key } },
      body: { entries },
    }),
  );
}

export function parseQuickAdd(orgId: string, text: string, locale: Locale, signal?: AbortSignal) {
  return ok(
    api.POST('/api/v1/organizations/{orgId}/quick-add/parse', {
      params: { path: org(orgId) },
      body: { text, locale },
      signal,
    }),
  );
}

export type QuickAddCommand = 'start' | 'stop' | null;

/** Logs a line; the answer's `action` says whether it logged an entry or started / stopped the timer. */
export async function quickAdd(orgId: string, text: string, key: string, locale?: Locale, createBrand?: boolean) {
  const body = await ok(
    api.POST('/api/v1/organizations/{orgId}/quick-add', {
      params: { path: org(orgId), header: { 'idempotency-key': key } },
      body: { text, ...(locale ? { locale } : {}), ...(createBrand ? { createBrand } : {}) },
    }),
  );
  const command: QuickAddCommand =
    body.action === 'timer_stopped' ? 'stop' : body.action === 'timer_started' ? 'start' : null;
  return { ...body, command };
}

export async function getTimer(orgId: string): Promise<TimeEntry | null> {
  const result = await ok(api.GET('/api/v1/organizations/{orgId}/timer', { params: { path: org(orgId) } }));
  return result.timer ?? null;
}

export function startTimer(orgId: string, input: TimerStart): Promise<TimeEntry> {
  return ok(api.POST('/api/v1/organizations/{orgId}/timer/start', { params: { path: org(orgId) }, body: input }));
}

export function stopTimer(orgId: string, endedAt?: string): Promise<TimeEntry> {
  return ok(
    api.POST('/api/v1/organizations/{orgId}/timer/stop', {
      params: { path: org(orgId) },
      body: endedAt ? { endedAt } : {},
    }),
  );
}

/** The approval of one member-week, or null when it was never submitted. */
export async function weekApproval(orgId: string, memberId: string, weekStart: string): Promise<WeekApproval | null> {
  const result = await ok(
    api.GET('/api/v1/organizations/{orgId}/weeks', {
      params: { path: org(orgId), query: { memberId, from: weekStart, to: weekStart } },
    }),
  );
  return result.items.find((w) => w.weekStart === weekStart) ?? null;
}

/** A member-week's figures as the API computes them: total, after-hours, weekend, contract, per day. */
export function weekSummary(orgId: string, memberId: string, weekStart: string): Promise<WeekSummary> {
  return ok(
    api.GET('/api/v1/organizations/{orgId}/time-entries/week', {
      params: { path: org(orgId), query: { memberId, weekStart } },
    }),
  );
}

export function submitWeek(orgId: string, weekStart: string): Promise<WeekApproval> {
  return ok(
    api.POST('/api/v1/organizations/{orgId}/weeks/{weekStart}/submit', {
      params: { path: { orgId, weekStart } },
      body: {},
    }),
  );
}

/** Ids of the member's other entries whose time overlaps this one. */
export function overlapsOf(entry: TimeEntry): string[] {
  return entry.overlaps ?? [];
}
