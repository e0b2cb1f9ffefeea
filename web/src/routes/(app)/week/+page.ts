// My week's data is asked for as soon as the session is known, while the page's own scripts and
// words are still loading; the page then joins that read instead of starting its own.
import { isLocalDate, weekStartOf } from '@proofwork/core';
import { organizationFor } from '$lib/page-access';
import { session } from '$lib/state/session.svelte';
import { week } from '$lib/state/week.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url }) => {
  if (!(await organizationFor('members'))) return;
  const requested = url.searchParams.get('week');
  const start =
    requested && isLocalDate(requested) ? weekStartOf(requested, session.weekStartDay as 1) : week.currentWeekStart();
  void week.load(start);
};
