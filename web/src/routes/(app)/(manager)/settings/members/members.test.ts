import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Member, PendingInvitation } from '$lib/api/admin';
import { ApiError } from '$lib/api/client';
import type { Organization } from '$lib/api/types';
import { locale } from '$lib/i18n.svelte';
import { session } from '$lib/state/session.svelte';
import { MEMBER, ORG, signedIn } from '../../../../../test/fixtures';
import { changes, contractInvalid, costInvalid, draftOf, type MembersApi, MembersSettings } from './members.svelte';

const LEA = '0190a1b2-0000-7000-8000-0000000000b1';

const member = (overrides: Partial<Member> = {}) =>
  ({
    id: LEA,
    name: 'Léa',
    email: 'lea@example.test',
    role: 'member',
    weeklyContractSeconds: 126_000,
    hourlyCostCents: 4250,
    ...overrides,
  }) as Member;

const invitation = (id: string, email: string) =>
  ({
    id,
    email,
    role: 'member',
    link: `https://proofwork.test/invite/${id}-secret`,
    mailed: true,
    expiresAt: '2026-03-20T00:00:00Z',
  }) as PendingInvitation & { link: string; mailed: boolean };

function api(overrides: Partial<MembersApi> = {}): MembersApi {
  return {
    members: vi.fn(async () => [member(), member({ id: MEMBER, name: 'Claire', role: 'owner' })]),
    update: vi.fn(async (_org, id, patch) => member({ id, ...patch }) as Member),
    remove: vi.fn(async () => {}),
    invitations: vi.fn(async () => [invitation('i1', 'old@example.test')]),
    invite: vi.fn(async (_org, email) => invitation('i2', email)),
    renew: vi.fn(async (_org, id) => ({
      ...invitation(id, 'old@example.test'),
      link: 'https://proofwork.test/invite/new',
    })),
    revoke: vi.fn(async () => {}),
    ...overrides,
  };
}

function as(role: 'owner' | 'manager') {
  signedIn();
  session.me = {
    ...session.me,
    memberships: [{ organizationId: ORG, memberId: MEMBER, role, name: 'Org', defaultLocale: 'en' }],
  } as typeof session.me;
}

beforeEach(() => {
  as('owner');
  session.organization = { defaultWeeklyContractSeconds: 35 * 3600 } as Organization;
  locale.set('en');
});

describe('a member’s draft', () => {
  it('shows hours and cost in the reader’s number format and reads a comma or a point back', () => {
    locale.set('fr');
    const d = draftOf(member());
    expect(d).toMatchObject({ role: 'member', contract: '35', cost: '42,50' });
    d.contract = '37,5';
    d.cost = '45.5';
    expect(changes(member(), d)).toEqual({ weeklyContractSeconds: 135_000, hourlyCostCents: 4550 });
  });

  it('sends only what changed, and an emptied field as null', () => {
    const d = { ...draftOf(member()), role: 'manager' as const, cost: ' ' };
    expect(changes(member(), d)).toEqual({ role: 'manager', hourlyCostCents: null });
    expect(changes(member(), draftOf(member()))).toEqual({});
  });

  it('refuses a week over 168 hours and a cost out of range or unreadable', () => {
    expect(contractInvalid({ contract: '168' })).toBe(false);
    expect(contractInvalid({ contract: '168,5' })).toBe(true);
    expect(contractInvalid({ contract: '-1' })).toBe(true);
    expect(contractInvalid({ contract: '' })).toBe(false);
    expect(costInvalid({ cost: '100000' })).toBe(false);
    expect(costInvalid({ cost: '1e6' })).toBe(true);
    expect(costInvalid({ cost: 'abc' })).toBe(true);
  });
});

describe('members settings', () => {
  it('asks an owner for the members and the pending invitations together', async () => {
    let members!: () => void;
    const calls = api({
      members: vi.fn(
        () =>
          new Promise<Member[]>((resolve) => {
            members = () => resolve([member()]);
          }),
      ),
    });
    const page = new MembersSettings(calls);
    const loading = page.load(ORG);
    // The invitations were asked before the members answered.
    expect(calls.invitations).toHaveBeenCalledWith(ORG);
    members();
    await loading;
    expect(page.members?.map((m) => m.name)).toEqual(['Léa']);
    expect(page.invitations?.map((i) => i.email)).toEqual(['old@example.test']);
  });

  it('does not ask a manager’s page for invitations', async () => {
    as('manager');
    const calls = api();
    await new MembersSettings(calls).load(ORG);
    expect(calls.invitations).not.toHaveBeenCalled();
  });

  it('saves a changed member and keeps the API’s refusal on the row', async () => {
    const refusal = new ApiError(400, 'validation_failed', 'bad', [
      { field: 'body.weeklyContractSeconds', message: 'x' },
    ]);
    const update = vi.fn<MembersApi['update']>().mockRejectedValueOnce(refusal);
    update.mockImplementation(async (_org, id, patch) => member({ id, ...patch }) as Member);
    const page = new MembersSettings(api({ update }));
    await page.load(ORG);
    const lea = page.members![0]!;
    page.drafts[lea.id]!.contract = '30';
    expect(page.isDirty(lea)).toBe(true);
    await page.save(lea);
    expect(page.drafts[lea.id]!.error).toBe(refusal);
    expect(page.drafts[lea.id]!.saving).toBe(false);
    await page.save(lea);
    expect(update).toHaveBeenLastCalledWith(ORG, lea.id, { weeklyContractSeconds: 108_000 });
    expect(page.members![0]!.weeklyContractSeconds).toBe(108_000);
    expect(page.isDirty(page.members![0]!)).toBe(false);
  });

  it('sends nothing for an invalid or unchanged row', async () => {
    const calls = api();
    const page = new MembersSettings(calls);
    await page.load(ORG);
    const lea = page.members![0]!;
    await page.save(lea);
    page.drafts[lea.id]!.contract = '200';
    await page.save(lea);
    expect(calls.update).not.toHaveBeenCalled();
  });

  it('invites with the trimmed e-mail, shows the new link first, and forgets it once revoked', async () => {
    const calls = api();
    const page = new MembersSettings(calls);
    await page.load(ORG);
    page.email = '  new.cm@example.test ';
    page.inviteRole = 'manager';
    await page.sendInvitation();
    expect(calls.invite).toHaveBeenCalledWith(ORG, 'new.cm@example.test', 'manager');
    expect(page.email).toBe('');
    expect(page.lastInvitation?.id).toBe('i2');
    expect(page.invitations?.map((i) => i.id)).toEqual(['i2', 'i1']);
    await page.revoke(page.lastInvitation!);
    expect(page.lastInvitation).toBeNull();
    expect(page.invitations?.map((i) => i.id)).toEqual(['i1']);
  });

  it('renews a pending invitation and shows its new link once', async () => {
    const calls = api();
    const page = new MembersSettings(calls);
    await page.load(ORG);
    await page.renew(page.invitations![0]!);
    expect(calls.renew).toHaveBeenCalledWith(ORG, 'i1');
    expect(page.lastInvitation?.link).toBe('https://proofwork.test/invite/new');
    expect(page.invitations?.map((i) => i.id)).toEqual(['i1']);
  });
});
