// Mail for the account, through a real SMTP server started here: the address confirmation sent at
// sign-up, the password reset, the invitation; each read back in English and French with links to
// real pages; an invitation accepted only by the signed-in owner of the verified invited address.
import { buildApp, fixedClock, loadConfig, systemClock } from '@proofwork/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createOrganization, createUser } from '../support/factories';
import { anonymous, ORIGIN, sessionCookie, signIn } from '../support/http';
import { startSmtp, type TestSmtp } from '../support/smtp';
import { isWebPage } from '../support/web-routes';

let smtp: TestSmtp;
let tdb: TestDatabase;
let app: Awaited<ReturnType<typeof buildTestApp>>;

beforeAll(async () => {
  smtp = await startSmtp();
  tdb = await createTestDatabase();
  app = await buildTestApp({ db: tdb.db, env: { SMTP_URL: smtp.url, PUBLIC_URL: ORIGIN } });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await tdb?.drop();
  await smtp?.close();
});

const unique = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 8)}@test.example`;

async function signUp(email: string, locale?: 'en' | 'fr', target = app) {
  const res = await target.inject({
    method: 'POST',
    url: '/api/auth/sign-up/email',
    headers: { origin: ORIGIN },
    payload: { email, password: 'a-long-password-1', name: 'Camille', ...(locale ? { locale } : {}) },
  });
  expect(res.statusCode).toBe(200);
  const cookie = sessionCookie(res);
  const client = {
    cookie,
    get: (url: string) => target.inject({ method: 'GET', url, headers: { cookie, origin: ORIGIN } }),
    post: (url: string, payload: unknown = {}) =>
      target.inject({ method: 'POST', url, headers: { cookie, origin: ORIGIN }, payload: payload as object }),
  };
  return client;
}

const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;

function expectWellFormed(mail: Awaited<ReturnType<TestSmtp['waitFor']>>, locale: 'en' | 'fr', link: string) {
  expect(mail.headers.get('content-language')).toBe(locale);
  expect(mail.links).toContain(link);
  expect(mail.html).toContain(link.replaceAll('&', '&amp;'));
  expect(link.startsWith(`${ORIGIN}/`)).toBe(true);
  expect(isWebPage(link), link).toBe(true);
  expect(String(mail.raw.from?.text)).toContain('Proofwork');
}

describe('address confirmation', () => {
  it('is mailed at sign-up in the chosen language; the account works at once; the link confirms once', async () => {
    for (const locale of ['en', 'fr'] as const) {
      const email = unique(`verify-${locale}`);
      const session = await signUp(email, locale);
      const mail = await smtp.waitFor((m) => m.to === email);
      expect(mail.subject).toBe(locale === 'fr' ? 'Confirmez votre adresse e-mail' : 'Confirm your e-mail address');
      const link = mail.links.find((l) => l.includes('/verify-email'))!;
      expectWellFormed(mail, locale, link);
      expect(mail.text).toContain(locale === 'fr' ? 'Bonjour Camille' : 'Hello Camille');
      // Usable before confirming, but not yet confirmed.
      const before = await session.get('/api/v1/me');
      expect(before.statusCode).toBe(200);
      expect(before.json().user.emailVerified).toBe(false);
      const verify = await anonymous(app).get(`/api/auth/verify-email?token=${encodeURIComponent(tokenOf(link))}`);
      expect(verify.statusCode).toBe(200);
      expect(verify.headers['cache-control']).toBe('no-store');
      expect((await session.get('/api/v1/me')).json().user.emailVerified).toBe(true);
    }
  });

  it('refuses a forged or altered link', async () => {
    const email = unique('forged');
    await signUp(email);
    const link = (await smtp.waitFor((m) => m.to === email)).links.find((l) => l.includes('/verify-email'))!;
    const token = tokenOf(link);
    const altered = `${token.slice(0, -2)}${token.endsWith('xx') ? 'yy' : 'xx'}`;
    for (const bad of [altered, 'x'.repeat(40)]) {
      const res = await anonymous(app).get(`/api/auth/verify-email?token=${bad}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBe('invalid_token');
    }
  });

  it('can be sent again to the signed-in user, and not once confirmed', async () => {
    const email = unique('again');
    const session = await signUp(email, 'fr');
    await smtp.waitFor((m) => m.to === email);
    const res = await session.post('/api/auth/send-verification-email');
    expect(res.statusCode).toBe(200);
    await expect.poll(() => smtp.to(email).length, { timeout: 10_000 }).toBe(2);
    const link = smtp.to(email)[1]!.links.find((l) => l.includes('/verify-email'))!;
    expect((await anonymous(app).get(`/api/auth/verify-email?token=${tokenOf(link)}`)).statusCode).toBe(200);
    expect((await session.post('/api/auth/send-verification-email')).statusCode).toBe(409);
    expect((await anonymous(app).post('/api/auth/send-verification-email')).statusCode).toBe(401);
  });
});

describe('password reset', () => {
  it('mails a one-hour, single-use link; the new password works, the old one and every session stop', async () => {
    const user = await createUser(tdb.db, { locale: 'fr' });
    const owner = await signIn(app, user.email);
    const res = await anonymous(app).post('/api/auth/request-password-reset', { email: user.email });
    expect(res.statusCode).toBe(200);
    const mail = await smtp.waitFor((m) => m.to === user.email && m.subject.includes('mot de passe'));
    expect(mail.subject).toBe('Réinitialiser votre mot de passe');
    const link = mail.links.find((l) => l.includes('/reset-password'))!;
    expectWellFormed(mail, 'fr', link);
    const token = tokenOf(link);
    const reset = await anonymous(app).post('/api/auth/reset-password', { token, newPassword: 'a-brand-new-secret' });
    expect(reset.statusCode).toBe(200);
    // Every session ends with the reset.
    expect((await owner.get('/api/v1/me')).statusCode).toBe(401);
    await expect(signIn(app, user.email)).rejects.toThrow(/sign-in failed/);
    expect((await signIn(app, user.email, 'a-brand-new-secret')).cookie).toBeTruthy();
    const again = await anonymous(app).post('/api/auth/reset-password', { token, newPassword: 'yet-another-secret' });
    expect(again.statusCode).toBe(400);
    expect(again.json().error).toBe('invalid_token');
  });

  it('answers the same for an unknown address, and mails nothing', async () => {
    const known = await createUser(tdb.db);
    const unknown = unique('nobody');
    const a = await anonymous(app).post('/api/auth/request-password-reset', { email: known.email });
    const b = await anonymous(app).post('/api/auth/request-password-reset', { email: unknown });
    expect(a.statusCode).toBe(b.statusCode);
    expect(a.json()).toEqual(b.json());
    const englishMail = await smtp.waitFor((m) => m.to === known.email);
    expect(englishMail.subject).toBe('Reset your password');
    expectWellFormed(englishMail, 'en', englishMail.links.find((l) => l.includes('/reset-password'))!);
    expect(smtp.to(unknown)).toHaveLength(0);
  });

  it('expires after an hour', async () => {
    const user = await createUser(tdb.db);
    await anonymous(app).post('/api/auth/request-password-reset', { email: user.email });
    const token = tokenOf((await smtp.waitFor((m) => m.to === user.email)).links[0]!);
    // The library reads the real clock for its expiry; age the stored token instead.
    await tdb.db.execute(
      (await import('drizzle-orm'))
        .sql`update verifications set expires_at = now() - interval '1 second' where identifier = ${`reset-password:${token}`}`,
    );
    const res = await anonymous(app).post('/api/auth/reset-password', { token, newPassword: 'a-brand-new-secret' });
    expect(res.statusCode).toBe(400);
  });
});

describe('invitations by mail', () => {
  async function invite(defaultLocale: 'en' | 'fr' = 'en') {
    const { organization, owner } = await createOrganization(tdb.db, {
      defaultLocale,
      name: `Agence ${defaultLocale}`,
    });
    const session = await signIn(app, owner.email);
    const email = unique('invitee');
    const res = await session.post(`/api/v1/organizations/${organization.id}/invitations`, { email, role: 'member' });
    expect(res.statusCode).toBe(201);
    expect(res.json().mailed).toBe(true);
    const mail = await smtp.waitFor((m) => m.to === email);
    return {
      organization,
      owner,
      email,
      link: res.json().link as string,
      mail,
      secret: new URL(res.json().link).pathname.split('/').pop()!,
    };
  }

  it('mail the link, in the organization’s language, to the invited address', async () => {
    for (const locale of ['en', 'fr'] as const) {
      const { mail, link, organization } = await invite(locale);
      expect(mail.subject).toBe(
        locale === 'fr' ? `Owner vous invite sur ${organization.name}` : `Owner invites you to ${organization.name}`,
      );
      expectWellFormed(mail, locale, link);
    }
  });

  it('are accepted only by the signed-in owner of the verified invited address, once', async () => {
    const { secret, email } = await invite();
    // Another account (verified) is refused.
    const other = await signIn(app, (await createUser(tdb.db)).email);
    const byOther = await other.post(`/api/v1/invitations/${secret}/accept`);
    expect(byOther.statusCode).toBe(403);
    // Anyone may sign up with the invited address, but cannot accept before confirming it.
    const invitee = await signUp(email, 'fr');
    const unverified = await invitee.post(`/api/v1/invitations/${secret}/accept`);
    expect(unverified.statusCode).toBe(403);
    expect(unverified.json().error).toBe('email_not_verified');
    const confirm = (
      await smtp.waitFor((m) => m.to === email && m.links.some((l) => l.includes('/verify-email')))
    ).links.find((l) => l.includes('/verify-email'))!;
    expect((await anonymous(app).get(`/api/auth/verify-email?token=${tokenOf(confirm)}`)).statusCode).toBe(200);
    const accepted = await invitee.post(`/api/v1/invitations/${secret}/accept`);
    expect(accepted.statusCode).toBe(200);
    // Reused link.
    const reused = await invitee.post(`/api/v1/invitations/${secret}/accept`);
    expect(reused.statusCode).toBe(410);
    // A guessed token is not found, signed in or not.
    expect((await invitee.post(`/api/v1/invitations/${'A'.repeat(43)}/accept`)).statusCode).toBe(404);
    expect((await anonymous(app).get(`/api/v1/invitations/${'A'.repeat(43)}`)).statusCode).toBe(404);
    expect((await anonymous(app).post(`/api/v1/invitations/${secret}/accept`)).statusCode).toBe(401);
  });

  it('an expired link is refused even to the verified invited address', async () => {
    const { secret, email } = await invite();
    const later = await buildTestApp({
      db: tdb.db,
      clock: fixedClock(new Date(Date.now() + 15 * 86_400_000)),
      env: { SMTP_URL: smtp.url },
    });
    try {
      const invitee = await signIn(later, (await createUser(tdb.db, { email })).email);
      const res = await invitee.post(`/api/v1/invitations/${secret}/accept`);
      expect(res.statusCode).toBe(410);
      expect(res.json().error).toBe('invitation_expired');
    } finally {
      await later.close();
    }
  });

  it('without SMTP_URL, the app writes each message as an .eml file and logs its path', async () => {
    const { mkdtempSync, readdirSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(tmpdir(), 'pw-eml-'));
    const lines: string[] = [];
    const local = await buildApp(
      {
        config: loadConfig({
          NODE_ENV: 'test',
          LOG_LEVEL: 'info',
          MAIL_DIR: dir,
          PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
        }),
        db: tdb.db,
        clock: systemClock,
        queue: { mode: 'in-process', ping: async () => true },
        webRoot: null,
        redis: null,
      },
      { logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } } },
    );
    try {
      const email = unique('eml');
      await signUp(email, 'fr', local);
      await expect.poll(() => readdirSync(dir).filter((f) => f.endsWith('.eml')).length, { timeout: 10_000 }).toBe(1);
      const file = path.join(dir, readdirSync(dir)[0]!);
      const eml = readFileSync(file, 'utf8');
      expect(eml).toMatch(new RegExp(`^To: ${email}$`, 'm'));
      expect(eml).toMatch(/^Subject: /m);
      // The log line follows the rename that made the file visible: wait for it, do not race it.
      await expect
        .poll(() => lines.some((l) => l.includes(file) && l.includes('no SMTP_URL')), { timeout: 5_000 })
        .toBe(true);
    } finally {
      await local.close();
    }
  });
});
