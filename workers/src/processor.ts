// What a job processor is: a name, the payload schema from the contracts, and a plain function
// of (context, payload), so the BullMQ runner and the in-process runner run the very same code.
import type { Database } from '@proofwork/db';
import type { JOB_PAYLOADS, JobName, JobPayload } from './contracts';
import type { Log } from './log';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface ProcessorContext {
  db: Database;
  log: Log;
  clock: Clock;
}

export interface Processor<N extends JobName> {
  name: N;
  payload: (typeof JOB_PAYLOADS)[N];
  handle(ctx: ProcessorContext, payload: JobPayload<N>): Promise<unknown>;
}

/** A processor for any one job name (what a registry holds). */
export type AnyProcessor = { [N in JobName]: Processor<N> }[JobName];
