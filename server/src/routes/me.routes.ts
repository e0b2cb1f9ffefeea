// The signed-in user: profile, memberships, creating an organization, accepting an invitation.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { findInvitation, listMemberships, schema } from '@proofwork/db';
import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { notFound, unauthorized } from '../lib/errors';
import { ErrorResponses, Locale, OrganizationBody, OrganizationInput, Role, Uuid } from '../lib/schemas';
import { acceptInvitation, createOrganization, organizationBody } from '../services/organization.service';

const MeBody = Type.Object({
  user: Type.Object({ id: Uuid, email: Type.String(), name: Type.String(), locale: Type.Union([Locale, Type.Null()]) }),
  locale: Locale,
  memberships: Type.Array(
    Type.Object({
      organizationId: Uuid,
      name: Type.String(),
      slug: Type.String(),
      role: Role,
      memberId: Uuid,
      defaultLocale: Locale,
    }),
  ),
});

const InvitationParams = Type.Object({ invitationId: Uuid }, { additionalProperties: false });

const meRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const principalOf = (request: FastifyRequest) => {
    if (!request.principal) throw unauthorized();
    return request.principal;
  };

  async function me(userId: string) {
    const [user] = await app.deps.db.select().from(schema.users).where(eq(schema.users.id, userId));
    if (!user) throw unauthorized();
    const memberships = await listMemberships(app.deps.db, userId);
    // The user's choice, else their first organization's language, else English.
    const locale = user.locale ?? memberships[0]?.defaultLocale ?? 'en';
    return { user: { id: user.id, email: user.email, name: user.name, locale: user.locale }, locale, memberships };
  }

  app.get(
    '/me',
    {
      schema: {
        tags: ['me'],
        summary: 'The signed-in user, their language and memberships',
        response: { 200: MeBody, ...ErrorResponses },
      },
    },
    async (request) => me(principalOf(request).userId),
  );

  app.patch(
    '/me',
    {
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
    async (request) => {
      const { userId } = principalOf(request);
      await app.deps.db.update(schema.users).set(request.body).where(eq(schema.users.id, userId));
      return me(userId);
    },
  );

  app.post(
    '/organizations',
    {
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
    async (request, reply) => {
      const { userId, via } = principalOf(request);
      if (via === 'token') throw notFound('Route');
      const { organization, owner } = await createOrganization(app.deps, userId, {
        name: request.body.name,
        timeZone: request.body.timeZone ?? 'Europe/Paris',
        weekStart: request.body.weekStart ?? 1,
        defaultLocale: request.body.defaultLocale ?? 'en',
        defaultWeeklyContractSeconds: request.body.defaultWeeklyContractSeconds ?? 35 * 3600,
      });
      return reply.code(201).send({ organization: organizationBody(organization), memberId: owner.id });
    },
  );

  app.get(
    '/invitations/:invitationId',
    {
      config: { public: true },
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
    async (request) => {
      const found = await findInvitation(app.deps.db, request.params.invitationId);
      if (!found) throw notFound('Invitation');
      const { invitation } = found;
      return {
        organizationName: found.organizationName,
        inviterName: found.inviterName,
        email: invitation.email,
        role: invitation.role,
        status:
          invitation.expiresAt < app.deps.clock.now() && invitation.status === 'pending'
            ? 'expired'
            : invitation.status,
        expiresAt: invitation.expiresAt.toISOString(),
      };
    },
  );

  app.post(
    '/invitations/:invitationId/accept',
    {
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
    async (request) => {
      const principal = principalOf(request);
      if (principal.via === 'token') throw notFound('Route');
      return acceptInvitation(app.deps, principal, request.params.invitationId);
    },
  );
};

export default meRoutes;
