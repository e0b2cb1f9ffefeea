// maintenance.purge: deletes what is kept only for a while. Idempotency keys replay a response for
// a day (a client's retries); past that a key is dead weight, one row per keyed write.
import { deleteExpiredIdempotencyKeys } from '@proofwork/db';
import { JOB_PAYLOADS } from '../contracts';
import type { Processor } from '../processor';

export const maintenancePurgeProcessor: Processor<'maintenance.purge'> = {
  name: 'maintenance.purge',
  payload: JOB_PAYLOADS['maintenance.purge'],
  async handle(ctx) {
    const idempotencyKeys = await deleteExpiredIdempotencyKeys(ctx.db);
    if (idempotencyKeys > 0) ctx.log.info({ idempotencyKeys }, 'expired idempotency keys deleted');
    return { idempotencyKeys };
  },
};
