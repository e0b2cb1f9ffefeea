// Share links: a manager makes a read-only, expiring link to the evidence of one period for a
// budget holder without an account. The token is shown once; only its SHA-256 is stored (which is
// also why creating one takes no Idempotency-Key: a replay would have to keep the token).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createShareLink, listShareLinkViews, revokeShareLinkOf } from '@proofwork/app';
import Type from 'typebox';
import { ErrorResponses, LocalDate, Locale, OrgParams, Uuid } from '../../lib/schemas';
import { MANAGERS } from '../../plugins/tenant';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Timestamp = Type.String({ format: 'date-time' });
const ShareLinkBody = Type.Object({
  id: Uuid,
  label: Nullable(Type.String()),
  from: LocalDate,
  to: LocalDate,
  locale: Locale,
  expiresAt: Timestamp,
  revokedAt: Nullable(Timestamp),
  viewCount: Type.Integer(),
  lastViewedAt: Nullable(Timestamp),
  createdAt: Timestamp,
});

const shareLinksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { config } = app.deps;

  app.post(
    '/share-links',
    {
      config: { scope: 'manage', roles: MANAGERS },
      schema: {
        tags: ['evidence'],
        summary: 'Create a read-only, expiring share link to a period’s evidence (the token is shown once)',
        params: OrgParams,
        body: Type.Object(
          {
            from: LocalDate,
            to: LocalDate,
            label: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
            expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90, default: 14 })),
            locale: Locale,
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            ...ShareLinkBody.properties,
            token: Type.String({ description: 'Shown once; only its SHA-256 is kept' }),
            url: Type.String(),
          }),
          ...ErrorResponses,
        },
      },
    },
    async (request, reply) => {
      const { link, token } = await createShareLink(app.deps, request.actor, request.body);
      const base = (config.PUBLIC_URL ?? `${request.protocol}://${request.host}`).replace(/\/$/, '');
      return reply.code(201).send({ ...link, token, url: `${base}/share/${token}` });
    },
  );

  app.get(
    '/share-links',
    {
      config: { scope: 'read', roles: MANAGERS },
      schema: {
        tags: ['evidence'],
        summary: 'The organization’s share links (without their tokens), newest first',
        params: OrgParams,
        response: { 200: Type.Object({ items: Type.Array(ShareLinkBody) }), ...ErrorResponses },
      },
    },
    async (request) => ({ items: await listShareLinkViews(app.deps, request.actor) }),
  );

  app.delete(
    '/share-links/:shareLinkId',
    {
      config: { scope: 'manage', roles: MANAGERS },
      schema: {
        tags: ['evidence'],
        summary: 'Revoke a share link (it answers 404 from then on)',
        params: Type.Object({ orgId: Uuid, shareLinkId: Uuid }, { additionalProperties: false }),
        response: { 200: ShareLinkBody, ...ErrorResponses },
      },
    },
    async (request) => revokeShareLinkOf(app.deps, request.actor, request.params.shareLinkId),
  );
};

export default shareLinksRoutes;
