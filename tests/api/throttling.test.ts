// Throttling that scales and does not lock the real user out: the address a limit counts is the
// client's, whatever it writes in X-Forwarded-For; sign-in counts failures only and backs off; with
// Redis, every API process shares the same counters.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/app';
import { createTestDatabase, type TestDatabase, testRedisPrefix } from '../support/db';
import { TEST_REDIS_URL } from '../support/env';
import { createUser, TEST_PASSWORD } from '../support/factories';
import { ORIGIN } from '../support/http';

type App = Awaited<ReturnType<typeof buildTestApp>>;

let tdb: TestDatabase;
let redis: Redis;
const prefix = `${testRedisPrefix()}:`;
const apps: App[] = [];

async function app(env: Record<string, string> = {}, shared: Redis | null = null): Promise<App> {
  const built = await buildTestApp({ db: tdb.db, env, redis: shared });
  // What the app thinks the client's address is, to check the proxy settings directly.
  built.get('/api/v1/__whoami', { config: { public: true } }, async (request) => ({ ip: request.ip }));
  await built.ready();
  apps.push(built);
  return built;
}

/** The public invitation lookup: limited per address (30 per 10 minutes) and cheap to call. */
const lookUp = (target: App, from: { remote: string; xff?: string }) =>
  target.inject({
    method: 'GET',
    url: `/api/v1/invitations/${'x'.repeat(43)}`,
    headers: from.xff ? { 'x-forwarded-for': from.xff } : {},
    remoteAddress: from.remote,
  });

const signIn = (target: App, email: string, password: string, from: { remote?: string; xff?: string } = {}) =>
  target.inject({
    method: 'POST',
    url: '/api/auth/sign-in/email',
    headers: { origin: ORIGIN, ...(from.xff ? { 'x-forwarded-for': from.xff } : {}) },
    remoteAddress: from.remote ?? '10.20.0.1',
    payload: { email, password },
  });

beforeAll(async () => {
  tdb = await createTestDatabase();
  redis = new Redis(TEST_REDIS_URL, { keyPrefix: prefix, maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  for (const a of apps) await a.close();
  await redis.quit();
  await tdb.drop();
});

describe('the client address behind proxies (TRUST_PROXY)', () => {
  /** 32 calls from one client behind a proxy at 10.0.0.2, writing a new X-Forwarded-For each time. */
  async function spoofed(api: App) {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      const res = await lookUp(api, { remote: '10.0.0.2', xff: `198.51.100.${i}, 203.0.113.9` });
      statuses.push(res.statusCode);
    }
    return statuses;
  }

  it('with a hop count, a client cannot escape the per-address limit by writing X-Forwarded-For', async () => {
    const api = await app({ TRUST_PROXY: '1' });
    const statuses = await spoofed(api);
    expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
    // Another client behind the same proxy has its own budget.
    expect((await lookUp(api, { remote: '10.0.0.2', xff: '203.0.113.10' })).statusCode).toBe(404);
    // Every limit (sign-in included) counts that client's address, not the one it wrote.
    const whoami = await api.inject({
      method: 'GET',
      url: '/api/v1/__whoami',
      remoteAddress: '10.0.0.2',
      headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.9' },
    });
    expect(whoami.json().ip).toBe('203.0.113.9');
  });

  it("'true' believes the address the client wrote (which is why production refuses it)", async () => {
    const statuses = await spoofed(await app({ TRUST_PROXY: 'true' }));
    expect(statuses.filter((s) => s === 429)).toEqual([]);
  });

  it('with a list of proxies, only those may name the client', async () => {
    const api = await app({ TRUST_PROXY: '10.0.0.0/24, 192.0.2.1' });
    const ip = async (remote: string, xff: string) =>
      (
        await api.inject({
          method: 'GET',
          url: '/api/v1/__whoami',
          remoteAddress: remote,
          headers: { 'x-forwarded-for': xff },
        })
      ).json().ip;
    expect(await ip('10.0.0.2', '198.51.100.1, 203.0.113.9')).toBe('203.0.113.9');
    expect(await ip('192.0.2.1', '203.0.113.9')).toBe('203.0.113.9');
    expect(await ip('203.0.113.50', '198.51.100.1')).toBe('203.0.113.50');
  });
});

// Series of 20–35 sign-ins, each hashing a password: on a busy machine they outlast the default 30 s.
describe('sign-in throttling per account', { timeout: 90_000 }, () => {
  let api: App;
  beforeAll(async () => {
    api = await app();
  });

  it('never counts a successful sign-in: an office behind one address signs in 35 times in a row', async () => {
    const users = await Promise.all([createUser(tdb.db), createUser(tdb.db), createUser(tdb.db)]);
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) {
      statuses.push((await signIn(api, users[i % 3]!.email, TEST_PASSWORD, { remote: '10.30.0.1' })).statusCode);
    }
    expect(statuses).toEqual(Array(35).fill(200));
  });

  it('one address trying many accounts waits after 30 failures, whatever account it tries next', async () => {
    const user = await createUser(tdb.db);
    const from = { remote: '10.35.0.1' };
    for (let i = 0; i < 30; i++) {
      expect((await signIn(api, `nobody-${i}@test.example`, 'x', from)).statusCode).toBe(401);
    }
    expect((await signIn(api, user.email, TEST_PASSWORD, from)).statusCode).toBe(429);
    expect((await signIn(api, user.email, TEST_PASSWORD, { remote: '10.35.0.2' })).statusCode).toBe(200);
  });

  it('backs off after 5 failures from one address, while the real user elsewhere signs in', async () => {
    const user = await createUser(tdb.db);
    const guesser = { remote: '10.40.0.1' };
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await signIn(api, user.email, `guess-${i}`, guesser)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    // The sixth try waits, right password or not: a wait says nothing about the password.
    const waiting = await signIn(api, user.email, TEST_PASSWORD, guesser);
    expect(waiting.statusCode).toBe(429);
    expect(Number(waiting.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(waiting.json()).toMatchObject({ error: 'rate_limited', message: expect.stringMatching(/try again in/) });
    // The real user, from their own address, is not locked out.
    expect((await signIn(api, user.email, TEST_PASSWORD, { remote: '10.40.0.2' })).statusCode).toBe(200);
  });

  it('slows down a guesser spread over many addresses too (20 failures), more gently', async () => {
    const user = await createUser(tdb.db);
    for (let i = 0; i < 20; i++) {
      expect((await signIn(api, user.email, `guess-${i}`, { remote: `10.50.${i}.1` })).statusCode).toBe(401);
    }
    const res = await signIn(api, user.email, 'guess-again', { remote: '10.50.99.1' });
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(300);
  });
});

describe('counters shared through Redis', () => {
  it('two API processes share one sign-in back-off and one per-address budget', async () => {
    const first = await app({}, redis);
    const second = await app({}, redis);
    const user = await createUser(tdb.db);
    const from = { remote: '10.60.0.1' };
    for (let i = 0; i < 3; i++) expect((await signIn(first, user.email, `guess-${i}`, from)).statusCode).toBe(401);
    for (let i = 3; i < 5; i++) expect((await signIn(second, user.email, `guess-${i}`, from)).statusCode).toBe(401);
    // Five failures in all: both processes now make this address wait.
    expect((await signIn(first, user.email, TEST_PASSWORD, from)).statusCode).toBe(429);
    expect((await signIn(second, user.email, TEST_PASSWORD, from)).statusCode).toBe(429);

    const budget: number[] = [];
    for (let i = 0; i < 32; i++)
      budget.push((await lookUp(i % 2 === 0 ? first : second, { remote: '10.60.1.1' })).statusCode);
    expect(budget.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(budget.slice(30)).toEqual([429, 429]);
    // The counters are in Redis (under this test's prefix: KEYS does not add it), not in either process.
    const keys = await redis.keys(`${prefix}pw:*`);
    expect(keys.some((k) => k.startsWith(`${prefix}pw:signin:`))).toBe(true);
    expect(keys.some((k) => k.startsWith(`${prefix}pw:rl:`))).toBe(true);
  });

  it('without Redis, each process counts alone (why REDIS_URL matters with several processes)', async () => {
    const first = await app();
    const second = await app();
    const user = await createUser(tdb.db);
    const from = { remote: '10.70.0.1' };
    for (let i = 0; i < 5; i++) await signIn(first, user.email, `guess-${i}`, from);
    expect((await signIn(first, user.email, TEST_PASSWORD, from)).statusCode).toBe(429);
    expect((await signIn(second, user.email, TEST_PASSWORD, from)).statusCode).toBe(200);
  });
});
