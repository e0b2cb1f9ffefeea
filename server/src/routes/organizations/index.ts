// Everything under /api/v1/organizations/{orgId}: one encapsulated scope behind the tenant hook.
import type { FastifyInstance } from 'fastify';
import idempotency from '../../plugins/idempotency';
import { tenantScope } from '../../plugins/tenant';
import approvalsRoutes from './approvals.routes';
import catalogRoutes from './catalog.routes';
import dashboardsRoutes from './dashboards.routes';
import exportsRoutes from './exports.routes';
import membersRoutes from './members.routes';
import organizationRoutes from './organization.routes';
import quickAddRoutes from './quick-add.routes';
import shareLinksRoutes from './share-links.routes';
import timeEntriesRoutes from './time-entries.routes';
import timerRoutes from './timer.routes';
import tokensRoutes from './tokens.routes';

export const TENANT_PREFIX = '/api/v1/organizations/:orgId';

export default async function tenantRoutes(app: FastifyInstance) {
  tenantScope(app);
  await app.register(idempotency);
  await app.register(organizationRoutes);
  await app.register(membersRoutes);
  await app.register(tokensRoutes);
  await app.register(catalogRoutes);
  await app.register(timeEntriesRoutes);
  await app.register(timerRoutes);
  await app.register(quickAddRoutes);
  await app.register(approvalsRoutes);
  await app.register(dashboardsRoutes);
  await app.register(exportsRoutes);
  await app.register(shareLinksRoutes);
}
