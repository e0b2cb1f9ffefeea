// Week approvals: members submit their weeks, managers approve (freezing the totals and locking
// the entries), reject with a comment, or reopen.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listWeeks, transitionWeek, type WeekAction } from '@proofwork/app';
import Type from 'typebox';
import { ErrorBody, ErrorResponses, LocalDate, nullable, OrgParams, optionalBody, Uuid } from '../../lib/schemas';
import { IdempotencyHeaders } from '../../plugins/idempotency';
import { MANAGERS } from '../../plugins/tenant';

const Status = Type.Enum(['submitted', 'approved', 'rejected', 'reopened']);
const Timestamp = Type.String({ format: 'date-time' });
const Comment = Type.String({ minLength: 1, maxLength: 2000 });

const WeekBody = Type.Object({
  memberId: Uuid,
  weekStart: LocalDate,
  status: Status,
  locked: Type.Boolean({ description: 'Approved: the week’s entries cannot change until it is reopened' }),
  submittedAt: nullable(Timestamp),
  submittedByMemberId: nullable(Uuid),
  decidedAt: nullable(Timestamp),
  decidedByMemberId: nullable(Uuid),
  comment: nullable(Type.String()),
  snapshot: nullable(
    Type.Object({
      totalSeconds: Type.Integer(),
      entryCount: Type.Integer(),
      byCategory: Type.Record(Type.String(), Type.Integer(), { description: 'Seconds per category key' }),
    }),
  ),
  live: Type.Optional(
    Type.Object(
      { totalSeconds: Type.Integer(), entryCount: Type.Integer() },
      { description: 'In GET weeks: the week’s entries as they stand now (running timers count as entries)' },
    ),
  ),
});

const WeekParams = Type.Object(
  { orgId: Uuid, weekStart: Type.String({ format: 'date', description: 'The first day of the week' }) },
  { additionalProperties: false },
);

interface ActionSpec {
  action: WeekAction;
  summary: string;
  managersOnly: boolean;
  /** Whether the member must be named (managers deciding on someone's week). */
  memberRequired: boolean;
  commentRequired: boolean;
}

const ACTIONS: ActionSpec[] = [
  {
    action: 'submit',
    summary: 'Submit a week for approval (your own; managers may submit for a member with ?memberId=)',
    managersOnly: false,
    memberRequired: false,
    commentRequired: false,
  },
  {
    action: 'approve',
    summary: 'Approve a submitted week (managers): its totals are frozen and its entries locked',
    managersOnly: true,
    memberRequired: true,
    commentRequired: false,
  },
  {
    action: 'reject',
    summary: 'Send a submitted week back with a comment (managers)',
    managersOnly: true,
    memberRequired: true,
    commentRequired: true,
  },
  {
    action: 'reopen',
    summary: 'Reopen an approved week so its entries can change again (managers)',
    managersOnly: true,
    memberRequired: true,
    commentRequired: false,
  },
];

const approvalsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = app.deps;

  app.get(
    '/weeks',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['approvals'],
        summary: 'Approval status per member and week (weeks never submitted are not listed); members see their own',
        params: OrgParams,
        querystring: Type.Object(
          {
            from: Type.Optional(LocalDate),
            to: Type.Optional(LocalDate),
            memberId: Type.Optional(Uuid),
            status: Type.Optional(Status),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(WeekBody) }), ...ErrorResponses },
      },
    },
    async (request) => ({ items: await listWeeks(deps, request.actor, request.query) }),
  );

  for (const spec of ACTIONS) {
    const memberId = Type.String({ format: 'uuid', description: 'The member whose week it is' });
    app.post(
      `/weeks/:weekStart/${spec.action}`,
      {
        // Submitting is logging one's work; deciding on a week is managing people.
        config: spec.managersOnly ? { roles: MANAGERS, scope: 'manage' } : { scope: 'entries:write' },
        schema: {
          tags: ['approvals'],
          summary: spec.summary,
          params: WeekParams,
          querystring: Type.Object(
            { memberId: spec.memberRequired ? memberId : Type.Optional(memberId) },
            { additionalProperties: false },
          ),
          headers: IdempotencyHeaders,
          body: spec.commentRequired
            ? Type.Object({ comment: Comment }, { additionalProperties: false })
            : optionalBody({ comment: Type.Optional(Comment) }),
          response: { 200: WeekBody, ...ErrorResponses, 422: ErrorBody },
        },
      },
      async (request, reply) =>
        reply.idempotent(async (db) => ({
          status: 200,
          body: await transitionWeek({ ...deps, db }, request.actor, {
            action: spec.action,
            weekStart: request.params.weekStart,
            memberId: (request.query as { memberId?: string }).memberId,
            comment: (request.body as { comment?: string } | null)?.comment,
          }),
        })),
    );
  }
};

export default approvalsRoutes;
