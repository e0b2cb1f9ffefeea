// A query can fail with nobody waiting for it: its request was already answered, or a background
// read gave up on it. When the cause is the database going away (a restart, a failover), that is an
// outage the pool recovers from on its own, and every other request answers 503 meanwhile; left
// unhandled, Node's default (or a graceful-shutdown hook) would stop the whole process instead.
import { isDatabaseUnavailable } from './client';

export interface RejectionLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

/**
 * Listens for unhandled rejections: one that says the database is unreachable is logged once per
 * `quietMs` and dropped; any other is rethrown as an uncaught exception, so the process's own
 * handling of fatal errors applies. Returns a function that removes the listener.
 */
export function guardDatabaseRejections(log: RejectionLog, quietMs = 10_000): () => void {
  let lastLogged = Number.NEGATIVE_INFINITY;
  let dropped = 0;
  const listener = (reason: unknown) => {
    if (!isDatabaseUnavailable(reason)) {
      setImmediate(() => {
        throw reason;
      });
      return;
    }
    dropped += 1;
    const now = performance.now();
    if (now - lastLogged < quietMs) return;
    lastLogged = now;
    log.warn(
      { err: reason, dropped },
      'a database query failed with nobody waiting for it: the database went away; serving on',
    );
    dropped = 0;
  };
  process.on('unhandledRejection', listener);
  return () => process.removeListener('unhandledRejection', listener);
}
