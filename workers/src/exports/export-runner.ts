// Turns queued export rows into `export.build` runs. The exports table is its own outbox: the API
// only inserts a `queued` row (and NOTIFYs at commit); this loop hears the notice, or finds the row
// on its next poll after a restart, and hands it to `run` — the registry in-process, or BullMQ's
// enqueue (deterministic job id `export_<id>`, so handing a row over twice makes one job). The
// processor claims the row queued → running, so two runners never build one export twice.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import {
  type Database,
  deleteExpiredExports,
  EXPORT_REQUESTED_CHANNEL,
  failAbandonedExports,
  queuedExports,
} from '@proofwork/db';
import type { JobPayload } from '../contracts';
import type { Log } from '../log';
import { exportDirectory } from './store';

export interface ExportRunnerOptions {
  db: Database;
  log: Log;
  run(payload: JobPayload<'export.build'>): Promise<unknown>;
  /** Safety-net poll (a NOTIFY can be missed across a restart). */
  pollMs?: number;
  /** A `running` export older than this was cut short by a dead process: marked failed. */
  abandonedAfterSeconds?: number;
  /** Where the files are, to delete the expired ones (hourly). */
  directory?: () => string;
  now?: () => Date;
}

export interface ExportRunner {
  /** Looks for queued exports now. */
  wake(): void;
  stop(): Promise<void>;
}

export async function startExportRunner(options: ExportRunnerOptions): Promise<ExportRunner> {
  const { db, log } = options;
  const inFlight = new Map<string, Promise<unknown>>();
  let stopped = false;
  let scanning: Promise<void> | null = null;
  let again = false;

  async function scan() {
    do {
      again = false;
      await failAbandonedExports(db, options.abandonedAfterSeconds ?? 3600);
      for (const { id, organizationId } of await queuedExports(db, 20)) {
        if (inFlight.has(id) || stopped) continue;
        const running = options
          .run({ organizationId, exportId: id })
          .catch((error: unknown) => log.error({ err: error, exportId: id }, 'export job failed'))
          .finally(() => inFlight.delete(id));
        inFlight.set(id, running);
      }
    } while (again && !stopped);
  }
  function wake() {
    if (stopped) return;
    if (scanning) {
      again = true;
      return;
    }
    scanning = scan()
      .catch((error: unknown) => log.warn({ err: error }, 'export scan failed; will retry'))
      .finally(() => {
        scanning = null;
      });
  }

  const subscription = await db.$sql.listen(EXPORT_REQUESTED_CHANNEL, () => wake());
  const timer = setInterval(wake, options.pollMs ?? 5000);
  timer.unref();
  // Files are kept 30 days (the row's expires_at); the row and its file go together.
  const directory = options.directory ?? (() => exportDirectory());
  async function cleanExpired() {
    const expired = await deleteExpiredExports(db, (options.now ?? (() => new Date()))());
    for (const row of expired) {
      if (row.storageKey) await rm(path.join(directory(), row.storageKey), { force: true });
    }
    if (expired.length > 0) log.info({ deleted: expired.length }, 'expired exports deleted');
  }
  const cleaner = setInterval(() => {
    cleanExpired().catch((error: unknown) => log.warn({ err: error }, 'export cleanup failed'));
  }, 3600_000);
  cleaner.unref();
  wake();
  return {
    wake,
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearInterval(cleaner);
      await subscription.unlisten().catch(() => {});
      await scanning;
      // Running builds finish (a build cut short would stay `running` until marked abandoned).
      await Promise.allSettled([...inFlight.values()]);
    },
  };
}
