// Two-factor authentication (TOTP with recovery codes, the auth library's plugin): enrolment with a
// first code, a sign-in that asks for the code, recovery codes that work once, turning it off, and
// an organization that requires it showing nothing to members without it. Codes are computed here
// from the enrolment's otpauth URI, as an authenticator app would.
import { schema } from '@proofwork/db';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import * as OTPAuth from 'otpauth';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { addMember, createOrganization, createUser, TEST_PASSWORD } from '../support/factories';
import { ORIGIN, signIn } from '../support/http';

const ctx = useTestApp();

/** The cookies a response sets, as one Cookie header (a cleared cookie is left out). */
function cookiesOf(res: LightMyRequestResponse): string {
  const raw = res.headers['set-cookie'];
  return (Array.isArray(raw) ? raw : raw ? [raw] : [])
    .map((c) => c.split(';')[0]!)
    .filter((c) => c.indexOf('=') < c.length - 1)
    .join('; ');
}

function call(method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string, payload?: unknown) {
  return ctx.app.inject({
    method,
    url,
    headers: { origin: ORIGIN, ...(cookie ? { cookie } : {}) },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

/** Enrols the signed-in user: returns their authenticator, recovery codes and new session cookie. */
async function enrol(cookie: string) {
  const started = await call('POST', '/api/auth/two-factor/enable', cookie, { password: TEST_PASSWORD });
  expect(started.statusCode, started.body).toBe(200);
  const { totpURI, backupCodes } = started.json() as { totpURI: string; backupCodes: string[] };
  const totp = OTPAuth.URI.parse(totpURI) as OTPAuth.TOTP;
  const confirmed = await call('POST', '/api/auth/two-factor/verify-totp', cookie, { code: totp.generate() });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  return { totp, backupCodes, cookie: cookiesOf(confirmed) || cookie, totpURI };
}

async function passwordStep(email: string) {
  const res = await call('POST', '/api/auth/sign-in/email', '', { email, password: TEST_PASSWORD });
  expect(res.statusCode, res.body).toBe(200);
  return res;
}

describe('enrolment', () => {
  it('shows a secret and ten recovery codes once, and is on only after a first right code', async () => {
    const user = await createUser(ctx.tdb.db);
    const { cookie } = await signIn(ctx.app, user.email);
    const wrongPassword = await call('POST', '/api/auth/two-factor/enable', cookie, { password: 'not-the-password' });
    expect(wrongPassword.statusCode).toBe(400);
    const started = await call('POST', '/api/auth/two-factor/enable', cookie, { password: TEST_PASSWORD });
    expect(started.statusCode, started.body).toBe(200);
    const { totpURI, backupCodes } = started.json();
    expect(totpURI).toMatch(/^otpauth:\/\/totp\/Proofwork:.*secret=/);
    expect(backupCodes).toHaveLength(10);
    expect(new Set(backupCodes).size).toBe(10);
    // Not on yet: an enrolment never confirmed must not lock the person out.
    expect((await call('GET', '/api/v1/me', cookie)).json().user.twoFactorEnabled).toBe(false);

    const totp = OTPAuth.URI.parse(totpURI) as OTPAuth.TOTP;
    const badShape = await call('POST', '/api/auth/two-factor/verify-totp', cookie, { code: '12ab56' });
    expect(badShape.statusCode).toBe(400);
    expect(badShape.json().details[0].field).toBe('body.code');
    const wrong = String((Number(totp.generate()) + 1) % 1_000_000).padStart(6, '0');
    expect((await call('POST', '/api/auth/two-factor/verify-totp', cookie, { code: wrong })).statusCode).toBe(401);
    const ok = await call('POST', '/api/auth/two-factor/verify-totp', cookie, { code: totp.generate() });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().token).toBeUndefined();
    const me = await call('GET', '/api/v1/me', cookiesOf(ok));
    expect(me.json().user.twoFactorEnabled).toBe(true);

    // Stored encrypted: neither the secret nor a recovery code is readable in the database.
    const [row] = await ctx.tdb.db.select().from(schema.twoFactors).where(eq(schema.twoFactors.userId, user.id));
    expect(row!.secret).not.toContain(totp.secret.base32);
    for (const code of backupCodes) expect(row!.backupCodes).not.toContain(code);
  });
});

describe('signing in with a second factor', () => {
  it('asks for the code after the password, and the session comes only with the right code', async () => {
    const user = await createUser(ctx.tdb.db);
    const { totp } = await enrol((await signIn(ctx.app, user.email)).cookie);

    const first = await passwordStep(user.email);
    expect(first.json()).toMatchObject({ twoFactorRedirect: true, twoFactorMethods: ['totp'] });
    const challenge = cookiesOf(first);
    expect(challenge).not.toContain('session_token');
    expect((await call('GET', '/api/v1/me', challenge)).statusCode).toBe(401);

    const wrong = String((Number(totp.generate()) + 7) % 1_000_000).padStart(6, '0');
    const refused = await call('POST', '/api/auth/two-factor/verify-totp', challenge, { code: wrong });
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ error: 'invalid_code' });
    const ok = await call('POST', '/api/auth/two-factor/verify-totp', challenge, { code: totp.generate() });
    expect(ok.statusCode, ok.body).toBe(200);
    const session = cookiesOf(ok);
    expect(session).toContain('proofwork.session_token=');
    expect((await call('GET', '/api/v1/me', session)).json().user.email).toBe(user.email);
    // A code without the password step opens nothing.
    expect((await call('POST', '/api/auth/two-factor/verify-totp', '', { code: totp.generate() })).statusCode).toBe(
      401,
    );
  });

  it('locks the challenge after five wrong codes', async () => {
    const user = await createUser(ctx.tdb.db);
    const { totp } = await enrol((await signIn(ctx.app, user.email)).cookie);
    const challenge = cookiesOf(await passwordStep(user.email));
    const wrong = String((Number(totp.generate()) + 3) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 5; i++) await call('POST', '/api/auth/two-factor/verify-totp', challenge, { code: wrong });
    const after = await call('POST', '/api/auth/two-factor/verify-totp', challenge, { code: totp.generate() });
    expect(after.statusCode).not.toBe(200);
  });

  it('takes a recovery code once instead of the code', async () => {
    const user = await createUser(ctx.tdb.db);
    const { backupCodes } = await enrol((await signIn(ctx.app, user.email)).cookie);
    const challenge = cookiesOf(await passwordStep(user.email));
    const ok = await call('POST', '/api/auth/two-factor/verify-backup-code', challenge, { code: backupCodes[0] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(cookiesOf(ok)).toContain('proofwork.session_token=');
    const again = cookiesOf(await passwordStep(user.email));
    const reused = await call('POST', '/api/auth/two-factor/verify-backup-code', again, { code: backupCodes[0] });
    expect(reused.statusCode).toBe(401);
    const other = await call('POST', '/api/auth/two-factor/verify-backup-code', again, { code: backupCodes[1] });
    expect(other.statusCode, other.body).toBe(200);
  });

  it('new recovery codes replace the old ones; turning it off asks for the password', async () => {
    const user = await createUser(ctx.tdb.db);
    const enrolled = await enrol((await signIn(ctx.app, user.email)).cookie);
    const renewed = await call('POST', '/api/auth/two-factor/generate-backup-codes', enrolled.cookie, {
      password: TEST_PASSWORD,
    });
    expect(renewed.statusCode, renewed.body).toBe(200);
    expect(renewed.json().backupCodes).toHaveLength(10);
    const challenge = cookiesOf(await passwordStep(user.email));
    const old = await call('POST', '/api/auth/two-factor/verify-backup-code', challenge, {
      code: enrolled.backupCodes[2],
    });
    expect(old.statusCode).toBe(401);

    const refused = await call('POST', '/api/auth/two-factor/disable', enrolled.cookie, { password: 'wrong-password' });
    expect(refused.statusCode).toBe(400);
    const off = await call('POST', '/api/auth/two-factor/disable', enrolled.cookie, { password: TEST_PASSWORD });
    expect(off.statusCode, off.body).toBe(200);
    const plain = await passwordStep(user.email);
    expect(plain.json().twoFactorRedirect).toBeUndefined();
    expect(cookiesOf(plain)).toContain('proofwork.session_token=');
  });

  it("mounts only the plugin's routes Proofwork uses", async () => {
    const { cookie } = await signIn(ctx.app, (await createUser(ctx.tdb.db)).email);
    for (const path of ['get-totp-uri', 'send-otp', 'verify-otp', 'view-backup-codes', 'generate-totp']) {
      const res = await call('POST', `/api/auth/two-factor/${path}`, cookie, {});
      expect(res.statusCode, path).toBe(404);
    }
    const doc = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const path of ['enable', 'verify-totp', 'verify-backup-code', 'generate-backup-codes', 'disable']) {
      expect(doc.paths[`/api/auth/two-factor/${path}`], path).toBeDefined();
    }
  });

  it('needs a session to enrol, renew or turn off, and no token may', async () => {
    for (const path of ['enable', 'generate-backup-codes', 'disable']) {
      const res = await call('POST', `/api/auth/two-factor/${path}`, '', { password: TEST_PASSWORD });
      expect(res.statusCode, path).toBe(401);
    }
  });
});

describe('an organization that requires two-factor authentication', () => {
  it('shows nothing to a member without it until they enable it, for sessions and tokens alike', async () => {
    const { organization, owner } = await createOrganization(ctx.tdb.db);
    const base = `/api/v1/organizations/${organization.id}`;
    const ownerSession = await signIn(ctx.app, owner.email);
    // The owner cannot require what they do not have themselves.
    const early = await ownerSession.patch(base, { twoFactorRequired: 'everyone' });
    expect(early.statusCode).toBe(400);
    expect(early.json().details[0].field).toBe('body.twoFactorRequired');
    const ownerEnrolled = await enrol(ownerSession.cookie);

    const { user: member } = await addMember(ctx.tdb.db, organization.id, 'member');
    const { user: manager } = await addMember(ctx.tdb.db, organization.id, 'manager');
    const memberSession = await signIn(ctx.app, member.email);
    const managerSession = await signIn(ctx.app, manager.email);
    const token = await memberSession.post(`${base}/tokens`, { name: 'script' });
    expect(token.statusCode).toBe(201);
    const bearer = { authorization: `Bearer ${token.json().token}` };

    // Managers and owners only.
    const managersOnly = await call('PATCH', base, ownerEnrolled.cookie, { twoFactorRequired: 'managers' });
    expect(managersOnly.statusCode, managersOnly.body).toBe(200);
    expect(managersOnly.json().twoFactorRequired).toBe('managers');
    expect((await memberSession.get(`${base}/members`)).statusCode).toBe(200);
    const blockedManager = await managerSession.get(`${base}/members`);
    expect(blockedManager.statusCode).toBe(403);
    expect(blockedManager.json().error).toBe('two_factor_required');
    expect((await call('GET', `${base}/members`, ownerEnrolled.cookie)).statusCode).toBe(200);

    // Everyone.
    expect((await call('PATCH', base, ownerEnrolled.cookie, { twoFactorRequired: 'everyone' })).statusCode).toBe(200);
    for (const path of ['', '/members', '/time-entries', '/categories']) {
      const res = await memberSession.get(`${base}${path}`);
      expect(res.statusCode, path).toBe(403);
      expect(res.json().error).toBe('two_factor_required');
      const viaToken = await ctx.app.inject({ method: 'GET', url: `${base}${path}`, headers: bearer });
      expect(viaToken.statusCode, path).toBe(403);
    }
    // The member still sees where they stand, and can fix it.
    const me = (await memberSession.get('/api/v1/me')).json();
    expect(me.user.twoFactorEnabled).toBe(false);
    expect(me.memberships[0]).toMatchObject({ organizationId: organization.id, twoFactorRequired: 'everyone' });
    const memberEnrolled = await enrol(memberSession.cookie);
    expect((await call('GET', `${base}/members`, memberEnrolled.cookie)).statusCode).toBe(200);
    const viaToken = await ctx.app.inject({ method: 'GET', url: `${base}/members`, headers: bearer });
    expect(viaToken.statusCode).toBe(200);

    // Back to nobody.
    expect((await call('PATCH', base, ownerEnrolled.cookie, { twoFactorRequired: 'nobody' })).statusCode).toBe(200);
    expect((await managerSession.get(`${base}/members`)).statusCode).toBe(200);
  });
});
