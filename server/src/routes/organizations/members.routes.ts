// Members, their roles, contracts and schedules; invitations by link (the link's secret is in the
// answer that creates or renews it, never in a listing).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  changeMember,
  getMemberView,
  inviteMember,
  listInvitationViews,
  listMemberViews,
  removeMemberAccess,
  renewInvitationLink,
  revokeInvitation,
} from '@proofwork/app';
import Type, { type Static } from 'typebox';
import { publicUrl } from '../../auth/auth';
import { ErrorResponses, OrgParams, Role, TimeZone, Uuid, WorkingSchedule } from '../../lib/schemas';
import { OWNERS } from '../../plugins/tenant';

const MemberBody = Type.Object({
  id: Uuid,
  userId: Uuid,
  name: Type.String(),
  email: Type.String(),
  role: Role,
  timeZone: Type.Union([Type.String(), Type.Null()]),
  workingSchedule: Type.Union([WorkingSchedule, Type.Null()]),
  removed: Type.Boolean(),
  tracksTime: Type.Boolean({ description: 'Expected to log time (counted in contract totals and coverage)' }),
  /** Managers and owners see everyone's; a member sees only their own. */
  weeklyContractSeconds: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  /** Managers and owners only. */
  hourlyCostCents: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
});

const MemberParams = Type.Object({ orgId: Uuid, memberId: Uuid }, { additionalProperties: false });
const InvitationParams = Type.Object({ orgId: Uuid, invitationId: Uuid }, { additionalProperties: false });

const InvitationBody = Type.Object({
  id: Uuid,
  email: Type.String(),
  role: Role,
  status: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  createdAt: Type.String({ format: 'date-time' }),
});

const InvitationWithLink = Type.Object({
  ...InvitationBody.properties,
  link: Type.String({
    description: 'Send this link to the person you invite. It is shown this once: renew the invitation for a new one',
  }),
  mailed: Type.Boolean({ description: 'Whether the link was also mailed to the invited address' }),
});

const membersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const withLink = ({
    invitation,
    secret,
    mailed,
  }: {
    invitation: Static<typeof InvitationBody>;
    secret: string;
    mailed: boolean;
  }) => ({
    ...invitation,
    link: `${publicUrl(app.deps.config)}/invite/${secret}`,
    mailed,
  });

  app.get(
    '/members',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['members'],
        summary: 'Members of the organization',
        params: OrgParams,
        querystring: Type.Object({ includeRemoved: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(MemberBody) }), ...ErrorResponses },
      },
    },
    async (request) => ({ items: await listMemberViews(app.deps, request.actor, request.query.includeRemoved) }),
  );

  app.get(
    '/members/:memberId',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['members'],
        summary: 'One member',
        params: MemberParams,
        response: { 200: MemberBody, ...ErrorResponses },
      },
    },
    async (request) => getMemberView(app.deps, request.actor, request.params.memberId),
  );

  app.patch(
    '/members/:memberId',
    {
      config: { scope: 'manage' },
      schema: {
        tags: ['members'],
        summary:
          'Change a member: role (owners), contract, cost and tracks-time (managers), zone and schedule (managers or the member)',
        params: MemberParams,
        body: Type.Object(
          {
            role: Type.Optional(Role),
            timeZone: Type.Optional(Type.Union([TimeZone, Type.Null()])),
            weeklyContractSeconds: Type.Optional(
              Type.Union([Type.Integer({ minimum: 0, maximum: 604800 }), Type.Null()]),
            ),
            workingSchedule: Type.Optional(Type.Union([WorkingSchedule, Type.Null()])),
            hourlyCostCents: Type.Optional(
              Type.Union([Type.Integer({ minimum: 0, maximum: 10_000_000 }), Type.Null()]),
            ),
            tracksTime: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: MemberBody, ...ErrorResponses },
      },
    },
    async (request) => changeMember(app.deps, request.actor, request.params.memberId, request.body),
  );

  app.delete(
    '/members/:memberId',
    {
      config: { scope: 'manage' },
      schema: {
        tags: ['members'],
        summary: 'Remove a member (owners), or leave (your own id); never the last owner. Entries are kept.',
        params: MemberParams,
        response: { 204: Type.Null(), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      await removeMemberAccess(app.deps, request.actor, request.params.memberId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/invitations',
    {
      config: { scope: 'manage', roles: OWNERS },
      schema: {
        tags: ['members'],
        summary: 'Pending invitations (owners); their links are not shown again',
        params: OrgParams,
        response: { 200: Type.Object({ items: Type.Array(InvitationBody) }), ...ErrorResponses },
      },
    },
    async (request) => ({ items: await listInvitationViews(app.deps, request.actor) }),
  );

  app.post(
    '/invitations',
    {
      config: { scope: 'manage', roles: OWNERS },
      schema: {
        tags: ['members'],
        summary: 'Invite someone by link (owners); the link is in this response only, to copy and send',
        params: OrgParams,
        body: Type.Object(
          { email: Type.String({ format: 'email', maxLength: 254 }), role: Role },
          { additionalProperties: false },
        ),
        response: { 201: InvitationWithLink, ...ErrorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(withLink(await inviteMember(app.deps, request.actor, request.body))),
  );

  app.post(
    '/invitations/:invitationId/renew',
    {
      config: { scope: 'manage', roles: OWNERS },
      schema: {
        tags: ['members'],
        summary: 'A new link for a pending invitation (owners): the old link stops working, the expiry restarts',
        params: InvitationParams,
        body: Type.Optional(Type.Object({}, { additionalProperties: false })),
        response: { 200: InvitationWithLink, ...ErrorResponses },
      },
    },
    async (request) => withLink(await renewInvitationLink(app.deps, request.actor, request.params.invitationId)),
  );

  app.delete(
    '/invitations/:invitationId',
    {
      config: { scope: 'manage', roles: OWNERS },
      schema: {
        tags: ['members'],
        summary: 'Revoke a pending invitation (owners)',
        params: InvitationParams,
        response: { 204: Type.Null(), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      await revokeInvitation(app.deps, request.actor, request.params.invitationId);
      return reply.code(204).send(null);
    },
  );
};

export default membersRoutes;
