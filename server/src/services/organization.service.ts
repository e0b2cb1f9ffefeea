// Organization rules: creation with defaults, the last-owner rule, invitations and acceptance.
import { isValidTimeZone, type Locale, parseClock, type WorkingSchedule } from '@proofwork/core';
import {
  addMember,
  createInvitation,
  createOrganizationWithOwner,
  type Database,
  findInvitation,
  getMember,
  lockOwners,
  type MemberPatch,
  type MemberRole,
  type OrganizationRow,
  removeMember,
  setInvitationStatus,
  slugTaken,
  updateMember,
} from '@proofwork/db';
import type { Clock } from '../lib/clock';
import { AppError, conflict, forbidden, invalidField, notFound } from '../lib/errors';
import type { Membership } from '../plugins/tenant';

export interface ServiceDeps {
  db: Database;
  clock: Clock;
}

const INVITATION_DAYS = 14;

export function organizationBody(row: OrganizationRow) {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    timeZone: row.timeZone,
    weekStart: row.weekStart,
    defaultLocale: row.defaultLocale,
    defaultWeeklyContractSeconds: row.defaultWeeklyContractSeconds,
    workingSchedule: row.workingSchedule,
    lateAfterDays: row.lateAfterDays,
    createdAt: row.createdAt.toISOString(),
  };
}

export function assertTimeZone(field: string, zone: string | null | undefined) {
  if (zone != null && !isValidTimeZone(zone)) throw invalidField(field, `"${zone}" is not an IANA time zone`);
}

/** Each slot must end after it starts; overnight shifts are two slots. */
export function assertSchedule(field: string, schedule: WorkingSchedule | null | undefined) {
  schedule?.forEach((slot, i) => {
    if (parseClock(slot.end) <= parseClock(slot.start)) throw invalidField(`${field}.${i}.end`, 'must be after start');
  });
}

function slugify(name: string): string {
  const base = name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 48);
  return base || 'organization';
}

export async function createOrganization(
  { db }: ServiceDeps,
  userId: string,
  input: {
    name: string;
    timeZone: string;
    weekStart: number;
    defaultLocale: Locale;
    defaultWeeklyContractSeconds: number;
  },
) {
  assertTimeZone('body.timeZone', input.timeZone);
  return db.transaction(async (tx) => {
    let slug = slugify(input.name);
    for (let n = 2; await slugTaken(tx, slug); n++) slug = `${slugify(input.name)}-${n}`;
    return createOrganizationWithOwner(tx, { ...input, slug }, userId);
  });
}

/** Changes a member's settings; role changes keep at least one owner. */
export async function changeMember({ db }: ServiceDeps, actor: Membership, memberId: string, patch: MemberPatch) {
  assertTimeZone('body.timeZone', patch.timeZone);
  assertSchedule('body.workingSchedule', patch.workingSchedule);
  const isSelf = actor.id === memberId;
  const manager = actor.role === 'owner' || actor.role === 'manager';
  const contractFields = ['weeklyContractSeconds', 'hourlyCostCents'] as const;
  if (!manager && (!isSelf || contractFields.some((f) => f in patch))) throw forbidden();
  if ('role' in patch && actor.role !== 'owner') throw forbidden('Only an owner can change roles');
  return db.transaction(async (tx) => {
    const target = await getMember(tx, actor.organizationId, memberId);
    if (!target || target.removedAt) throw notFound('Member');
    if (patch.role && patch.role !== 'owner' && target.role === 'owner') {
      const owners = await lockOwners(tx, actor.organizationId);
      if (owners.length <= 1) throw conflict('An organization keeps at least one owner');
    }
    return updateMember(tx, actor.organizationId, memberId, patch);
  });
}

/** Removes a member (or lets one leave); never the last owner. Their entries stay as evidence. */
export async function removeMemberAccess({ db, clock }: ServiceDeps, actor: Membership, memberId: string) {
  if (actor.id !== memberId && actor.role !== 'owner') throw forbidden('Only an owner can remove members');
  await db.transaction(async (tx) => {
    const target = await getMember(tx, actor.organizationId, memberId);
    if (!target || target.removedAt) throw notFound('Member');
    if (target.role === 'owner') {
      const owners = await lockOwners(tx, actor.organizationId);
      if (owners.length <= 1) throw conflict('An organization keeps at least one owner: name another owner first');
    }
    await removeMember(tx, actor.organizationId, memberId, clock.now());
  });
}

export async function inviteMember({ db, clock }: ServiceDeps, actor: Membership, email: string, role: MemberRole) {
  const expiresAt = new Date(clock.now().getTime() + INVITATION_DAYS * 86_400_000);
  return createInvitation(db, actor.organizationId, {
    email: email.toLowerCase(),
    role,
    inviterId: actor.userId,
    expiresAt,
  });
}

export async function revokeInvitation({ db }: ServiceDeps, actor: Membership, invitationId: string) {
  if (!(await setInvitationStatus(db, actor.organizationId, invitationId, 'revoked'))) throw notFound('Invitation');
}

/** Accepting needs the invited e-mail address: the link alone is not enough. */
export async function acceptInvitation(
  { db, clock }: ServiceDeps,
  user: { userId: string; email: string },
  invitationId: string,
) {
  return db.transaction(async (tx) => {
    const found = await findInvitation(tx, invitationId);
    if (!found) throw notFound('Invitation');
    const { invitation } = found;
    if (invitation.status !== 'pending')
      throw new AppError(410, 'invitation_closed', 'This invitation was already used or revoked');
    if (invitation.expiresAt < clock.now())
      throw new AppError(410, 'invitation_expired', 'This invitation has expired');
    if (invitation.email.toLowerCase() !== user.email.toLowerCase()) {
      throw forbidden(`This invitation is for ${invitation.email}; sign in with that address`);
    }
    const member = await addMember(tx, invitation.organizationId, user.userId, invitation.role);
    if (!member) throw conflict('You are already a member of this organization');
    await setInvitationStatus(tx, invitation.organizationId, invitation.id, 'accepted');
    return { organizationId: invitation.organizationId, memberId: member.id, role: member.role };
  });
}
