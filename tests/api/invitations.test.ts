// Invitation links carry a random 256-bit secret, stored as its SHA-256, shown once (at creation or
// renewal), usable once, expiring; the invitation's id opens nothing; lookups are rate-limited.
import { createHash } from 'node:crypto';
import { fixedClock } from '@proofwork/server';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildTestApp, useTestApp } from '../support/app';
import { createOrganization, createUser } from '../support/factories';
import { anonymous, ORIGIN, signIn } from '../support/http';

const ctx = useTestApp();

const secretOf = (link: string) => new URL(link).pathname.split('/').pop()!;

async function invite(email = `invitee-${Math.random().toString(36).slice(2, 8)}@test.example`) {
  const { organization, owner } = await createOrganization(ctx.tdb.db);
  const session = await signIn(ctx.app, owner.email);
  const base = `/api/v1/organizations/${organization.id}`;
  const res = await session.post(`${base}/invitations`, { email, role: 'member' });
  expect(res.statusCode).toBe(201);
  return { organization, session, base, email, invitation: res.json(), secret: secretOf(res.json().link) };
}

describe('invitation links', () => {
  it('carry a 256-bit random secret, stored only as its SHA-256', async () => {
    const { invitation, secret } = await invite();
    expect(invitation.link).toBe(`${ORIGIN}/invite/${secret}`);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(secret).not.toContain(invitation.id);
    const [row] = await ctx.tdb.db.execute<Record<string, unknown>>(
      sql`select * from invitations where id = ${invitation.id}`,
    );
    expect(row!.token_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it('are never shown again: the listing has no link and no secret', async () => {
    const { base, session, secret, invitation } = await invite();
    const listed = (await session.get(`${base}/invitations`)).json().items;
    expect(listed).toEqual([expect.objectContaining({ id: invitation.id, email: invitation.email })]);
    expect(listed[0]).not.toHaveProperty('link');
    expect(JSON.stringify(listed)).not.toContain(secret);
  });

  it('open nothing with the invitation id, the hash, or a guess', async () => {
    const { invitation, secret, email } = await invite();
    const user = await createUser(ctx.tdb.db, { email });
    const invitee = await signIn(ctx.app, user.email);
    const hash = createHash('sha256').update(secret).digest('hex');
    // One character changed: never the secret itself, whatever its last character is.
    const guess = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    for (const wrong of [invitation.id, hash, guess, 'x'.repeat(43)]) {
      expect((await anonymous(ctx.app).get(`/api/v1/invitations/${wrong}`)).statusCode, wrong).toBe(404);
      expect((await invitee.post(`/api/v1/invitations/${wrong}/accept`)).statusCode, wrong).toBe(404);
    }
    expect((await anonymous(ctx.app).get(`/api/v1/invitations/${secret}`)).json().status).toBe('pending');
  });

  it('work once', async () => {
    const { secret, email } = await invite();
    const invitee = await signIn(ctx.app, (await createUser(ctx.tdb.db, { email })).email);
    expect((await invitee.post(`/api/v1/invitations/${secret}/accept`)).statusCode).toBe(200);
    const again = await invitee.post(`/api/v1/invitations/${secret}/accept`);
    expect(again.statusCode).toBe(410);
    expect(again.json().error).toBe('invitation_closed');
    expect((await anonymous(ctx.app).get(`/api/v1/invitations/${secret}`)).json().status).toBe('accepted');
  });

  it('expire after 14 days', async () => {
    const { secret, email } = await invite();
    const later = await buildTestApp({
      db: ctx.tdb.db,
      clock: fixedClock(new Date(Date.now() + 15 * 86_400_000)),
    });
    try {
      const invitee = await signIn(later, (await createUser(ctx.tdb.db, { email })).email);
      expect((await anonymous(later).get(`/api/v1/invitations/${secret}`)).json().status).toBe('expired');
      const res = await invitee.post(`/api/v1/invitations/${secret}/accept`);
      expect(res.statusCode).toBe(410);
      expect(res.json().error).toBe('invitation_expired');
    } finally {
      await later.close();
    }
  });

  it('can be renewed by the owner: a new secret, and the old link stops working', async () => {
    const { base, session, secret, invitation, email } = await invite();
    const renewed = await session.post(`${base}/invitations/${invitation.id}/renew`, {});
    expect(renewed.statusCode).toBe(200);
    const fresh = secretOf(renewed.json().link);
    expect(fresh).not.toBe(secret);
    expect(renewed.json()).toMatchObject({ id: invitation.id, email, status: 'pending' });
    expect((await anonymous(ctx.app).get(`/api/v1/invitations/${secret}`)).statusCode).toBe(404);
    const invitee = await signIn(ctx.app, (await createUser(ctx.tdb.db, { email })).email);
    expect((await invitee.post(`/api/v1/invitations/${secret}/accept`)).statusCode).toBe(404);
    expect((await invitee.post(`/api/v1/invitations/${fresh}/accept`)).statusCode).toBe(200);
    // An accepted invitation has nothing left to renew.
    expect((await session.post(`${base}/invitations/${invitation.id}/renew`, {})).statusCode).toBe(404);
  });

  it('a revoked invitation no longer opens', async () => {
    const { base, session, secret, invitation } = await invite();
    expect((await session.delete(`${base}/invitations/${invitation.id}`)).statusCode).toBe(204);
    expect((await anonymous(ctx.app).get(`/api/v1/invitations/${secret}`)).json().status).toBe('revoked');
  });

  it('the public lookup is rate-limited per address, and not cached or referred', async () => {
    const { secret } = await invite();
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/invitations/${i === 0 ? secret : `${'y'.repeat(42)}${i % 10}`}`,
        remoteAddress: '10.77.0.1',
      });
      if (i === 0) {
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.headers['referrer-policy']).toBe('no-referrer');
      }
      statuses.push(res.statusCode);
    }
    expect(statuses[0]).toBe(200);
    expect(statuses.slice(1, 30).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
    // The acceptance shares the budget.
    const user = await signIn(ctx.app, (await createUser(ctx.tdb.db)).email);
    const accept = await user.request('POST', `/api/v1/invitations/${secret}/accept`, {}, {});
    expect(accept.statusCode).not.toBe(429);
    const fromSameAddress = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/invitations/${secret}/accept`,
      headers: { cookie: user.cookie, origin: ORIGIN },
      remoteAddress: '10.77.0.1',
      payload: {},
    });
    expect(fromSameAddress.statusCode).toBe(429);
  });
});
