// The members settings page's state: each member's editable role (owners), contract hours and hourly
// cost, kept as text drafts in the reader's number format until saved; removal; and, for owners, the
// pending invitations and the form that makes one. An invitation's link is shown once, right after
// it is made or renewed: the server keeps only its hash.
import {
  type InvitationWithLink,
  invite,
  listInvitations,
  listMembers,
  type Member,
  type MemberPatch,
  type PendingInvitation,
  removeMember,
  renewInvitation,
  revokeInvitation,
  updateMember,
} from '$lib/api/admin';
import { errorText } from '$lib/errors';
import { number, t } from '$lib/i18n.svelte';
import { organizationFor } from '$lib/page-access';
import { session } from '$lib/state/session.svelte';
import { toasts } from '$lib/state/toasts.svelte';

export type Role = Member['role'];
export const ROLES: Role[] = ['member', 'manager', 'owner'];

export interface Draft {
  role: Role;
  contract: string;
  cost: string;
  /** Expected to log time (counted in expected hours and coverage). */
  tracksTime: boolean;
  saving: boolean;
  error: unknown;
}

// Shown in the reader's number format (37,5 in French); parsing accepts a comma or a point.
const hoursText = (seconds: number | null | undefined) =>
  seconds == null ? '' : number(seconds / 3600, { useGrouping: false, maximumFractionDigits: 2 });
const costText = (cents: number | null | undefined) =>
  cents == null ? '' : number(cents / 100, { useGrouping: false, minimumFractionDigits: 2, maximumFractionDigits: 2 });
const decimal = (text: string) => Number(text.trim().replace(',', '.'));

export function draftOf(m: Member): Draft {
  return {
    role: m.role,
    contract: hoursText(m.weeklyContractSeconds),
    cost: costText(m.hourlyCostCents),
    tracksTime: m.tracksTime,
    saving: false,
    error: null,
  };
}

/** Hours a week: empty (the organization's default) or 0–168. */
export function contractInvalid(d: Pick<Draft, 'contract'>): boolean {
  if (d.contract.trim() === '') return false;
  const v = decimal(d.contract);
  return !Number.isFinite(v) || v < 0 || v > 168;
}

/** An hourly cost: empty or 0–100 000. */
export function costInvalid(d: Pick<Draft, 'cost'>): boolean {
  if (d.cost.trim() === '') return false;
  const v = decimal(d.cost);
  return !Number.isFinite(v) || v < 0 || v > 100_000;
}

/** The fields a draft changes, as the API takes them (an emptied field becomes null). */
export function changes(m: Member, d: Draft): MemberPatch {
  const patch: MemberPatch = {};
  if (d.role !== m.role) patch.role = d.role;
  const contract = d.contract.trim() === '' ? null : Math.round(decimal(d.contract) * 3600);
  if (contract !== (m.weeklyContractSeconds ?? null)) patch.weeklyContractSeconds = contract;
  const cost = d.cost.trim() === '' ? null : Math.round(decimal(d.cost) * 100);
  if (cost !== (m.hourlyCostCents ?? null)) patch.hourlyCostCents = cost;
  if (d.tracksTime !== m.tracksTime) patch.tracksTime = d.tracksTime;
  return patch;
}

/** The calls the page makes (the real API by default; a test passes its own). */
export interface MembersApi {
  members(orgId: string): Promise<Member[]>;
  update(orgId: string, memberId: string, patch: MemberPatch): Promise<Member>;
  remove(orgId: string, memberId: string): Promise<void>;
  invitations(orgId: string): Promise<PendingInvitation[]>;
  invite(orgId: string, email: string, role: Role): Promise<InvitationWithLink>;
  renew(orgId: string, invitationId: string): Promise<InvitationWithLink>;
  revoke(orgId: string, invitationId: string): Promise<void>;
}

const membersApi: MembersApi = {
  members: listMembers,
  update: updateMember,
  remove: removeMember,
  invitations: listInvitations,
  invite,
  renew: renewInvitation,
  revoke: revokeInvitation,
};

export class MembersSettings {
  members = $state<Member[] | null>(null);
  drafts = $state<Record<string, Draft>>({});
  loadError = $state<unknown>(null);
  invitations = $state<PendingInvitation[] | null>(null);
  invitationsError = $state<unknown>(null);

  email = $state('');
  inviteRole = $state<Role>('member');
  inviting = $state(false);
  inviteError = $state<unknown>(null);
  /** The invitation whose link is shown (just made, or one whose link could not be copied). */
  lastInvitation = $state<InvitationWithLink | null>(null);

  isOwner = $derived(session.membership?.role === 'owner');
  myId = $derived(session.membership?.memberId);
  /** The organization's weekly contract, in hours. */
  orgContract = $derived((session.organization?.defaultWeeklyContractSeconds ?? 0) / 3600);

  readonly #api: MembersApi;

  constructor(api: MembersApi = membersApi) {
    this.#api = api;
  }

  /** From the page's load function: asks as soon as the session says the reader is a manager. */
  async open() {
    const orgId = await organizationFor('managers');
    if (orgId) await this.load(orgId);
  }

  /** Members and, for an owner, the pending invitations: asked together, each with its own error. */
  async load(orgId: string) {
    await Promise.all([this.#loadMembers(orgId), this.isOwner ? this.#loadInvitations(orgId) : null]);
  }

  retry = () => {
    if (session.orgId) void this.load(session.orgId);
  };

  async #loadMembers(orgId: string) {
    this.loadError = null;
    try {
      const rows = await this.#api.members(orgId);
      this.members = rows;
      this.drafts = Object.fromEntries(rows.map((m) => [m.id, draftOf(m)]));
    } catch (e) {
      this.loadError = e;
    }
  }

  async #loadInvitations(orgId: string) {
    this.invitationsError = null;
    try {
      this.invitations = await this.#api.invitations(orgId);
    } catch (e) {
      this.invitationsError = e;
    }
  }

  isDirty(m: Member): boolean {
    const d = this.drafts[m.id];
    return d !== undefined && Object.keys(changes(m, d)).length > 0;
  }

  async save(m: Member) {
    const orgId = session.orgId;
    const d = this.drafts[m.id];
    if (!orgId || !d || contractInvalid(d) || costInvalid(d)) return;
    const patch = changes(m, d);
    if (Object.keys(patch).length === 0) return;
    d.saving = true;
    d.error = null;
    try {
      const updated = await this.#api.update(orgId, m.id, patch);
      this.members = (this.members ?? []).map((x) => (x.id === m.id ? updated : x));
      this.drafts[m.id] = draftOf(updated);
      if (updated.id === this.myId) session.setMember(updated);
      toasts.show(t('admin.members.saved', { name: updated.name }), { kind: 'success' });
    } catch (e) {
      d.error = e;
      d.saving = false;
    }
  }

  async remove(m: Member) {
    const orgId = session.orgId;
    if (!orgId) return;
    try {
      await this.#api.remove(orgId, m.id);
      this.members = (this.members ?? []).filter((x) => x.id !== m.id);
      toasts.show(t('admin.members.removed', { name: m.name }), { kind: 'success' });
    } catch (e) {
      toasts.error(errorText(e));
    }
  }

  async sendInvitation() {
    const orgId = session.orgId;
    const email = this.email.trim();
    if (!orgId || !email) return;
    this.inviting = true;
    this.inviteError = null;
    try {
      const created = await this.#api.invite(orgId, email, this.inviteRole);
      this.lastInvitation = created;
      this.invitations = [created, ...(this.invitations ?? []).filter((i) => i.id !== created.id)];
      this.email = '';
      toasts.show(t('admin.invite.created', { email: created.email }), { kind: 'success' });
    } catch (e) {
      this.inviteError = e;
    } finally {
      this.inviting = false;
    }
  }

  async revoke(invitation: PendingInvitation) {
    const orgId = session.orgId;
    if (!orgId) return;
    try {
      await this.#api.revoke(orgId, invitation.id);
      this.invitations = (this.invitations ?? []).filter((i) => i.id !== invitation.id);
      if (this.lastInvitation?.id === invitation.id) this.lastInvitation = null;
      toasts.show(t('admin.invite.revoked', { email: invitation.email }));
    } catch (e) {
      toasts.error(errorText(e));
    }
  }

  /** A new link for a pending invitation (the old one stops working), shown once to copy. */
  async renew(invitation: PendingInvitation) {
    const orgId = session.orgId;
    if (!orgId) return;
    try {
      const renewed = await this.#api.renew(orgId, invitation.id);
      this.lastInvitation = renewed;
      this.invitations = (this.invitations ?? []).map((i) => (i.id === renewed.id ? renewed : i));
      toasts.show(t('admin.invite.renewed', { email: renewed.email }), { kind: 'success' });
    } catch (e) {
      toasts.error(errorText(e));
    }
  }
}
