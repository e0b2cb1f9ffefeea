// Personal API tokens: made for one organization, shown once, stored hashed, revocable.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { deleteToken, listTokens } from '@proofwork/db';
import Type from 'typebox';
import { forbidden, notFound } from '../../lib/errors';
import { ErrorResponses, OrgParams, Uuid } from '../../lib/schemas';

const TokenBody = Type.Object({
  id: Uuid,
  name: Type.Union([Type.String(), Type.Null()]),
  start: Type.Union([Type.String(), Type.Null()], { description: 'The first characters, to recognise it' }),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const tokensRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Your API tokens for this organization',
        params: OrgParams,
        response: { 200: Type.Object({ items: Type.Array(TokenBody) }), ...ErrorResponses },
      },
    },
    async (request) => {
      const rows = await listTokens(app.deps.db, request.member.organizationId, request.member.userId);
      return {
        items: rows.map((r) => ({
          ...r,
          createdAt: r.createdAt.toISOString(),
          lastUsedAt: iso(r.lastUsedAt),
          expiresAt: iso(r.expiresAt),
        })),
      };
    },
  );

  app.post(
    '/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token; the token is in this response only',
        params: OrgParams,
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 80 }),
            expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ ...TokenBody.properties, token: Type.String() }), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      // A token cannot mint tokens: a leaked one must not outlive its revocation.
      if (request.principal?.via === 'token') throw forbidden('Create tokens from a signed-in session');
      const created = await app.auth.api.createApiKey({
        body: {
          name: request.body.name,
          userId: request.member.userId,
          expiresIn: request.body.expiresInDays ? request.body.expiresInDays * 86_400 : null,
          metadata: { organizationId: request.member.organizationId, memberId: request.member.id },
        },
      });
      return reply.code(201).send({
        id: created.id,
        name: created.name ?? null,
        start: created.start ?? null,
        createdAt: new Date(created.createdAt).toISOString(),
        lastUsedAt: null,
        expiresAt: created.expiresAt ? new Date(created.expiresAt).toISOString() : null,
        token: created.key,
      });
    },
  );

  app.delete(
    '/tokens/:tokenId',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Revoke one of your tokens; it stops working at once',
        params: Type.Object({ orgId: Uuid, tokenId: Uuid }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const deleted = await deleteToken(
        app.deps.db,
        request.member.organizationId,
        request.member.userId,
        request.params.tokenId,
      );
      if (!deleted) throw notFound('Token');
      return reply.code(204).send(null);
    },
  );
};

export default tokensRoutes;
