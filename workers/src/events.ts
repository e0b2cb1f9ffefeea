// Rollup-refreshed events for the server's live updates. Recomputes NOTIFY at commit, so every
// process listening hears about every member-week refreshed anywhere (any worker, any runner).
import { type Database, ROLLUP_REFRESHED_CHANNEL, type RollupRefreshed } from '@proofwork/db';
import type { Log } from './log';

export type RollupRefreshedListener = (event: RollupRefreshed) => void;

export interface Pipeline {
  /** Subscribes to rollup refreshes; returns the unsubscribe function. */
  onRollupRefreshed(listener: RollupRefreshedListener): () => void;
  stop(): Promise<void>;
}

export interface RefreshEvents {
  on(listener: RollupRefreshedListener): () => void;
  stop(): Promise<void>;
}

export async function listenRollupRefreshed(db: Database, log: Log): Promise<RefreshEvents> {
  const listeners = new Set<RollupRefreshedListener>();
  let unlisten: (() => Promise<unknown>) | null = null;
  let retry: NodeJS.Timeout | null = null;
  let stopped = false;
  const deliver = (payload: string) => {
    const event = JSON.parse(payload) as RollupRefreshed;
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        log.error({ err: error }, 'a rollup-refreshed listener threw');
      }
    }
  };
  // The driver re-establishes a LISTEN whose connection drops; only the first one has to be
  // retried here, when the database is away at start (a worker may come up before it).
  async function listen(attempt: number): Promise<void> {
    try {
      const subscription = await db.$sql.listen(ROLLUP_REFRESHED_CHANNEL, deliver);
      if (stopped) await subscription.unlisten().catch(() => {});
      else unlisten = () => subscription.unlisten();
    } catch (error) {
      if (stopped) return;
      const delay = Math.min(30_000, 500 * 2 ** attempt);
      if (attempt === 1) log.warn({ err: error, retryInMs: delay }, 'LISTEN for rollup refreshes failed; retrying');
      retry = setTimeout(() => void listen(attempt + 1), delay);
      retry.unref();
    }
  }
  await listen(1);
  return {
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      listeners.clear();
      await unlisten?.().catch(() => {});
    },
  };
}
