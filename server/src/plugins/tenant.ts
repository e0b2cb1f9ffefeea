// The tenant boundary. Every tenant resource lives under /api/v1/organizations/{orgId}; this hook
// turns the caller into the application layer's actor there. A non-member gets 404 (no probing), a
// member without the route's role gets 403.
import {
  type Actor,
  assertTwoFactorSatisfied,
  forbidden,
  loadActor,
  notFound,
  type Role,
  unauthorized,
} from '@proofwork/app';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export { MANAGERS, OWNERS, type Role } from '@proofwork/app';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
  }
  interface FastifyContextConfig {
    /** Roles allowed on a tenant route; all members when omitted. */
    roles?: readonly Role[];
  }
}

async function actorOf(app: FastifyInstance, request: FastifyRequest): Promise<Actor> {
  const principal = request.principal;
  if (!principal) throw unauthorized();
  const { orgId } = request.params as { orgId: string };
  // A token works only in the organization it was made for.
  if (principal.tokenOrganizationId && principal.tokenOrganizationId !== orgId) throw notFound('Organization');
  const who = {
    organizationId: orgId,
    userId: principal.userId,
    via: principal.via,
    locale: principal.locale,
    twoFactorEnabled: principal.twoFactorEnabled,
  };
  // The key holds everything the actor is built from: a user who turns two-factor on gets a new one.
  const key = `${orgId}|${principal.userId}|${principal.via}|${principal.locale ?? ''}|${principal.twoFactorEnabled}`;
  const actor = await app.authCache.read<Actor>(app.authCache.actors, key, async () => {
    const loaded = await loadActor(app.deps.db, who);
    return loaded && { value: loaded, tags: [`m:${orgId}:${principal.userId}`, `o:${orgId}`, `u:${principal.userId}`] };
  });
  if (!actor) throw notFound('Organization');
  return actor;
}

/** Registers the hook on an encapsulated scope whose routes all take `:orgId`. */
export function tenantScope(app: FastifyInstance) {
  app.decorateRequest('actor', null as unknown as Actor);
  app.addHook('preHandler', async (request) => {
    request.actor = await actorOf(app, request);
    const roles = request.routeOptions.config.roles;
    if (roles && !roles.includes(request.actor.role)) throw forbidden();
    // An organization that requires a second factor shows nothing to a member without one.
    assertTwoFactorSatisfied(request.actor);
  });
}
