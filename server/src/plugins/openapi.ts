// OpenAPI 3.1 document at /openapi.json and an interactive reference at /docs.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { WEBHOOK_DOCS } from '../lib/webhook-schemas';

export const API_TAGS = [
  { name: 'system', description: 'Health and service information' },
  { name: 'me', description: 'The signed-in user' },
  { name: 'organizations', description: 'Organizations and their settings' },
  { name: 'members', description: 'Members, roles, contracts and invitations' },
  { name: 'catalog', description: 'Categories, brands, deliverable types and deliverables' },
  { name: 'tokens', description: 'Personal API tokens' },
  { name: 'time-entries', description: 'Time entries, the timer and quick-add' },
  { name: 'approvals', description: 'Week approvals' },
  { name: 'dashboards', description: 'Workload dashboards read from weekly rollups' },
  { name: 'evidence', description: 'Exports and share links' },
  { name: 'imports', description: 'Imports from Toggl Track, Clockify, Harvest, a CSV or a Proofwork export' },
  { name: 'webhooks', description: 'Outgoing webhooks: endpoints, secrets and the delivery log' },
];

/**
 * Every operation states what a token needs (`x-token-scope`, and the scope in its bearer security
 * requirement): a route's `config.scope`, 'session' when tokens may not call it at all.
 */
function withAccess(schema: Record<string, unknown> | undefined, config: { scope?: string; public?: boolean }) {
  if (!schema || config.public || config.scope === undefined) return schema;
  const security = config.scope === 'session' ? [{ session: [] }] : [{ session: [] }, { bearer: [config.scope] }];
  return { ...schema, security, 'x-token-scope': config.scope };
}

async function openapiPlugin(app: FastifyInstance) {
  await app.register(swagger, {
    transform: ({ schema, url, route }) => ({
      schema: withAccess(schema as Record<string, unknown>, (route.config ?? {}) as { scope?: string }) as never,
      url,
    }),
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Proofwork API',
        version: '1.0.0',
        description:
          'Log the real workload of social-media community managers and turn it into evidence. ' +
          'Every tenant resource lives under /api/v1/organizations/{orgId}. Errors are JSON { error, message, details }.',
      },
      tags: API_TAGS,
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'proofwork.session_token' },
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description:
              'A personal API token. Each operation names the scope a token needs (read, entries:write or manage); operations a token may never call list only the session.',
          },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
      webhooks: WEBHOOK_DOCS,
    } as never,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, uiConfig: { deepLinking: true } });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

export default fp(openapiPlugin, { name: 'openapi' });
