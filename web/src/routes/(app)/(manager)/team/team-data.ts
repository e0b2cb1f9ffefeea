// The team overview's reads, all at once: started by the page's load (see +page.ts), taken by its Dashboard.
import { coverageDashboard, listMembers, skillsDashboard, teamDashboard } from '$lib/api/dashboards';
import type { Period } from '$lib/components/dashboards/period';

export async function teamData(orgId: string, period: Period) {
  const range = { from: period.from, to: period.to, completeOnly: period.completeOnly };
  const [rows, members, skills, coverage] = await Promise.all([
    teamDashboard(orgId, range),
    listMembers(orgId),
    skillsDashboard(orgId, range),
    coverageDashboard(orgId, range),
  ]);
  return { rows, members, skills, coverage };
}
