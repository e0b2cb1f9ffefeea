// Calls of the manager's approvals and settings pages, in one place so pages never build URLs.
import { api, idempotencyKey, ok } from './client';
import type { Body, Input } from './types';

type Org = '/api/v1/organizations/{orgId}';

export type WeekApproval = Body<`${Org}/weeks`, 'get'>['items'][number];
export type WeekStatus = WeekApproval['status'];
export type WeekAction = 'approve' | 'reject' | 'reopen';
export type Organization = Body<Org, 'get'>;
export type OrganizationPatch = Input<Org, 'patch'>;
export type Member = Body<`${Org}/members`, 'get'>['items'][number];
export type MemberPatch = Input<`${Org}/members/{memberId}`, 'patch'>;
export type PendingInvitation = Body<`${Org}/invitations`, 'get'>['items'][number];
/** An invitation with its link: only in the answer that creates or renews it. */
export type InvitationWithLink = Body<`${Org}/invitations`, 'post'>;
export type Category = Body<`${Org}/categories`, 'get'>['items'][number];
export type CategoryInput = Input<`${Org}/categories`, 'post'>;
export type CategoryPatch = Input<`${Org}/categories/{categoryId}`, 'patch'>;
export type Brand = Body<`${Org}/brands`, 'get'>['items'][number];
export type BrandPatch = Input<`${Org}/brands/{brandId}`, 'patch'>;
export type Vocabulary = Body<`${Org}/quick-add/aliases`, 'get'>;
export type QuickAddAlias = Vocabulary['items'][number];
export type DeliverableType = Body<`${Org}/deliverable-types`, 'get'>['items'][number];
export type DeliverableTypeInput = Input<`${Org}/deliverable-types`, 'post'>;
export type DeliverableTypePatch = Input<`${Org}/deliverable-types/{deliverableTypeId}`, 'patch'>;

const path = (orgId: string) => ({ params: { path: { orgId } } });

// Week approvals

export async function listWeeks(
  orgId: string,
  query: { from?: string; to?: string; status?: WeekStatus; memberId?: string },
): Promise<WeekApproval[]> {
  const result = await ok(api.GET('/api/v1/organizations/{orgId}/weeks', { params: { path: { orgId }, query } }));
  return result.items;
}

/** Live totals of a member's week (a submitted week has no frozen snapshot yet). */
export function weekTotals(orgId: string, memberId: string, from: string, to: string) {
  return ok(
    api.GET('/api/v1/organizations/{orgId}/time-entries/summary', {
      params: { path: { orgId }, query: { memberId, from, to } },
    }),
  );
}

export function decideWeek(
  orgId: string,
  action: WeekAction,
  memberId: string,
  weekStart: string,
  comment?: string,
): Promise<WeekApproval> {
  const params = {
    path: { orgId, weekStart },
    query: { memberId },
    header: { 'idempotency-key': idempotencyKey() },
  };
  if (action === 'approve') {
    return ok(api.POST('/api/v1/organizations/{orgId}/weeks/{weekStart}/approve', { params, body: {} }));
  }
  if (action === 'reopen') {
    return ok(api.POST('/api/v1/organizations/{orgId}/weeks/{weekStart}/reopen', { params, body: {} }));
  }
  return ok(
    api.POST('/api/v1/organizations/{orgId}/weeks/{weekStart}/reject', { params, body: { comment: comment ?? '' } }),
  );
}

// Organization

export function getOrganization(orgId: string): Promise<Organization> {
  return ok(api.GET('/api/v1/organizations/{orgId}', path(orgId)));
}

export function updateOrganization(orgId: string, body: OrganizationPatch): Promise<Organization> {
  return ok(api.PATCH('/api/v1/organizations/{orgId}', { ...path(orgId), body }));
}

/** Countries whose public holidays the organization can follow, or the regions of one. */
export async function holidayPlaces(orgId: string, country?: string): Promise<{ code: string; name: string }[]> {
  return (
    await ok(
      api.GET('/api/v1/organizations/{orgId}/holiday-places', {
        params: { path: { orgId }, query: country ? { country } : {} },
      }),
    )
  ).items;
}

// Members and invitations

export async function listMembers(orgId: string): Promise<Member[]> {
  return (await ok(api.GET('/api/v1/organizations/{orgId}/members', path(orgId)))).items;
}

export function updateMember(orgId: string, memberId: string, body: MemberPatch): Promise<Member> {
  return ok(
    api.PATCH('/api/v1/organizations/{orgId}/members/{memberId}', { params: { path: { orgId, memberId } }, body }),
  );
}

export async function removeMember(orgId: string, memberId: string): Promise<void> {
  await ok(api.DELETE('/api/v1/organizations/{orgId}/members/{memberId}', { params: { path: { orgId, memberId } } }));
}

export async function listInvitations(orgId: string): Promise<PendingInvitation[]> {
  return (await ok(api.GET('/api/v1/organizations/{orgId}/invitations', path(orgId)))).items;
}

export function invite(orgId: string, email: string, role: Member['role']): Promise<InvitationWithLink> {
  return ok(api.POST('/api/v1/organizations/{orgId}/invitations', { ...path(orgId), body: { email, role } }));
}

/** A new link for a pending invitation; the old one stops working. */
export function renewInvitation(orgId: string, invitationId: string): Promise<InvitationWithLink> {
  return ok(
    api.POST('/api/v1/organizations/{orgId}/invitations/{invitationId}/renew', {
      params: { path: { orgId, invitationId } },
      body: {},
    }),
  );
}

export async function revokeInvitation(orgId: string, invitationId: string): Promise<void> {
  await ok(
    api.DELETE('/api/v1/organizations/{orgId}/invitations/{invitationId}', {
      params: { path: { orgId, invitationId } },
    }),
  );
}

// Catalog (archived rows included: the editors show them to unarchive)

const withArchived = (orgId: string) => ({ params: { path: { orgId }, query: { includeArchived: true } } });

export async function listCategories(orgId: string): Promise<Category[]> {
  return (await ok(api.GET('/api/v1/organizations/{orgId}/categories', withArchived(orgId)))).items;
}

export function createCategory(orgId: string, body: CategoryInput): Promise<Category> {
  return ok(api.POST('/api/v1/organizations/{orgId}/categories', { ...path(orgId), body }));
}

export function updateCategory(orgId: string, categoryId: string, body: CategoryPatch): Promise<Category> {
  return ok(
    api.PATCH('/api/v1/organizations/{orgId}/categories/{categoryId}', {
      params: { path: { orgId, categoryId } },
      body,
    }),
  );
}

export async function listBrands(orgId: string): Promise<Brand[]> {
  return (await ok(api.GET('/api/v1/organizations/{orgId}/brands', withArchived(orgId)))).items;
}

export function createBrand(orgId: string, name: string, color?: string): Promise<Brand> {
  return ok(
    api.POST('/api/v1/organizations/{orgId}/brands', { ...path(orgId), body: color ? { name, color } : { name } }),
  );
}

export function updateBrand(orgId: string, brandId: string, body: BrandPatch): Promise<Brand> {
  return ok(
    api.PATCH('/api/v1/organizations/{orgId}/brands/{brandId}', { params: { path: { orgId, brandId } }, body }),
  );
}

// The team's quick-add words

export function getVocabulary(orgId: string): Promise<Vocabulary> {
  return ok(api.GET('/api/v1/organizations/{orgId}/quick-add/aliases', path(orgId)));
}

export function setLearnAfter(orgId: string, learnAfter: number): Promise<Vocabulary> {
  return ok(api.PUT('/api/v1/organizations/{orgId}/quick-add/learning', { ...path(orgId), body: { learnAfter } }));
}

export function renameAlias(orgId: string, aliasId: string, phrase: string): Promise<QuickAddAlias> {
  return ok(
    api.PATCH('/api/v1/organizations/{orgId}/quick-add/aliases/{aliasId}', {
      params: { path: { orgId, aliasId } },
      body: { phrase },
    }),
  );
}

export async function removeAlias(orgId: string, aliasId: string): Promise<void> {
  await ok(
    api.DELETE('/api/v1/organizations/{orgId}/quick-add/aliases/{aliasId}', { params: { path: { orgId, aliasId } } }),
  );
}

export async function listDeliverableTypes(orgId: string): Promise<DeliverableType[]> {
  return (await ok(api.GET('/api/v1/organizations/{orgId}/deliverable-types', withArchived(orgId)))).items;
}

export function createDeliverableType(orgId: string, body: DeliverableTypeInput): Promise<DeliverableType> {
  return ok(api.POST('/api/v1/organizations/{orgId}/deliverable-types', { ...path(orgId), body }));
}

export function updateDeliverableType(
  orgId: string,
  deliverableTypeId: string,
  body: DeliverableTypePatch,
): Promise<DeliverableType> {
  return ok(
    api.PATCH('/api/v1/organizations/{orgId}/deliverable-types/{deliverableTypeId}', {
      params: { path: { orgId, deliverableTypeId } },
      body,
    }),
  );
}
