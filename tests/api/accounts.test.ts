// Accounts, sessions, organizations, invitations and API tokens through the real HTTP API.
import { DEMO_PASSWORD, schema, seedDemo } from '@proofwork/db';
import { hashPassword } from 'better-auth/crypto';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { addMember, createOrganization, createUser, TEST_PASSWORD } from '../support/factories';
import { anonymous, ORIGIN, sessionCookie, signIn, withToken } from '../support/http';

const ctx = useTestApp();

describe('accounts', () => {
  it('signs up, reads /me, signs out', async () => {
    const res = await anonymous(ctx.app).post('/api/auth/sign-up/email', {
      email: 'new.cm@test.example',
      password: 'a-long-password',
      name: 'Nouvelle CM',
      locale: 'fr',
    });
    expect(res.statusCode).toBe(200);
    const cookie = sessionCookie(res);
    expect(res.headers['set-cookie']!.toString()).toMatch(/HttpOnly/i);
    expect(res.headers['set-cookie']!.toString()).toMatch(/SameSite=Lax/i);
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      user: { email: 'new.cm@test.example', locale: 'fr' },
      locale: 'fr',
      memberships: [],
    });
    const out = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { cookie, origin: ORIGIN },
      payload: {},
    });
    expect(out.statusCode).toBe(200);
    const after = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('stores a password hash, never the password', async () => {
    const [account] = await ctx.tdb.db
      .select({ password: schema.accounts.password })
      .from(schema.accounts)
      .innerJoin(schema.users, eq(schema.users.id, schema.accounts.userId))
      .where(eq(schema.users.email, 'new.cm@test.example'));
    expect(account!.password).toBeTruthy();
    expect(account!.password).not.toContain('a-long-password');
  });

  it('refuses bad sign-up input naming the field', async () => {
    const res = await anonymous(ctx.app).post('/api/auth/sign-up/email', {
      email: 'not-an-email',
      password: 'x',
      name: '',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: 'validation_failed',
      details: [expect.objectContaining({ field: expect.stringMatching(/^body\./) })],
    });
  });

  it('refuses a wrong password with a JSON 401', async () => {
    const user = await createUser(ctx.tdb.db);
    const res = await anonymous(ctx.app).post('/api/auth/sign-in/email', {
      email: user.email,
      password: 'wrong-password',
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: expect.any(String), message: expect.any(String), details: [] });
  });

  it('changes the password', async () => {
    const user = await createUser(ctx.tdb.db);
    const cm = await signIn(ctx.app, user.email);
    const res = await cm.post('/api/auth/change-password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'another-long-one',
    });
    expect(res.statusCode).toBe(200);
    await expect(signIn(ctx.app, user.email, 'another-long-one')).resolves.toBeTruthy();
    await expect(signIn(ctx.app, user.email)).rejects.toThrow(/sign-in failed/);
  });

  it('lets every demo login sign in with the demo password', async () => {
    await seedDemo(ctx.tdb.db, { now: new Date('2026-11-25T14:00:00Z'), hashPassword });
    for (const email of [
      'owner@lumen.example',
      'manager@lumen.example',
      'cm@lumen.example',
      'manager@northwind.example',
      'cm@northwind.example',
    ]) {
      const session = await signIn(ctx.app, email, DEMO_PASSWORD);
      const me = (await session.get('/api/v1/me')).json();
      expect(me.memberships.length, email).toBe(1);
    }
  });
});

describe('organizations and members', () => {
  it('creates an organization with its owner and the 17 categories in EN and FR', async () => {
    const user = await createUser(ctx.tdb.db);
    const session = await signIn(ctx.app, user.email);
    const res = await session.post('/api/v1/organizations', {
      name: 'Studio Créa',
      timeZone: 'Europe/Paris',
      defaultLocale: 'fr',
    });
    expect(res.statusCode).toBe(201);
    const { organization, memberId } = res.json();
    expect(organization).toMatchObject({
      name: 'Studio Créa',
      slug: 'studio-crea',
      weekStart: 1,
      defaultWeeklyContractSeconds: 126000,
    });
    const me = (await session.get('/api/v1/me')).json();
    expect(me.memberships).toEqual([
      expect.objectContaining({ organizationId: organization.id, role: 'owner', memberId }),
    ]);
    const categories = (await session.get(`/api/v1/organizations/${organization.id}/categories`)).json().items;
    expect(categories).toHaveLength(17);
    expect(categories.find((c: { key: string }) => c.key === 'content.video')).toMatchObject({
      nameEn: 'Video shooting & editing',
      nameFr: 'Tournage & montage vidéo',
    });
    expect(
      categories.every(
        (c: { aliasesEn: string[]; aliasesFr: string[] }) => c.aliasesEn.length > 0 && c.aliasesFr.length > 0,
      ),
    ).toBe(true);
  });

  it('refuses an invalid time zone naming the field', async () => {
    const user = await createUser(ctx.tdb.db);
    const session = await signIn(ctx.app, user.email);
    const res = await session.post('/api/v1/organizations', { name: 'X', timeZone: 'Mars/Olympus' });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('body.timeZone');
    const count = await ctx.tdb.db.execute(sql`select count(*)::int as n from organizations where name = 'X'`);
    expect(count[0]).toEqual({ n: 0 });
  });

  it('invites by link; only the invited address can accept', async () => {
    const { organization, owner } = await createOrganization(ctx.tdb.db);
    const ownerSession = await signIn(ctx.app, owner.email);
    const invite = await ownerSession.post(`/api/v1/organizations/${organization.id}/invitations`, {
      email: 'Invitee@Test.example',
      role: 'manager',
    });
    expect(invite.statusCode).toBe(201);
    const secret = invite.json().link.split('/invite/')[1];
    expect(invite.json().link).toBe(`${ORIGIN}/invite/${secret}`);
    const info = await anonymous(ctx.app).get(`/api/v1/invitations/${secret}`);
    expect(info.json()).toMatchObject({ organizationName: organization.name, role: 'manager', status: 'pending' });

    const stranger = await signIn(ctx.app, (await createUser(ctx.tdb.db)).email);
    expect((await stranger.post(`/api/v1/invitations/${secret}/accept`)).statusCode).toBe(403);

    const invitee = await signIn(ctx.app, (await createUser(ctx.tdb.db, { email: 'invitee@test.example' })).email);
    const accepted = await invitee.post(`/api/v1/invitations/${secret}/accept`);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ organizationId: organization.id, role: 'manager' });
    expect((await invitee.post(`/api/v1/invitations/${secret}/accept`)).statusCode).toBe(410);
    expect((await invitee.get(`/api/v1/organizations/${organization.id}/members`)).statusCode).toBe(200);
  });

  it('never removes or demotes the last owner; another owner can leave', async () => {
    const { organization, owner, ownerMember } = await createOrganization(ctx.tdb.db);
    const session = await signIn(ctx.app, owner.email);
    const base = `/api/v1/organizations/${organization.id}`;
    expect((await session.delete(`${base}/members/${ownerMember.id}`)).statusCode).toBe(409);
    expect((await session.patch(`${base}/members/${ownerMember.id}`, { role: 'manager' })).statusCode).toBe(409);
    const second = await addMember(ctx.tdb.db, organization.id, 'owner');
    const secondSession = await signIn(ctx.app, second.user.email);
    expect((await secondSession.delete(`${base}/members/${second.member.id}`)).statusCode).toBe(204);
    expect((await secondSession.get(base)).statusCode).toBe(404);
    expect((await session.patch(`${base}/members/${ownerMember.id}`, { role: 'manager' })).statusCode).toBe(409);
  });

  it('hides contract and cost from members, shows them to managers', async () => {
    const { organization, owner } = await createOrganization(ctx.tdb.db);
    const cm = await addMember(ctx.tdb.db, organization.id, 'member');
    const other = await addMember(ctx.tdb.db, organization.id, 'member');
    const ownerSession = await signIn(ctx.app, owner.email);
    const base = `/api/v1/organizations/${organization.id}`;
    await ownerSession.patch(`${base}/members/${other.member.id}`, {
      hourlyCostCents: 4200,
      weeklyContractSeconds: 100800,
    });
    const cmSession = await signIn(ctx.app, cm.user.email);
    const asMember = (await cmSession.get(`${base}/members/${other.member.id}`)).json();
    expect(asMember).not.toHaveProperty('hourlyCostCents');
    expect(asMember).not.toHaveProperty('weeklyContractSeconds');
    const list = (await cmSession.get(`${base}/members`)).json().items;
    // Neither field nor value, under any name (an id may contain the digits "4200": values only).
    const values = (list as Record<string, unknown>[]).flatMap((item) => Object.values(item));
    expect(values).not.toContain(4200);
    expect(values).not.toContain(100800);
    expect(list.find((m: { id: string }) => m.id === other.member.id)).not.toHaveProperty('hourlyCostCents');
    const asOwner = (await ownerSession.get(`${base}/members/${other.member.id}`)).json();
    expect(asOwner).toMatchObject({ hourlyCostCents: 4200, weeklyContractSeconds: 100800 });
    expect((await cmSession.patch(`${base}/members/${cm.member.id}`, { hourlyCostCents: 1 })).statusCode).toBe(403);
    expect(
      (await cmSession.patch(`${base}/members/${cm.member.id}`, { timeZone: 'America/New_York' })).statusCode,
    ).toBe(200);
  });
});

describe('API tokens', () => {
  it('are shown once, stored hashed, work as Bearer for their organization only, and die at revoke', async () => {
    const { organization, owner } = await createOrganization(ctx.tdb.db);
    const other = await createOrganization(ctx.tdb.db);
    await ctx.tdb.db
      .insert(schema.members)
      .values({ organizationId: other.organization.id, userId: owner.id, role: 'member' });
    const session = await signIn(ctx.app, owner.email);
    const base = `/api/v1/organizations/${organization.id}`;
    const created = await session.post(`${base}/tokens`, { name: 'Zapier' });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^pw_/);

    const stored = await ctx.tdb.db.execute<{ key: string }>(sql`select key from apikeys where id = ${id}`);
    expect(stored[0]!.key).not.toBe(token);
    expect(JSON.stringify(await ctx.tdb.db.execute(sql`select * from apikeys`))).not.toContain(token);

    const listed = (await session.get(`${base}/tokens`)).json().items;
    expect(listed).toEqual([expect.objectContaining({ id, name: 'Zapier' })]);
    expect(JSON.stringify(listed)).not.toContain(token);

    const bearer = withToken(ctx.app, token);
    expect((await bearer.get(`${base}/categories`)).statusCode).toBe(200);
    // Writes with a token need no Origin: tokens are not sent by browsers on their own.
    const write = await ctx.app.inject({
      method: 'POST',
      url: `${base}/brands`,
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 'Via Token' },
    });
    expect(write.statusCode).toBe(201);
    expect((await bearer.get(`/api/v1/organizations/${other.organization.id}/categories`)).statusCode).toBe(404);
    const used = (await session.get(`${base}/tokens`)).json().items[0];
    expect(used.lastUsedAt).not.toBeNull();

    expect((await session.delete(`${base}/tokens/${id}`)).statusCode).toBe(204);
    const after = await bearer.get(`${base}/categories`);
    expect(after.statusCode).toBe(401);
    expect(after.json().error).toBe('unauthorized');
  });

  it('answers a garbage token with 401', async () => {
    const res = await withToken(ctx.app, 'pw_nope').get('/api/v1/me');
    expect(res.statusCode).toBe(401);
  });
});

describe('security', () => {
  it('refuses a cookie-authenticated write from another origin (CSRF)', async () => {
    const user = await createUser(ctx.tdb.db);
    const session = await signIn(ctx.app, user.email);
    const evil = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: { cookie: session.cookie, origin: 'https://evil.example' },
      payload: { name: 'Evil' },
    });
    expect(evil.statusCode).toBe(403);
    const noOrigin = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: { cookie: session.cookie },
      payload: { name: 'Evil' },
    });
    expect(noOrigin.statusCode).toBe(403);
    const [{ n }] = (await ctx.tdb.db.execute<{ n: number }>(
      sql`select count(*)::int as n from organizations where name = 'Evil'`,
    )) as unknown as [{ n: number }];
    expect(n).toBe(0);
  });

  it("signs in from the page's own host too (127.0.0.1 beside the public localhost URL)", async () => {
    const user = await createUser(ctx.tdb.db);
    const sameHost = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      headers: { host: '127.0.0.1:3111', origin: 'http://127.0.0.1:3111' },
      remoteAddress: '10.7.0.1',
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    expect(sameHost.statusCode, sameHost.body).toBe(200);
    const crossSite = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      headers: { host: '127.0.0.1:3111', origin: 'https://evil.example' },
      remoteAddress: '10.7.0.2',
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    expect(crossSite.statusCode).toBe(403);
  });

  it('rate-limits sign-in per IP across accounts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        headers: { origin: ORIGIN },
        remoteAddress: '10.9.9.9',
        payload: { email: `nobody-${i}@test.example`, password: 'whatever' },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
  });
});

describe('settings validation', () => {
  it('refuses a working slot that ends before it starts, naming it', async () => {
    const { organization, owner } = await createOrganization(ctx.tdb.db);
    const session = await signIn(ctx.app, owner.email);
    const res = await session.patch(`/api/v1/organizations/${organization.id}`, {
      workingSchedule: [
        { day: 1, start: '09:00', end: '18:00' },
        { day: 2, start: '18:00', end: '09:00' },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('body.workingSchedule.1.end');
    const ok = await session.patch(`/api/v1/organizations/${organization.id}`, {
      workingSchedule: [{ day: 6, start: '10:00', end: '12:00' }],
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().workingSchedule).toEqual([{ day: 6, start: '10:00', end: '12:00' }]);
  });
});
