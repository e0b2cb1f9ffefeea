// The timer: start (stopping the running one), stop, and the running timer. One per member.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentTimer, startTimer, stopTimer } from '@proofwork/app';
import Type from 'typebox';
import { EntryBody, EntryFieldsSchema } from '../../lib/entry-schemas';
import { ErrorBody, ErrorResponses, nullable, OrgParams, optionalBody, Uuid } from '../../lib/schemas';
import { IdempotencyHeaders } from '../../plugins/idempotency';

const MemberId = Type.String({ format: 'uuid', description: 'Managers may act for any member; default: you' });
const WriteErrors = { ...ErrorResponses, 422: ErrorBody };

const timerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = app.deps;

  app.get(
    '/timer',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['time-entries'],
        summary: 'The running timer, or null (stale: running for more than 12 hours)',
        params: OrgParams,
        querystring: Type.Object({ memberId: Type.Optional(Uuid) }, { additionalProperties: false }),
        response: { 200: Type.Object({ timer: nullable(EntryBody) }), ...ErrorResponses },
      },
    },
    async (request) => ({ timer: await currentTimer(deps, request.actor, request.query.memberId) }),
  );

  app.post(
    '/timer/start',
    {
      config: { scope: 'entries:write' },
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
        body: await startTimer({ ...deps, db }, request.actor, request.body),
      })),
  );

  app.post(
    '/timer/stop',
    {
      config: { scope: 'entries:write' },
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
        body: await stopTimer({ ...deps, db }, request.actor, request.body ?? {}),
      })),
  );
};

export default timerRoutes;
