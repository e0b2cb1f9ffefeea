// Absences (days or half-days off, entered by the member or a manager) and the organization's
// public holidays, and the countries and regions the holiday library knows.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { holidayPlaces, listAbsenceViews, recordAbsence, removeAbsence } from '@proofwork/app';
import Type from 'typebox';
import { ErrorResponses, LocalDate, OrgParams, Uuid } from '../../lib/schemas';

const AbsenceKind = Type.Union(
  [
    Type.Literal('holiday'),
    Type.Literal('sick'),
    Type.Literal('training'),
    Type.Literal('unpaid'),
    Type.Literal('other'),
  ],
  { description: 'The kind of day off' },
);

const AbsenceBody = Type.Object({
  id: Uuid,
  memberId: Uuid,
  localDate: LocalDate,
  kind: AbsenceKind,
  halfDay: Type.Boolean(),
  note: Type.String(),
  createdByMemberId: Type.Union([Uuid, Type.Null()]),
});
const HolidayBody = Type.Object({ localDate: LocalDate, name: Type.String() });
const Place = Type.Object({ code: Type.String(), name: Type.String() });

const absencesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/absences',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['absences'],
        summary: 'Absences and public holidays in a period (members: their own absences)',
        params: OrgParams,
        querystring: Type.Object(
          { from: LocalDate, to: LocalDate, memberId: Type.Optional(Uuid) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(AbsenceBody), publicHolidays: Type.Array(HolidayBody) }),
          ...ErrorResponses,
        },
      },
    },
    async (request) => listAbsenceViews(app.deps, request.actor, request.query),
  );

  app.post(
    '/absences',
    {
      config: { scope: 'entries:write' },
      schema: {
        tags: ['absences'],
        summary:
          'Mark the working days of a period as off (a manager for any member); weekends and public holidays are skipped',
        params: OrgParams,
        body: Type.Object(
          {
            memberId: Type.Optional(Uuid),
            from: LocalDate,
            to: Type.Optional(LocalDate),
            kind: AbsenceKind,
            halfDay: Type.Optional(Type.Boolean()),
            note: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ items: Type.Array(AbsenceBody) }), ...ErrorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await recordAbsence(app.deps, request.actor, request.body)),
  );

  app.delete(
    '/absences/:absenceId',
    {
      config: { scope: 'entries:write' },
      schema: {
        tags: ['absences'],
        summary: 'Remove an absence (your own, or any for a manager)',
        params: Type.Object({ orgId: Uuid, absenceId: Uuid }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      await removeAbsence(app.deps, request.actor, request.params.absenceId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/holiday-places',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['absences'],
        summary: 'Countries whose public holidays the organization can follow, or the regions of one',
        params: OrgParams,
        querystring: Type.Object(
          { country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Place) }), ...ErrorResponses },
      },
    },
    async (request) => ({ items: holidayPlaces(request.actor, request.query.country) }),
  );
};

export default absencesRoutes;
