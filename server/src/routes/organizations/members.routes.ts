// Members, their roles, contracts and schedules; invitations by link.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getMember, listInvitations, listMembers } from '@proofwork/db';
import Type from 'typebox';
import { publicUrl } from '../../auth/auth';
import { notFound } from '../../lib/errors';
import { ErrorResponses, OrgParams, Role, TimeZone, Uuid, WorkingSchedule } from '../../lib/schemas';
import { type Membership, OWNERS } from '../../plugins/tenant';
import { changeMember, inviteMember, removeMemberAccess, revokeInvitation } from '../../services/organization.service';

const MemberBody = Type.Object({
  id: Uuid,
  userId: Uuid,
  name: Type.String(),
  email: Type.String(),
  role: Role,
  timeZone: Type.Union([Type.String(), Type.Null()]),
  workingSchedule: Type.Union([WorkingSchedule, Type.Null()]),
  removed: Type.Boolean(),
  /** Managers and owners see everyone's; a member sees only their own. */
  weeklyContractSeconds: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  /** Managers and owners only. */
  hourlyCostCents: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
});

const MemberParams = Type.Object({ orgId: Uuid, memberId: Uuid }, { additionalProperties: false });
const InvitationParams = Type.Object({ orgId: Uuid, invitationId: Uuid }, { additionalProperties: false });

type MemberRow = NonNullable<Awaited<ReturnType<typeof getMember>>>;

/** Contract and cost are personal data: managers see them, a member sees only their own contract. */
export function memberBody(row: MemberRow, viewer: Membership) {
  const manager = viewer.role === 'owner' || viewer.role === 'manager';
  return {
    id: row.id,
    userId: row.userId,
    name: row.name,
    email: row.email,
    role: row.role,
    timeZone: row.timeZone,
    workingSchedule: row.workingSchedule,
    removed: row.removedAt !== null,
    ...(manager || row.id === viewer.id ? { weeklyContractSeconds: row.weeklyContractSeconds } : {}),
    ...(manager ? { hourlyCostCents: row.hourlyCostCents } : {}),
  };
}

const InvitationBody = Type.Object({
  id: Uuid,
  email: Type.String(),
  role: Role,
  status: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  link: Type.String({ description: 'Send this link to the person you invite' }),
});

const membersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const link = (id: string) => `${publicUrl(app.deps.config)}/invite/${id}`;

  app.get(
    '/members',
    {
      schema: {
        tags: ['members'],
        summary: 'Members of the organization',
        params: OrgParams,
        querystring: Type.Object({ includeRemoved: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(MemberBody) }), ...ErrorResponses },
      },
    },
    async (request) => {
      const rows = await listMembers(app.deps.db, request.member.organizationId);
      const visible = request.query.includeRemoved ? rows : rows.filter((r) => r.removedAt === null);
      return { items: visible.map((r) => memberBody(r, request.member)) };
    },
  );

  app.get(
    '/members/:memberId',
    {
      schema: {
        tags: ['members'],
        summary: 'One member',
        params: MemberParams,
        response: { 200: MemberBody, ...ErrorResponses },
      },
    },
    async (request) => {
      const row = await getMember(app.deps.db, request.member.organizationId, request.params.memberId);
      if (!row) throw notFound('Member');
      return memberBody(row, request.member);
    },
  );

  app.patch(
    '/members/:memberId',
    {
      schema: {
        tags: ['members'],
        summary:
          'Change a member: role (owners), contract and cost (managers), zone and schedule (managers or the member)',
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
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: MemberBody, ...ErrorResponses },
      },
    },
    async (request) => {
      const row = await changeMember(app.deps, request.member, request.params.memberId, request.body);
      if (!row) throw notFound('Member');
      return memberBody(row, request.member);
    },
  );

  app.delete(
    '/members/:memberId',
    {
      schema: {
        tags: ['members'],
        summary: 'Remove a member (owners), or leave (your own id); never the last owner. Entries are kept.',
        params: MemberParams,
        response: { 204: Type.Null(), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      await removeMemberAccess(app.deps, request.member, request.params.memberId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/invitations',
    {
      config: { roles: OWNERS },
      schema: {
        tags: ['members'],
        summary: 'Pending invitations (owners)',
        params: OrgParams,
        response: { 200: Type.Object({ items: Type.Array(InvitationBody) }), ...ErrorResponses },
      },
    },
    async (request) => {
      const rows = await listInvitations(app.deps.db, request.member.organizationId);
      return {
        items: rows.map((r) => ({ ...r, expiresAt: r.expiresAt.toISOString(), link: link(r.id) })),
      };
    },
  );

  app.post(
    '/invitations',
    {
      config: { roles: OWNERS },
      schema: {
        tags: ['members'],
        summary: 'Invite someone by link (owners); the link is returned to copy and send',
        params: OrgParams,
        body: Type.Object(
          { email: Type.String({ format: 'email', maxLength: 254 }), role: Role },
          { additionalProperties: false },
        ),
        response: { 201: InvitationBody, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const row = await inviteMember(app.deps, request.member, request.body.email, request.body.role);
      return reply.code(201).send({ ...row, expiresAt: row.expiresAt.toISOString(), link: link(row.id) });
    },
  );

  app.delete(
    '/invitations/:invitationId',
    {
      config: { roles: OWNERS },
      schema: {
        tags: ['members'],
        summary: 'Revoke a pending invitation (owners)',
        params: InvitationParams,
        response: { 204: Type.Null(), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      await revokeInvitation(app.deps, request.member, request.params.invitationId);
      return reply.code(204).send(null);
    },
  );
};

export default membersRoutes;
