// The sign-in back-off in isolation, with a fixed clock: free failures, then waits that double up
// to a cap, forgotten after a while; a success clears its own address only; Redis and memory
// count alike, and memory takes over while Redis does not answer.
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type BackoffPolicy,
  type FailureStore,
  FallbackFailureStore,
  MemoryFailureStore,
  RedisFailureStore,
  SignInBackoff,
  waitSeconds,
} from './sign-in-backoff';

const policy: BackoffPolicy = { free: 5, baseSeconds: 1, capSeconds: 60, forgetSeconds: 3600 };
const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', {
  keyPrefix: `pw-test-backoff-${process.pid}-${Date.now()}:`,
  maxRetriesPerRequest: 1,
});
afterAll(async () => {
  const keys = await redis.keys(`${redis.options.keyPrefix}*`);
  if (keys.length > 0) await redis.del(...keys.map((k) => k.slice(redis.options.keyPrefix!.length)));
  await redis.quit();
});

describe('waitSeconds', () => {
  it('is free for the first failures, then doubles from the last failure, up to the cap', () => {
    const at = 1_000_000;
    const wait = (failures: number, now = at) => waitSeconds({ failures, lastAt: at }, policy, now);
    expect([0, 1, 4].map((n) => wait(n))).toEqual([0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10].map((n) => wait(n))).toEqual([1, 2, 4, 8, 16, 32]);
    expect(wait(11)).toBe(60);
    expect(wait(30)).toBe(60);
    // Time passes: the wait shrinks and ends.
    expect(wait(8, at + 5_000)).toBe(3);
    expect(wait(8, at + 8_000)).toBe(0);
  });
});

for (const [name, makeStore] of [
  ['memory', () => new MemoryFailureStore()],
  ['Redis', () => new RedisFailureStore(redis, `t${Math.random().toString(36).slice(2)}:`)],
] as const) {
  describe(`SignInBackoff over ${name}`, () => {
    it('counts failures per account and address, and clears them on success from that address', async () => {
      let now = 5_000_000;
      const backoff = new SignInBackoff(makeStore(), () => now, {
        perAccountAndAddress: policy,
        perAccount: { ...policy, free: 20 },
        perAddress: { ...policy, free: 30 },
      });
      for (let i = 0; i < 5; i++) {
        expect(await backoff.wait('Ann@Test.example', '10.0.0.1')).toBe(0);
        await backoff.failed('ann@test.example', '10.0.0.1');
      }
      expect(await backoff.wait('ann@test.example', '10.0.0.1')).toBe(1);
      expect(await backoff.wait('ann@test.example', '10.0.0.2')).toBe(0);
      now += 1_000;
      await backoff.failed('ann@test.example', '10.0.0.1');
      expect(await backoff.wait('ann@test.example', '10.0.0.1')).toBe(2);
      await backoff.succeeded('ann@test.example', '10.0.0.1');
      expect(await backoff.wait('ann@test.example', '10.0.0.1')).toBe(0);
    });

    it('slows an account down across addresses once the shared count is past its free failures', async () => {
      const now = 7_000_000;
      const backoff = new SignInBackoff(makeStore(), () => now, {
        perAccountAndAddress: policy,
        perAccount: { ...policy, free: 3 },
        perAddress: { ...policy, free: 30 },
      });
      for (let i = 0; i < 3; i++) await backoff.failed('bob@test.example', `10.1.0.${i}`);
      expect(await backoff.wait('bob@test.example', '10.1.0.200')).toBe(1);
      // A success elsewhere does not reset the shared count.
      await backoff.succeeded('bob@test.example', '10.1.0.201');
      expect(await backoff.wait('bob@test.example', '10.1.0.202')).toBe(1);
    });

    it('slows one address trying many accounts, whatever account it tries next', async () => {
      const now = 8_000_000;
      const backoff = new SignInBackoff(makeStore(), () => now, {
        perAccountAndAddress: policy,
        perAccount: { ...policy, free: 20 },
        perAddress: { ...policy, free: 4 },
      });
      for (let i = 0; i < 4; i++) await backoff.failed(`user-${i}@test.example`, '10.3.0.1');
      expect(await backoff.wait('someone-else@test.example', '10.3.0.1')).toBe(1);
      expect(await backoff.wait('someone-else@test.example', '10.3.0.2')).toBe(0);
    });
  });
}

describe('FallbackFailureStore', () => {
  it('keeps counting in memory while Redis does not answer', async () => {
    const broken: FailureStore = {
      read: () => Promise.reject(new Error('ECONNREFUSED')),
      fail: () => Promise.reject(new Error('ECONNREFUSED')),
      clear: () => Promise.reject(new Error('ECONNREFUSED')),
    };
    const errors: unknown[] = [];
    const now = 9_000_000;
    const backoff = new SignInBackoff(
      new FallbackFailureStore(broken, new MemoryFailureStore(), (e) => errors.push(e)),
      () => now,
      { perAccountAndAddress: policy, perAccount: { ...policy, free: 20 }, perAddress: { ...policy, free: 30 } },
    );
    for (let i = 0; i < 5; i++) await backoff.failed('cy@test.example', '10.2.0.1');
    expect(await backoff.wait('cy@test.example', '10.2.0.1')).toBe(1);
    expect(errors.length).toBeGreaterThan(0);
  });
});
