// Workload dashboards, all read from weekly rollups. Managers see the team; a member sees only
// themselves. A server-sent event stream tells open dashboards when a week they show was refreshed.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  deliverableTimes,
  maySeeMember,
  rollupFreshness,
  skillMix,
  teamCoverage,
  teamWorkload,
  workMix,
} from '@proofwork/app';
import { ROLLUP_REFRESHED_CHANNEL, type RollupRefreshed } from '@proofwork/db';
import Type from 'typebox';
import { openEventStream, openStreams } from '../../lib/event-stream';
import { ErrorResponses, LocalDate, OrgParams, Uuid } from '../../lib/schemas';

const RangeQuery = Type.Object(
  {
    from: LocalDate,
    to: LocalDate,
    memberId: Type.Optional(Uuid),
    completeOnly: Type.Optional(
      Type.Boolean({
        description: 'Only member-weeks whose coverage (logged ÷ expected) reaches the organization’s threshold',
      }),
    ),
  },
  { additionalProperties: false },
);
const Seconds = Type.Number();
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const TeamRow = Type.Object({
  weekStart: LocalDate,
  memberId: Uuid,
  loggedSeconds: Seconds,
  contractSeconds: Type.Number({ description: 'The weekly contract; 0 for a member who does not track time' }),
  expectedSeconds: Type.Number({
    description:
      'The contract × working days present ÷ working days (public holidays and days off left out; the current week up to today)',
  }),
  overtimeSeconds: Type.Number({ description: 'Logged above expected' }),
  afterHoursSeconds: Seconds,
  weekendSeconds: Seconds,
  byGroup: Type.Record(Type.String(), Seconds),
  coverage: Nullable(Type.Number({ description: 'Logged ÷ expected; null when nothing was expected' })),
  complete: Type.Boolean({ description: 'Coverage reaches the organization’s threshold, or nothing was expected' }),
  current: Type.Boolean({ description: 'The week holds today' }),
  tracksTime: Type.Boolean(),
  workingDays: Type.Integer(),
  holidayDays: Type.Integer(),
  absenceDays: Type.Number(),
});
const IncompleteWeek = Type.Object({
  weekStart: LocalDate,
  loggedSeconds: Seconds,
  expectedSeconds: Seconds,
  coverage: Nullable(Type.Number()),
});
const Coverage = Type.Object({
  thresholdPercent: Type.Integer(),
  loggedSeconds: Seconds,
  expectedSeconds: Seconds,
  coverage: Nullable(Type.Number()),
  weeks: Type.Integer({ description: 'Member-weeks that expected time' }),
  belowWeeks: Type.Integer({ description: 'Of those, below the threshold' }),
  members: Type.Array(
    Type.Object({
      memberId: Uuid,
      weeks: Type.Integer(),
      belowWeeks: Type.Integer(),
      loggedSeconds: Seconds,
      expectedSeconds: Seconds,
      coverage: Nullable(Type.Number()),
      incompleteWeeks: Type.Array(IncompleteWeek),
    }),
  ),
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

const dashboardsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  const streams = openStreams(app);
  const common = { tags: ['dashboards'], params: OrgParams, querystring: RangeQuery };

  app.get(
    '/dashboards/team',
    {
      config: { scope: 'read' },
      schema: {
        ...common,
        summary:
          'Per week and member: logged vs expected, coverage, overtime, after-hours, weekend and time per category group',
        response: { 200: Type.Object({ items: Type.Array(TeamRow) }), ...ErrorResponses },
      },
    },
    async (request) => ({ items: await teamWorkload(app.deps, request.actor, request.query) }),
  );

  app.get(
    '/dashboards/coverage',
    {
      config: { scope: 'read' },
      schema: {
        ...common,
        summary:
          'Coverage (logged ÷ expected) per member and for the team, and the member-weeks below the organization’s threshold',
        response: { 200: Coverage, ...ErrorResponses },
      },
    },
    async (request) => teamCoverage(app.deps, request.actor, request.query),
  );

  for (const dimension of ['category', 'brand', 'platform'] as const) {
    app.get(
      `/dashboards/${dimension === 'category' ? 'categories' : `${dimension}s`}`,
      {
        config: { scope: 'read' },
        schema: {
          ...common,
          summary: `Time per ${dimension} and week, its share and the change from the week before`,
          response: { 200: Type.Object({ items: Type.Array(MixRow) }), ...ErrorResponses },
        },
      },
      async (request) => ({ items: await workMix(app.deps, request.actor, request.query, dimension) }),
    );
  }

  app.get(
    '/dashboards/deliverables',
    {
      config: { scope: 'read' },
      schema: {
        ...common,
        summary: 'Per deliverable type: perceived minutes vs measured time, and the multiplier',
        response: { 200: Type.Object({ items: Type.Array(DeliverableRow) }), ...ErrorResponses },
      },
    },
    async (request) => ({ items: await deliverableTimes(app.deps, request.actor, request.query) }),
  );

  app.get(
    '/dashboards/skills',
    {
      config: { scope: 'read' },
      schema: {
        ...common,
        summary: 'Share of time per skill family and the full-time equivalents the load represents',
        response: { 200: Skills, ...ErrorResponses },
      },
    },
    async (request) => skillMix(app.deps, request.actor, request.query),
  );

  app.get(
    '/dashboards/freshness',
    {
      config: { scope: 'read' },
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
    async (request) => rollupFreshness(app.deps, request.actor),
  );

  app.get(
    '/dashboards/events',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['dashboards'],
        params: OrgParams,
        summary: 'Server-sent events: `rollup` with { memberId, weekStart } each time a week is refreshed',
        produces: ['text/event-stream'],
        response: { 200: Type.String({ description: 'An event stream' }), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { actor } = request;
      await openEventStream(request, reply, streams, {
        db,
        channel: ROLLUP_REFRESHED_CHANNEL,
        onNotice(payload, stream) {
          const event = JSON.parse(payload) as RollupRefreshed;
          if (event.organizationId !== actor.organizationId || !maySeeMember(actor, event.memberId)) return;
          stream.send('rollup', JSON.stringify({ memberId: event.memberId, weekStart: event.weekStart }));
        },
      });
    },
  );
};

export default dashboardsRoutes;
