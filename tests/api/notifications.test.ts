// The notices and reminder settings over HTTP: each member reads and clears only their own; the
// settings apply member → organization default → built-in default; bad values name their field.
import { insertNotification } from '@proofwork/db';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { addMember, createOrganization } from '../support/factories';
import { signIn } from '../support/http';

const ctx = useTestApp();

async function setup() {
  const { organization, owner } = await createOrganization(ctx.tdb.db);
  const a = await addMember(ctx.tdb.db, organization.id, 'member', 'A');
  const b = await addMember(ctx.tdb.db, organization.id, 'member', 'B');
  const base = `/api/v1/organizations/${organization.id}`;
  for (const [m, key] of [
    [a, '2026-12-01'],
    [a, '2026-12-02'],
    [b, '2026-12-01'],
  ] as const) {
    await insertNotification(ctx.tdb.db, {
      organizationId: organization.id,
      memberId: m.member.id,
      kind: 'nothing_logged',
      dedupeKey: key,
      data: { date: key, weekStart: '2026-11-30' },
      mailStatus: 'skipped',
    });
  }
  return { organization, owner, a, b, base };
}

describe('notifications', () => {
  it('each member reads and clears their own, and nobody else’s', async () => {
    const { a, b, base } = await setup();
    const sa = await signIn(ctx.app, a.user.email);
    const sb = await signIn(ctx.app, b.user.email);
    const mine = (await sa.get(`${base}/notifications`)).json();
    expect(mine.unread).toBe(2);
    expect(mine.items.map((n: { data: { date: string } }) => n.data.date)).toEqual(['2026-12-02', '2026-12-01']);
    const theirs = (await sb.get(`${base}/notifications`)).json();
    // Marking another member's notice read changes nothing.
    expect((await sa.post(`${base}/notifications/read`, { ids: [theirs.items[0].id] })).json().unread).toBe(2);
    expect((await sb.get(`${base}/notifications`)).json().unread).toBe(1);
    expect((await sa.post(`${base}/notifications/read`, { ids: [mine.items[0].id] })).json().unread).toBe(1);
    expect((await sa.post(`${base}/notifications/read`, {})).json().unread).toBe(0);
    expect((await sa.get(`${base}/notifications`)).json().items.every((n: { read: boolean }) => n.read)).toBe(true);
  });

  it('reminder settings: the member’s choice, else the organization’s default, else ours', async () => {
    const { owner, a, base } = await setup();
    const sa = await signIn(ctx.app, a.user.email);
    const so = await signIn(ctx.app, owner.email);
    const kinds = (await sa.get(`${base}/reminders`)).json().items;
    // A member gets no managers' digest.
    expect(kinds.map((k: { kind: string }) => k.kind)).toEqual(['nothing_logged', 'timer_running', 'week_unsubmitted']);
    expect(kinds[0]).toEqual({ kind: 'nothing_logged', enabled: true, atMinutes: 1050, afterHours: null });
    const defaults = await so.request('PUT', `${base}/reminder-defaults`, {
      items: [{ kind: 'nothing_logged', enabled: true, atMinutes: 1080 }],
    });
    expect(defaults.statusCode).toBe(200);
    expect((await sa.get(`${base}/reminders`)).json().items[0].atMinutes).toBe(1080);
    await sa.request('PUT', `${base}/reminders`, {
      items: [{ kind: 'nothing_logged', enabled: false, atMinutes: 960 }],
    });
    expect((await sa.get(`${base}/reminders`)).json().items[0]).toMatchObject({ enabled: false, atMinutes: 960 });
    // Members cannot change the organization's defaults.
    expect(
      (await sa.request('PUT', `${base}/reminder-defaults`, { items: [{ kind: 'nothing_logged', enabled: false }] }))
        .statusCode,
    ).toBe(403);
  });

  it('refuses a time of day or a threshold out of range, naming the field', async () => {
    const { a, base } = await setup();
    const sa = await signIn(ctx.app, a.user.email);
    const late = await sa.request('PUT', `${base}/reminders`, {
      items: [{ kind: 'nothing_logged', enabled: true, atMinutes: 1440 }],
    });
    expect(late.statusCode).toBe(400);
    expect(late.json().details[0].field).toBe('body.items.0.atMinutes');
    const odd = await sa.request('PUT', `${base}/reminders`, { items: [{ kind: 'coffee', enabled: true }] });
    expect(odd.statusCode).toBe(400);
  });
});
