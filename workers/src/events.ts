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
  const subscription = await db.$sql.listen(ROLLUP_REFRESHED_CHANNEL, (payload) => {
    const event = JSON.parse(payload) as RollupRefreshed;
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        log.error({ err: error }, 'a rollup-refreshed listener threw');
      }
    }
  });
  return {
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      listeners.clear();
      await subscription.unlisten().catch(() => {});
    },
  };
}
