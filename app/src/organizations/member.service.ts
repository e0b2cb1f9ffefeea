// Members: who sees what of a member (contract and cost are personal data), role changes that keep
// an owner, and leaving or removing (their entries stay as evidence).
import {
  deleteMemberTokens,
  getMember,
  listMembers,
  lockOwners,
  type MemberPatch,
  removeMember,
  updateMember,
} from '@proofwork/db';
import { type Actor, isManager } from '../actor';
import type { ServiceDeps } from '../context';
import { conflict, forbidden, notFound } from '../errors';
import { assertSchedule, assertTimeZone } from './organization.service';

type MemberRow = NonNullable<Awaited<ReturnType<typeof getMember>>>;

/** Contract and cost are personal data: managers see them, a member sees only their own contract. */
export function memberView(row: MemberRow, viewer: Actor) {
  const manager = isManager(viewer);
  return {
    id: row.id,
    userId: row.userId,
    name: row.name,
    email: row.email,
    role: row.role,
    timeZone: row.timeZone,
    workingSchedule: row.workingSchedule,
    removed: row.removedAt !== null,
    tracksTime: row.tracksTime,
    ...(manager || row.id === viewer.memberId ? { weeklyContractSeconds: row.weeklyContractSeconds } : {}),
    ...(manager ? { hourlyCostCents: row.hourlyCostCents } : {}),
  };
}

export async function listMemberViews({ db }: ServiceDeps, actor: Actor, includeRemoved?: boolean) {
  const rows = await listMembers(db, actor.organizationId);
  return (includeRemoved ? rows : rows.filter((r) => r.removedAt === null)).map((r) => memberView(r, actor));
}

export async function getMemberView({ db }: ServiceDeps, actor: Actor, memberId: string) {
  const row = await getMember(db, actor.organizationId, memberId);
  if (!row) throw notFound('Member');
  return memberView(row, actor);
}

/** Changes a member's settings; role changes keep at least one owner. */
export async function changeMember({ db }: ServiceDeps, actor: Actor, memberId: string, patch: MemberPatch) {
  assertTimeZone('timeZone', patch.timeZone);
  assertSchedule('workingSchedule', patch.workingSchedule);
  const isSelf = actor.memberId === memberId;
  const contractFields = ['weeklyContractSeconds', 'hourlyCostCents', 'tracksTime'] as const;
  if (!isManager(actor) && (!isSelf || contractFields.some((f) => f in patch))) throw forbidden();
  if ('role' in patch && actor.role !== 'owner') throw forbidden('Only an owner can change roles');
  const row = await db.transaction(async (tx) => {
    const target = await getMember(tx, actor.organizationId, memberId);
    if (!target || target.removedAt) throw notFound('Member');
    if (patch.role && patch.role !== 'owner' && target.role === 'owner') {
      const owners = await lockOwners(tx, actor.organizationId);
      if (owners.length <= 1) throw conflict('An organization keeps at least one owner');
    }
    return updateMember(tx, actor.organizationId, memberId, patch);
  });
  if (!row) throw notFound('Member');
  return memberView(row, actor);
}

/**
 * Removes a member (or lets one leave); never the last owner. Their entries stay as evidence; their
 * API tokens for this organization are deleted with their access, so none works again even if
 * they are invited back.
 */
export async function removeMemberAccess({ db, clock }: ServiceDeps, actor: Actor, memberId: string) {
  if (actor.memberId !== memberId && actor.role !== 'owner') throw forbidden('Only an owner can remove members');
  await db.transaction(async (tx) => {
    const target = await getMember(tx, actor.organizationId, memberId);
    if (!target || target.removedAt) throw notFound('Member');
    if (target.role === 'owner') {
      const owners = await lockOwners(tx, actor.organizationId);
      if (owners.length <= 1) throw conflict('An organization keeps at least one owner: name another owner first');
    }
    await removeMember(tx, actor.organizationId, memberId, clock.now());
    await deleteMemberTokens(tx, actor.organizationId, target.userId);
  });
}
