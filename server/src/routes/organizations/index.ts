// Everything under /api/v1/organizations/{orgId}: one encapsulated scope behind the tenant hook.
import type { FastifyInstance } from 'fastify';
import idempotency from '../../plugins/idempotency';
import { tenantScope } from '../../plugins/tenant';
import absencesRoutes from './absences.routes';
import approvalsRoutes from './approvals.routes';
import catalogRoutes from './catalog.routes';
import dashboardsRoutes from './dashboards.routes';
import evidenceSchedulesRoutes from './evidence-schedules.routes';
import exportsRoutes from './exports.routes';
import importsRoutes from './imports.routes';
import membersRoutes from './members.routes';
import notificationsRoutes from './notifications.routes';
import organizationRoutes from './organization.routes';
import quickAddRoutes from './quick-add.routes';
import shareLinksRoutes from './share-links.routes';
import ssoRoutes from './sso.routes';
import timeEntriesRoutes from './time-entries.routes';
import timerRoutes from './timer.routes';
import tokensRoutes from './tokens.routes';
import webhooksRoutes from './webhooks.routes';
import weekSummaryRoutes from './week-summary.routes';

export const TENANT_PREFIX = '/api/v1/organizations/:orgId';

export default async function tenantRoutes(app: FastifyInstance) {
  tenantScope(app);
  await app.register(idempotency);
  await app.register(organizationRoutes);
  await app.register(membersRoutes);
  await app.register(tokensRoutes);
  await app.register(catalogRoutes);
  await app.register(timeEntriesRoutes);
  await app.register(weekSummaryRoutes);
  await app.register(absencesRoutes);
  await app.register(timerRoutes);
  await app.register(quickAddRoutes);
  await app.register(approvalsRoutes);
  await app.register(dashboardsRoutes);
  await app.register(exportsRoutes);
  await app.register(importsRoutes);
  await app.register(shareLinksRoutes);
  await app.register(evidenceSchedulesRoutes);
  await app.register(webhooksRoutes);
  await app.register(ssoRoutes);
  await app.register(notificationsRoutes);
}
