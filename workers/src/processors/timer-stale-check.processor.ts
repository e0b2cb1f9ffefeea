// timer.stale-check: reports timers running for more than 12 hours (probably forgotten). There is
// no column to flag them and stopping one would invent an end time, so this only logs them.
import { listStaleTimers } from '@proofwork/db';
import { JOB_PAYLOADS } from '../contracts';
import type { Processor } from '../processor';

export const timerStaleCheckProcessor: Processor<'timer.stale-check'> = {
  name: 'timer.stale-check',
  payload: JOB_PAYLOADS['timer.stale-check'],
  async handle(ctx) {
    const stale = await listStaleTimers(ctx.db, { now: ctx.clock.now() });
    for (const timer of stale) ctx.log.warn({ ...timer }, 'timer running for more than 12 hours');
    return { staleTimers: stale.length };
  },
};
