// Sessions and memberships are kept in memory for a few seconds by each API process; a change made
// anywhere (another process, a script in SQL) reaches every process through PostgreSQL NOTIFY, so
// a signed-out or revoked session and a changed role stop working everywhere within a second.
// Two apps on one database stand for two API processes.
import { schema } from '@proofwork/db';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, useTestApp } from '../support/app';
import { addMember, createOrganization } from '../support/factories';
import { signIn } from '../support/http';

const ctx = useTestApp();
let other: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  other = await buildTestApp({ db: ctx.tdb.db });
});
afterAll(async () => {
  await other?.close();
});

/** Asks until the answer is `status`; the time it took, in ms (fails after 3 s). */
async function untilStatus(ask: () => Promise<{ statusCode: number }>, status: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const res = await ask();
    if (res.statusCode === status) return performance.now() - started;
    if (performance.now() - started > 3000) throw new Error(`still ${res.statusCode} after 3 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('session and membership cache', () => {
  it('keeps a session in memory, so a cold process refuses what a warm one still holds', async () => {
    const { organization } = await createOrganization(ctx.tdb.db);
    const { user } = await addMember(ctx.tdb.db, organization.id, 'member');
    const a = await signIn(ctx.app, user.email);
    expect((await a.get('/api/v1/me')).statusCode).toBe(200);
    // The session goes without its trigger (an operator restoring a backup, say): nobody is told.
    await ctx.tdb.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.delete(schema.sessions).where(eq(schema.sessions.userId, user.id));
    });
    const fromOther = await other.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: a.cookie } });
    expect(fromOther.statusCode).toBe(401);
    expect((await a.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('a session signed out in another process dies here within a second', async () => {
    const { organization } = await createOrganization(ctx.tdb.db);
    const { user } = await addMember(ctx.tdb.db, organization.id, 'member');
    const session = await signIn(ctx.app, user.email);
    const here = () => ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session.cookie } });
    expect((await here()).statusCode).toBe(200);
    expect((await here()).statusCode).toBe(200);
    const out = await other.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { cookie: session.cookie, origin: 'http://localhost:3000' },
      payload: {},
    });
    expect(out.statusCode).toBe(200);
    expect(await untilStatus(here, 401)).toBeLessThan(1000);
  });

  it('a session revoked in SQL dies within a second; signing out here is seen at once', async () => {
    const { organization } = await createOrganization(ctx.tdb.db);
    const { user } = await addMember(ctx.tdb.db, organization.id, 'member');
    const first = await signIn(ctx.app, user.email);
    const second = await signIn(ctx.app, user.email);
    expect((await first.get('/api/v1/me')).statusCode).toBe(200);
    expect((await second.get('/api/v1/me')).statusCode).toBe(200);
    await ctx.tdb.db
      .delete(schema.sessions)
      .where(eq(schema.sessions.token, first.cookie.split('=')[1]!.split('.')[0]!));
    expect(await untilStatus(() => first.get('/api/v1/me'), 401)).toBeLessThan(1000);
    expect((await second.post('/api/auth/sign-out')).statusCode).toBe(200);
    expect((await second.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('a role changed in another process applies here within a second', async () => {
    const { organization, owner } = await createOrganization(ctx.tdb.db);
    const { user: managerUser, member: manager } = await addMember(ctx.tdb.db, organization.id, 'manager');
    const { member: cm } = await addMember(ctx.tdb.db, organization.id, 'member');
    const session = await signIn(ctx.app, managerUser.email);
    const othersTime = () => session.get(`/api/v1/organizations/${organization.id}/time-entries?memberId=${cm.id}`);
    expect((await othersTime()).statusCode).toBe(200);
    expect((await othersTime()).statusCode).toBe(200);
    const ownerSession = await signIn(other, owner.email);
    const changed = await ownerSession.patch(`/api/v1/organizations/${organization.id}/members/${manager.id}`, {
      role: 'member',
    });
    expect(changed.statusCode).toBe(200);
    expect(await untilStatus(othersTime, 403)).toBeLessThan(1000);
    // Removed from the organization: its URLs are not found for them any more.
    await ctx.tdb.db.update(schema.members).set({ removedAt: new Date() }).where(eq(schema.members.id, manager.id));
    expect(
      await untilStatus(() => session.get(`/api/v1/organizations/${organization.id}/time-entries`), 404),
    ).toBeLessThan(1000);
  });
});
