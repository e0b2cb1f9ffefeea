// Builds an organization with one signed-in member per role and turns a RouteCase into a request.
import type { App } from '@proofwork/server';
import type { TestDatabase } from '../support/db';
import { addMember, createOrganization } from '../support/factories';
import { signIn } from '../support/http';
import { type Prepared, ROLES, type Role, type RouteCase, type SpecContext } from './route-spec';

export interface OpenApiOperation {
  method: RouteCase['method'];
  path: string;
}

/** Every tenant operation the server declares in its OpenAPI document. */
export async function tenantOperations(app: App): Promise<OpenApiOperation[]> {
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  return Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api/v1/organizations/{orgId}'))
    .flatMap(([path, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase() as RouteCase['method'], path })));
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
    memberIds: { owner: ownerMember.id, manager: manager.member.id, member: member.member.id },
    freshMember: async (role: Role = 'member') => (await addMember(tdb.db, organization.id, role)).member.id,
    ids: { categoryId: category.id, brandId: brand.id, deliverableTypeId: type.id, deliverableId: deliverable.id },
    call,
  };
}

export function urlFor(routeCase: RouteCase, organizationId: string, prepared: Prepared): string {
  let url = routeCase.path.replace('{orgId}', organizationId);
  for (const [name, value] of Object.entries(prepared.params ?? {})) url = url.replace(`{${name}}`, value);
  if (/\{[^}]+\}/.test(url))
    throw new Error(`${routeCase.method} ${routeCase.path}: prepare() left a path parameter unset`);
  return prepared.query ? `${url}?${prepared.query}` : url;
}

export const caseName = (c: RouteCase) =>
  `${c.method} ${c.path.replace('/api/v1/organizations/{orgId}', '…')}${c.label ? ` (${c.label})` : ''}`;
export { ROLES };
