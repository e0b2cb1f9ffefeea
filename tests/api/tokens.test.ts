// API tokens give no more than they must: scopes chosen at creation, an expiry always, no way to
// invite, change roles, share, mint tokens or change /me without `manage` (or a session), and no
// life after the member leaves or changes password. The role matrix covers every route × scope;
// this file covers the lifecycle.
import { schema } from '@proofwork/db';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { addMember, createOrganization, TEST_PASSWORD } from '../support/factories';
import { anonymous, type Client, signIn, withToken } from '../support/http';

const ctx = useTestApp({ env: { TRUST_PROXY: '1' } });
const DAY = 86_400_000;

async function newToken(session: Client, orgId: string, body: Record<string, unknown> = {}) {
  const res = await session.post(`/api/v1/organizations/${orgId}/tokens`, { name: 'script', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; token: string; scopes: string[]; expiresAt: string };
}

async function ownerSetup() {
  const { organization, owner, ownerMember } = await createOrganization(ctx.tdb.db);
  const session = await signIn(ctx.app, owner.email);
  return { orgId: organization.id, base: `/api/v1/organizations/${organization.id}`, owner, ownerMember, session };
}

describe('creating a token', () => {
  it('defaults to read + entries:write for 90 days, and lists scopes and expiry', async () => {
    const { orgId, base, session } = await ownerSetup();
    const before = Date.now();
    const created = await newToken(session, orgId);
    expect(created.scopes).toEqual(['read', 'entries:write']);
    const expires = new Date(created.expiresAt).getTime();
    expect(expires).toBeGreaterThanOrEqual(before + 90 * DAY - 60_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 90 * DAY + 60_000);
    const listed = (await session.get(`${base}/tokens`)).json().items;
    expect(listed).toEqual([
      expect.objectContaining({ id: created.id, scopes: ['read', 'entries:write'], expiresAt: created.expiresAt }),
    ]);
  });

  it('takes the scopes and the expiry asked for, from 1 to 365 days, never "never"', async () => {
    const { orgId, session } = await ownerSetup();
    const manage = await newToken(session, orgId, { scopes: ['manage', 'read'], expiresInDays: 1 });
    expect(manage.scopes).toEqual(['read', 'manage']);
    expect(new Date(manage.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(DAY + 60_000);
    const year = await newToken(session, orgId, { expiresInDays: 365 });
    expect(new Date(year.expiresAt).getTime() - Date.now()).toBeGreaterThan(364 * DAY);
    for (const [body, field] of [
      [{ expiresInDays: 366 }, 'body.expiresInDays'],
      [{ expiresInDays: 0 }, 'body.expiresInDays'],
      [{ expiresInDays: null }, 'body.expiresInDays'],
      [{ scopes: [] }, 'body.scopes'],
      [{ scopes: ['admin'] }, 'body.scopes.0'],
    ] as const) {
      const res = await session.post(`/api/v1/organizations/${orgId}/tokens`, { name: 'bad', ...body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().details[0].field, JSON.stringify(body)).toBe(field);
    }
  });

  it('is refused to a token, whatever its scopes: a token never mints tokens', async () => {
    const { orgId, base, session } = await ownerSetup();
    const all = await newToken(session, orgId, { scopes: ['read', 'entries:write', 'manage'] });
    const res = await withToken(ctx.app, all.token).post(`${base}/tokens`, { name: 'child' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: 'insufficient_scope', message: expect.stringMatching(/sign in/i) });
  });
});

describe('what a token without manage cannot do', () => {
  it('invite, change roles, remove members, share evidence, change settings or /me, create organizations', async () => {
    const { orgId, base, session } = await ownerSetup();
    const cm = await addMember(ctx.tdb.db, orgId, 'member');
    const plain = withToken(ctx.app, (await newToken(session, orgId)).token);
    const attempts = [
      plain.post(`${base}/invitations`, { email: 'eve@test.example', role: 'owner' }),
      plain.patch(`${base}/members/${cm.member.id}`, { role: 'owner' }),
      plain.delete(`${base}/members/${cm.member.id}`),
      plain.post(`${base}/share-links`, { from: '2026-11-02', to: '2026-11-15', locale: 'en' }),
      plain.patch(base, { name: 'Renamed' }),
      plain.patch('/api/v1/me', { name: 'Eve' }),
      plain.post('/api/v1/organizations', { name: 'Shadow org' }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error).toBe('insufficient_scope');
      expect(res.json().message).toMatch(/scope|sign in/);
    }
    const [{ n }] = (await ctx.tdb.db.execute<{ n: number }>(
      sql`select count(*)::int as n from invitations where organization_id = ${orgId}`,
    )) as unknown as [{ n: number }];
    expect(n).toBe(0);
    expect((await session.get(`${base}/members/${cm.member.id}`)).json()).toMatchObject({ role: 'member' });
  });

  it('writes nothing with read alone, reads nothing with entries:write alone', async () => {
    const { orgId, base, session } = await ownerSetup();
    const read = withToken(ctx.app, (await newToken(session, orgId, { scopes: ['read'] })).token);
    const write = withToken(ctx.app, (await newToken(session, orgId, { scopes: ['entries:write'] })).token);
    const category = (await session.get(`${base}/categories`)).json().items[0].id;
    const entry = { categoryId: category, durationSeconds: 600, localDate: '2026-11-10' };
    expect((await read.get(`${base}/time-entries`)).statusCode).toBe(200);
    expect((await read.post(`${base}/time-entries`, entry)).statusCode).toBe(403);
    expect((await write.post(`${base}/time-entries`, entry)).statusCode).toBe(201);
    expect((await write.get(`${base}/time-entries`)).statusCode).toBe(403);
  });

  it('with manage, a token may invite (owners only, as a session would)', async () => {
    const { orgId, base, session } = await ownerSetup();
    const manage = withToken(ctx.app, (await newToken(session, orgId, { scopes: ['manage'] })).token);
    const res = await manage.post(`${base}/invitations`, { email: 'new@test.example', role: 'member' });
    expect(res.statusCode).toBe(201);
  });
});

describe('when a token stops working', () => {
  it('dies with the membership and does not come back when the person is invited again', async () => {
    const { orgId, base, session } = await ownerSetup();
    const cm = await addMember(ctx.tdb.db, orgId, 'member');
    const cmSession = await signIn(ctx.app, cm.user.email);
    const token = withToken(ctx.app, (await newToken(cmSession, orgId)).token);
    expect((await token.get(`${base}/categories`)).statusCode).toBe(200);

    expect((await session.delete(`${base}/members/${cm.member.id}`)).statusCode).toBe(204);
    expect((await token.get(`${base}/categories`)).statusCode).toBe(401);
    const left = await ctx.tdb.db.select().from(schema.apikeys).where(eq(schema.apikeys.referenceId, cm.user.id));
    expect(left).toEqual([]);

    const invite = (await session.post(`${base}/invitations`, { email: cm.user.email, role: 'member' })).json();
    const secret = new URL(invite.link).pathname.split('/').pop();
    expect((await cmSession.post(`/api/v1/invitations/${secret}/accept`)).statusCode).toBe(200);
    expect((await cmSession.get(`${base}/categories`)).statusCode).toBe(200);
    expect((await token.get(`${base}/categories`)).statusCode).toBe(401);
  });

  it('a token kept from before a removal (a row the removal missed) is deleted when the person rejoins', async () => {
    const { orgId, base, session } = await ownerSetup();
    const cm = await addMember(ctx.tdb.db, orgId, 'member');
    const cmSession = await signIn(ctx.app, cm.user.email);
    const token = withToken(ctx.app, (await newToken(cmSession, orgId)).token);
    // Removed the way older versions did: access gone, tokens left behind.
    await ctx.tdb.db.update(schema.members).set({ removedAt: new Date() }).where(eq(schema.members.id, cm.member.id));
    expect((await token.get(`${base}/categories`)).statusCode).toBe(404);
    const invite = (await session.post(`${base}/invitations`, { email: cm.user.email, role: 'member' })).json();
    const secret = new URL(invite.link).pathname.split('/').pop();
    expect((await cmSession.post(`/api/v1/invitations/${secret}/accept`)).statusCode).toBe(200);
    expect((await token.get(`${base}/categories`)).statusCode).toBe(401);
  });

  it('dies when its owner changes password, in every organization', async () => {
    const { orgId, base, owner, session } = await ownerSetup();
    const other = await createOrganization(ctx.tdb.db);
    await ctx.tdb.db.insert(schema.members).values({ organizationId: other.organization.id, userId: owner.id });
    const here = withToken(ctx.app, (await newToken(session, orgId)).token);
    const there = withToken(ctx.app, (await newToken(session, other.organization.id)).token);
    expect((await here.get(`${base}/categories`)).statusCode).toBe(200);
    const wrong = await session.post('/api/auth/change-password', {
      currentPassword: 'not-the-password',
      newPassword: 'a-brand-new-password',
    });
    expect(wrong.statusCode).toBe(400);
    expect((await here.get(`${base}/categories`)).statusCode).toBe(200);
    const changed = await session.post('/api/auth/change-password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a-brand-new-password',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).not.toHaveProperty('token');
    expect((await here.get(`${base}/categories`)).statusCode).toBe(401);
    expect((await there.get(`/api/v1/organizations/${other.organization.id}/categories`)).statusCode).toBe(401);
  });

  it('dies at its expiry', async () => {
    const { orgId, base, session } = await ownerSetup();
    const created = await newToken(session, orgId);
    await ctx.tdb.db
      .update(schema.apikeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(schema.apikeys.id, created.id));
    const res = await withToken(ctx.app, created.token).get(`${base}/categories`);
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toMatch(/expired/);
  });

  it('a token with no expiry (made before expiries existed) is refused', async () => {
    const { orgId, base, session } = await ownerSetup();
    const created = await newToken(session, orgId);
    await ctx.tdb.db.update(schema.apikeys).set({ expiresAt: null }).where(eq(schema.apikeys.id, created.id));
    expect((await withToken(ctx.app, created.token).get(`${base}/categories`)).statusCode).toBe(401);
  });
});

describe('last use', () => {
  it('keeps the time and the address of the last request (the client behind one proxy)', async () => {
    const { orgId, base, session } = await ownerSetup();
    const created = await newToken(session, orgId);
    expect((await session.get(`${base}/tokens`)).json().items[0]).toMatchObject({ lastUsedAt: null, lastUsedIp: null });
    const call = (ip: string) =>
      ctx.app.inject({
        method: 'GET',
        url: `${base}/categories`,
        headers: { authorization: `Bearer ${created.token}`, 'x-forwarded-for': ip },
        remoteAddress: '10.0.0.2',
      });
    expect((await call('203.0.113.7')).statusCode).toBe(200);
    expect((await session.get(`${base}/tokens`)).json().items[0]).toMatchObject({
      lastUsedAt: expect.any(String),
      lastUsedIp: '203.0.113.7',
    });
    await call('198.51.100.4');
    expect((await session.get(`${base}/tokens`)).json().items[0].lastUsedIp).toBe('198.51.100.4');
  });

  it('an anonymous caller cannot list anyone’s tokens', async () => {
    const { base } = await ownerSetup();
    expect((await anonymous(ctx.app).get(`${base}/tokens`)).statusCode).toBe(401);
  });
});
