// Back-off after failed sign-ins. Only failures count (a successful sign-in clears them), and past
// a few free failures each further attempt waits twice as long as the last instead of locking the
// account for a fixed window. Counted per account and address (a guesser on one address slows down
// fast, the real user elsewhere is not affected), per account over all addresses (a spread-out
// guesser slows down too, more gently) and per address over all accounts (one address trying many
// accounts; an office behind one address signing in all morning never counts). Counters live in Redis when there is one, so every API
// process shares them; in memory otherwise, and in memory while Redis does not answer.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface BackoffPolicy {
  /** Failures allowed before any wait. */
  free: number;
  /** The first wait; each further failure doubles it. */
  baseSeconds: number;
  capSeconds: number;
  /** A counter is forgotten this long after its last failure. */
  forgetSeconds: number;
}

export const SIGN_IN_POLICIES = {
  perAccountAndAddress: { free: 5, baseSeconds: 1, capSeconds: 15 * 60, forgetSeconds: 60 * 60 },
  perAccount: { free: 20, baseSeconds: 1, capSeconds: 5 * 60, forgetSeconds: 60 * 60 },
  perAddress: { free: 30, baseSeconds: 1, capSeconds: 15 * 60, forgetSeconds: 15 * 60 },
} satisfies Record<string, BackoffPolicy>;

export interface FailureState {
  failures: number;
  /** Epoch milliseconds of the last failure. */
  lastAt: number;
}

export interface FailureStore {
  read(keys: readonly string[], now: number): Promise<(FailureState | null)[]>;
  fail(key: string, now: number, forgetMs: number): Promise<void>;
  clear(keys: readonly string[]): Promise<void>;
}

/** Seconds to wait before the next attempt may be checked. */
export function waitSeconds(state: FailureState | null, policy: BackoffPolicy, now: number): number {
  if (!state || state.failures < policy.free) return 0;
  const delay = Math.min(policy.capSeconds, policy.baseSeconds * 2 ** (state.failures - policy.free));
  return Math.max(0, Math.ceil((state.lastAt + delay * 1000 - now) / 1000));
}

export class MemoryFailureStore implements FailureStore {
  private readonly entries = new Map<string, FailureState & { forgetAt: number }>();

  async read(keys: readonly string[], now: number) {
    return keys.map((key) => {
      const entry = this.entries.get(key);
      return entry && entry.forgetAt > now ? { failures: entry.failures, lastAt: entry.lastAt } : null;
    });
  }

  async fail(key: string, now: number, forgetMs: number) {
    if (this.entries.size > 50_000) {
      for (const [k, e] of this.entries) if (e.forgetAt <= now) this.entries.delete(k);
    }
    const entry = this.entries.get(key);
    const failures = entry && entry.forgetAt > now ? entry.failures + 1 : 1;
    this.entries.set(key, { failures, lastAt: now, forgetAt: now + forgetMs });
  }

  async clear(keys: readonly string[]) {
    for (const key of keys) this.entries.delete(key);
  }
}

export class RedisFailureStore implements FailureStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'pw:signin:',
  ) {}

  async read(keys: readonly string[]) {
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.hmget(this.prefix + key, 'failures', 'lastAt');
    const results = (await pipeline.exec()) ?? [];
    return results.map(([error, value]) => {
      if (error) throw error;
      const [failures, lastAt] = value as [string | null, string | null];
      return failures === null ? null : { failures: Number(failures), lastAt: Number(lastAt ?? 0) };
    });
  }

  async fail(key: string, now: number, forgetMs: number) {
    const results = await this.redis
      .multi()
      .hincrby(this.prefix + key, 'failures', 1)
      .hset(this.prefix + key, 'lastAt', now)
      .pexpire(this.prefix + key, forgetMs)
      .exec();
    const failed = results?.find(([error]) => error);
    if (failed) throw failed[0];
  }

  async clear(keys: readonly string[]) {
    if (keys.length > 0) await this.redis.del(...keys.map((k) => this.prefix + k));
  }
}

/** Redis first; while it does not answer, this process's memory keeps counting. */
export class FallbackFailureStore implements FailureStore {
  constructor(
    private readonly primary: FailureStore,
    private readonly fallback: FailureStore,
    private readonly onError: (error: unknown) => void,
  ) {}

  private async either<T>(run: (store: FailureStore) => Promise<T>): Promise<T> {
    try {
      return await run(this.primary);
    } catch (error) {
      this.onError(error);
      return run(this.fallback);
    }
  }

  read(keys: readonly string[], now: number) {
    return this.either((s) => s.read(keys, now));
  }
  fail(key: string, now: number, forgetMs: number) {
    return this.either((s) => s.fail(key, now, forgetMs));
  }
  clear(keys: readonly string[]) {
    return this.either((s) => s.clear(keys));
  }
}

/** Neither e-mail addresses nor IP addresses are kept in clear in the counters' keys. */
const digest = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 22);

export class SignInBackoff {
  constructor(
    private readonly store: FailureStore,
    private readonly now: () => number = Date.now,
    private readonly policies = SIGN_IN_POLICIES,
  ) {}

  private keys(email: string, ip: string) {
    const account = digest(email.trim().toLowerCase());
    const address = digest(ip);
    return { pair: `a:${account}:${address}`, account: `a:${account}`, address: `ip:${address}` };
  }

  /** Seconds the caller must wait before this attempt is even checked; 0 when it may go ahead. */
  async wait(email: string, ip: string): Promise<number> {
    const { pair, account, address } = this.keys(email, ip);
    const now = this.now();
    const [pairState, accountState, addressState] = await this.store.read([pair, account, address], now);
    return Math.max(
      waitSeconds(pairState ?? null, this.policies.perAccountAndAddress, now),
      waitSeconds(accountState ?? null, this.policies.perAccount, now),
      waitSeconds(addressState ?? null, this.policies.perAddress, now),
    );
  }

  async failed(email: string, ip: string) {
    const { pair, account, address } = this.keys(email, ip);
    const now = this.now();
    await this.store.fail(pair, now, this.policies.perAccountAndAddress.forgetSeconds * 1000);
    await this.store.fail(account, now, this.policies.perAccount.forgetSeconds * 1000);
    await this.store.fail(address, now, this.policies.perAddress.forgetSeconds * 1000);
  }

  /**
   * The right password: earlier failures for this account from this address stop counting. The
   * counts over all addresses and over all accounts stay until forgotten, so neither a guesser
   * elsewhere nor one holding an account of their own gains anything from a success.
   */
  async succeeded(email: string, ip: string) {
    await this.store.clear([this.keys(email, ip).pair]);
  }
}
