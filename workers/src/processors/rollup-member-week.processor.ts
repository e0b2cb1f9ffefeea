// rollup.member-week: recomputes one member-week's rollups and clears its dirty mark if no newer
// write arrived meanwhile (otherwise the write re-armed the mark and the dispatcher sends it again).
import { recomputeMemberWeek } from '@proofwork/db';
import { JOB_PAYLOADS } from '../contracts';
import type { Processor } from '../processor';

export const rollupMemberWeekProcessor: Processor<'rollup.member-week'> = {
  name: 'rollup.member-week',
  payload: JOB_PAYLOADS['rollup.member-week'],
  handle: (ctx, { organizationId, memberId, weekStart }) =>
    recomputeMemberWeek(ctx.db, organizationId, { memberId, weekStart, computedBy: 'worker' }),
};
