// Single sign-on (managers and owners): the organization's OpenID Connect connection. Session only:
// it holds a client secret, which is never shown back (only that one is saved).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getSsoConnection, removeSsoConnection, saveSsoConnection } from '@proofwork/app';
import Type from 'typebox';
import { publicUrl } from '../../auth/auth';
import { ErrorResponses, nullable, OrgParams } from '../../lib/schemas';
import { MANAGERS, OWNERS } from '../../plugins/tenant';

const SsoRole = Type.Union([Type.Literal('member'), Type.Literal('manager')], {
  description: 'The role of a person who joins the organization by signing in through the connection',
});

export const SsoConnectionBody = Type.Object({
  issuer: Type.String(),
  clientId: Type.String(),
  clientSecretSet: Type.Boolean({ description: 'A client secret is saved (it is never shown)' }),
  domains: Type.Array(Type.String()),
  defaultRole: SsoRole,
  redirectUri: Type.String({ description: 'Register this redirect URI at the identity provider' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

const ssoRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = app.deps;
  const policy = {
    trustedOrigins: deps.config.SSO_TRUSTED_ORIGINS,
    authBaseUrl: `${publicUrl(deps.config)}/api/auth`,
  };
  const common = { tags: ['organizations'] };
  // Managers read the connection; owners change it: whoever sets the identity provider can sign in
  // as anyone it vouches for, owners included.
  const config = { roles: MANAGERS, scope: 'session' as const };
  const ownersOnly = { roles: OWNERS, scope: 'session' as const };

  app.get(
    '/sso',
    {
      config,
      schema: {
        ...common,
        summary: 'The single sign-on connection (OpenID Connect), or null',
        params: OrgParams,
        response: {
          200: Type.Object({
            connection: nullable(SsoConnectionBody),
            redirectUri: Type.String({ description: 'The redirect URI to register at the identity provider' }),
          }),
          ...ErrorResponses,
        },
      },
    },
    async (request) => ({
      connection: await getSsoConnection(deps, request.actor, policy),
      redirectUri: `${policy.authBaseUrl}/sso/callback/org-${request.actor.organizationId}`,
    }),
  );

  app.put(
    '/sso',
    {
      config: ownersOnly,
      schema: {
        ...common,
        summary: "Connect the company's identity provider (reads its discovery document first)",
        params: OrgParams,
        body: Type.Object(
          {
            issuer: Type.String({ minLength: 8, maxLength: 500, description: "The provider's issuer URL (https)" }),
            clientId: Type.String({ minLength: 1, maxLength: 300 }),
            clientSecret: Type.Optional(
              Type.String({ minLength: 1, maxLength: 1000, description: 'Required the first time; left out, kept' }),
            ),
            domains: Type.Array(Type.String({ minLength: 3, maxLength: 253 }), {
              minItems: 1,
              maxItems: 20,
              description: 'E-mail domains whose people sign in through this provider',
            }),
            defaultRole: SsoRole,
          },
          { additionalProperties: false },
        ),
        response: { 200: SsoConnectionBody, ...ErrorResponses },
      },
    },
    async (request) => saveSsoConnection(deps, request.actor, request.body, policy),
  );

  app.delete(
    '/sso',
    {
      config: ownersOnly,
      schema: {
        ...common,
        summary: 'Remove the connection (people who came through it sign in no more until it is back)',
        params: OrgParams,
        response: { 204: Type.Null(), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      await removeSsoConnection(deps, request.actor);
      return reply.code(204).send(null);
    },
  );
};

export default ssoRoutes;
