// rollup.member-weeks: recomputes a batch of one organization's member-weeks in one transaction,
// with the same per-mark version check as rollup.member-week (a mark dirtied again meanwhile stays).
import { recomputeMemberWeeks } from '@proofwork/db';
import { JOB_PAYLOADS } from '../contracts';
import type { Processor } from '../processor';

export const rollupMemberWeeksProcessor: Processor<'rollup.member-weeks'> = {
  name: 'rollup.member-weeks',
  payload: JOB_PAYLOADS['rollup.member-weeks'],
  handle: (ctx, { organizationId, weeks }) =>
    recomputeMemberWeeks(ctx.db, organizationId, { weeks, computedBy: 'worker' }),
};
