// Request bodies: JSON only, with one allowance. Many HTTP clients send `Content-Type:
// application/json` (or another type) on every request, DELETE included, with no body: a DELETE
// without a body is accepted whatever its content type. Any other body must be JSON (415).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../lib/errors';

async function contentTypesPlugin(app: FastifyInstance) {
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (request.method === 'DELETE' && body === '') return done(null, undefined);
    json(request, body as string, done);
  });
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    if (request.method === 'DELETE' && (body as Buffer).length === 0) return done(null, undefined);
    done(new AppError(415, 'unsupported_media_type', 'Send application/json'), undefined);
  });
}

export default fp(contentTypesPlugin, { name: 'content-types' });
