// My week's figures: one member-week's totals, after-hours / weekend split, contract, overtime and
// per-day totals, computed on the fly from its entries with the rollups' own SQL (so My week, the
// dashboards and the evidence pack give the same seconds). Members read their own weeks only.
import { localDateOf, weekStartOf } from '@proofwork/core';
import { type MemberWeekFigures, memberWeekFigures } from '@proofwork/db';
import { type Actor, assertMayActFor } from '../actor';
import type { ServiceDeps } from '../context';
import { invalidField, notFound } from '../errors';

export interface WeekSummaryQuery {
  /** Default: the caller. */
  memberId?: string;
  /** The first local day of the week. */
  weekStart: string;
}

export async function weekSummary(
  { db, clock }: ServiceDeps,
  actor: Actor,
  query: WeekSummaryQuery,
): Promise<MemberWeekFigures> {
  assertMayActFor(actor, query.memberId);
  const firstDay = weekStartOf(query.weekStart, actor.organization.weekStart);
  if (firstDay !== query.weekStart) {
    throw invalidField('weekStart', `is not the first day of a week (the week holding it starts on ${firstDay})`);
  }
  const figures = await memberWeekFigures(db, actor.organizationId, {
    memberId: query.memberId ?? actor.memberId,
    weekStart: query.weekStart,
    today: localDateOf(clock.now(), actor.organization.timeZone),
  });
  if (!figures) throw notFound('Member');
  return figures;
}
