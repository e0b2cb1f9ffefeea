// Invitations: an owner invites an address with a role and sends the link; the person who signs in
// with that address accepts and becomes a member. The link carries a random secret shown once (at
// creation, or when the owner renews the link); only its SHA-256 is stored. An invitation's id is
// not a secret and opens nothing.
import {
  addMember,
  createInvitation,
  deleteMemberTokens,
  findInvitationBySecret,
  getUser,
  listInvitations,
  type MemberRole,
  renewInvitation,
  setInvitationStatus,
  userEmailVerified,
} from '@proofwork/db';
import type { Actor } from '../actor';
import type { ServiceDeps } from '../context';
import { conflict, DomainError, forbidden, notFound } from '../errors';
import { sendInvitationMail } from '../mail/account-mail';
import type { NotifyDeps } from '../notifications/mail-deps';
import { hashSecret, looksLikeSecret, newSecret } from '../secrets';
import { emitEvents } from '../webhooks/webhook.service';

export const INVITATION_DAYS = 14;

type InvitationRow = Awaited<ReturnType<typeof listInvitations>>[number];

export const invitationView = (row: InvitationRow) => ({
  id: row.id,
  email: row.email,
  role: row.role,
  status: row.status,
  expiresAt: row.expiresAt.toISOString(),
  createdAt: row.createdAt.toISOString(),
});

export type InvitationView = ReturnType<typeof invitationView>;

export async function listInvitationViews({ db }: ServiceDeps, actor: Actor) {
  return (await listInvitations(db, actor.organizationId)).map(invitationView);
}

const expiryFrom = (now: Date) => new Date(now.getTime() + INVITATION_DAYS * 86_400_000);

/**
 * Mails the link to the invited address, in the organization's language. A mail that cannot be sent
 * does not undo the invitation: the owner still has the link to pass on (`mailed: false`).
 */
async function mailInvitation(deps: NotifyDeps, actor: Actor, row: InvitationRow, secret: string) {
  if (!deps.mail) return false;
  const inviter = await getUser(deps.db, actor.userId);
  try {
    await sendInvitationMail(deps.mail, {
      email: row.email,
      role: row.role,
      secret,
      organizationName: actor.organization.name,
      inviterName: inviter?.name ?? actor.organization.name,
      locale: actor.organization.defaultLocale,
    });
    return true;
  } catch {
    return false;
  }
}

/** A new invitation and the secret of its link, returned this once (and mailed to the address). */
export async function inviteMember(
  deps: NotifyDeps,
  actor: Actor,
  input: { email: string; role: MemberRole },
): Promise<{ invitation: InvitationView; secret: string; mailed: boolean }> {
  const { secret, hash } = newSecret();
  const row = await createInvitation(deps.db, actor.organizationId, {
    email: input.email.toLowerCase(),
    role: input.role,
    inviterId: actor.userId,
    expiresAt: expiryFrom(deps.clock.now()),
    tokenHash: hash,
  });
  return { invitation: invitationView(row), secret, mailed: await mailInvitation(deps, actor, row, secret) };
}

/** A new link for a pending invitation (lost, or expired): the old link stops working at once. */
export async function renewInvitationLink(
  deps: NotifyDeps,
  actor: Actor,
  invitationId: string,
): Promise<{ invitation: InvitationView; secret: string; mailed: boolean }> {
  const { secret, hash } = newSecret();
  const row = await renewInvitation(deps.db, actor.organizationId, invitationId, {
    tokenHash: hash,
    expiresAt: expiryFrom(deps.clock.now()),
  });
  if (!row) throw notFound('Invitation');
  return { invitation: invitationView(row), secret, mailed: await mailInvitation(deps, actor, row, secret) };
}

export async function revokeInvitation({ db }: ServiceDeps, actor: Actor, invitationId: string) {
  if (!(await setInvitationStatus(db, actor.organizationId, invitationId, 'revoked'))) throw notFound('Invitation');
}

/** The invitation a link's secret opens; anything else (an id, a guess, a replaced link) is not found. */
async function bySecret(db: ServiceDeps['db'], secret: string, forUpdate = false) {
  const found = looksLikeSecret(secret) ? await findInvitationBySecret(db, hashSecret(secret), { forUpdate }) : null;
  if (!found) throw notFound('Invitation');
  return found;
}

/** What an invitation link offers, for anyone holding it. */
export async function describeInvitation({ db, clock }: ServiceDeps, secret: string) {
  const { invitation, organizationName, inviterName } = await bySecret(db, secret);
  const expired = invitation.expiresAt < clock.now() && invitation.status === 'pending';
  return {
    organizationName,
    inviterName,
    email: invitation.email,
    role: invitation.role,
    status: expired ? 'expired' : invitation.status,
    expiresAt: invitation.expiresAt.toISOString(),
  };
}

/**
 * Accepting needs the link's secret and a signed-in account whose address is the invited one and
 * is verified (anyone can sign up with any address; only its mailbox can confirm it); it works
 * once. A person who left (or was removed) and comes back starts with no API token: old ones never
 * work again.
 */
export async function acceptInvitation(
  { db, clock }: ServiceDeps,
  user: { userId: string; email: string },
  secret: string,
) {
  return db.transaction(async (tx) => {
    const { invitation } = await bySecret(tx, secret, true);
    if (invitation.status !== 'pending')
      throw new DomainError('gone', 'invitation_closed', 'This invitation was already used or revoked');
    if (invitation.expiresAt < clock.now())
      throw new DomainError('gone', 'invitation_expired', 'This invitation has expired');
    if (invitation.email.toLowerCase() !== user.email.toLowerCase()) {
      throw forbidden(`This invitation is for ${invitation.email}; sign in with that address`);
    }
    if (!(await userEmailVerified(tx, user.userId))) {
      throw new DomainError(
        'forbidden',
        'email_not_verified',
        `Confirm ${invitation.email} first: open the link we mailed to it, then accept again`,
      );
    }
    const member = await addMember(tx, invitation.organizationId, user.userId, invitation.role);
    if (!member) throw conflict('You are already a member of this organization');
    await deleteMemberTokens(tx, invitation.organizationId, user.userId);
    await setInvitationStatus(tx, invitation.organizationId, invitation.id, 'accepted');
    await emitEvents(tx, invitation.organizationId, [
      { type: 'member.joined', data: { member: { id: member.id, role: member.role, invitationId: invitation.id } } },
    ]);
    return { organizationId: invitation.organizationId, memberId: member.id, role: member.role };
  });
}
