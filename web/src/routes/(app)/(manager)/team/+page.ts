// The team's figures are asked for as soon as the session is known, while the page's scripts and the
// section's words still load; the page's Dashboard then takes that read instead of starting its own.
import { prefetchDashboard } from '$lib/components/dashboards/dashboard.svelte';
import { periodFrom } from '$lib/components/dashboards/period';
import { organizationFor } from '$lib/page-access';
import { session } from '$lib/state/session.svelte';
import type { PageLoad } from './$types';
import { teamData } from './team-data';

export const load: PageLoad = async ({ url }) => {
  const orgId = await organizationFor('managers');
  if (!orgId) return;
  prefetchDashboard(teamData, orgId, periodFrom(url.searchParams, session.today(), session.weekStartDay));
};
