// GET time-entries/week: one member-week's figures for My week in one request (totals, the
// after-hours / weekend split, contract and overtime, per-day totals, each entry's split).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { weekSummary } from '@proofwork/app';
import Type from 'typebox';
import { ErrorResponses, LocalDate, OrgParams, Uuid } from '../../lib/schemas';

const Seconds = Type.Integer({ minimum: 0 });

const WeekSummaryBody = Type.Object({
  memberId: Uuid,
  weekStart: LocalDate,
  timeZone: Type.String({
    description: 'The zone the days and the split are read in (the member’s, else the organization’s)',
  }),
  totalSeconds: Type.Integer({
    minimum: 0,
    description: 'Finished and duration-only entries; a running timer counts once stopped',
  }),
  entryCount: Type.Integer({ minimum: 0 }),
  afterHoursSeconds: Type.Integer({
    minimum: 0,
    description: 'Time outside the member’s working schedule on weekdays, cut at local midnight',
  }),
  weekendSeconds: Type.Integer({ minimum: 0, description: 'Time on Saturdays and Sundays, cut at local midnight' }),
  contractSeconds: Type.Integer({ minimum: 0, description: 'The member’s weekly contract, else the organization’s' }),
  expectedSeconds: Type.Integer({
    minimum: 0,
    description:
      'The contract pro-rated by the working days present (less public holidays and days off), up to today in the current week',
  }),
  expectedWeekSeconds: Type.Integer({ minimum: 0, description: 'The same for the whole week' }),
  workingDays: Type.Integer({ minimum: 0 }),
  holidayDays: Type.Integer({ minimum: 0, description: 'Public holidays on working days' }),
  absenceDays: Type.Number({ minimum: 0, description: 'Days off on working days (a half-day counts 0.5)' }),
  coverage: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
    description: 'Total ÷ expected; null when nothing is expected',
  }),
  overtimeSeconds: Type.Integer({ minimum: 0, description: 'Time above the expected hours' }),
  remainingSeconds: Type.Integer({ minimum: 0, description: 'Expected time of the whole week still to log' }),
  contractShare: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
    description: 'Total ÷ the whole week’s expected hours; null when nothing is expected',
  }),
  days: Type.Array(
    Type.Object({
      localDate: LocalDate,
      seconds: Seconds,
      entryCount: Type.Integer({ minimum: 0 }),
    }),
    { minItems: 7, maxItems: 7, description: 'The seven days of the week, with the entries listed on each' },
  ),
  entries: Type.Array(Type.Object({ id: Uuid, afterHoursSeconds: Seconds, weekendSeconds: Seconds }), {
    description: 'Each counted entry’s own split, to the second',
  }),
});

const weekSummaryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/time-entries/week',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['time-entries'],
        summary:
          'A member-week’s figures: total, after-hours, weekend, contract, overtime, per day (members: their own)',
        params: OrgParams,
        querystring: Type.Object(
          {
            weekStart: Type.String({ format: 'date', description: 'The first day of the week' }),
            memberId: Type.Optional(
              Type.String({ format: 'uuid', description: 'Managers may read any member; default: you' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: WeekSummaryBody, ...ErrorResponses },
      },
    },
    async (request) => weekSummary(app.deps, request.actor, request.query),
  );
};

export default weekSummaryRoutes;
