// rollup.member-weeks: recomputes a batch of one organization's member-weeks in one transaction,
// with the same per-mark version check as rollup.member-week (a mark dirtied again meanwhile stays).
// A batch of one is recomputed as rollup.member-week does it: without holding its mark, so writes
// to that member-week never wait for the recompute.
import { recomputeMemberWeek, recomputeMemberWeeks } from '@proofwork/db';
import { JOB_PAYLOADS } from '../contracts';
import type { Processor } from '../processor';

export const rollupMemberWeeksProcessor: Processor<'rollup.member-weeks'> = {
  name: 'rollup.member-weeks',
  payload: JOB_PAYLOADS['rollup.member-weeks'],
  async handle(ctx, { organizationId, weeks }) {
    const distinct = new Map(weeks.map((w) => [`${w.memberId}_${w.weekStart}`, w]));
    if (distinct.size === 1) {
      const [{ memberId, weekStart }] = [...distinct.values()] as [{ memberId: string; weekStart: string }];
      const result = await recomputeMemberWeek(ctx.db, organizationId, { memberId, weekStart, computedBy: 'worker' });
      return [{ ...result, memberId, weekStart }];
    }
    return recomputeMemberWeeks(ctx.db, organizationId, { weeks, computedBy: 'worker' });
  },
};
