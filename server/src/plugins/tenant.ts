// The tenant boundary. Every tenant resource lives under /api/v1/organizations/{orgId}; this hook
// loads the caller's membership there. A non-member gets 404 (no probing), a member without the
// route's role gets 403.
import type { IsoWeekday, Locale, WorkingSchedule } from '@proofwork/core';
import { schema } from '@proofwork/db';
import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden, notFound, unauthorized } from '../lib/errors';

export type Role = 'owner' | 'manager' | 'member';

export interface OrganizationSettings {
  id: string;
  name: string;
  timeZone: string;
  weekStart: IsoWeekday;
  defaultLocale: Locale;
  defaultWeeklyContractSeconds: number;
  workingSchedule: WorkingSchedule;
  lateAfterDays: number;
}

export interface Membership {
  id: string;
  organizationId: string;
  userId: string;
  role: Role;
  /** The member's own zone, else the organization's. */
  timeZone: string;
  workingSchedule: WorkingSchedule;
  weeklyContractSeconds: number;
  organization: OrganizationSettings;
}

declare module 'fastify' {
  interface FastifyRequest {
    member: Membership;
  }
  interface FastifyContextConfig {
    /** Roles allowed on a tenant route; all members when omitted. */
    roles?: readonly Role[];
  }
}

export const MANAGERS: readonly Role[] = ['owner', 'manager'];
export const OWNERS: readonly Role[] = ['owner'];

export async function loadMembership(app: FastifyInstance, request: FastifyRequest): Promise<Membership> {
  const principal = request.principal;
  if (!principal) throw unauthorized();
  const { orgId } = request.params as { orgId: string };
  // A token works only in the organization it was made for.
  if (principal.tokenOrganizationId && principal.tokenOrganizationId !== orgId) throw notFound('Organization');
  const { members, organizations } = schema;
  const [row] = await app.deps.db
    .select({ member: members, organization: organizations })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(and(eq(members.organizationId, orgId), eq(members.userId, principal.userId), isNull(members.removedAt)));
  if (!row) throw notFound('Organization');
  const { member, organization } = row;
  return {
    id: member.id,
    organizationId: organization.id,
    userId: member.userId,
    role: member.role,
    timeZone: member.timeZone ?? organization.timeZone,
    workingSchedule: member.workingSchedule ?? organization.workingSchedule,
    weeklyContractSeconds: member.weeklyContractSeconds ?? organization.defaultWeeklyContractSeconds,
    organization: {
      id: organization.id,
      name: organization.name,
      timeZone: organization.timeZone,
      weekStart: organization.weekStart as IsoWeekday,
      defaultLocale: organization.defaultLocale,
      defaultWeeklyContractSeconds: organization.defaultWeeklyContractSeconds,
      workingSchedule: organization.workingSchedule,
      lateAfterDays: organization.lateAfterDays,
    },
  };
}

/** Registers the hook on an encapsulated scope whose routes all take `:orgId`. */
export function tenantScope(app: FastifyInstance) {
  app.decorateRequest('member', null as unknown as Membership);
  app.addHook('preHandler', async (request) => {
    request.member = await loadMembership(app, request);
    const roles = request.routeOptions.config.roles;
    if (roles && !roles.includes(request.member.role)) throw forbidden();
  });
}
