// The smaller findings of the security review, each with its test: no session token in JSON, a
// sign-up that does not tell which addresses have accounts, checks made on the route reached (not
// the raw URL), nobody approving their own week, logs without link secrets or query values, and a
// DELETE without a body accepted whatever its content type.
import { Writable } from 'node:stream';
import { localDateOf, weekStartOf } from '@proofwork/core';
import { buildApp, loadConfig, systemClock } from '@proofwork/server';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { addMember, createOrganization, createUser, TEST_PASSWORD } from '../support/factories';
import { anonymous, ORIGIN, sessionCookie, signIn } from '../support/http';

const ctx = useTestApp();

const hasSessionToken = (body: string, cookie: string) => {
  const raw = decodeURIComponent(cookie.split('=')[1]!).split('.')[0]!;
  return body.includes(raw);
};

describe('the session stays in its cookie', () => {
  it('sign-up, sign-in and get-session answer without the session token', async () => {
    const up = await anonymous(ctx.app).post('/api/auth/sign-up/email', {
      email: 'cookie.only@test.example',
      password: 'a-long-password',
      name: 'Cookie Only',
    });
    expect(up.statusCode).toBe(200);
    expect(up.json()).not.toHaveProperty('token');
    expect(hasSessionToken(up.body, sessionCookie(up))).toBe(false);
    expect(up.json().user).toMatchObject({ email: 'cookie.only@test.example' });

    const inRes = await anonymous(ctx.app).post('/api/auth/sign-in/email', {
      email: 'cookie.only@test.example',
      password: 'a-long-password',
    });
    expect(inRes.statusCode).toBe(200);
    expect(inRes.json()).not.toHaveProperty('token');
    const cookie = sessionCookie(inRes);
    expect(hasSessionToken(inRes.body, cookie)).toBe(false);

    const session = await ctx.app.inject({ method: 'GET', url: '/api/auth/get-session', headers: { cookie } });
    expect(session.statusCode).toBe(200);
    expect(session.json().session).toBeTruthy();
    expect(session.json().session).not.toHaveProperty('token');
    expect(hasSessionToken(session.body, cookie)).toBe(false);
  });
});

describe('sign-up does not tell which addresses have accounts', () => {
  it('answers a taken address with the same code and words as any refusal to create an account', async () => {
    const user = await createUser(ctx.tdb.db);
    const res = await anonymous(ctx.app).post('/api/auth/sign-up/email', {
      email: user.email,
      password: 'another-password',
      name: 'Someone',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      error: 'sign_up_failed',
      message: 'This account could not be created. If you already have an account with this address, sign in instead.',
      details: [],
    });
    expect(res.body).not.toMatch(/exist/i);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});

describe('checks follow the route reached, not the raw URL', () => {
  it('an encoded path reaches its route with the identity and the CSRF check of the plain one', async () => {
    const { organization, owner } = await createOrganization(ctx.tdb.db);
    const session = await signIn(ctx.app, owner.email);
    const get = (url: string) => ctx.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
    for (const url of ['/%61pi/v1/me', '/api/v1/%6De', `/%61pi/v1/organizations/${organization.id}/brands`]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
    }
    expect((await get('/%61pi/v1/me')).json().user.email).toBe(owner.email);
    // A cross-site write through an encoded path is refused like any other.
    for (const url of ['/%61pi/v1/organizations', '/api/v1/%6Frganizations']) {
      const res = await ctx.app.inject({
        method: 'POST',
        url,
        headers: { cookie: session.cookie, origin: 'https://evil.example' },
        payload: { name: 'Evil' },
      });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().message).toMatch(/Cross-site/);
    }
    // Anonymous callers get 401 from the hook on every spelling.
    expect((await anonymous(ctx.app).get('/%61pi/v1/me')).statusCode).toBe(401);
    const [{ n }] = (await ctx.tdb.db.execute<{ n: number }>(
      sql`select count(*)::int as n from organizations where name = 'Evil'`,
    )) as unknown as [{ n: number }];
    expect(n).toBe(0);
  });

  it('every API route names who may call it, or the server does not start', async () => {
    const app = await buildApp(
      {
        config: loadConfig({ LOG_LEVEL: 'silent' }),
        db: ctx.tdb.db,
        clock: systemClock,
        queue: { mode: 'in-process', ping: async () => true },
        webRoot: null,
        redis: null,
      },
      { logger: false },
    );
    expect(() => app.get('/api/v1/forgotten', async () => ({}))).toThrowError(/declares no access rule/);
    await app.close();
  });
});

describe('nobody approves their own week', () => {
  const lastWeek = () => weekStartOf(localDateOf(new Date(Date.now() - 7 * 86_400_000), 'Europe/Paris'));

  it('a manager cannot approve or reopen their own week; another manager can', async () => {
    const { organization, owner } = await createOrganization(ctx.tdb.db);
    const manager = await addMember(ctx.tdb.db, organization.id, 'manager');
    const base = `/api/v1/organizations/${organization.id}`;
    const managerSession = await signIn(ctx.app, manager.user.email);
    const ownerSession = await signIn(ctx.app, owner.email);
    const week = lastWeek();
    const own = `memberId=${manager.member.id}`;
    expect((await managerSession.post(`${base}/weeks/${week}/submit?${own}`, {})).statusCode).toBe(200);
    for (const action of ['approve', 'reject']) {
      const res = await managerSession.post(`${base}/weeks/${week}/${action}?${own}`, { comment: 'x' });
      expect(res.statusCode, action).toBe(403);
      expect(res.json()).toMatchObject({ error: 'own_week', message: expect.stringMatching(/another manager/) });
    }
    expect((await ownerSession.post(`${base}/weeks/${week}/approve?${own}`, {})).statusCode).toBe(200);
    const reopen = await managerSession.post(`${base}/weeks/${week}/reopen?${own}`, {});
    expect(reopen.statusCode).toBe(403);
    const [row] = await ctx.tdb.db.execute<{ status: string }>(
      sql`select status from week_approvals where member_id = ${manager.member.id}`,
    );
    expect(row!.status).toBe('approved');
  });

  it('an owner alone is told that another manager or owner must decide', async () => {
    const { organization, owner, ownerMember } = await createOrganization(ctx.tdb.db);
    const session = await signIn(ctx.app, owner.email);
    const base = `/api/v1/organizations/${organization.id}`;
    const week = lastWeek();
    expect((await session.post(`${base}/weeks/${week}/submit`, {})).statusCode).toBe(200);
    const res = await session.post(`${base}/weeks/${week}/approve?memberId=${ownerMember.id}`, {});
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toMatch(/only manager/);
  });
});

describe('logs', () => {
  async function loggingApp() {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const app = await buildApp(
      {
        config: loadConfig({ LOG_LEVEL: 'info' }),
        db: ctx.tdb.db,
        clock: systemClock,
        queue: { mode: 'in-process', ping: async () => true },
        webRoot: null,
        redis: null,
      },
      { logger: { level: 'info', stream } },
    );
    return { app, lines };
  }

  it('never carry a share-link or invitation secret from a URL', async () => {
    const { app, lines } = await loggingApp();
    const share = 'S'.repeat(43);
    const invitation = 'I'.repeat(43);
    await app.inject({ method: 'GET', url: `/api/v1/share/${share}` });
    await app.inject({ method: 'GET', url: `/api/v1/invitations/${invitation}` });
    await app.inject({ method: 'GET', url: `/sign-in?next=%2Finvite%2F${invitation}` });
    await app.inject({ method: 'GET', url: `/api/v1/share/${share}/unknown` });
    await app.close();
    const text = lines.join('');
    expect(text).toContain('/api/v1/share/[redacted]');
    expect(text).toContain('/api/v1/invitations/[redacted]');
    expect(text).not.toContain(share);
    expect(text).not.toContain(invitation);
  });

  it('never carry the values bound to a failed query', async () => {
    const { app, lines } = await loggingApp();
    const secret = 'session-token-that-must-not-leak';
    app.get('/api/v1/__fail', { config: { public: true } }, async () => {
      // Division by zero: a query error the API does not map, so it is logged as a 500.
      await ctx.tdb.db.execute(sql`select 1 / (length(${secret}) - length(${secret}))`);
      return {};
    });
    const res = await app.inject({ method: 'GET', url: '/api/v1/__fail' });
    await app.close();
    expect(res.statusCode).toBe(500);
    const text = lines.join('');
    expect(text).toMatch(/division by zero/);
    expect(text).toMatch(/Failed query: select 1/);
    expect(text).not.toContain(secret);
  });
});

describe('DELETE without a body', () => {
  it('is accepted whatever the content type says', async () => {
    const { organization, owner } = await createOrganization(ctx.tdb.db);
    const session = await signIn(ctx.app, owner.email);
    const base = `/api/v1/organizations/${organization.id}`;
    for (const type of [
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
    ]) {
      const created = await session.post(`${base}/tokens`, { name: `to revoke (${type})` });
      const res = await ctx.app.inject({
        method: 'DELETE',
        url: `${base}/tokens/${created.json().id}`,
        headers: { cookie: session.cookie, origin: ORIGIN, 'content-type': type },
      });
      expect(res.statusCode, `${type}: ${res.body}`).toBe(204);
    }
  });

  it('still refuses a malformed JSON body, and a body that is not JSON', async () => {
    const user = await createUser(ctx.tdb.db);
    const session = await signIn(ctx.app, user.email, TEST_PASSWORD);
    const post = (type: string, payload: string) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/organizations',
        headers: { cookie: session.cookie, origin: ORIGIN, 'content-type': type },
        payload,
      });
    expect((await post('application/json', '{"name":')).json().error).toBe('invalid_json');
    expect((await post('application/json', '')).statusCode).toBe(400);
    expect((await post('application/x-www-form-urlencoded', 'name=x')).statusCode).toBe(415);
    expect((await post('application/json', '{"__proto__":{"x":1},"name":"P"}')).statusCode).toBe(400);
  });
});
