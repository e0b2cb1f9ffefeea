// notifications.remind: one reminder pass (app/src/notifications/reminders.ts). Every worker may run
// it at the same time: each notice's key and each mail's claim make the second pass a no-op.
import { runReminders } from '@proofwork/app';
import { JOB_PAYLOADS } from '../contracts';
import type { Processor } from '../processor';

export const notificationsRemindProcessor: Processor<'notifications.remind'> = {
  name: 'notifications.remind',
  payload: JOB_PAYLOADS['notifications.remind'],
  async handle(ctx) {
    return runReminders(ctx, { log: ctx.log });
  },
};
