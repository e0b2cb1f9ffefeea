// maintenance.purge: deletes what is kept only for a while. Idempotency keys replay a response for
// a day (a client's retries); past that a key is dead weight, one row per keyed write. Notices go
// 90 days after they were read, and after 180 days in any case (NOTICE_RETENTION).
import { deleteExpiredIdempotencyKeys, deleteOldNotifications } from '@proofwork/db';
import { JOB_PAYLOADS } from '../contracts';
import type { Processor } from '../processor';

export const maintenancePurgeProcessor: Processor<'maintenance.purge'> = {
  name: 'maintenance.purge',
  payload: JOB_PAYLOADS['maintenance.purge'],
  async handle(ctx) {
    const idempotencyKeys = await deleteExpiredIdempotencyKeys(ctx.db);
    if (idempotencyKeys > 0) ctx.log.info({ idempotencyKeys }, 'expired idempotency keys deleted');
    const notifications = await deleteOldNotifications(ctx.db);
    if (notifications > 0) ctx.log.info({ notifications }, 'old notices deleted');
    return { idempotencyKeys, notifications };
  },
};
