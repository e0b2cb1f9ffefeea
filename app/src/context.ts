// What every service receives besides its actor: the database (or the caller's transaction) and the clock.
import type { Clock } from '@proofwork/core';
import type { Executor } from '@proofwork/db';

export interface ServiceDeps {
  /** The database, or the transaction of an idempotent request. */
  db: Executor;
  clock: Clock;
}
