// A few seconds of memory for what every request asks the database first: the session behind a
// cookie, and the caller's membership in the organization of the URL. Each entry carries tags (the
// user, the membership, the organization); triggers on sessions, users, members and organizations
// NOTIFY those tags at commit (see AUTH_CHANGED_CHANNEL), and every API process drops the entries
// they name, so a signed-out or revoked session, a removed member or a changed role stops working
// in every process within milliseconds of the change. Until the process listens (and after its
// listening connection was lost, until it listens again) nothing is kept; the lifetime bounds what
// a notification lost any other way could leave behind.
import { AUTH_CHANGED_CHANNEL, type Database } from '@proofwork/db';

interface Entry<T> {
  value: T;
  tags: readonly string[];
  until: number;
}

export class TaggedCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: T, tags: readonly string[], until: number) {
    if (until <= this.now()) return;
    // Oldest first out: a Map iterates in insertion order.
    if (this.entries.size >= this.maxEntries && !this.entries.has(key)) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.delete(key);
    this.entries.set(key, { value, tags, until });
  }

  /** Drops every entry carrying this tag. Changes are rare; a scan of a bounded map is enough. */
  drop(tag: string) {
    for (const [key, entry] of this.entries) if (entry.tags.includes(tag)) this.entries.delete(key);
  }

  clear() {
    this.entries.clear();
  }

  get size() {
    return this.entries.size;
  }
}

export interface AuthCacheOptions {
  /** How long an entry lives at most, in ms; 0 keeps nothing. */
  ttlMs: number;
  maxEntries?: number;
  now?: () => number;
}

export class AuthCache {
  readonly sessions: TaggedCache<unknown>;
  readonly actors: TaggedCache<unknown>;
  /** Bumped by every change heard: a lookup that overlapped one must not store what it read. */
  private generation = 0;
  private listening = false;
  private subscription: { unlisten(): Promise<void> } | null = null;

  constructor(private readonly options: AuthCacheOptions) {
    this.sessions = new TaggedCache(options.maxEntries ?? 10_000, options.now);
    this.actors = new TaggedCache(options.maxEntries ?? 10_000, options.now);
  }

  get enabled() {
    return this.listening && this.options.ttlMs > 0;
  }

  /**
   * Reads through the cache: `load` runs on a miss and returns the value, its tags and how long
   * it may live at most (a session's own expiry); null values (no session, not a member) are
   * never kept.
   */
  async read<T>(
    cache: TaggedCache<unknown>,
    key: string,
    load: () => Promise<{ value: T; tags: readonly string[]; until?: number } | null>,
  ): Promise<T | null> {
    if (!this.enabled) return (await load())?.value ?? null;
    const hit = cache.get(key);
    if (hit !== undefined) return hit as T;
    const generation = this.generation;
    const loaded = await load();
    if (!loaded) return null;
    if (this.enabled && generation === this.generation) {
      const now = (this.options.now ?? Date.now)();
      cache.set(key, loaded.value, loaded.tags, Math.min(now + this.options.ttlMs, loaded.until ?? Infinity));
    }
    return loaded.value;
  }

  /** A change heard from the database: `u:<userId>`, `m:<organizationId>:<userId>` or `o:<organizationId>`. */
  changed(tag: string) {
    this.generation += 1;
    this.sessions.drop(tag);
    this.actors.drop(tag);
  }

  private forgetAll() {
    this.generation += 1;
    this.sessions.clear();
    this.actors.clear();
  }

  /**
   * Listens on its own connection; on each (re)connection everything held before is dropped. A
   * heartbeat (a notification to itself every few seconds) finds a listening connection that went
   * away without a word: until a heartbeat is heard again, nothing is kept.
   */
  async listen(db: Database, heartbeatMs = 5000) {
    if (this.options.ttlMs <= 0) return;
    const me = `ping:${process.pid}:${Math.random().toString(36).slice(2)}`;
    let sent = 0;
    let heard = 0;
    this.subscription = await db.$sql.listen(
      AUTH_CHANGED_CHANNEL,
      (payload) => {
        if (payload.startsWith('ping:')) {
          if (payload.startsWith(`${me}:`)) {
            heard = Number(payload.slice(me.length + 1));
            if (!this.listening) this.resume();
          }
          return;
        }
        this.changed(payload);
      },
      () => this.resume(),
    );
    this.heartbeat = setInterval(() => {
      // The previous heartbeat never came back: the listening connection is gone.
      if (heard < sent) this.suspend();
      sent += 1;
      db.$sql`select pg_notify(${AUTH_CHANGED_CHANNEL}, ${`${me}:${sent}`})`.catch(() => this.suspend());
    }, heartbeatMs);
    this.heartbeat.unref();
  }

  private heartbeat: NodeJS.Timeout | null = null;

  /** Notifications sent while not listening are lost: start again from nothing. */
  private resume() {
    this.forgetAll();
    this.listening = true;
  }

  /** Keeps nothing until listening again. */
  suspend() {
    this.listening = false;
    this.forgetAll();
  }

  async close() {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.suspend();
    await this.subscription?.unlisten().catch(() => {});
    this.subscription = null;
  }
}
