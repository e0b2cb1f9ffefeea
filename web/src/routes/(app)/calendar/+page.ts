// The calendar's week is asked for as soon as the session is known, and its words (in the sections'
// messages) with the page's scripts, not once the page has rendered; the page's CalendarState takes
// that read. The member and week are the page's own choice (see +page.svelte).
import { isLocalDate, weekStartOf } from '@proofwork/core';
import { loadSectionMessages } from '$lib/messages';
import { organizationFor } from '$lib/page-access';
import { isManager } from '$lib/sections';
import { prefetchCalendarWeek } from '$lib/state/calendar.svelte';
import { session } from '$lib/state/session.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url }) => {
  loadSectionMessages().catch(() => {}); // SectionMessages shows the failure and retries
  const orgId = await organizationFor('members');
  const ownId = session.membership?.memberId ?? null;
  if (!orgId || !ownId) return;
  const requestedMember = url.searchParams.get('member');
  const memberId = isManager(session.membership?.role) && requestedMember ? requestedMember : ownId;
  const requested = url.searchParams.get('week');
  const weekStart =
    requested && isLocalDate(requested)
      ? weekStartOf(requested, session.weekStartDay as 1)
      : weekStartOf(session.today(), session.weekStartDay as 1);
  prefetchCalendarWeek(orgId, memberId, weekStart);
};
