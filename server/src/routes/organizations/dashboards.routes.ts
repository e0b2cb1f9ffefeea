// Workload dashboards, all read from weekly rollups. Managers see the team; a member sees only
// themselves. A server-sent event stream tells open dashboards when a week they show was refreshed.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { daysBetween } from '@proofwork/core';
import {
  deliverablesDashboard,
  freshness,
  mixDashboard,
  ROLLUP_REFRESHED_CHANNEL,
  type RollupRefreshed,
  skillsDashboard,
  teamDashboard,
} from '@proofwork/db';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { forbidden, invalidField } from '../../lib/errors';
import { ErrorResponses, LocalDate, OrgParams, Uuid } from '../../lib/schemas';

const MAX_RANGE_DAYS = 3 * 366;

const RangeQuery = Type.Object(
  { from: LocalDate, to: LocalDate, memberId: Type.Optional(Uuid) },
  { additionalProperties: false },
);
const Seconds = Type.Number();
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const TeamRow = Type.Object({
  weekStart: LocalDate,
  memberId: Uuid,
  loggedSeconds: Seconds,
  contractSeconds: Seconds,
  overtimeSeconds: Seconds,
  afterHoursSeconds: Seconds,
  weekendSeconds: Seconds,
  byGroup: Type.Record(Type.String(), Seconds),
});
const MixRow = Type.Object({
  weekStart: LocalDate,
  key: Nullable(Type.String()),
  label: Nullable(Type.String()),
  seconds: Seconds,
  share: Nullable(Type.Number()),
  previousSeconds: Seconds,
  change: Nullable(Type.Number()),
});
const DeliverableRow = Type.Object(
  {
    deliverableTypeId: Uuid,
    key: Type.String(),
    perceivedSeconds: Seconds,
    deliverableCount: Type.Number(),
    measuredSeconds: Seconds,
    measuredPerDeliverable: Nullable(Type.Number()),
    multiplier: Nullable(Type.Number()),
    medianSeconds: Nullable(
      Type.Number({ description: 'Median time of one deliverable (the evidence pack’s figure)' }),
    ),
    medianMultiplier: Nullable(Type.Number({ description: 'medianSeconds ÷ perceivedSeconds' })),
  },
  { additionalProperties: true },
);
const Skills = Type.Object({
  totalSeconds: Seconds,
  averageContractSeconds: Nullable(Type.Number()),
  weeks: Type.Number(),
  fte: Nullable(Type.Number()),
  families: Type.Array(
    Type.Object({
      skill: Type.String(),
      seconds: Seconds,
      share: Nullable(Type.Number()),
      fte: Nullable(Type.Number()),
    }),
  ),
});

/** A member's dashboards are their own: a member asking for someone else gets 403. */
function rangeFor(request: FastifyRequest<{ Querystring: { from: string; to: string; memberId?: string } }>) {
  const { from, to, memberId } = request.query;
  const span = daysBetween(from, to);
  if (span < 0) throw invalidField('query.to', 'must not be before from');
  if (span > MAX_RANGE_DAYS) throw invalidField('query.to', 'the period is limited to three years');
  const manager = request.member.role !== 'member';
  if (!manager && memberId && memberId !== request.member.id) throw forbidden('Members see their own dashboards only');
  return { from, to, memberId: manager ? memberId : request.member.id };
}

const dashboardsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  const openStreams = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const close of openStreams) close();
  });
  const common = { tags: ['dashboards'], params: OrgParams, querystring: RangeQuery };

  app.get(
    '/dashboards/team',
    {
      schema: {
        ...common,
        summary: 'Per week and member: logged vs contract, overtime, after-hours, weekend and time per category group',
        response: { 200: Type.Object({ items: Type.Array(TeamRow) }), ...ErrorResponses },
      },
    },
    async (request) => ({ items: await teamDashboard(db, request.member.organizationId, rangeFor(request)) }),
  );

  for (const dimension of ['category', 'brand', 'platform'] as const) {
    app.get(
      `/dashboards/${dimension === 'category' ? 'categories' : `${dimension}s`}`,
      {
        schema: {
          ...common,
          summary: `Time per ${dimension} and week, its share and the change from the week before`,
          response: { 200: Type.Object({ items: Type.Array(MixRow) }), ...ErrorResponses },
        },
      },
      async (request) => ({
        items: await mixDashboard(db, request.member.organizationId, { ...rangeFor(request), dimension }),
      }),
    );
  }

  app.get(
    '/dashboards/deliverables',
    {
      schema: {
        ...common,
        summary: 'Per deliverable type: perceived minutes vs measured time, and the multiplier',
        response: { 200: Type.Object({ items: Type.Array(DeliverableRow) }), ...ErrorResponses },
      },
    },
    async (request) => ({ items: await deliverablesDashboard(db, request.member.organizationId, rangeFor(request)) }),
  );

  app.get(
    '/dashboards/skills',
    {
      schema: {
        ...common,
        summary: 'Share of time per skill family and the full-time equivalents the load represents',
        response: { 200: Skills, ...ErrorResponses },
      },
    },
    async (request) => skillsDashboard(db, request.member.organizationId, rangeFor(request)),
  );

  app.get(
    '/dashboards/freshness',
    {
      schema: {
        tags: ['dashboards'],
        params: OrgParams,
        summary: 'Member-weeks waiting for their rollup, and the age of the oldest',
        response: {
          200: Type.Object({
            pendingMemberWeeks: Type.Integer(),
            oldestDirtiedAt: Nullable(Type.String()),
            oldestAgeSeconds: Nullable(Type.Number()),
          }),
          ...ErrorResponses,
        },
      },
    },
    async (request) => freshness(db, request.member.organizationId),
  );

  app.get(
    '/dashboards/events',
    {
      schema: {
        tags: ['dashboards'],
        params: OrgParams,
        summary: 'Server-sent events: `rollup` with { memberId, weekStart } each time a week is refreshed',
        produces: ['text/event-stream'],
        response: { 200: Type.String({ description: 'An event stream' }), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { organizationId, id: memberId, role } = request.member;
      const res = reply.raw;
      // Listen before answering: once a client has read "connected", no refresh can slip by unseen.
      // (A notification cannot arrive between the LISTEN and the headers: both happen in one tick.)
      const subscription = await db.$sql.listen(ROLLUP_REFRESHED_CHANNEL, (payload) => {
        const event = JSON.parse(payload) as RollupRefreshed;
        if (event.organizationId !== organizationId) return;
        if (role === 'member' && event.memberId !== memberId) return;
        res.write(
          `event: rollup\ndata: ${JSON.stringify({ memberId: event.memberId, weekStart: event.weekStart })}\n\n`,
        );
      });
      reply.hijack();
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(': connected\n\nretry: 3000\n\n');
      // A comment every 25 s keeps proxies from closing an idle stream.
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
      const close = () => {
        if (!openStreams.delete(close)) return;
        clearInterval(keepAlive);
        void subscription.unlisten().catch(() => {});
        res.end();
      };
      openStreams.add(close);
      request.raw.on('close', close);
      // The client may have gone while the LISTEN was being set up.
      if (request.raw.destroyed) close();
    },
  );
};

export default dashboardsRoutes;
