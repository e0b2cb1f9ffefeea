// The role and token-scope rules of every tenant route, written down once. The role matrix and the
// tenant isolation tests are generated from the server's own route list (its OpenAPI document) and
// fail when a route has no entry here, or when the scope the server declares differs from this
// one, so a new route cannot ship without its rules.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { localDateOf, weekStartOf } from '@proofwork/core';
import { type Database, schema } from '@proofwork/db';
import { sql } from 'drizzle-orm';
import type { Client } from '../support/http';
import type { MultipartPart } from '../support/multipart';

export type Role = 'owner' | 'manager' | 'member';
export const ROLES: readonly Role[] = ['owner', 'manager', 'member'];

/** What an API token needs for a route; 'session' routes refuse every token. */
export type Scope = 'read' | 'entries:write' | 'manage';
export const SCOPES: readonly Scope[] = ['read', 'entries:write', 'manage'];
export type Access = Scope | 'session';

export interface SpecContext {
  db: Database;
  organizationId: string;
  /** The role making the call. */
  role: Role;
  /** Signed-in clients of the organization, one per role. */
  clients: Record<Role, Client>;
  /** Bearer-token clients: one per role holding every scope, and the owner's with one scope each. */
  tokens: Record<Role, Client>;
  ownerTokens: Record<Scope, Client>;
  memberIds: Record<Role, string>;
  /** Creates a fresh member to act upon (e.g. to remove). */
  freshMember(role?: Role): Promise<string>;
  /** Any catalog row of the organization. */
  ids: { categoryId: string; brandId: string; deliverableTypeId: string; deliverableId: string };
  /** Calls the API as `role` inside this organization (path relative to the organization). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON responses loosely
  call(role: Role, method: string, path: string, body?: unknown): Promise<{ statusCode: number; json(): any }>;
  /** Uploads a multipart body as `role` (path relative to the organization). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON responses loosely
  upload(role: Role, path: string, parts: MultipartPart[]): Promise<{ statusCode: number; json(): any }>;
}

export interface Prepared {
  params?: Record<string, string>;
  body?: unknown;
  query?: string;
  /** A multipart/form-data body (an upload) instead of JSON. */
  multipart?: MultipartPart[];
}

export interface RouteCase {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** The OpenAPI path, e.g. /api/v1/organizations/{orgId}/brands/{brandId}. */
  path: string;
  label?: string;
  /** Roles that succeed; every other role gets 403. */
  roles: readonly Role[];
  /** What a token needs (a token without it gets 403); 'session': no token may call it. */
  scope: Access;
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

/** A past week never submitted before: each call goes one week further back (a week is submitted once). */
let weeksBack = 0;
const unsubmittedWeek = () =>
  weekStartOf(localDateOf(new Date(Date.now() - 7 * 86_400_000 * (2 + weeksBack++)), 'Europe/Paris'));

/** A fresh member's submitted week, for the managers' decisions. */
async function submittedWeek(ctx: SpecContext) {
  const memberId = await ctx.freshMember();
  const query = `memberId=${memberId}`;
  await ctx.call('owner', 'POST', `/weeks/${lastWeek()}/submit?${query}`, {});
  return { params: { weekStart: lastWeek() }, query, body: {} };
}

/** A manual quick-add alias of the organization, for the routes that rename or remove one. */
async function freshAlias(ctx: SpecContext): Promise<string> {
  const word = `word${Math.random().toString(36).slice(2, 10)}`;
  const [row] = await ctx.db
    .insert(schema.quickAddAliases)
    .values({
      organizationId: ctx.organizationId,
      kind: 'category',
      categoryId: ctx.ids.categoryId,
      phrase: word,
      phraseKey: word,
      source: 'manual',
    })
    .returning();
  return row!.id;
}

export const ROUTE_SPEC: RouteCase[] = [
  { method: 'GET', path: ORG, scope: 'read', roles: ALL, status: 200 },
  {
    method: 'PATCH',
    path: ORG,
    scope: 'manage',
    roles: OWNERS,
    status: 200,
    prepare: async () => ({ body: { lateAfterDays: 8 } }),
  },

  { method: 'GET', path: `${ORG}/members`, scope: 'read', roles: ALL, status: 200 },
  {
    method: 'GET',
    path: `${ORG}/members/{memberId}`,
    scope: 'read',
    roles: ALL,
    status: 200,
    prepare: async (ctx) => ({ params: { memberId: ctx.memberIds.member } }),
  },
  {
    method: 'PATCH',
    path: `${ORG}/members/{memberId}`,
    scope: 'manage',
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
    scope: 'manage',
    label: 'own time zone',
    roles: ALL,
    status: 200,
    prepare: async (ctx) => ({ params: { memberId: ctx.memberIds[ctx.role] }, body: { timeZone: 'Europe/Paris' } }),
  },
  {
    method: 'PATCH',
    path: `${ORG}/members/{memberId}`,
    scope: 'manage',
    label: 'role of another member',
    roles: OWNERS,
    status: 200,
    prepare: async (ctx) => ({ params: { memberId: await ctx.freshMember() }, body: { role: 'manager' } }),
  },
  {
    method: 'DELETE',
    path: `${ORG}/members/{memberId}`,
    scope: 'manage',
    label: 'remove another member',
    roles: OWNERS,
    status: 204,
    prepare: async (ctx) => ({ params: { memberId: await ctx.freshMember() } }),
  },

  { method: 'GET', path: `${ORG}/invitations`, scope: 'manage', roles: OWNERS, status: 200 },
  {
    method: 'POST',
    path: `${ORG}/invitations`,
    scope: 'manage',
    roles: OWNERS,
    status: 201,
    prepare: async () => ({ body: { email: 'someone@test.example', role: 'member' } }),
  },
  {
    method: 'DELETE',
    path: `${ORG}/invitations/{invitationId}`,
    scope: 'manage',
    roles: OWNERS,
    status: 204,
    prepare: async (ctx) => {
      const res = await ctx.call('owner', 'POST', '/invitations', { email: 'revoke@test.example', role: 'member' });
      return { params: { invitationId: res.json().id } };
    },
  },

  {
    method: 'POST',
    path: `${ORG}/invitations/{invitationId}/renew`,
    scope: 'manage',
    roles: OWNERS,
    status: 200,
    prepare: async (ctx) => {
      const res = await ctx.call('owner', 'POST', '/invitations', { email: 'renew@test.example', role: 'member' });
      return { params: { invitationId: res.json().id }, body: {} };
    },
  },

  { method: 'GET', path: `${ORG}/tokens`, scope: 'read', roles: ALL, status: 200 },
  {
    method: 'POST',
    path: `${ORG}/tokens`,
    scope: 'session',
    roles: ALL,
    status: 201,
    prepare: async () => ({ body: { name: 'script' } }),
  },
  {
    method: 'DELETE',
    path: `${ORG}/tokens/{tokenId}`,
    scope: 'manage',
    roles: ALL,
    status: 204,
    prepare: async (ctx) => {
      const res = await ctx.call(ctx.role, 'POST', '/tokens', { name: 'to revoke' });
      return { params: { tokenId: res.json().id } };
    },
  },

  { method: 'GET', path: `${ORG}/categories`, scope: 'read', roles: ALL, status: 200 },
  {
    method: 'POST',
    path: `${ORG}/categories`,
    scope: 'entries:write',
    roles: MANAGERS,
    status: 201,
    prepare: async () => ({ body: { group: 'content', nameEn: 'Podcast', nameFr: 'Podcast', color: '#123456' } }),
  },
  {
    method: 'PATCH',
    path: `${ORG}/categories/{categoryId}`,
    scope: 'entries:write',
    roles: MANAGERS,
    status: 200,
    prepare: async (ctx) => ({ params: { categoryId: ctx.ids.categoryId }, body: { color: '#654321' } }),
  },

  { method: 'GET', path: `${ORG}/brands`, scope: 'read', roles: ALL, status: 200 },
  {
    method: 'POST',
    path: `${ORG}/brands`,
    scope: 'entries:write',
    roles: MANAGERS,
    status: 201,
    prepare: async (ctx) => ({ body: { name: `Brand ${ctx.role} ${Math.random().toString(36).slice(2, 8)}` } }),
  },
  {
    method: 'PATCH',
    path: `${ORG}/brands/{brandId}`,
    scope: 'entries:write',
    roles: MANAGERS,
    status: 200,
    prepare: async (ctx) => ({ params: { brandId: ctx.ids.brandId }, body: { color: '#abcdef' } }),
  },

  { method: 'GET', path: `${ORG}/deliverable-types`, scope: 'read', roles: ALL, status: 200 },
  {
    method: 'POST',
    path: `${ORG}/deliverable-types`,
    scope: 'entries:write',
    roles: MANAGERS,
    status: 201,
    prepare: async () => ({ body: { nameEn: 'Podcast episode', nameFr: 'Épisode de podcast', perceivedMinutes: 30 } }),
  },
  {
    method: 'PATCH',
    path: `${ORG}/deliverable-types/{deliverableTypeId}`,
    scope: 'entries:write',
    roles: MANAGERS,
    status: 200,
    prepare: async (ctx) => ({
      params: { deliverableTypeId: ctx.ids.deliverableTypeId },
      body: { perceivedMinutes: 4 },
    }),
  },

  { method: 'GET', path: `${ORG}/deliverables`, scope: 'read', roles: ALL, status: 200 },
  {
    method: 'POST',
    path: `${ORG}/deliverables`,
    scope: 'entries:write',
    roles: ALL,
    status: 201,
    prepare: async (ctx) => ({ body: { deliverableTypeId: ctx.ids.deliverableTypeId, title: 'Reel teaser' } }),
  },
  {
    method: 'GET',
    path: `${ORG}/deliverables/{deliverableId}`,
    scope: 'read',
    roles: ALL,
    status: 200,
    prepare: async (ctx) => ({ params: { deliverableId: ctx.ids.deliverableId } }),
  },
  {
    method: 'PATCH',
    path: `${ORG}/deliverables/{deliverableId}`,
    scope: 'entries:write',
    roles: ALL,
    status: 200,
    prepare: async (ctx) => ({ params: { deliverableId: ctx.ids.deliverableId }, body: { title: 'Reel teaser v2' } }),
  },

  // Time entries, the timer, quick-add and week approvals: each role writes and reads its own.
  {
    method: 'POST',
    path: `${ORG}/time-entries`,
    scope: 'entries:write',
    roles: ALL,
    status: 201,
    prepare: async (ctx) => ({ body: entryBody(ctx) }),
  },
  {
    method: 'POST',
    path: `${ORG}/time-entries/bulk`,
    scope: 'entries:write',
    roles: ALL,
    status: 201,
    prepare: async (ctx) => ({ body: { entries: [entryBody(ctx), entryBody(ctx)] } }),
  },
  {
    method: 'GET',
    path: `${ORG}/absences`,
    scope: 'read',
    roles: ALL,
    status: 200,
    prepare: async () => ({ query: 'from=2026-11-01&to=2026-11-30' }),
  },
  {
    method: 'POST',
    path: `${ORG}/absences`,
    scope: 'entries:write',
    roles: ALL,
    status: 201,
    prepare: async () => ({ body: { from: '2026-11-02', to: '2026-11-03', kind: 'holiday' } }),
  },
  {
    method: 'DELETE',
    path: `${ORG}/absences/{absenceId}`,
    scope: 'entries:write',
    roles: ALL,
    status: 204,
    prepare: async (ctx) => {
      const res = await ctx.call(ctx.role, 'POST', '/absences', { from: '2026-11-04', kind: 'sick' });
      return { params: { absenceId: res.json().items[0].id } };
    },
  },
  { method: 'GET', path: `${ORG}/holiday-places`, scope: 'read', roles: ALL, status: 200 },
  { method: 'GET', path: `${ORG}/time-entries`, scope: 'read', roles: ALL, status: 200 },
  { method: 'GET', path: `${ORG}/time-entries/summary`, scope: 'read', roles: ALL, status: 200 },
  {
    method: 'GET',
    path: `${ORG}/time-entries/week`,
    label: 'own week',
    scope: 'read',
    roles: ALL,
    status: 200,
    prepare: async () => ({ query: `weekStart=${lastWeek()}` }),
  },
  {
    method: 'GET',
    path: `${ORG}/time-entries/week`,
    label: 'another member’s week',
    scope: 'read',
    roles: MANAGERS,
    status: 200,
    prepare: async (ctx) => ({ query: `weekStart=${lastWeek()}&memberId=${await ctx.freshMember()}` }),
  },
  {
    method: 'GET',
    path: `${ORG}/time-entries/{entryId}`,
    scope: 'read',
    roles: ALL,
    status: 200,
    prepare: async (ctx) => ({ params: { entryId: await ownEntry(ctx) } }),
  },
  {
    method: 'PATCH',
    path: `${ORG}/time-entries/{entryId}`,
    scope: 'entries:write',
    roles: ALL,
    status: 200,
    prepare: async (ctx) => ({ params: { entryId: await ownEntry(ctx) }, body: { note: 'edited' } }),
  },
  {
    method: 'DELETE',
    path: `${ORG}/time-entries/{entryId}`,
    scope: 'entries:write',
    roles: ALL,
    status: 204,
    prepare: async (ctx) => ({ params: { entryId: await ownEntry(ctx) } }),
  },
  {
    method: 'POST',
    path: `${ORG}/time-entries/{entryId}/restore`,
    scope: 'entries:write',
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
    scope: 'read',
    roles: ALL,
    status: 200,
    prepare: async (ctx) => ({ params: { entryId: await ownEntry(ctx) } }),
  },
  { method: 'GET', path: `${ORG}/timer`, scope: 'read', roles: ALL, status: 200 },
  {
    method: 'POST',
    path: `${ORG}/timer/start`,
    scope: 'entries:write',
    roles: ALL,
    status: 201,
    prepare: async (ctx) => ({ body: { categoryId: ctx.ids.categoryId } }),
  },
  {
    method: 'POST',
    path: `${ORG}/timer/stop`,
    scope: 'entries:write',
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
    scope: 'read',
    roles: ALL,
    status: 200,
    prepare: async () => ({ body: { text: 'montage reel 1h30 #ig' } }),
  },
  {
    method: 'POST',
    path: `${ORG}/quick-add`,
    scope: 'entries:write',
    roles: ALL,
    status: 201,
    prepare: async () => ({ body: { text: 'modération 45 min' } }),
  },
  { method: 'GET', path: `${ORG}/quick-add/aliases`, scope: 'read', roles: ALL, status: 200 },
  {
    method: 'PUT',
    path: `${ORG}/quick-add/learning`,
    scope: 'entries:write',
    roles: MANAGERS,
    status: 200,
    prepare: async () => ({ body: { learnAfter: 2 } }),
  },
  {
    method: 'PATCH',
    path: `${ORG}/quick-add/aliases/{aliasId}`,
    scope: 'entries:write',
    roles: MANAGERS,
    status: 200,
    prepare: async (ctx) => ({
      params: { aliasId: await freshAlias(ctx) },
      body: { phrase: `renamed ${Math.random().toString(36).slice(2, 8)}` },
    }),
  },
  {
    method: 'DELETE',
    path: `${ORG}/quick-add/aliases/{aliasId}`,
    scope: 'entries:write',
    roles: MANAGERS,
    status: 204,
    prepare: async (ctx) => ({ params: { aliasId: await freshAlias(ctx) } }),
  },
  { method: 'GET', path: `${ORG}/weeks`, scope: 'read', roles: ALL, status: 200 },
  {
    method: 'POST',
    path: `${ORG}/weeks/{weekStart}/submit`,
    scope: 'entries:write',
    label: 'own week',
    roles: ALL,
    status: 200,
    prepare: async (ctx) => ({
      params: { weekStart: unsubmittedWeek() },
      query: `memberId=${ctx.memberIds[ctx.role]}`,
      body: {},
    }),
  },
  {
    method: 'POST',
    path: `${ORG}/weeks/{weekStart}/approve`,
    scope: 'manage',
    roles: MANAGERS,
    status: 200,
    prepare: async (ctx) => submittedWeek(ctx),
  },
  {
    method: 'POST',
    path: `${ORG}/weeks/{weekStart}/reject`,
    scope: 'manage',
    roles: MANAGERS,
    status: 200,
    prepare: async (ctx) => ({ ...(await submittedWeek(ctx)), body: { comment: 'Tuesday is missing' } }),
  },
  {
    method: 'POST',
    path: `${ORG}/weeks/{weekStart}/reopen`,
    scope: 'manage',
    roles: MANAGERS,
    status: 200,
    prepare: async (ctx) => {
      const week = await submittedWeek(ctx);
      await ctx.call('owner', 'POST', `/weeks/${week.params.weekStart}/approve?${week.query}`, {});
      return week;
    },
  },
  ...['team', 'coverage', 'categories', 'brands', 'platforms', 'deliverables', 'skills'].map(
    (name): RouteCase => ({
      method: 'GET',
      path: `${ORG}/dashboards/${name}`,
      scope: 'read',
      roles: ALL,
      status: 200,
      prepare: async () => ({ query: 'from=2026-11-01&to=2026-11-30' }),
    }),
  ),
  { method: 'GET', path: `${ORG}/dashboards/freshness`, scope: 'read', roles: ALL, status: 200 },
  { method: 'GET', path: `${ORG}/dashboards/events`, scope: 'read', roles: ALL, status: 200, stream: true },
  // Evidence: exports and share links are the managers'.
  ...evidenceCases(),
  // Imports are the managers'.
  ...importCases(),
  ...webhookCases(),
  ...evidenceScheduleCases(),
  ...ssoCases(),
  // Notifications and reminders: each member their own; the organization's defaults are the managers'.
  { method: 'GET', path: `${ORG}/notifications`, scope: 'read', roles: ALL, status: 200 },
  {
    method: 'POST',
    path: `${ORG}/notifications/read`,
    scope: 'session',
    roles: ALL,
    status: 200,
    prepare: async () => ({ body: {} }),
  },
  { method: 'GET', path: `${ORG}/reminders`, scope: 'read', roles: ALL, status: 200 },
  {
    method: 'PUT',
    path: `${ORG}/reminders`,
    scope: 'session',
    roles: ALL,
    status: 200,
    prepare: async () => ({ body: { items: [{ kind: 'nothing_logged', enabled: true, atMinutes: 1050 }] } }),
  },
  { method: 'GET', path: `${ORG}/reminder-defaults`, scope: 'read', roles: MANAGERS, status: 200 },
  {
    method: 'PUT',
    path: `${ORG}/reminder-defaults`,
    scope: 'manage',
    roles: MANAGERS,
    status: 200,
    prepare: async () => ({ body: { items: [{ kind: 'timer_running', enabled: true, afterHours: 5 }] } }),
  },
];

let discoveryStub: Promise<string> | null = null;

/**
 * An identity provider's discovery document on loopback, for saving single sign-on connections:
 * the apps of the role matrix and isolation tests trust its origin (`specEnv`).
 */
function startDiscoveryStub(): Promise<string> {
  discoveryStub ??= new Promise((resolve) => {
    const server = createServer((req, res) => {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      if (req.url !== '/.well-known/openid-configuration') return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          issuer: origin,
          authorization_endpoint: `${origin}/auth`,
          token_endpoint: `${origin}/token`,
          jwks_uri: `${origin}/jwks`,
          userinfo_endpoint: `${origin}/me`,
        }),
      );
    });
    server.listen(0, '127.0.0.1', () => {
      server.unref();
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });
  return discoveryStub;
}

/** What the apps running the spec need in their environment. */
export async function specEnv(): Promise<Record<string, string>> {
  return { SSO_TRUSTED_ORIGINS: await startDiscoveryStub() };
}

function ssoCases(): RouteCase[] {
  let n = 0;
  const body = async () => ({
    issuer: await startDiscoveryStub(),
    clientId: 'proofwork',
    clientSecret: 'client-secret',
    // A domain per call: each is claimed by one organization only.
    domains: [`team${n++}-${Date.now()}.example.com`],
    defaultRole: 'member',
  });
  return [
    { method: 'GET', path: `${ORG}/sso`, scope: 'session', roles: MANAGERS, status: 200 },
    {
      method: 'PUT',
      path: `${ORG}/sso`,
      scope: 'session',
      roles: OWNERS,
      status: 200,
      prepare: async () => ({ body: await body() }),
    },
    {
      method: 'DELETE',
      path: `${ORG}/sso`,
      scope: 'session',
      roles: OWNERS,
      status: 204,
      prepare: async (ctx) => {
        const res = await ctx.call('owner', 'PUT', '/sso', await body());
        if (res.statusCode !== 200) throw new Error(`could not save a connection: ${res.statusCode}`);
        return {};
      },
    },
  ];
}

function importCases(): RouteCase[] {
  const csv = (ctx: SpecContext): MultipartPart[] => [
    {
      name: 'file',
      fileName: 'hours.csv',
      content: `Date,Duration,Description\n${localDateOf(new Date(Date.now() - 2 * 86_400_000), 'Europe/Paris')},1:30,Montage reel Instagram ${ctx.role}\n`,
    },
  ];
  const newImport = async (ctx: SpecContext) => {
    const res = await ctx.upload('owner', '/imports', csv(ctx));
    if (res.statusCode !== 201) throw new Error(`upload failed: ${res.statusCode} ${JSON.stringify(res.json())}`);
    return res.json().id as string;
  };
  return [
    {
      method: 'POST',
      path: `${ORG}/imports`,
      scope: 'manage',
      roles: MANAGERS,
      status: 201,
      prepare: async (ctx) => ({ multipart: csv(ctx) }),
    },
    { method: 'GET', path: `${ORG}/imports`, scope: 'read', roles: MANAGERS, status: 200 },
    {
      method: 'GET',
      path: `${ORG}/imports/{importId}`,
      scope: 'read',
      roles: MANAGERS,
      status: 200,
      prepare: async (ctx) => ({ params: { importId: await newImport(ctx) } }),
    },
    {
      method: 'POST',
      path: `${ORG}/imports/{importId}/preview`,
      scope: 'manage',
      roles: MANAGERS,
      status: 200,
      prepare: async (ctx) => ({ params: { importId: await newImport(ctx) }, body: { money: 'ignore' } }),
    },
    {
      // No job runner here: the run stays queued, which is the answer the route gives.
      method: 'POST',
      path: `${ORG}/imports/{importId}/run`,
      scope: 'manage',
      roles: MANAGERS,
      status: 202,
      prepare: async (ctx) => ({ params: { importId: await newImport(ctx) }, body: {} }),
    },
    {
      method: 'POST',
      path: `${ORG}/imports/{importId}/cancel`,
      label: 'queued import',
      scope: 'manage',
      roles: MANAGERS,
      status: 200,
      prepare: async (ctx) => {
        const importId = await newImport(ctx);
        await ctx.call('owner', 'POST', `/imports/${importId}/run`, {});
        return { params: { importId }, body: {} };
      },
    },
    {
      // Marked done by hand (no runner): an undo of an import that wrote nothing.
      method: 'POST',
      path: `${ORG}/imports/{importId}/undo`,
      label: 'finished import',
      scope: 'manage',
      roles: MANAGERS,
      status: 200,
      prepare: async (ctx) => {
        const importId = await newImport(ctx);
        await ctx.db.execute(sql`update imports set status = 'done' where id = ${importId}`);
        return { params: { importId }, body: {} };
      },
    },
    {
      // A ready import's stream sends its state and ends; a running one is followed in tests/imports.
      method: 'GET',
      path: `${ORG}/imports/{importId}/events`,
      label: 'import not running',
      scope: 'read',
      roles: MANAGERS,
      status: 200,
      prepare: async (ctx) => ({ params: { importId: await newImport(ctx) } }),
    },
  ];
}

function evidenceCases(): RouteCase[] {
  const period = { from: '2026-11-02', to: '2026-11-15' };
  const newExport = async (ctx: SpecContext) =>
    (await ctx.call('owner', 'POST', '/exports', { ...period, format: 'csv', locale: 'en' })).json().id as string;
  return [
    {
      method: 'POST',
      path: `${ORG}/exports`,
      scope: 'entries:write',
      roles: MANAGERS,
      status: 202,
      prepare: async () => ({ body: { ...period, format: 'pdf', locale: 'fr', anonymize: true } }),
    },
    { method: 'GET', path: `${ORG}/exports`, scope: 'read', roles: MANAGERS, status: 200 },
    {
      method: 'GET',
      path: `${ORG}/exports/{exportId}`,
      scope: 'read',
      roles: MANAGERS,
      status: 200,
      prepare: async (ctx) => ({ params: { exportId: await newExport(ctx) } }),
    },
    {
      // A finished export's stream sends its state and ends, so the plain matrix can call it (no
      // runner here: the row is marked failed by hand); the live stream is tested in tests/evidence.
      method: 'GET',
      path: `${ORG}/exports/{exportId}/events`,
      scope: 'read',
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
      scope: 'read',
      label: 'not built yet',
      roles: MANAGERS,
      status: 409,
      prepare: async (ctx) => ({ params: { exportId: await newExport(ctx) } }),
    },
    {
      method: 'POST',
      path: `${ORG}/share-links`,
      scope: 'manage',
      roles: MANAGERS,
      status: 201,
      prepare: async () => ({ body: { ...period, locale: 'en', label: 'Budget 2027' } }),
    },
    { method: 'GET', path: `${ORG}/share-links`, scope: 'read', roles: MANAGERS, status: 200 },
    {
      method: 'DELETE',
      path: `${ORG}/share-links/{shareLinkId}`,
      scope: 'manage',
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

function evidenceScheduleCases(): RouteCase[] {
  const body = { cadence: 'monthly', recipients: ['budget@client.example'], locale: 'fr' };
  const newSchedule = async (ctx: SpecContext) =>
    (await ctx.call('owner', 'POST', '/evidence-schedules', body)).json().id as string;
  const one = (method: 'GET' | 'PATCH' | 'DELETE', path = '') => ({
    method,
    path: `${ORG}/evidence-schedules/{scheduleId}${path}`,
  });
  return [
    { method: 'GET', path: `${ORG}/evidence-schedules`, scope: 'manage', roles: MANAGERS, status: 200 },
    {
      method: 'POST',
      path: `${ORG}/evidence-schedules`,
      scope: 'manage',
      roles: MANAGERS,
      status: 201,
      prepare: async () => ({ body }),
    },
    {
      ...one('PATCH'),
      scope: 'manage',
      roles: MANAGERS,
      status: 200,
      prepare: async (ctx) => ({ params: { scheduleId: await newSchedule(ctx) }, body: { active: false } }),
    },
    {
      ...one('DELETE'),
      scope: 'manage',
      roles: MANAGERS,
      status: 204,
      prepare: async (ctx) => ({ params: { scheduleId: await newSchedule(ctx) } }),
    },
    {
      ...one('GET', '/sends'),
      scope: 'manage',
      roles: MANAGERS,
      status: 200,
      prepare: async (ctx) => ({ params: { scheduleId: await newSchedule(ctx) } }),
    },
  ];
}

function webhookCases(): RouteCase[] {
  // A public address (checked, not resolved, when saved); nothing is sent without a runner.
  const body = { url: 'https://hooks.example.com/proofwork', events: ['entry.created'] };
  const newWebhook = async (ctx: SpecContext) =>
    (await ctx.call('owner', 'POST', '/webhooks', body)).json().id as string;
  const one = (method: 'GET' | 'PATCH' | 'DELETE', path = '') => ({
    method,
    path: `${ORG}/webhooks/{webhookId}${path}`,
  });
  return [
    { method: 'GET', path: `${ORG}/webhooks`, scope: 'read', roles: MANAGERS, status: 200 },
    {
      method: 'POST',
      path: `${ORG}/webhooks`,
      scope: 'manage',
      roles: MANAGERS,
      status: 201,
      prepare: async () => ({ body }),
    },
    {
      ...one('GET'),
      scope: 'read',
      roles: MANAGERS,
      status: 200,
      prepare: async (ctx) => ({ params: { webhookId: await newWebhook(ctx) } }),
    },
    {
      ...one('PATCH'),
      scope: 'manage',
      roles: MANAGERS,
      status: 200,
      prepare: async (ctx) => ({ params: { webhookId: await newWebhook(ctx) }, body: { description: 'Zapier' } }),
    },
    {
      ...one('DELETE'),
      scope: 'manage',
      roles: MANAGERS,
      status: 204,
      prepare: async (ctx) => ({ params: { webhookId: await newWebhook(ctx) } }),
    },
    {
      method: 'POST',
      path: `${ORG}/webhooks/{webhookId}/rotate-secret`,
      scope: 'manage',
      roles: MANAGERS,
      status: 200,
      prepare: async (ctx) => ({ params: { webhookId: await newWebhook(ctx) }, body: {} }),
    },
    {
      method: 'POST',
      path: `${ORG}/webhooks/{webhookId}/test`,
      scope: 'manage',
      roles: MANAGERS,
      status: 202,
      prepare: async (ctx) => ({ params: { webhookId: await newWebhook(ctx) }, body: {} }),
    },
    {
      ...one('GET', '/deliveries'),
      scope: 'read',
      roles: MANAGERS,
      status: 200,
      prepare: async (ctx) => ({ params: { webhookId: await newWebhook(ctx) } }),
    },
  ];
}
