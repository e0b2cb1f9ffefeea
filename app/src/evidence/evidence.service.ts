// Evidence exports and share links: the rules (period limits, ids of the organization, retention,
// one-time tokens) between the adapters and the queries. Building a file is the workers' job.
import { daysBetween } from '@proofwork/core';
import {
  type Executor,
  type ExportFormat,
  type ExportRow,
  evidenceHeader,
  evidenceSummary,
  foreignIds,
  getExport,
  insertExport,
  insertShareLink,
  listExports,
  listShareLinks,
  revokeShareLink,
  type ShareLinkRow,
  viewShareLink,
} from '@proofwork/db';
import type { Actor } from '../actor';
import type { ServiceDeps } from '../context';
import { conflict, invalidField, notFound } from '../errors';
import { hashSecret, looksLikeSecret, newSecret } from '../secrets';

export const EXPORT_RETENTION_DAYS = 30;
const MAX_PERIOD_DAYS = 3 * 366;
const DEFAULT_SHARE_DAYS = 14;

export interface PeriodInput {
  from: string;
  to: string;
  memberIds?: string[];
  brandIds?: string[];
}

/** Checks the period and that every member and brand id belongs to the organization. */
export async function checkPeriod(db: Executor, organizationId: string, input: PeriodInput) {
  const span = daysBetween(input.from, input.to);
  if (span < 0) throw invalidField('to', 'must not be before from');
  if (span > MAX_PERIOD_DAYS) throw invalidField('to', 'the period is limited to three years');
  const members = await foreignIds(db, organizationId, 'members', input.memberIds ?? []);
  if (members.length > 0) throw invalidField('memberIds', `not members of this organization: ${members.join(', ')}`);
  const brands = await foreignIds(db, organizationId, 'brands', input.brandIds ?? []);
  if (brands.length > 0) throw invalidField('brandIds', `not brands of this organization: ${brands.join(', ')}`);
}

// ─── Exports ──────────────────────────────────────────────────────────────────────────────────

export const exportView = (row: ExportRow) => ({
  id: row.id,
  format: row.format,
  locale: row.locale,
  status: row.status,
  progress: row.progress,
  params: row.params,
  fileName: row.fileName,
  contentType: row.contentType,
  fileSize: row.fileSize,
  sha256: row.sha256,
  error: row.error,
  createdAt: row.createdAt.toISOString(),
  finishedAt: row.finishedAt?.toISOString() ?? null,
  expiresAt: row.expiresAt.toISOString(),
});

export type ExportView = ReturnType<typeof exportView>;

export async function requestExport(
  { db, clock }: ServiceDeps,
  actor: Actor,
  input: PeriodInput & { format: ExportFormat; locale: 'en' | 'fr'; anonymize?: boolean },
) {
  await checkPeriod(db, actor.organizationId, input);
  const { format, locale, ...params } = input;
  const row = await insertExport(db, actor.organizationId, {
    requestedByMemberId: actor.memberId,
    format,
    locale,
    params: { ...params, anonymize: params.anonymize ?? false },
    expiresAt: new Date(clock.now().getTime() + EXPORT_RETENTION_DAYS * 86_400_000),
  });
  return exportView(row);
}

export async function listExportViews({ db }: ServiceDeps, actor: Actor) {
  return (await listExports(db, actor.organizationId)).map(exportView);
}

export async function getExportView({ db }: ServiceDeps, actor: Actor, exportId: string) {
  const row = await getExport(db, actor.organizationId, exportId);
  if (!row) throw notFound('Export');
  return exportView(row);
}

/** The stored file of a built export that has not expired: its key, name and type. */
export async function exportFile({ db, clock }: ServiceDeps, actor: Actor, exportId: string) {
  const row = await getExport(db, actor.organizationId, exportId);
  if (!row || row.expiresAt <= clock.now()) throw notFound('Export');
  if (row.status !== 'done' || !row.storageKey) {
    throw conflict(`The export is ${row.status}; its file is not ready`, [{ field: 'status', message: row.status }]);
  }
  return {
    storageKey: row.storageKey,
    fileName: row.fileName,
    contentType: row.contentType ?? 'application/octet-stream',
    sha256: row.sha256,
  };
}

// ─── Share links ──────────────────────────────────────────────────────────────────────────────

export const shareLinkView = (row: ShareLinkRow) => ({
  id: row.id,
  label: row.label,
  from: row.periodFrom,
  to: row.periodTo,
  locale: row.locale,
  expiresAt: row.expiresAt.toISOString(),
  revokedAt: row.revokedAt?.toISOString() ?? null,
  viewCount: row.viewCount,
  lastViewedAt: row.lastViewedAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});

/** A new share link; the token is returned once and only its SHA-256 is kept. */
export async function createShareLink(
  { db, clock }: ServiceDeps,
  actor: Actor,
  input: { from: string; to: string; label?: string; expiresInDays?: number; locale: 'en' | 'fr' },
) {
  await checkPeriod(db, actor.organizationId, input);
  const { secret: token, hash } = newSecret();
  const row = await insertShareLink(db, actor.organizationId, {
    createdByMemberId: actor.memberId,
    tokenHash: hash,
    label: input.label ?? null,
    periodFrom: input.from,
    periodTo: input.to,
    params: { from: input.from, to: input.to, anonymize: true },
    locale: input.locale,
    expiresAt: new Date(clock.now().getTime() + (input.expiresInDays ?? DEFAULT_SHARE_DAYS) * 86_400_000),
  });
  return { link: shareLinkView(row), token };
}

export async function listShareLinkViews({ db }: ServiceDeps, actor: Actor) {
  return (await listShareLinks(db, actor.organizationId)).map(shareLinkView);
}

export async function revokeShareLinkOf({ db, clock }: ServiceDeps, actor: Actor, shareLinkId: string) {
  const row = await revokeShareLink(db, actor.organizationId, shareLinkId, clock.now());
  if (!row) throw notFound('Share link');
  return shareLinkView(row);
}

/**
 * What a share link shows: team totals, the deliverables headline and the mix of its own period,
 * never a member's name or an entry. Unknown, revoked and expired tokens are all "not found".
 */
export async function shareSnapshot({ db, clock }: ServiceDeps, token: string, locale?: 'en' | 'fr') {
  const link = looksLikeSecret(token) ? await viewShareLink(db, hashSecret(token), clock.now()) : null;
  if (!link) throw notFound('Share link');
  // The viewer may read it in the other language; the link's language is the default.
  const q = { from: link.periodFrom, to: link.periodTo, locale: locale ?? link.locale, anonymize: true };
  const header = await evidenceHeader(db, link.organizationId, q);
  if (!header) throw notFound('Share link');
  const summary = await evidenceSummary(db, link.organizationId, q);
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
    coverage: {
      thresholdPercent: team.coverage.thresholdPercent,
      loggedSeconds: team.coverage.loggedSeconds,
      expectedSeconds: team.coverage.expectedSeconds,
      coverage: team.coverage.coverage,
      memberWeeks: team.coverage.memberWeeks,
      incompleteMemberWeeks: team.coverage.incompleteMemberWeeks,
      // Anonymized (the link's query): "Member 1…n", never a name.
      members: summary.members
        .filter((r) => r.expectedSeconds > 0)
        .map((r) => ({
          member: r.member ?? '',
          loggedSeconds: r.loggedSeconds,
          expectedSeconds: r.expectedSeconds,
          coverage: r.coverage,
          weeks: summary.memberWeeks.filter((w) => w.memberId === r.memberId && w.expectedSeconds > 0).length,
          incompleteWeeks: r.incompleteWeeks,
        })),
      incompleteWeeks: team.coverage.incompleteWeeks.map(({ complete: _c, ...w }) => w),
    },
    weeks: team.weeks.map(({ memberId: _m, member: _n, incompleteWeeks: _i, ...w }) => w),
    categories: team.categories,
    skills: team.skills,
    deliverableTypes: team.deliverableTypes,
    methodology: team.methodology,
  };
}
