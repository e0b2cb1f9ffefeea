// The role rules of every tenant route, written down once. The role matrix and the tenant
// isolation tests are generated from the server's own route list (its OpenAPI document) and fail
// when a route has no entry here, so a new route cannot ship without its rules.
import { localDateOf, weekStartOf } from '@proofwork/core';
import type { Database } from '@proofwork/db';
import { sql } from 'drizzle-orm';
import type { Client } from '../support/http';

export type Role = 'owner' | 'manager' | 'member';
export const ROLES: readonly Role[] = ['owner', 'manager', 'member'];

export interface SpecContext {
  db: Database;
  organizationId: string;
  /** The role making the call. */
  role: Role;
  /** Signed-in clients of the organization, one per role. */
  clients: Record<Role, Client>;
  memberIds: Record<Role, string>;
  /** Creates a fresh member to act upon (e.g. to remove). */
  freshMember(role?: Role): Promise<string>;
  /** Any catalog row of the organization. */
  ids: { categoryId: string; brandId: string; deliverableTypeId: string; deliverableId: string };
  /** Calls the API as `role` inside this organization (path relative to the organization). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON responses loosely
  call(role: Role, method: string, path: string, body?: unknown): Promise<{ statusCode: number; json(): any }>;
}

export interface Prepared {
  params?: Record<string, string>;
  body?: unknown;
  query?: string;
}

export interface RouteCase {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** The OpenAPI path, e.g. /api/v1/organizations/{orgId}/brands/{brandId}. */
  path: string;
  label?: string;
  /** Roles that succeed; every other role gets 403. */
  roles: readonly Role[];
  status: number;
  /** A never-ending response (server-sent events): its success path is tested over a real socket. */
  stream?: true;
  prepare?(ctx: SpecContext): Promise<Prepared>;
}

const ALL = ROLES;
const MANAGERS: readonly Role[] = ['owner', 'manager'];
const OWNERS: readonly Role[] = ['owner'];
const ORG = '/api/v1/organizations/{orgId}';

/** A day entry of the calling role, a few days back (never late, never in an approved week). */
const entryBody = (ctx: SpecContext) => ({
  categoryId: ctx.ids.categoryId,
  durationSeconds: 1800,
  localDate: localDateOf(new Date(Date.now() - 2 * 86_400_000), 'Europe/Paris'),
});

async function ownEntry(ctx: SpecContext): Promise<string> {
  return (await ctx.call(ctx.role, 'POST', '/time-entries', entryBody(ctx))).json().id;
}

/** Monday of last week in the organization's zone: a week that has started, so it can be submitted. */
const lastWeek = () => weekStartOf(localDateOf(new Date(Date.now() - 7 * 86_400_000), 'Europe/Paris'));

/** A fresh member's submitted week, for the managers' decisions. */
async function submittedWeek(ctx: SpecContext) {
  const memberId = await ctx.freshMember();
  const query = `memberId=${memberId}`;
  await ctx.call('owner', 'POST', `/weeks/${lastWeek()}/submit?${query}`, {});
  return { params: { weekStart: lastWeek() }, query, body: {} };
}

export const ROUTE_SPEC: RouteCase[] = [
  { method: 'GET', path: ORG, roles: ALL, status: 200 },
  { method: 'PATCH', path: ORG, roles: OWNERS, status: 200, prepare: async () => ({ body: { lateAfterDays: 8 } }) },

  { method: 'GET', path: `${ORG}/members`, roles: ALL, status: 200 },
  {
    method: 'GET',
    path: `${ORG}/members/{memberId}`,
    roles: ALL,
    status: 200,
    prepare: async (ctx) => ({ params: { memberId: ctx.memberIds.member } }),
  },
  {
    method: 'PATCH',
    path: `${ORG}/members/{memberId}`,
    label: 'contract of another member',
    roles: MANAGERS,
    status: 200,
    prepare: async (ctx) => ({
      params: { memberId: await ctx.freshMember() },
      body: { weeklyContractSeconds: 100800 },
    }),
  },
  {
    method: 'PATCH',
    path: `${ORG}/members/{memberId}`,
    label: 'own time zone',
    roles: ALL,
    status: 200,
    prepare: async (ctx) => ({ params: { memberId: ctx.memberIds[ctx.role] }, body: { timeZone: 'Europe/Paris' } }),
  },
  {
    method: 'PATCH',
    path: `${ORG}/members/{memberId}`,
    label: 'role of another member',
    roles: OWNERS,
    status: 200,
    prepare: async (ctx) => ({ params: { memberId: await ctx.freshMember() }, body: { role: 'manager' } }),
  },
  {
    method: 'DELETE',
    path: `${ORG}/members/{memberId}`,
    label: 'remove another member',
    roles: OWNERS,
    status: 204,
    prepare: async (ctx) => ({ params: { memberId: await ctx.freshMember() } }),
  },

  { method: 'GET', path: `${ORG}/invitations`, roles: OWNERS, status: 200 },
  {
    method: 'POST',
    path: `${ORG}/invitations`,
    roles: OWNERS,
    status: 201,
    prepare: async () => ({ body: { email: 'someone@test.example', role: 'member' } }),
  },
  {
    method: 'DELETE',
    path: `${ORG}/invitations/{invitationId}`,
    roles: OWNERS,
    status: 204,
    prepare: async (ctx) => {
      const res = await ctx.call('owner', 'POST', '/invitations', { email: 'revoke@test.example', role: 'member' });
      return { params: { invitationId: res.json().id } };
    },
  },

  { method: 'GET', path: `${ORG}/tokens`, roles: ALL, status: 200 },
  {
    method: 'POST',
    path: `${ORG}/tokens`,
    roles: ALL,
    status: 201,
    prepare: async () => ({ body: { name: 'script' } }),
  },
  {
    method: 'DELETE',
    path: `${ORG}/tokens/{tokenId}`,
    roles: ALL,
    status: 204,
    prepare: async (ctx) => {
      const res = await ctx.call(ctx.role, 'POST', '/tokens', { name: 'to revoke' });
      return { params: { tokenId: res.json().id } };
    },
  },

  { method: 'GET', path: `${ORG}/categories`, roles: ALL, status: 200 },
  {
    method: 'POST',
    path: `${ORG}/categories`,
    roles: MANAGERS,
    status: 201,
    prepare: async () => ({ body: { group: 'content', nameEn: 'Podcast', nameFr: 'Podcast', color: '#123456' } }),
  },
  {
    method: 'PATCH',
    path: `${ORG}/categories/{categoryId}`,
    roles: MANAGERS,
    status: 200,
    prepare: async (ctx) => ({ params: { categoryId: ctx.ids.categoryId }, body: { color: '#654321' } }),
  },

  { method: 'GET', path: `${ORG}/brands`, roles: ALL, status: 200 },
  {
    method: 'POST',
    path: `${ORG}/brands`,
    roles: MANAGERS,
    status: 201,
    prepare: async (ctx) => ({ body: { name: `Brand ${ctx.role} ${Math.random().toString(36).slice(2, 8)}` } }),
  },
  {
    method: 'PATCH',
    path: `${ORG}/brands/{brandId}`,
    roles: MANAGERS,
    status: 200,
    prepare: async (ctx) => ({ params: { brandId: ctx.ids.brandId }, body: { color: '#abcdef' } }),
  },

  { method: 'GET', path: `${ORG}/deliverable-types`, roles: ALL, status: 200 },
  {
    method: 'POST',
    path: `${ORG}/deliverable-types`,
    roles: MANAGERS,
    status: 201,
    prepare: async () => ({ body: { nameEn: 'Podcast episode', nameFr: 'Épisode de podcast', perceivedMinutes: 30 } }),
  },
  {
    method: 'PATCH',
    path: `${ORG}/deliverable-types/{deliverableTypeId}`,
    roles: MANAGERS,
    status: 200,
    prepare: async (ctx) => ({
      params: { deliverableTypeId: ctx.ids.deliverableTypeId },
      body: { perceivedMinutes: 4 },
    }),
  },

  { method: 'GET', path: `${ORG}/deliverables`, roles: ALL, status: 200 },
  {
    method: 'POST',
    path: `${ORG}/deliverables`,
    roles: ALL,
    status: 201,
    prepare: async (ctx) => ({ body: { deliverableTypeId: ctx.ids.deliverableTypeId, title: 'Reel teaser' } }),
  },
  {
    method: 'GET',
    path: `${ORG}/deliverables/{deliverableId}`,
    roles: ALL,
    status: 200,
    prepare: async (ctx) => ({ params: { deliverableId: ctx.ids.deliverableId } }),
  },
  {
    method: 'PATCH',
    path: `${ORG}/deliverables/{deliverableId}`,
    roles: ALL,
    status: 200,
    prepare: async (ctx) => ({ params: { deliverableId: ctx.ids.deliverableId }, body: { title: 'Reel teaser v2' } }),
  },

  // Time entries, the timer, quick-add and week approvals: each role writes and reads its own.
  {
    method: 'POST',
    path: `${ORG}/time-entries`,
    roles: ALL,
    status: 201,
    prepare: async (ctx) => ({ body: entryBody(ctx) }),
  },
  {
    method: 'POST',
    path: `${ORG}/time-entries/bulk`,
    roles: ALL,
    status: 201,
    prepare: async (ctx) => ({ body: { entries: [entryBody(ctx), entryBody(ctx)] } }),
  },
  { method: 'GET', path: `${ORG}/time-entries`, roles: ALL, status: 200 },
  { method: 'GET', path: `${ORG}/time-entries/summary`, roles: ALL, status: 200 },
  {
    method: 'GET',
    path: `${ORG}/time-entries/{entryId}`,
    roles: ALL,
    status: 200,
    prepare: async (ctx) => ({ params: { entryId: await ownEntry(ctx) } }),
  },
  {
    method: 'PATCH',
    path: `${ORG}/time-entries/{entryId}`,
    roles: ALL,
    status: 200,
    prepare: async (ctx) => ({ params: { entryId: await ownEntry(ctx) }, body: { note: 'edited' } }),
  },
  {
    method: 'DELETE',
    path: `${ORG}/time-entries/{entryId}`,
    roles: ALL,
    status: 204,
    prepare: async (ctx) => ({ params: { entryId: await ownEntry(ctx) } }),
  },
  {
    method: 'POST',
    path: `${ORG}/time-entries/{entryId}/restore`,
    roles: ALL,
    status: 200,
    prepare: async (ctx) => {
      const entryId = await ownEntry(ctx);
      await ctx.call(ctx.role, 'DELETE', `/time-entries/${entryId}`);
      return { params: { entryId } };
    },
  },
  {
    method: 'GET',
    path: `${ORG}/time-entries/{entryId}/history`,
    roles: ALL,
    status: 200,
    prepare: async (ctx) => ({ params: { entryId: await ownEntry(ctx) } }),
  },
  { method: 'GET', path: `${ORG}/timer`, roles: ALL, status: 200 },
  {
    method: 'POST',
    path: `${ORG}/timer/start`,
    roles: ALL,
    status: 201,
    prepare: async (ctx) => ({ body: { categoryId: ctx.ids.categoryId } }),
  },
  {
    method: 'POST',
    path: `${ORG}/timer/stop`,
    roles: ALL,
    status: 200,
    prepare: async (ctx) => {
      await ctx.call(ctx.role, 'POST', '/timer/start', { categoryId: ctx.ids.categoryId });
      return { body: {} };
    },
  },
  {
    method: 'POST',
    path: `${ORG}/quick-add/parse`,
    roles: ALL,
    status: 200,
    prepare: async () => ({ body: { text: 'montage reel 1h30 #ig' } }),
  },
  {
    method: 'POST',
    path: `${ORG}/quick-add`,
    roles: ALL,
    status: 201,
    prepare: async () => ({ body: { text: 'modération 45 min' } }),
  },
  { method: 'GET', path: `${ORG}/weeks`, roles: ALL, status: 200 },
  {
    method: 'POST',
    path: `${ORG}/weeks/{weekStart}/submit`,
    label: 'own week',
    roles: ALL,
    status: 200,
    prepare: async (ctx) => ({
      params: { weekStart: lastWeek() },
      query: `memberId=${ctx.memberIds[ctx.role]}`,
      body: {},
    }),
  },
  {
    method: 'POST',
    path: `${ORG}/weeks/{weekStart}/approve`,
    roles: MANAGERS,
    status: 200,
    prepare: async (ctx) => submittedWeek(ctx),
  },
  {
    method: 'POST',
    path: `${ORG}/weeks/{weekStart}/reject`,
    roles: MANAGERS,
    status: 200,
    prepare: async (ctx) => ({ ...(await submittedWeek(ctx)), body: { comment: 'Tuesday is missing' } }),
  },
  {
    method: 'POST',
    path: `${ORG}/weeks/{weekStart}/reopen`,
    roles: MANAGERS,
    status: 200,
    prepare: async (ctx) => {
      const week = await submittedWeek(ctx);
      await ctx.call('owner', 'POST', `/weeks/${week.params.weekStart}/approve?${week.query}`, {});
      return week;
    },
  },
  ...['team', 'categories', 'brands', 'platforms', 'deliverables', 'skills'].map(
    (name): RouteCase => ({
      method: 'GET',
      path: `${ORG}/dashboards/${name}`,
      roles: ALL,
      status: 200,
      prepare: async () => ({ query: 'from=2026-11-01&to=2026-11-30' }),
    }),
  ),
  { method: 'GET', path: `${ORG}/dashboards/freshness`, roles: ALL, status: 200 },
  { method: 'GET', path: `${ORG}/dashboards/events`, roles: ALL, status: 200, stream: true },
  // Evidence: exports and share links are the managers'.
  ...evidenceCases(),
];

function evidenceCases(): RouteCase[] {
  const period = { from: '2026-11-02', to: '2026-11-15' };
  const newExport = async (ctx: SpecContext) =>
    (await ctx.call('owner', 'POST', '/exports', { ...period, format: 'csv', locale: 'en' })).json().id as string;
  return [
    {
      method: 'POST',
      path: `${ORG}/exports`,
      roles: MANAGERS,
      status: 202,
      prepare: async () => ({ body: { ...period, format: 'pdf', locale: 'fr', anonymize: true } }),
    },
    { method: 'GET', path: `${ORG}/exports`, roles: MANAGERS, status: 200 },
    {
      method: 'GET',
      path: `${ORG}/exports/{exportId}`,
      roles: MANAGERS,
      status: 200,
      prepare: async (ctx) => ({ params: { exportId: await newExport(ctx) } }),
    },
    {
      // A finished export's stream sends its state and ends, so the plain matrix can call it (no
      // runner here: the row is marked failed by hand); the live stream is tested in tests/evidence.
      method: 'GET',
      path: `${ORG}/exports/{exportId}/events`,
      label: 'finished export',
      roles: MANAGERS,
      status: 200,
      prepare: async (ctx) => {
        const exportId = await newExport(ctx);
        await ctx.db.execute(sql`update exports set status = 'failed', error = 'test' where id = ${exportId}`);
        return { params: { exportId } };
      },
    },
    {
      // No job runner here, so the file is never built: 409 is the managers' answer.
      method: 'GET',
      path: `${ORG}/exports/{exportId}/file`,
      label: 'not built yet',
      roles: MANAGERS,
      status: 409,
      prepare: async (ctx) => ({ params: { exportId: await newExport(ctx) } }),
    },
    {
      method: 'POST',
      path: `${ORG}/share-links`,
      roles: MANAGERS,
      status: 201,
      prepare: async () => ({ body: { ...period, locale: 'en', label: 'Budget 2027' } }),
    },
    { method: 'GET', path: `${ORG}/share-links`, roles: MANAGERS, status: 200 },
    {
      method: 'DELETE',
      path: `${ORG}/share-links/{shareLinkId}`,
      roles: MANAGERS,
      status: 200,
      prepare: async (ctx) => ({
        params: {
          shareLinkId: (await ctx.call('owner', 'POST', '/share-links', { ...period, locale: 'en' })).json().id,
        },
      }),
    },
  ];
}
