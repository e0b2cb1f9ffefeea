// Scheduled evidence: managers have the pack of each finished month or quarter mailed to budget
// holders without an account (the workers' daily `evidence.scheduled` pass sends it).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  changeEvidenceSchedule,
  createEvidenceSchedule,
  listEvidenceScheduleViews,
  listEvidenceSendViews,
  MAX_EVIDENCE_RECIPIENTS,
  removeEvidenceSchedule,
} from '@proofwork/app';
import Type from 'typebox';
import { ErrorResponses, Locale, OrgParams, Uuid } from '../../lib/schemas';
import { MANAGERS } from '../../plugins/tenant';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Timestamp = Type.String({ format: 'date-time' });
const Cadence = Type.Union([Type.Literal('monthly'), Type.Literal('quarterly')], {
  description: 'The finished calendar month or quarter, in the organization’s zone',
});
const Recipients = Type.Array(Type.String({ minLength: 3, maxLength: 254 }), {
  maxItems: MAX_EVIDENCE_RECIPIENTS,
  description: 'E-mail addresses (budget holders need no account)',
});
const ScheduleBody = Type.Object({
  id: Uuid,
  cadence: Cadence,
  recipients: Type.Array(Type.String()),
  locale: Locale,
  active: Type.Boolean(),
  lastPeriod: Nullable(Type.String({ description: '2026-11 or 2026-Q3' })),
  createdAt: Timestamp,
});
const SendBody = Type.Object({
  id: Uuid,
  period: Type.String(),
  recipient: Type.String(),
  status: Type.Union([Type.Literal('sending'), Type.Literal('sent'), Type.Literal('failed')]),
  shareLinkId: Nullable(Uuid),
  error: Nullable(Type.String()),
  sentAt: Nullable(Timestamp),
  createdAt: Timestamp,
});
const OneParams = Type.Object({ orgId: Uuid, scheduleId: Uuid }, { additionalProperties: false });

const evidenceSchedulesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const common = { config: { scope: 'manage' as const, roles: MANAGERS } };

  app.get(
    '/evidence-schedules',
    {
      ...common,
      schema: {
        tags: ['evidence'],
        summary: 'The organization’s scheduled evidence packs',
        params: OrgParams,
        response: { 200: Type.Object({ items: Type.Array(ScheduleBody) }), ...ErrorResponses },
      },
    },
    async (request) => ({ items: await listEvidenceScheduleViews(app.deps, request.actor) }),
  );

  app.post(
    '/evidence-schedules',
    {
      ...common,
      schema: {
        tags: ['evidence'],
        summary: 'Mail the evidence pack (PDF and share link) monthly or quarterly to named recipients',
        params: OrgParams,
        body: Type.Object(
          {
            cadence: Cadence,
            recipients: Type.Array(Type.String({ minLength: 3, maxLength: 254 }), {
              minItems: 1,
              maxItems: MAX_EVIDENCE_RECIPIENTS,
            }),
            locale: Locale,
          },
          { additionalProperties: false },
        ),
        response: { 201: ScheduleBody, ...ErrorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createEvidenceSchedule(app.deps, request.actor, request.body)),
  );

  app.patch(
    '/evidence-schedules/:scheduleId',
    {
      ...common,
      schema: {
        tags: ['evidence'],
        summary: 'Change, pause or resume a scheduled evidence pack',
        params: OneParams,
        body: Type.Object(
          {
            cadence: Type.Optional(Cadence),
            recipients: Type.Optional(Recipients),
            locale: Type.Optional(Locale),
            active: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: ScheduleBody, ...ErrorResponses },
      },
    },
    async (request) => changeEvidenceSchedule(app.deps, request.actor, request.params.scheduleId, request.body),
  );

  app.delete(
    '/evidence-schedules/:scheduleId',
    {
      ...common,
      schema: {
        tags: ['evidence'],
        summary: 'Delete a scheduled evidence pack (its share links stay until they expire)',
        params: OneParams,
        response: { 204: Type.Null(), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      await removeEvidenceSchedule(app.deps, request.actor, request.params.scheduleId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/evidence-schedules/:scheduleId/sends',
    {
      ...common,
      schema: {
        tags: ['evidence'],
        summary: 'The last sends of a scheduled evidence pack (newest first)',
        params: OneParams,
        response: { 200: Type.Object({ items: Type.Array(SendBody) }), ...ErrorResponses },
      },
    },
    async (request) => ({ items: await listEvidenceSendViews(app.deps, request.actor, request.params.scheduleId) }),
  );
};

export default evidenceSchedulesRoutes;
