// The timer: start (stopping the running one), stop, and the running timer. One per member.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ErrorBody, ErrorResponses, OrgParams, Uuid } from '../../lib/schemas';
import { IdempotencyHeaders } from '../../plugins/idempotency';
import { currentTimer, startTimer, stopTimer } from '../../services/timer.service';
import { EntryBody, EntryFieldsSchema, nullable, optionalBody } from './time-entries.routes';

const MemberId = Type.String({ format: 'uuid', description: 'Managers may act for any member; default: you' });
const WriteErrors = { ...ErrorResponses, 422: ErrorBody };

const timerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = app.deps;

  app.get(
    '/timer',
    {
      schema: {
        tags: ['time-entries'],
        summary: 'The running timer, or null (stale: running for more than 12 hours)',
        params: OrgParams,
        querystring: Type.Object({ memberId: Type.Optional(Uuid) }, { additionalProperties: false }),
        response: { 200: Type.Object({ timer: nullable(EntryBody) }), ...ErrorResponses },
      },
    },
    async (request) => ({ timer: await currentTimer(deps, request.member, request.query.memberId) }),
  );

  app.post(
    '/timer/start',
    {
      schema: {
        tags: ['time-entries'],
        summary: 'Start a timer now; the running one is stopped first (a stale one must be stopped by hand)',
        params: OrgParams,
        headers: IdempotencyHeaders,
        body: Type.Object({ memberId: Type.Optional(MemberId), ...EntryFieldsSchema }, { additionalProperties: false }),
        response: { 201: EntryBody, ...WriteErrors },
      },
    },
    async (request, reply) =>
      reply.idempotent(async (db) => ({
        status: 201,
        body: await startTimer({ ...deps, db }, request.member, request.body),
      })),
  );

  app.post(
    '/timer/stop',
    {
      schema: {
        tags: ['time-entries'],
        summary: 'Stop the running timer, now or at endedAt (required after 12 hours: the real end time)',
        params: OrgParams,
        headers: IdempotencyHeaders,
        body: optionalBody({
          memberId: Type.Optional(MemberId),
          endedAt: Type.Optional(Type.String({ format: 'date-time', description: 'When the work really ended' })),
        }),
        response: { 200: EntryBody, ...WriteErrors },
      },
    },
    async (request, reply) =>
      reply.idempotent(async (db) => ({
        status: 200,
        body: await stopTimer({ ...deps, db }, request.member, request.body ?? {}),
      })),
  );
};

export default timerRoutes;
