// The organization's own settings.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { changeOrganization, getOrganizationView } from '@proofwork/app';
import Type from 'typebox';
import { ErrorResponses, OrganizationBody, OrganizationInput, OrgParams, WorkingSchedule } from '../../lib/schemas';
import { OWNERS } from '../../plugins/tenant';

const organizationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['organizations'],
        summary: 'The organization and its work settings',
        params: OrgParams,
        response: { 200: OrganizationBody, ...ErrorResponses },
      },
    },
    async (request) => getOrganizationView(app.deps, request.actor),
  );

  app.patch(
    '',
    {
      config: { scope: 'manage', roles: OWNERS },
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
            twoFactorRequired: Type.Optional(OrganizationBody.properties.twoFactorRequired),
            holidayCountry: Type.Optional(
              Type.Union([Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }), Type.Null()]),
            ),
            holidayRegion: Type.Optional(Type.Union([Type.String({ pattern: '^[A-Z0-9]{1,3}$' }), Type.Null()])),
            coverageThresholdPercent: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: OrganizationBody, ...ErrorResponses },
      },
    },
    async (request) => changeOrganization(app.deps, request.actor, request.body),
  );
};

export default organizationRoutes;
