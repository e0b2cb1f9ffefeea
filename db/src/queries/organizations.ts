// Organizations, members and invitations. Every query takes the organization first.
import type { Locale, WorkingSchedule } from '@proofwork/core';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { invitations, members, organizations, users } from '../schema/index';
import { insertDefaultCatalog } from './catalog';

export type OrganizationRow = typeof organizations.$inferSelect;
export type MemberRole = 'owner' | 'manager' | 'member';

export interface NewOrganization {
  name: string;
  slug: string;
  timeZone: string;
  weekStart: number;
  defaultLocale: Locale;
  defaultWeeklyContractSeconds: number;
  workingSchedule?: WorkingSchedule;
}

/** Creates an organization, its owner membership and its default catalog (call inside a transaction). */
/** What an organization's settings change may set. */
export type OrganizationPatch = Partial<Omit<NewOrganization, 'slug'>> & {
  lateAfterDays?: number;
  holidayCountry?: string | null;
  holidayRegion?: string | null;
  coverageThresholdPercent?: number;
  twoFactorRequired?: 'nobody' | 'managers' | 'everyone';
};

export async function createOrganizationWithOwner(tx: Executor, input: NewOrganization, ownerUserId: string) {
  const [organization] = await tx.insert(organizations).values(input).returning();
  const [owner] = await tx
    .insert(members)
    .values({ organizationId: organization!.id, userId: ownerUserId, role: 'owner' })
    .returning();
  await insertDefaultCatalog(tx, organization!.id);
  return { organization: organization!, owner: owner! };
}

/** How many organizations the database holds (start-up decides whether to seed the demo). */
export async function countOrganizations(db: Executor): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(organizations);
  return row?.count ?? 0;
}

export async function slugTaken(db: Executor, slug: string): Promise<boolean> {
  const rows = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, slug));
  return rows.length > 0;
}

export async function getOrganization(db: Executor, organizationId: string) {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, organizationId));
  return row ?? null;
}

export async function updateOrganization(db: Executor, organizationId: string, patch: OrganizationPatch) {
  const [row] = await db.update(organizations).set(patch).where(eq(organizations.id, organizationId)).returning();
  return row ?? null;
}

export async function listMemberships(db: Executor, userId: string) {
  return db
    .select({
      organizationId: organizations.id,
      name: organizations.name,
      slug: organizations.slug,
      role: members.role,
      memberId: members.id,
      defaultLocale: organizations.defaultLocale,
      twoFactorRequired: organizations.twoFactorRequired,
    })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(and(eq(members.userId, userId), isNull(members.removedAt)))
    .orderBy(asc(organizations.name));
}

/** The caller's membership in an organization, with the organization's settings; null when they left. */
export async function findActiveMembership(db: Executor, organizationId: string, userId: string) {
  const [row] = await db
    .select({ member: members, organization: organizations })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(and(eq(members.organizationId, organizationId), eq(members.userId, userId), isNull(members.removedAt)));
  return row ?? null;
}

/** A member's own row with their organization, for work done on their behalf (jobs, imports). */
export async function findMemberWithOrganization(db: Executor, organizationId: string, memberId: string) {
  const [row] = await db
    .select({ member: members, organization: organizations, user: { email: users.email, locale: users.locale } })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .innerJoin(users, eq(users.id, members.userId))
    .where(and(eq(members.organizationId, organizationId), eq(members.id, memberId)));
  return row ?? null;
}

const memberColumns = {
  id: members.id,
  organizationId: members.organizationId,
  userId: members.userId,
  name: users.name,
  email: users.email,
  role: members.role,
  timeZone: members.timeZone,
  weeklyContractSeconds: members.weeklyContractSeconds,
  workingSchedule: members.workingSchedule,
  hourlyCostCents: members.hourlyCostCents,
  tracksTime: members.tracksTime,
  removedAt: members.removedAt,
  createdAt: members.createdAt,
};

export async function listMembers(db: Executor, organizationId: string) {
  return db
    .select(memberColumns)
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(eq(members.organizationId, organizationId))
    .orderBy(asc(users.name));
}

export async function getMember(db: Executor, organizationId: string, memberId: string) {
  const [row] = await db
    .select(memberColumns)
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(and(eq(members.organizationId, organizationId), eq(members.id, memberId)));
  return row ?? null;
}

export interface MemberPatch {
  role?: MemberRole;
  timeZone?: string | null;
  weeklyContractSeconds?: number | null;
  workingSchedule?: WorkingSchedule | null;
  hourlyCostCents?: number | null;
  tracksTime?: boolean;
}

export async function updateMember(db: Executor, organizationId: string, memberId: string, patch: MemberPatch) {
  const [row] = await db
    .update(members)
    .set(patch)
    .where(and(eq(members.organizationId, organizationId), eq(members.id, memberId)))
    .returning({ id: members.id });
  return row ? getMember(db, organizationId, memberId) : null;
}

/** How many active managers and owners an organization has besides one member (who decides on weeks). */
export async function countOtherManagers(db: Executor, organizationId: string, memberId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(members)
    .where(
      and(
        eq(members.organizationId, organizationId),
        sql`${members.role} in ('owner', 'manager')`,
        isNull(members.removedAt),
        sql`${members.id} <> ${memberId}`,
      ),
    );
  return row?.count ?? 0;
}

/** Owners of an organization, locked for the rest of the transaction (last-owner rule). */
export async function lockOwners(tx: Executor, organizationId: string) {
  return tx
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.organizationId, organizationId), eq(members.role, 'owner'), isNull(members.removedAt)))
    .for('update');
}

/** Removes a member's access; their entries stay as evidence. */
export async function removeMember(tx: Executor, organizationId: string, memberId: string, at: Date) {
  const rows = await tx
    .update(members)
    .set({ removedAt: at })
    .where(and(eq(members.organizationId, organizationId), eq(members.id, memberId), isNull(members.removedAt)))
    .returning({ id: members.id });
  return rows.length > 0;
}

/** What an owner sees of an invitation: never its secret (not even hashed). */
const invitationColumns = {
  id: invitations.id,
  organizationId: invitations.organizationId,
  email: invitations.email,
  role: invitations.role,
  status: invitations.status,
  expiresAt: invitations.expiresAt,
  inviterId: invitations.inviterId,
  createdAt: invitations.createdAt,
};

export async function createInvitation(
  db: Executor,
  organizationId: string,
  input: { email: string; role: MemberRole; inviterId: string; expiresAt: Date; tokenHash: string },
) {
  const [row] = await db
    .insert(invitations)
    .values({ organizationId, ...input, status: 'pending' })
    .returning(invitationColumns);
  return row!;
}

export async function listInvitations(db: Executor, organizationId: string) {
  return db
    .select(invitationColumns)
    .from(invitations)
    .where(and(eq(invitations.organizationId, organizationId), eq(invitations.status, 'pending')))
    .orderBy(asc(invitations.createdAt));
}

export async function setInvitationStatus(
  db: Executor,
  organizationId: string,
  invitationId: string,
  status: 'accepted' | 'revoked',
) {
  const rows = await db
    .update(invitations)
    .set({ status })
    .where(
      and(
        eq(invitations.organizationId, organizationId),
        eq(invitations.id, invitationId),
        eq(invitations.status, 'pending'),
      ),
    )
    .returning({ id: invitations.id });
  return rows.length > 0;
}

/** Gives a pending invitation a new secret and expiry: the old link stops working. */
export async function renewInvitation(
  db: Executor,
  organizationId: string,
  invitationId: string,
  change: { tokenHash: string; expiresAt: Date },
) {
  const [row] = await db
    .update(invitations)
    .set(change)
    .where(
      and(
        eq(invitations.organizationId, organizationId),
        eq(invitations.id, invitationId),
        eq(invitations.status, 'pending'),
      ),
    )
    .returning(invitationColumns);
  return row ?? null;
}

/**
 * An invitation found by the hash of the secret its link carries: the only way in for someone
 * outside the organization (the id is not a secret and never works here). `forUpdate` locks it
 * for acceptance, so two acceptances of one link cannot both pass.
 */
export async function findInvitationBySecret(db: Executor, tokenHash: string, options: { forUpdate?: boolean } = {}) {
  const query = db
    .select({ invitation: invitationColumns, organizationName: organizations.name, inviterName: users.name })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .innerJoin(users, eq(users.id, invitations.inviterId))
    .where(eq(invitations.tokenHash, tokenHash));
  const [row] = await (options.forUpdate ? query.for('update', { of: invitations }) : query);
  return row ?? null;
}

/** Adds a member, or gives a removed one their access back with the invited role. */
export async function addMember(tx: Executor, organizationId: string, userId: string, role: MemberRole) {
  const [row] = await tx
    .insert(members)
    .values({ organizationId, userId, role })
    .onConflictDoUpdate({
      target: [members.organizationId, members.userId],
      set: { role, removedAt: null },
      setWhere: sql`${members.removedAt} is not null`,
    })
    .returning();
  return row ?? null;
}

/**
 * NOTIFY channel of changes to sessions, users, members and organizations, sent by triggers at
 * commit (payload `u:<userId>`, `m:<organizationId>:<userId>` or `o:<organizationId>`): API
 * processes forget the sessions and memberships they keep in memory.
 */
export const AUTH_CHANGED_CHANNEL = 'proofwork_auth_changed';
