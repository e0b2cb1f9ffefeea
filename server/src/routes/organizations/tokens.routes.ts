// Personal API tokens: made for one organization with chosen scopes and an expiry, shown once,
// stored hashed, revocable.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DEFAULT_TOKEN_SCOPES,
  listTokenViews,
  revokeToken,
  TOKEN_DEFAULT_DAYS,
  TOKEN_MAX_DAYS,
  TOKEN_SCOPES,
  tokenToMint,
} from '@proofwork/app';
import Type from 'typebox';
import { ErrorResponses, OrgParams, Uuid } from '../../lib/schemas';

const Scope = Type.Union(
  [Type.Literal(TOKEN_SCOPES[0]), Type.Literal(TOKEN_SCOPES[1]), Type.Literal(TOKEN_SCOPES[2])],
  {
    description:
      'read: every GET; entries:write: logging work (entries, timer, quick-add, submitting weeks) and the catalog; manage: members, roles, invitations, share links, week decisions, organization settings, /me',
  },
);

const TokenBody = Type.Object({
  id: Uuid,
  name: Type.Union([Type.String(), Type.Null()]),
  start: Type.Union([Type.String(), Type.Null()], { description: 'The first characters, to recognise it' }),
  scopes: Type.Array(Scope),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastUsedIp: Type.Union([Type.String(), Type.Null()], { description: 'The address it was last used from' }),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const tokensRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/tokens',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['tokens'],
        summary: 'Your API tokens for this organization',
        params: OrgParams,
        response: { 200: Type.Object({ items: Type.Array(TokenBody) }), ...ErrorResponses },
      },
    },
    async (request) => ({ items: await listTokenViews(app.deps, request.actor) }),
  );

  app.post(
    '/tokens',
    {
      config: { scope: 'session' },
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token (from a signed-in session); the token is in this response only',
        params: OrgParams,
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 80 }),
            scopes: Type.Optional(
              Type.Array(Scope, {
                minItems: 1,
                uniqueItems: true,
                description: `What the token may do (default: ${DEFAULT_TOKEN_SCOPES.join(', ')})`,
              }),
            ),
            expiresInDays: Type.Optional(
              Type.Integer({
                minimum: 1,
                maximum: TOKEN_MAX_DAYS,
                description: `Days until it stops working (default ${TOKEN_DEFAULT_DAYS}); tokens always expire`,
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ ...TokenBody.properties, token: Type.String() }), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const mint = tokenToMint(request.actor, request.body);
      const created = await app.auth.api.createApiKey({ body: mint });
      return reply.code(201).send({
        id: created.id,
        name: created.name ?? null,
        start: created.start ?? null,
        scopes: mint.permissions.scopes,
        createdAt: new Date(created.createdAt).toISOString(),
        lastUsedAt: null,
        lastUsedIp: null,
        expiresAt: created.expiresAt ? new Date(created.expiresAt).toISOString() : null,
        token: created.key,
      });
    },
  );

  app.delete(
    '/tokens/:tokenId',
    {
      config: { scope: 'manage' },
      schema: {
        tags: ['tokens'],
        summary: 'Revoke one of your tokens; it stops working at once',
        params: Type.Object({ orgId: Uuid, tokenId: Uuid }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      await revokeToken(app.deps, request.actor, request.params.tokenId);
      return reply.code(204).send(null);
    },
  );
};

export default tokensRoutes;
