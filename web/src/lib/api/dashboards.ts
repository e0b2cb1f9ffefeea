// Calls behind the manager dashboards (team, mix, 3-minute post), the members and weeks they link
// to, and the perceived-minutes edit. Every figure comes from the API; pages only format it.
import { api, ok } from './client';
import type { Body, DeliverableType, Member, WeekApproval } from './types';

type Org = '/api/v1/organizations/{orgId}';

export type TeamRow = Body<`${Org}/dashboards/team`, 'get'>['items'][number];
export type MixRow = Body<`${Org}/dashboards/categories`, 'get'>['items'][number];
export type DeliverableRow = Body<`${Org}/dashboards/deliverables`, 'get'>['items'][number];
export type Skills = Body<`${Org}/dashboards/skills`, 'get'>;
export type { Member, WeekApproval };

export type Coverage = Body<`${Org}/dashboards/coverage`, 'get'>;

export interface Range {
  from: string;
  to: string;
  memberId?: string;
  /** Only member-weeks whose coverage reaches the organization's threshold. */
  completeOnly?: boolean;
}

const query = (orgId: string, range: Range) => ({ params: { path: { orgId }, query: range } });

export async function teamDashboard(orgId: string, range: Range): Promise<TeamRow[]> {
  return (await ok(api.GET(`/api/v1/organizations/{orgId}/dashboards/team`, query(orgId, range)))).items;
}

export type MixDimension = 'categories' | 'brands' | 'platforms';

export async function mixDashboard(orgId: string, dimension: MixDimension, range: Range): Promise<MixRow[]> {
  const path = `/api/v1/organizations/{orgId}/dashboards/${dimension}` as const;
  return (await ok(api.GET(path, query(orgId, range)))).items;
}

export async function deliverablesDashboard(orgId: string, range: Range): Promise<DeliverableRow[]> {
  return (await ok(api.GET('/api/v1/organizations/{orgId}/dashboards/deliverables', query(orgId, range)))).items;
}

export function skillsDashboard(orgId: string, range: Range): Promise<Skills> {
  return ok(api.GET('/api/v1/organizations/{orgId}/dashboards/skills', query(orgId, range)));
}

/** Coverage per member and for the team over a range (always over every week). */
export function coverageDashboard(orgId: string, range: Range): Promise<Coverage> {
  const { completeOnly: _all, ...every } = range;
  return ok(api.GET('/api/v1/organizations/{orgId}/dashboards/coverage', query(orgId, every)));
}

export async function listMembers(orgId: string): Promise<Member[]> {
  return (await ok(api.GET('/api/v1/organizations/{orgId}/members', { params: { path: { orgId }, query: {} } }))).items;
}

export function getMember(orgId: string, memberId: string): Promise<Member> {
  return ok(api.GET('/api/v1/organizations/{orgId}/members/{memberId}', { params: { path: { orgId, memberId } } }));
}

export async function memberWeeks(orgId: string, range: Range & { memberId: string }): Promise<WeekApproval[]> {
  return (await ok(api.GET('/api/v1/organizations/{orgId}/weeks', { params: { path: { orgId }, query: range } })))
    .items;
}

export function setPerceivedMinutes(
  orgId: string,
  deliverableTypeId: string,
  perceivedMinutes: number,
): Promise<DeliverableType> {
  return ok(
    api.PATCH('/api/v1/organizations/{orgId}/deliverable-types/{deliverableTypeId}', {
      params: { path: { orgId, deliverableTypeId } },
      body: { perceivedMinutes },
    }),
  );
}

/** The URL of the rollup event stream (server-sent events). */
export const eventsUrl = (orgId: string) => `/api/v1/organizations/${encodeURIComponent(orgId)}/dashboards/events`;
