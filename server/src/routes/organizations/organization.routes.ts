// The organization's own settings.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getOrganization, updateOrganization } from '@proofwork/db';
import Type from 'typebox';
import { notFound } from '../../lib/errors';
import { ErrorResponses, OrganizationBody, OrganizationInput, OrgParams, WorkingSchedule } from '../../lib/schemas';
import { OWNERS } from '../../plugins/tenant';
import { assertSchedule, assertTimeZone, organizationBody } from '../../services/organization.service';

const organizationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    {
      schema: {
        tags: ['organizations'],
        summary: 'The organization and its work settings',
        params: OrgParams,
        response: { 200: OrganizationBody, ...ErrorResponses },
      },
    },
    async (request) => {
      const row = await getOrganization(app.deps.db, request.member.organizationId);
      if (!row) throw notFound('Organization');
      return organizationBody(row);
    },
  );

  app.patch(
    '',
    {
      config: { roles: OWNERS },
      schema: {
        tags: ['organizations'],
        summary: 'Change the organization settings (owners)',
        params: OrgParams,
        body: Type.Object(
          {
            name: Type.Optional(OrganizationInput.name),
            timeZone: Type.Optional(OrganizationInput.timeZone),
            weekStart: Type.Optional(OrganizationInput.weekStart),
            defaultLocale: Type.Optional(OrganizationInput.defaultLocale),
            defaultWeeklyContractSeconds: Type.Optional(OrganizationInput.defaultWeeklyContractSeconds),
            workingSchedule: Type.Optional(WorkingSchedule),
            lateAfterDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: OrganizationBody, ...ErrorResponses },
      },
    },
    async (request) => {
      assertTimeZone('body.timeZone', request.body.timeZone);
      assertSchedule('body.workingSchedule', request.body.workingSchedule);
      const row = await updateOrganization(app.deps.db, request.member.organizationId, request.body);
      if (!row) throw notFound('Organization');
      return organizationBody(row);
    },
  );
};

export default organizationRoutes;
