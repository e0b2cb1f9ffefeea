// The public side of share links: GET /api/v1/share/{token} answers the read-only evidence snapshot
// of the link's period, without an account. Unknown, revoked and expired tokens all get the same 404.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { notFound } from '../lib/errors';
import { ErrorResponses } from '../lib/schemas';
import { shareSnapshot } from '../services/evidence.service';

const shareRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, clock } = app.deps;
  app.get(
    '/share/:token',
    {
      config: { public: true },
      schema: {
        tags: ['evidence'],
        summary: 'The read-only evidence snapshot behind a share link (team totals, headline, mix); counts a view',
        params: Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({}, { additionalProperties: true }), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      // The token is a credential: keep it out of caches, referrers and search engines.
      reply
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .header('x-robots-tag', 'noindex');
      const snapshot = await shareSnapshot({ db, clock }, request.params.token);
      if (!snapshot) throw notFound('Share link');
      return snapshot;
    },
  );
};

export default shareRoutes;
