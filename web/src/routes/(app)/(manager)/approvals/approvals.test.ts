import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Member, WeekApproval } from '$lib/api/admin';
import { ApiError } from '$lib/api/client';
import type { Organization, TimeEntry, WeekSummary } from '$lib/api/types';
import { session } from '$lib/state/session.svelte';
import { toasts } from '$lib/state/toasts.svelte';
import { deferred, MEMBER, ORG, signedIn } from '../../../../test/fixtures';
import { Approvals, type ApprovalsApi, LOOKBACK_WEEKS } from './approvals.svelte';

const LEA = '0190a1b2-0000-7000-8000-0000000000b1';
const HUGO = '0190a1b2-0000-7000-8000-0000000000b2';

const member = (id: string, name: string, role: Member['role'] = 'member') =>
  ({ id, name, role, email: `${name}@example.test`, weeklyContractSeconds: null }) as unknown as Member;

const approval = (memberId: string, weekStart: string, status: WeekApproval['status'] = 'submitted') =>
  ({
    memberId,
    weekStart,
    status,
    locked: status === 'approved',
    comment: null,
    snapshot: null,
    live: { totalSeconds: 36_000, entryCount: 12 },
    submittedAt: `${weekStart}T17:00:00.000Z`,
    submittedByMemberId: memberId,
    decidedAt: null,
    decidedByMemberId: null,
  }) as unknown as WeekApproval;

function api(waiting: WeekApproval[], period: WeekApproval[] = waiting, overrides: Partial<ApprovalsApi> = {}) {
  return {
    members: vi.fn(async () => [member(LEA, 'Léa'), member(HUGO, 'Hugo'), member(MEMBER, 'Julien', 'manager')]),
    weeks: vi.fn(async (_org: string, query: { status?: string }) => (query.status === 'submitted' ? waiting : period)),
    decide: vi.fn<ApprovalsApi['decide']>(async (_org, action, memberId, weekStart) =>
      approval(memberId, weekStart, action === 'approve' ? 'approved' : action === 'reject' ? 'rejected' : 'reopened'),
    ),
    totals: vi.fn(async () => ({ totalSeconds: 1, entryCount: 1 })),
    figures: vi.fn(async () => ({ afterHoursSeconds: 7200, weekendSeconds: 3600 }) as unknown as WeekSummary),
    entries: vi.fn(async () => [{ id: 'e1' } as unknown as TimeEntry]),
    ...overrides,
  } satisfies ApprovalsApi;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  // Wednesday 11 March 2026 in Paris: this week starts on Monday the 9th.
  vi.setSystemTime(new Date('2026-03-11T10:00:00Z'));
  signedIn();
  session.organization = {
    timeZone: 'Europe/Paris',
    weekStart: 1,
    defaultWeeklyContractSeconds: 35 * 3600,
  } as Organization;
  session.member = null;
  toasts.items = [];
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('approvals', () => {
  it('asks for the members and a year of waiting weeks together, then shows the period that holds them', async () => {
    const calls = api([approval(LEA, '2026-02-16'), approval(HUGO, '2026-03-02')]);
    const page = new Approvals(calls);
    await page.load(ORG);
    expect(vi.mocked(calls.weeks).mock.calls[0]).toEqual([
      ORG,
      { status: 'submitted', from: `2025-03-10`, to: '2026-03-09' },
    ]);
    expect(LOOKBACK_WEEKS).toBe(52);
    // Three weeks apart: the four-week span ending on the last waiting week.
    expect(page.span).toBe(4);
    expect(page.endWeek).toBe('2026-03-02');
    expect(page.periodWeeks).toEqual(['2026-02-09', '2026-02-16', '2026-02-23', '2026-03-02']);
    expect(vi.mocked(calls.weeks).mock.calls[1]).toEqual([ORG, { from: '2026-02-09', to: '2026-03-02' }]);
    expect(page.decisions.map((w) => w.memberId)).toEqual([LEA, HUGO]);
    // Members always, a manager only when they submitted a week.
    expect(page.rows.map((m) => m.name)).toEqual(['Hugo', 'Léa']);
    expect(page.totalsOf(page.decisions[0]!)).toEqual({ totalSeconds: 36_000, entryCount: 12 });
  });

  it('shows the last four weeks when nothing waits', async () => {
    const page = new Approvals(api([]));
    await page.load(ORG);
    expect(page.endWeek).toBe('2026-03-02');
    expect(page.span).toBe(4);
    expect(page.decisions).toEqual([]);
  });

  it('never goes past this week', async () => {
    const page = new Approvals(api([]));
    await page.load(ORG);
    await page.changePeriod('2026-03-23', 8);
    expect(page.endWeek).toBe('2026-03-09');
    expect(page.span).toBe(8);
  });

  it('shows a decision at once, then what the server answered, and takes the week off the waiting list', async () => {
    const answer = deferred<WeekApproval>();
    const calls = api([approval(LEA, '2026-03-02')], undefined, { decide: vi.fn(() => answer.promise) });
    const page = new Approvals(calls);
    await page.load(ORG);
    const week = page.decisions[0]!;
    const deciding = page.decide(week, 'approve');
    expect(page.byKey.get(`${LEA}:2026-03-02`)?.status).toBe('approved');
    expect(page.inFlight[`${LEA}:2026-03-02`]).toBe('approve');
    answer.resolve({ ...approval(LEA, '2026-03-02', 'approved'), snapshot: { totalSeconds: 36_000 } } as never);
    await deciding;
    expect(page.inFlight).toEqual({});
    expect(page.waiting).toEqual([]);
    expect(toasts.items.at(-1)?.kind).toBe('success');
  });

  it('puts a week back as it was and reloads the period when someone else decided first', async () => {
    const raced = new ApiError(409, 'invalid_transition', 'already approved');
    const calls = api([approval(LEA, '2026-03-02')], undefined, { decide: vi.fn(() => Promise.reject(raced)) });
    const page = new Approvals(calls);
    await page.load(ORG);
    await page.decide(page.decisions[0]!, 'approve');
    expect(page.byKey.get(`${LEA}:2026-03-02`)?.status).toBe('submitted');
    expect(toasts.items.at(-1)?.kind).toBe('error');
    expect(calls.weeks).toHaveBeenCalledTimes(3);
  });

  it('sends a week back only with a comment, and closes the form once sent', async () => {
    const calls = api([approval(HUGO, '2026-03-02')]);
    const page = new Approvals(calls);
    await page.load(ORG);
    const week = page.decisions[0]!;
    page.toggleReject(week);
    page.rejectComment = '   ';
    page.reject(week);
    expect(calls.decide).not.toHaveBeenCalled();
    page.rejectComment = ' Missing Friday ';
    page.reject(week);
    await vi.waitFor(() => expect(page.rejecting).toBeNull());
    expect(calls.decide).toHaveBeenCalledWith(ORG, 'reject', HUGO, '2026-03-02', 'Missing Friday');
  });

  it('asks nothing for a reader who is not a manager', async () => {
    vi.spyOn(session, 'load').mockResolvedValue();
    const calls = api([]);
    session.me = {
      ...session.me,
      memberships: [{ organizationId: ORG, memberId: MEMBER, role: 'member', name: 'Org', defaultLocale: 'en' }],
    } as typeof session.me;
    await new Approvals(calls).open();
    expect(calls.members).not.toHaveBeenCalled();
    expect(calls.weeks).not.toHaveBeenCalled();

    session.me = {
      ...session.me,
      memberships: [{ organizationId: ORG, memberId: MEMBER, role: 'manager', name: 'Org', defaultLocale: 'en' }],
    } as typeof session.me;
    await new Approvals(calls).open();
    expect(calls.members).toHaveBeenCalledWith(ORG);
  });
});

describe('reviewing a week', () => {
  it('reads its figures and its entries once, for the week asked about', async () => {
    const w = approval(LEA, '2026-03-02');
    const calls = api([w]);
    const page = new Approvals(calls);
    await page.load(ORG);
    await page.review(w);
    await page.review(w);
    expect(calls.figures).toHaveBeenCalledTimes(1);
    expect(calls.figures).toHaveBeenCalledWith(ORG, LEA, '2026-03-02');
    expect(calls.entries).toHaveBeenCalledWith(ORG, { memberId: LEA, from: '2026-03-02', to: '2026-03-08' });
    const review = page.reviews[`${LEA}:2026-03-02`];
    expect(review).toMatchObject({ kind: 'ready', figures: { afterHoursSeconds: 7200 }, entries: [{ id: 'e1' }] });
  });

  it('knows a manager’s own week, which someone else decides', async () => {
    const page = new Approvals(api([]));
    expect(page.isOwn({ memberId: MEMBER })).toBe(true);
    expect(page.isOwn({ memberId: LEA })).toBe(false);
  });
});
