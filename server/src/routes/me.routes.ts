// The signed-in user: profile, memberships, creating an organization, accepting an invitation.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  acceptInvitation,
  accountView,
  changeAccount,
  createOrganization,
  describeInvitation,
  unauthorized,
} from '@proofwork/app';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { ErrorResponses, Locale, OrganizationBody, OrganizationInput, Role, Uuid } from '../lib/schemas';

const MeBody = Type.Object({
  user: Type.Object({
    id: Uuid,
    email: Type.String(),
    name: Type.String(),
    locale: Type.Union([Locale, Type.Null()]),
    twoFactorEnabled: Type.Boolean(),
    /** Confirmed by the link mailed to it; accepting an invitation and receiving mail need it. */
    emailVerified: Type.Boolean(),
  }),
  locale: Locale,
  memberships: Type.Array(
    Type.Object({
      organizationId: Uuid,
      name: Type.String(),
      slug: Type.String(),
      role: Role,
      memberId: Uuid,
      defaultLocale: Locale,
      twoFactorRequired: OrganizationBody.properties.twoFactorRequired,
    }),
  ),
});

const InvitationParams = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200, description: 'The secret of the invitation link' }) },
  { additionalProperties: false },
);

const meRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const principalOf = (request: FastifyRequest) => {
    if (!request.principal) throw unauthorized();
    return request.principal;
  };
  // An invitation link is a secret: whoever tries links gets a few tries per address, shared by
  // the lookup and the acceptance.
  const invitationTries = app.rateLimit({
    max: 30,
    timeWindow: '10 minutes',
    keyGenerator: (request) => `invitation:${request.ip}`,
  });

  app.get(
    '/me',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['me'],
        summary: 'The signed-in user, their language and memberships',
        response: { 200: MeBody, ...ErrorResponses },
      },
    },
    async (request) => accountView(app.deps, principalOf(request).userId),
  );

  app.patch(
    '/me',
    {
      config: { scope: 'manage' },
      schema: {
        tags: ['me'],
        summary: 'Change the name or language of the signed-in user',
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
            locale: Type.Optional(Type.Union([Locale, Type.Null()])),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: MeBody, ...ErrorResponses },
      },
    },
    async (request) => changeAccount(app.deps, principalOf(request).userId, request.body),
  );

  app.post(
    '/organizations',
    {
      config: { scope: 'session' },
      schema: {
        tags: ['organizations'],
        summary: 'Create an organization; the creator becomes its owner',
        body: Type.Object(
          {
            name: OrganizationInput.name,
            timeZone: Type.Optional(OrganizationInput.timeZone),
            weekStart: Type.Optional(OrganizationInput.weekStart),
            defaultLocale: Type.Optional(OrganizationInput.defaultLocale),
            defaultWeeklyContractSeconds: Type.Optional(OrganizationInput.defaultWeeklyContractSeconds),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ organization: OrganizationBody, memberId: Uuid }), ...ErrorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createOrganization(app.deps, principalOf(request).userId, request.body)),
  );

  app.get(
    '/invitations/:token',
    {
      config: { public: true },
      onRequest: invitationTries,
      schema: {
        tags: ['members'],
        summary: 'What an invitation link offers (organization, role, invited address)',
        security: [],
        params: InvitationParams,
        response: {
          200: Type.Object({
            organizationName: Type.String(),
            inviterName: Type.String(),
            email: Type.String(),
            role: Role,
            status: Type.String(),
            expiresAt: Type.String({ format: 'date-time' }),
          }),
          ...ErrorResponses,
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return describeInvitation(app.deps, request.params.token);
    },
  );

  app.post(
    '/invitations/:token/accept',
    {
      config: { scope: 'session' },
      onRequest: invitationTries,
      schema: {
        tags: ['members'],
        summary: 'Join the organization of an invitation sent to your address',
        params: InvitationParams,
        response: {
          200: Type.Object({ organizationId: Uuid, memberId: Uuid, role: Role }),
          410: ErrorResponses[409],
          ...ErrorResponses,
        },
      },
    },
    async (request) => acceptInvitation(app.deps, principalOf(request), request.params.token),
  );
};

export default meRoutes;
