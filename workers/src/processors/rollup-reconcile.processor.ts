// rollup.reconcile: compares a sample of the rollups and the member-week pre-aggregates with a
// from-scratch recompute, reports the drift and marks the drifted member-weeks dirty so the
// pipeline repairs them.
import { markMemberWeeksDirty, reconcile } from '@proofwork/db';
import { JOB_PAYLOADS } from '../contracts';
import type { Processor } from '../processor';

export const rollupReconcileProcessor: Processor<'rollup.reconcile'> = {
  name: 'rollup.reconcile',
  payload: JOB_PAYLOADS['rollup.reconcile'],
  async handle(ctx, { sample }) {
    const drift = await reconcile(ctx.db, { sample });
    const memberWeeks = new Map(drift.map((d) => [`${d.memberId}_${d.weekStart}`, d]));
    if (drift.length > 0) {
      ctx.log.warn(
        { rows: drift.length, memberWeeks: memberWeeks.size, sample: drift.slice(0, 20) },
        'rollup drift found; member-weeks marked dirty for repair',
      );
      await markMemberWeeksDirty(
        ctx.db,
        [...memberWeeks.values()].map(({ organizationId, memberId, weekStart }) => ({
          organizationId,
          memberId,
          weekStart,
        })),
      );
    } else {
      ctx.log.info({ sample: sample ?? 'all' }, 'rollups reconcile: no drift');
    }
    return { driftCells: drift.length, repairedMemberWeeks: memberWeeks.size };
  },
};
