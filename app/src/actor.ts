// Who is acting: the member (and their organization) a service works for, whatever the transport.
// The API builds an actor from a session or a token, a job from the member it works for, the CLI
// from its token: every rule below the transport reads this and nothing else.
import type { IsoWeekday, Locale, WorkingSchedule } from '@proofwork/core';
import { type Executor, findActiveMembership, findMemberWithOrganization } from '@proofwork/db';
import { DomainError, forbidden } from './errors';

export type Role = 'owner' | 'manager' | 'member';

export const MANAGERS: readonly Role[] = ['owner', 'manager'];
export const OWNERS: readonly Role[] = ['owner'];

/** How the actor proved who they are; a job acts for a member without either. */
export type AuthenticatedVia = 'session' | 'token' | 'job';

export interface OrganizationSettings {
  id: string;
  name: string;
  timeZone: string;
  weekStart: IsoWeekday;
  defaultLocale: Locale;
  defaultWeeklyContractSeconds: number;
  workingSchedule: WorkingSchedule;
  lateAfterDays: number;
  twoFactorRequired: TwoFactorRequirement;
}

/** Who must use two-factor authentication to reach an organization's data. */
export type TwoFactorRequirement = 'nobody' | 'managers' | 'everyone';

/** Whether the organization's rule asks this role for two-factor authentication. */
export function twoFactorRequiredFor(requirement: TwoFactorRequirement, role: Role): boolean {
  return requirement === 'everyone' || (requirement === 'managers' && role !== 'member');
}

/**
 * The organization requires two-factor authentication of this member and their account has none:
 * nothing of the organization is reachable until they enable it (a job acts for no one signing in).
 */
export function assertTwoFactorSatisfied(actor: Actor) {
  if (actor.via === 'job' || actor.twoFactorEnabled) return;
  if (!twoFactorRequiredFor(actor.organization.twoFactorRequired, actor.role)) return;
  throw new DomainError(
    'forbidden',
    'two_factor_required',
    'This organization requires two-factor authentication: enable it on your profile to continue',
  );
}

export interface Actor {
  memberId: string;
  organizationId: string;
  userId: string;
  role: Role;
  /** The member's own zone, else the organization's. */
  timeZone: string;
  /** The user's language, else the organization's. */
  locale: Locale;
  workingSchedule: WorkingSchedule;
  weeklyContractSeconds: number;
  organization: OrganizationSettings;
  via: AuthenticatedVia;
  /** Whether the account signs in with a second factor (true for a job: it acts for no one signing in). */
  twoFactorEnabled: boolean;
}

export const isManager = (actor: Pick<Actor, 'role'>) => actor.role === 'owner' || actor.role === 'manager';

/** Members log and read their own time; managers and owners any member's. */
export function assertMayActFor(actor: Actor, memberId: string | undefined) {
  if (memberId !== undefined && memberId !== actor.memberId && !isManager(actor)) {
    throw forbidden('Members can only log and read their own time; a manager can act for another member');
  }
}

type MemberRow = NonNullable<Awaited<ReturnType<typeof findActiveMembership>>>;

function actorOf(
  { member, organization }: MemberRow,
  via: AuthenticatedVia,
  userLocale: Locale | null,
  twoFactorEnabled: boolean,
): Actor {
  return {
    memberId: member.id,
    organizationId: organization.id,
    userId: member.userId,
    role: member.role,
    timeZone: member.timeZone ?? organization.timeZone,
    locale: userLocale ?? organization.defaultLocale,
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
      twoFactorRequired: organization.twoFactorRequired,
    },
    via,
    twoFactorEnabled,
  };
}

/** The signed-in user as a member of the organization, or null when they are not (or no longer) one. */
export async function loadActor(
  db: Executor,
  who: {
    organizationId: string;
    userId: string;
    via: AuthenticatedVia;
    locale: Locale | null;
    twoFactorEnabled?: boolean;
  },
): Promise<Actor | null> {
  const row = await findActiveMembership(db, who.organizationId, who.userId);
  return row ? actorOf(row, who.via, who.locale, who.twoFactorEnabled ?? false) : null;
}

/** A job acting for a member (an import, a reminder): null when the member left the organization. */
export async function actorForMember(db: Executor, organizationId: string, memberId: string): Promise<Actor | null> {
  const row = await findMemberWithOrganization(db, organizationId, memberId);
  if (!row || row.member.removedAt) return null;
  return actorOf(row, 'job', row.user.locale, true);
}
