// Evidence exports and share links: the rules (period limits, ids of the organization, retention,
// one-time tokens) between the routes and the queries. Building a file is the workers' job.
import { createHash, randomBytes } from 'node:crypto';
import { daysBetween } from '@proofwork/core';
import {
  type Database,
  type Executor,
  type ExportFormat,
  evidenceHeader,
  evidenceSummary,
  foreignIds,
  insertExport,
  insertShareLink,
  viewShareLink,
} from '@proofwork/db';
import type { Clock } from '../lib/clock';
import { invalidField } from '../lib/errors';

export const EXPORT_RETENTION_DAYS = 30;
const MAX_PERIOD_DAYS = 3 * 366;

export interface PeriodInput {
  from: string;
  to: string;
  memberIds?: string[];
  brandIds?: string[];
}

/** Checks the period and that every member and brand id belongs to the organization. */
export async function checkPeriod(db: Executor, organizationId: string, input: PeriodInput, at = 'body') {
  const span = daysBetween(input.from, input.to);
  if (span < 0) throw invalidField(`${at}.to`, 'must not be before from');
  if (span > MAX_PERIOD_DAYS) throw invalidField(`${at}.to`, 'the period is limited to three years');
  const members = await foreignIds(db, organizationId, 'members', input.memberIds ?? []);
  if (members.length > 0)
    throw invalidField(`${at}.memberIds`, `not members of this organization: ${members.join(', ')}`);
  const brands = await foreignIds(db, organizationId, 'brands', input.brandIds ?? []);
  if (brands.length > 0) throw invalidField(`${at}.brandIds`, `not brands of this organization: ${brands.join(', ')}`);
}

export async function requestExport(
  deps: { db: Executor; clock: Clock },
  organizationId: string,
  memberId: string,
  input: PeriodInput & { format: ExportFormat; locale: 'en' | 'fr'; anonymize?: boolean },
) {
  await checkPeriod(deps.db, organizationId, input);
  const { format, locale, ...params } = input;
  return insertExport(deps.db, organizationId, {
    requestedByMemberId: memberId,
    format,
    locale,
    params: { ...params, anonymize: params.anonymize ?? false },
    expiresAt: new Date(deps.clock.now().getTime() + EXPORT_RETENTION_DAYS * 86_400_000),
  });
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new share link; the token is returned once and only its SHA-256 is kept. */
export async function createShareLink(
  deps: { db: Database; clock: Clock },
  organizationId: string,
  memberId: string,
  input: { from: string; to: string; label?: string; expiresInDays?: number; locale: 'en' | 'fr' },
) {
  await checkPeriod(deps.db, organizationId, input);
  const token = randomBytes(32).toString('base64url');
  const row = await insertShareLink(deps.db, organizationId, {
    createdByMemberId: memberId,
    tokenHash: hashToken(token),
    label: input.label ?? null,
    periodFrom: input.from,
    periodTo: input.to,
    params: { from: input.from, to: input.to, anonymize: true },
    locale: input.locale,
    expiresAt: new Date(deps.clock.now().getTime() + (input.expiresInDays ?? 14) * 86_400_000),
  });
  return { row, token };
}

/**
 * What a share link shows: team totals, the deliverables headline and the mix of its own period,
 * never a member's name or an entry. Null when the token is unknown, revoked or expired.
 */
export async function shareSnapshot(deps: { db: Database; clock: Clock }, token: string, locale?: 'en' | 'fr') {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const link = await viewShareLink(deps.db, hashToken(token), deps.clock.now());
  if (!link) return null;
  // The viewer may read it in the other language; the link's language is the default.
  const q = { from: link.periodFrom, to: link.periodTo, locale: locale ?? link.locale, anonymize: true };
  const header = await evidenceHeader(deps.db, link.organizationId, q);
  const summary = await evidenceSummary(deps.db, link.organizationId, q);
  if (!header) return null;
  const measured = summary.deliverableTypes.filter((t) => t.deliverables > 0 && t.medianSeconds !== null);
  const headline =
    measured.find((t) => t.key === 'post') ?? [...measured].sort((a, b) => b.deliverables - a.deliverables)[0] ?? null;
  const { members: _members, memberWeeks: _memberWeeks, ...team } = summary;
  return {
    organization: { name: header.organization.name },
    label: link.label,
    locale: q.locale,
    period: header.period,
    expiresAt: link.expiresAt.toISOString(),
    headline,
    totals: team.totals,
    weeks: team.weeks.map(({ memberId: _m, member: _n, ...w }) => w),
    categories: team.categories,
    skills: team.skills,
    deliverableTypes: team.deliverableTypes,
    methodology: team.methodology,
  };
}
