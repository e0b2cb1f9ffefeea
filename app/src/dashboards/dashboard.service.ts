// Workload dashboards, all read from weekly rollups. Managers see the team; a member sees only
// themselves, and asking for someone else is refused.
import { daysBetween, localDateOf } from '@proofwork/core';
import {
  coverageSummary,
  type DashboardRange,
  deliverablesDashboard,
  freshness,
  type MixDimension,
  mixDashboard,
  skillsDashboard,
  teamDashboard,
} from '@proofwork/db';
import { type Actor, isManager } from '../actor';
import type { ServiceDeps } from '../context';
import { forbidden, invalidField } from '../errors';

const MAX_RANGE_DAYS = 3 * 366;

export interface RangeInput {
  from: string;
  to: string;
  memberId?: string;
  /** Only member-weeks whose coverage reaches the organization's threshold. */
  completeOnly?: boolean;
}

/** Whether the actor may see this member's figures (and their refresh events). */
export const maySeeMember = (actor: Actor, memberId: string) => isManager(actor) || memberId === actor.memberId;

/**
 * The range checked, and pinned to the member themselves when they are not a manager; "today" is the
 * organization's local day (the current week expects its days up to today).
 */
export function dashboardRange(
  { clock }: Pick<ServiceDeps, 'clock'>,
  actor: Actor,
  { from, to, memberId, completeOnly }: RangeInput,
): DashboardRange {
  const span = daysBetween(from, to);
  if (span < 0) throw invalidField('to', 'must not be before from');
  if (span > MAX_RANGE_DAYS) throw invalidField('to', 'the period is limited to three years');
  if (memberId && !maySeeMember(actor, memberId)) throw forbidden('Members see their own dashboards only');
  return {
    from,
    to,
    memberId: isManager(actor) ? memberId : actor.memberId,
    today: localDateOf(clock.now(), actor.organization.timeZone),
    completeOnly: completeOnly ?? false,
  };
}

export const teamWorkload = (deps: ServiceDeps, actor: Actor, range: RangeInput) =>
  teamDashboard(deps.db, actor.organizationId, dashboardRange(deps, actor, range));

export const workMix = (deps: ServiceDeps, actor: Actor, range: RangeInput, dimension: MixDimension) =>
  mixDashboard(deps.db, actor.organizationId, { ...dashboardRange(deps, actor, range), dimension });

export const deliverableTimes = (deps: ServiceDeps, actor: Actor, range: RangeInput) =>
  deliverablesDashboard(deps.db, actor.organizationId, dashboardRange(deps, actor, range));

export const skillMix = (deps: ServiceDeps, actor: Actor, range: RangeInput) =>
  skillsDashboard(deps.db, actor.organizationId, dashboardRange(deps, actor, range));

/** Coverage per member and for the team, with the weeks below the threshold. */
export const teamCoverage = (deps: ServiceDeps, actor: Actor, range: RangeInput) =>
  coverageSummary(deps.db, actor.organizationId, { ...dashboardRange(deps, actor, range), completeOnly: false });

export const rollupFreshness = ({ db }: ServiceDeps, actor: Actor) => freshness(db, actor.organizationId);
