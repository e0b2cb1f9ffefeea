// webhook.deliver: one attempt of one delivery, through the application layer (signing, the address
// guard, back-off and disabling live there). The delivery row is its own retry schedule: a failed
// attempt sets the row's next attempt, which the webhook runner hands over again when it is due, so
// the job itself is never retried by the queue.
import { attemptWebhookDelivery, notifyWebhookDisabled } from '@proofwork/app';
import { JOB_PAYLOADS } from '../contracts';
import type { Processor } from '../processor';

export const webhookDeliverProcessor: Processor<'webhook.deliver'> = {
  name: 'webhook.deliver',
  payload: JOB_PAYLOADS['webhook.deliver'],
  async handle(ctx, payload) {
    const result = await attemptWebhookDelivery(ctx, payload, ctx.webhooks ?? { allowPrivate: false }, {
      // The owners and managers are told once, in the app and by mail.
      onDisabled: async (webhook) => {
        ctx.log.warn(
          { webhookId: webhook.id, organizationId: webhook.organizationId },
          'webhook disabled after a day of failures',
        );
        await notifyWebhookDisabled(ctx, webhook, { log: ctx.log });
      },
    });
    return { result };
  },
};
