// Tables that are their own outbox (exports, imports): the API only inserts or marks a row `queued`
// and NOTIFYs at commit; this loop hears the notice, or finds the row on its next poll after a
// restart, and hands it to `run` — the registry in-process, or BullMQ's enqueue with a deterministic
// job id, so handing a row over twice makes one job. The job claims the row queued → running, so two
// runners never run one row twice. Rows a dead process left `running` are marked failed, and the
// stored files of expired rows are deleted hourly.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { type DataFolders, dataFolders } from '@proofwork/app';
import type { Database } from '@proofwork/db';
import type { Log } from './log';

export interface RowRunnerOptions {
  db: Database;
  log: Log;
  /** Safety-net poll (a NOTIFY can be missed across a restart). */
  pollMs?: number;
  /** A `running` row older than this was cut short by a dead process: marked failed. */
  abandonedAfterSeconds?: number;
  /** Where the files are, to delete the expired ones (default: the defaults under `.data`). */
  folders?: DataFolders;
  now?: () => Date;
}

/** What differs between the tables: their queries, their channel, and the job a row becomes. */
export interface RowKind<Payload> {
  name: string;
  channel: string;
  /** How many queued rows one scan hands over. */
  batch: number;
  queued(db: Database, limit: number, now: Date): Promise<{ id: string; organizationId: string }[]>;
  failAbandoned(db: Database, olderThanSeconds: number): Promise<unknown>;
  /** Forgets what expired; returns the storage keys of the files to delete. */
  expire(db: Database, now: Date): Promise<string[]>;
  payloadOf(row: { id: string; organizationId: string }): Payload;
  /** Which folder its files are in (for a table with files). */
  folder?: keyof DataFolders;
}

export interface RowRunner {
  /** Looks for queued rows now. */
  wake(): void;
  stop(): Promise<void>;
}

export async function startRowRunner<Payload>(
  kind: RowKind<Payload>,
  options: RowRunnerOptions & { run(payload: Payload): Promise<unknown> },
): Promise<RowRunner> {
  const { db, log } = options;
  const inFlight = new Map<string, Promise<unknown>>();
  let stopped = false;
  let scanning: Promise<void> | null = null;
  let again = false;

  async function scan() {
    do {
      again = false;
      await kind.failAbandoned(db, options.abandonedAfterSeconds ?? 3600);
      for (const row of await kind.queued(db, kind.batch, (options.now ?? (() => new Date()))())) {
        if (inFlight.has(row.id) || stopped) continue;
        const running = options
          .run(kind.payloadOf(row))
          .catch((error: unknown) => log.error({ err: error, id: row.id }, `${kind.name} job failed`))
          .finally(() => inFlight.delete(row.id));
        inFlight.set(row.id, running);
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
      .catch((error: unknown) => log.warn({ err: error }, `${kind.name} scan failed; will retry`))
      .finally(() => {
        scanning = null;
      });
  }

  const subscription = await db.$sql.listen(kind.channel, () => wake());
  const timer = setInterval(wake, options.pollMs ?? 5000);
  timer.unref();
  const directory = kind.folder ? (options.folders ?? dataFolders())[kind.folder] : null;
  async function cleanExpired() {
    const keys = await kind.expire(db, (options.now ?? (() => new Date()))());
    if (directory) for (const key of keys) await rm(path.join(directory, key), { force: true });
    if (keys.length > 0) log.info({ deleted: keys.length }, `expired ${kind.name} files deleted`);
  }
  const cleaner = setInterval(() => {
    cleanExpired().catch((error: unknown) => log.warn({ err: error }, `${kind.name} file cleanup failed`));
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
      // Running jobs finish (one cut short would stay `running` until marked abandoned).
      await Promise.allSettled([...inFlight.values()]);
    },
  };
}
