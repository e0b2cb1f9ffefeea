// What a job processor is: a name, the payload schema from the contracts, and a plain function
// of (context, payload), so the BullMQ runner and the in-process runner run the very same code.
import { type DataFolders, dataFolders, type MailDeps, type TargetPolicy } from '@proofwork/app';
import { type Clock, systemClock } from '@proofwork/core';
import type { Database } from '@proofwork/db';
import type { JOB_PAYLOADS, JobName, JobPayload } from './contracts';
import type { Log } from './log';

export { type Clock, systemClock } from '@proofwork/core';

export interface ProcessorContext {
  db: Database;
  log: Log;
  clock: Clock;
  /** Where webhooks may be sent (the operator's WEBHOOK_ALLOW_PRIVATE); public addresses only when absent. */
  webhooks?: TargetPolicy;
  /** The mailer and the public address of links; absent, notices stay in the app only. */
  mail?: MailDeps | null;
  /** Where export files and uploads are (the process's checked settings); absent, the defaults. */
  folders?: DataFolders;
}

/**
 * What a job that keeps files gives the application layer: the database, the clock and the folder
 * of its files (the runner's, else the default under `.data`, as with DATA_DIR unset).
 */
export const fileDeps = (ctx: ProcessorContext, folder: keyof DataFolders) => ({
  db: ctx.db,
  clock: ctx.clock,
  directory: (ctx.folders ?? dataFolders())[folder],
});

/** The context a runner gives every job it runs, from its options. */
export function runnerContext(options: RunnerSettings & { db: Database; log: Log; clock?: Clock }): ProcessorContext {
  return {
    db: options.db,
    log: options.log,
    clock: options.clock ?? systemClock,
    webhooks: { allowPrivate: options.allowPrivateWebhooks ?? false },
    mail: options.mail ?? null,
    folders: options.folders,
  };
}

/** What a runner is told about its environment (the process's checked settings). */
export interface RunnerSettings {
  /** Lets webhooks reach private and loopback addresses (default false). */
  allowPrivateWebhooks?: boolean;
  /** Where reminder and notice mails go (the same mailer as the API's). */
  mail?: MailDeps | null;
  /** Where export files and uploads are: the API's folders (`dataFolders` of the settings). */
  folders?: DataFolders;
}

export interface Processor<N extends JobName> {
  name: N;
  payload: (typeof JOB_PAYLOADS)[N];
  handle(ctx: ProcessorContext, payload: JobPayload<N>): Promise<unknown>;
}

/** A processor for any one job name (what a registry holds). */
export type AnyProcessor = { [N in JobName]: Processor<N> }[JobName];
