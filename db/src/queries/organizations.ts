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
export async function createOrganizationWithOwner(tx: Executor, input: NewOrganization, ownerUserId: string) {
  const [organization] = await tx.insert(organizations).values(input).returning();
  const [owner] = await tx
    .insert(members)
    .values({ organizationId: organization!.id, userId: ownerUserId, role: 'owner' })
    .returning();
  await insertDefaultCatalog(tx, organization!.id);
  return { organization: organization!, owner: owner! };
}

export async function slugTaken(db: Executor, slug: string): Promise<boolean> {
  const rows = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, slug));
  return rows.length > 0;
}

export async function getOrganization(db: Executor, organizationId: string) {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, organizationId));
  return row ?? null;
}

export async function updateOrganization(
  db: Executor,
  organizationId: string,
  patch: Partial<Omit<NewOrganization, 'slug'>> & { lateAfterDays?: number },
) {
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
    })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(and(eq(members.userId, userId), isNull(members.removedAt)))
    .orderBy(asc(organizations.name));
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
}

export async function updateMember(db: Executor, organizationId: string, memberId: string, patch: MemberPatch) {
  const [row] = await db
    .update(members)
    .set(patch)
    .where(and(eq(members.organizationId, organizationId), eq(members.id, memberId)))
    .returning({ id: members.id });
  return row ? getMember(db, organizationId, memberId) : null;
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

export async function createInvitation(
  db: Executor,
  organizationId: string,
  input: { email: string; role: MemberRole; inviterId: string; expiresAt: Date },
) {
  const [row] = await db
    .insert(invitations)
    .values({ organizationId, ...input, status: 'pending' })
    .returning();
  return row!;
}

export async function listInvitations(db: Executor, organizationId: string) {
  return db
    .select()
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

/** An invitation looked up by its id alone: the id is the secret carried by the invitation link. */
export async function findInvitation(db: Executor, invitationId: string) {
  const [row] = await db
    .select({ invitation: invitations, organizationName: organizations.name, inviterName: users.name })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .innerJoin(users, eq(users.id, invitations.inviterId))
    .where(eq(invitations.id, invitationId));
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
