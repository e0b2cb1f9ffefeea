// Password hashing: the library's full-cost scrypt in every deployment; the cheap one only where a
// test run asks for it, and never readable by a standard server.
import { passwordHasher } from '@proofwork/server/passwords';
import { hashPassword, verifyPassword } from 'better-auth/crypto';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { createUser, TEST_PASSWORD } from '../support/factories';
import { ORIGIN, signIn } from '../support/http';

const PASSWORD = 'another-horse-battery';

describe('password hashers', () => {
  it('standard is the auth library, byte for byte', async () => {
    const standard = passwordHasher('standard');
    const hash = await standard.hash(PASSWORD);
    expect(hash).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/);
    expect(await verifyPassword({ hash, password: PASSWORD })).toBe(true);
    expect(await standard.verify({ hash: await hashPassword(PASSWORD), password: PASSWORD })).toBe(true);
    expect(await standard.verify({ hash, password: `${PASSWORD}!` })).toBe(false);
  });

  it('fast verifies its own hashes and the standard ones; standard never accepts a fast hash', async () => {
    const fast = passwordHasher('fast');
    const hash = await fast.hash(PASSWORD);
    expect(hash.startsWith('scrypt-fast$')).toBe(true);
    expect(await fast.verify({ hash, password: PASSWORD })).toBe(true);
    expect(await fast.verify({ hash, password: `${PASSWORD}!` })).toBe(false);
    expect(await fast.verify({ hash: 'scrypt-fast$nonsense', password: PASSWORD })).toBe(false);
    expect(await fast.verify({ hash: await hashPassword(PASSWORD), password: PASSWORD })).toBe(true);
    expect(await passwordHasher('standard').verify({ hash, password: PASSWORD })).toBe(false);
    // Two hashes of one password differ (each has its own salt).
    expect(await fast.hash(PASSWORD)).not.toBe(hash);
  });
});

describe('a server with standard hashing', () => {
  const ctx = useTestApp({ env: { PASSWORD_HASHING: 'standard' } });

  it('signs up with a full-cost hash and signs in with it; a fast hash signs nobody in', async () => {
    const email = 'full-cost@test.example';
    const up = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/sign-up/email',
      headers: { origin: ORIGIN },
      payload: { email, password: PASSWORD, name: 'Full Cost' },
    });
    expect(up.statusCode).toBe(200);
    const [account] = await ctx.tdb.db.$sql<{ password: string }[]>`
      select a.password from accounts a join users u on u.id = a.user_id where u.email = ${email}`;
    expect(account!.password).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/);
    await signIn(ctx.app, email, PASSWORD);
    // The test factories write fast hashes: this server does not read them.
    const user = await createUser(ctx.tdb.db);
    await expect(signIn(ctx.app, user.email, TEST_PASSWORD)).rejects.toThrow(/401/);
  });
});
