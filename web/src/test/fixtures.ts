// Plain data for the web app's unit tests: entries, a signed-in session and a promise a test settles
// by hand (to hold a request open while the user types on).
import type { Me, TimeEntry } from '$lib/api/types';
import type { Preview } from '$lib/state/quick-add.svelte';
import { session } from '$lib/state/session.svelte';

export const ORG = '0190a1b2-0000-7000-8000-000000000001';
export const MEMBER = '0190a1b2-0000-7000-8000-0000000000aa';
export const CATEGORY = '0190a1b2-0000-7000-8000-0000000000c1';

let serial = 0;

/** A finished, duration-only entry on a day (what the grid and quick-add create). */
export function entry(overrides: Partial<TimeEntry> = {}): TimeEntry {
  serial++;
  const localDate = overrides.localDate ?? '2026-03-10';
  return {
    id: `0190a1b2-0000-7000-8000-${String(serial).padStart(12, '0')}`,
    organizationId: ORG,
    memberId: MEMBER,
    categoryId: CATEGORY,
    brandId: null,
    platform: null,
    deliverableId: null,
    tags: [],
    note: '',
    startedAt: null,
    endedAt: null,
    durationSeconds: 3600,
    localDate,
    weekStart: '2026-03-09',
    source: 'quick_add',
    isLate: false,
    running: false,
    stale: false,
    createdByMemberId: MEMBER,
    createdAt: '2026-03-10T09:00:00.000Z',
    updatedAt: '2026-03-10T09:00:00.000Z',
    deletedAt: null,
    overlaps: [],
    ...overrides,
  } as TimeEntry;
}

/** A running timer started at `startedAt`. */
export function running(startedAt: string, overrides: Partial<TimeEntry> = {}): TimeEntry {
  return entry({ startedAt, endedAt: null, durationSeconds: null, running: true, source: 'timer', ...overrides });
}

/** What quick-add reads from a line. */
export function reading(overrides: Partial<Preview> = {}): Preview {
  return {
    durationSeconds: 3600,
    startedAt: null,
    endedAt: null,
    localDate: '2026-03-10',
    categoryKey: 'moderation',
    brand: null,
    platform: null,
    tags: [],
    deliverable: null,
    warnings: [],
    ...overrides,
  };
}

/** Signs the session in as a member of one organization (no request: the fields are set). */
export function signedIn() {
  session.me = {
    user: { id: 'u1', email: 'cm@example.test', name: 'CM', locale: 'en' },
    memberships: [{ organizationId: ORG, memberId: MEMBER, role: 'member', name: 'Org', defaultLocale: 'en' }],
  } as unknown as Me;
  session.orgId = ORG;
  session.status = 'ready';
}

/** A promise and the functions that settle it. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
