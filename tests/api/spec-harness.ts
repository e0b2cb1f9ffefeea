// Builds an organization with one signed-in member per role and turns a RouteCase into a request.
import type { App } from '@proofwork/server';
import type { TestDatabase } from '../support/db';
import { addMember, createOrganization } from '../support/factories';
import { type Client, signIn, withToken } from '../support/http';
import { multipartBody } from '../support/multipart';
import {
  type Access,
  type Prepared,
  ROLES,
  type Role,
  type RouteCase,
  SCOPES,
  type Scope,
  type SpecContext,
} from './route-spec';

export interface OpenApiOperation {
  method: RouteCase['method'];
  path: string;
  /** What the server says a token needs (`x-token-scope`). */
  scope: Access | undefined;
}

/** Every tenant operation the server declares in its OpenAPI document. */
export async function tenantOperations(app: App): Promise<OpenApiOperation[]> {
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
    paths: Record<string, Record<string, { 'x-token-scope'?: Access }>>;
  };
  return Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api/v1/organizations/{orgId}'))
    .flatMap(([path, ops]) =>
      Object.entries(ops).map(([m, op]) => ({
        method: m.toUpperCase() as RouteCase['method'],
        path,
        scope: op['x-token-scope'],
      })),
    );
}

/** An API token of a signed-in member, made through the API like a person would. */
export async function tokenClient(app: App, session: Client, organizationId: string, scopes: readonly Scope[]) {
  const res = await session.post(`/api/v1/organizations/${organizationId}/tokens`, {
    name: `spec ${scopes.join('+')}`,
    scopes,
  });
  if (res.statusCode !== 201) throw new Error(`token creation failed: ${res.statusCode} ${res.body}`);
  return withToken(app, res.json().token);
}

/** The status a caller should get: role first (403), then, for a token, its scope (403). */
export function expectedStatus(routeCase: RouteCase, role: Role, scopes: readonly Scope[] | null): number {
  if (!routeCase.roles.includes(role)) return 403;
  if (scopes === null) return routeCase.status;
  if (routeCase.scope === 'session' || !scopes.includes(routeCase.scope)) return 403;
  return routeCase.status;
}

export async function buildOrgContext(app: App, tdb: TestDatabase): Promise<Omit<SpecContext, 'role'>> {
  const { organization, owner, ownerMember } = await createOrganization(tdb.db);
  const manager = await addMember(tdb.db, organization.id, 'manager');
  const member = await addMember(tdb.db, organization.id, 'member');
  const clients = {
    owner: await signIn(app, owner.email),
    manager: await signIn(app, manager.user.email),
    member: await signIn(app, member.user.email),
  };
  const base = `/api/v1/organizations/${organization.id}`;
  const call: SpecContext['call'] = (role, method, path, body) =>
    clients[role].request(method as never, `${base}${path}`, body);
  const upload: SpecContext['upload'] = (role, path, parts) => {
    const { payload, headers } = multipartBody(parts);
    return clients[role].request('POST', `${base}${path}`, payload, headers);
  };
  const tokens = {} as Record<Role, Client>;
  for (const role of ROLES) tokens[role] = await tokenClient(app, clients[role], organization.id, SCOPES);
  const ownerTokens = {} as Record<Scope, Client>;
  for (const scope of SCOPES) ownerTokens[scope] = await tokenClient(app, clients.owner, organization.id, [scope]);
  const category = (await call('owner', 'GET', '/categories')).json().items[0];
  const brand = (await call('owner', 'POST', '/brands', { name: 'Isolation Brand' })).json();
  const type = (await call('owner', 'GET', '/deliverable-types')).json().items[0];
  const deliverable = (
    await call('owner', 'POST', '/deliverables', { deliverableTypeId: type.id, title: 'A post' })
  ).json();
  return {
    db: tdb.db,
    organizationId: organization.id,
    clients,
    tokens,
    ownerTokens,
    memberIds: { owner: ownerMember.id, manager: manager.member.id, member: member.member.id },
    freshMember: async (role: Role = 'member') => (await addMember(tdb.db, organization.id, role)).member.id,
    ids: { categoryId: category.id, brandId: brand.id, deliverableTypeId: type.id, deliverableId: deliverable.id },
    call,
    upload,
  };
}

export function urlFor(routeCase: RouteCase, organizationId: string, prepared: Prepared): string {
  let url = routeCase.path.replace('{orgId}', organizationId);
  for (const [name, value] of Object.entries(prepared.params ?? {})) url = url.replace(`{${name}}`, value);
  if (/\{[^}]+\}/.test(url))
    throw new Error(`${routeCase.method} ${routeCase.path}: prepare() left a path parameter unset`);
  return prepared.query ? `${url}?${prepared.query}` : url;
}

/** The body and headers of a prepared call: JSON, or a multipart upload (with extra fields, if any). */
export function requestBody(prepared: Prepared, extraFields: Record<string, string> = {}) {
  if (!prepared.multipart) return { payload: prepared.body, headers: undefined };
  const extra = Object.entries(extraFields).map(([name, content]) => ({ name, content }));
  return multipartBody([...extra, ...prepared.multipart]);
}

export const caseName = (c: RouteCase) =>
  `${c.method} ${c.path.replace('/api/v1/organizations/{orgId}', '…')}${c.label ? ` (${c.label})` : ''}`;
export { ROLES, SCOPES };
