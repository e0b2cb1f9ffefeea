// The public side of share links: GET /api/v1/share/{token} answers the read-only evidence snapshot
// of the link's period, without an account. Unknown, revoked and expired tokens all get the same 404.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { shareSnapshot } from '@proofwork/app';
import Type from 'typebox';
import { ErrorResponses, LocalDate, Locale } from '../lib/schemas';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Seconds = Type.Number({ description: 'Seconds' });

const DeliverableType = Type.Object({
  key: Type.String(),
  name: Type.String(),
  perceivedSeconds: Seconds,
  deliverables: Type.Integer({ description: 'Distinct deliverables with time logged in the period' }),
  measuredSeconds: Seconds,
  medianSeconds: Nullable(Seconds),
  meanSeconds: Nullable(Seconds),
  multiplier: Nullable(Type.Number({ description: 'Median ÷ perceived' })),
});

/** What a budget holder sees: team figures of one period, never a member's name or an entry. */
const ShareSnapshot = Type.Object({
  organization: Type.Object({ name: Type.String() }),
  label: Nullable(Type.String()),
  locale: Locale,
  period: Type.Object({
    from: LocalDate,
    to: LocalDate,
    firstWeek: LocalDate,
    lastDay: LocalDate,
    weeks: Type.Integer(),
  }),
  expiresAt: Type.String({ format: 'date-time' }),
  headline: Nullable(DeliverableType),
  totals: Type.Object(
    {
      loggedSeconds: Seconds,
      expectedSeconds: Seconds,
      overtimeSeconds: Seconds,
      afterHoursSeconds: Seconds,
      weekendSeconds: Seconds,
      entryCount: Type.Integer(),
      members: Type.Integer(),
      memberWeeks: Type.Integer({ description: 'Complete member-weeks the headline reads' }),
      averageContractSeconds: Nullable(Seconds),
      fte: Nullable(Type.Number()),
    },
    { description: 'The headline, computed on complete member-weeks only' },
  ),
  coverage: Type.Object({
    thresholdPercent: Type.Integer(),
    loggedSeconds: Seconds,
    expectedSeconds: Seconds,
    coverage: Nullable(Type.Number({ description: 'Logged ÷ expected of the team' })),
    memberWeeks: Type.Integer(),
    incompleteMemberWeeks: Type.Integer(),
    members: Type.Array(
      Type.Object({
        member: Type.String({ description: 'Member 1…n: share links never carry names' }),
        loggedSeconds: Seconds,
        expectedSeconds: Seconds,
        coverage: Nullable(Type.Number()),
        weeks: Type.Integer(),
        incompleteWeeks: Type.Integer(),
      }),
    ),
    incompleteWeeks: Type.Array(
      Type.Object({
        member: Type.String(),
        weekStart: LocalDate,
        loggedSeconds: Seconds,
        expectedSeconds: Seconds,
        coverage: Nullable(Type.Number()),
      }),
    ),
  }),
  weeks: Type.Array(
    Type.Object({
      weekStart: Nullable(LocalDate),
      loggedSeconds: Seconds,
      expectedSeconds: Seconds,
      coverage: Nullable(Type.Number()),
      overtimeSeconds: Seconds,
      afterHoursSeconds: Seconds,
      weekendSeconds: Seconds,
      entryCount: Type.Integer(),
    }),
  ),
  categories: Type.Array(
    Type.Object({
      key: Type.String(),
      name: Type.String(),
      group: Type.String(),
      seconds: Seconds,
      share: Nullable(Type.Number()),
    }),
  ),
  skills: Type.Array(
    Type.Object({
      skill: Type.String(),
      seconds: Seconds,
      share: Nullable(Type.Number()),
      fte: Nullable(Type.Number()),
    }),
  ),
  deliverableTypes: Type.Array(DeliverableType),
  methodology: Type.Object({
    entries: Type.Integer(),
    bySource: Type.Record(Type.String(), Type.Number()),
    secondsBySource: Type.Record(Type.String(), Type.Number()),
    edited: Type.Integer(),
    late: Type.Integer(),
    durationOnly: Type.Integer(),
    memberWeeks: Type.Integer(),
    approvedMemberWeeks: Type.Integer(),
  }),
});

const shareRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/share/:token',
    {
      config: { public: true },
      schema: {
        tags: ['evidence'],
        summary: 'The read-only evidence snapshot behind a share link (team totals, headline, mix); counts a view',
        security: [],
        params: Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        querystring: Type.Object(
          {
            locale: Type.Optional(
              Type.Union([Type.Literal('en'), Type.Literal('fr')], {
                description: 'Names of categories and deliverable types in this language (default: the link’s)',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: ShareSnapshot, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      // The token is a credential: keep it out of caches, referrers and search engines.
      reply
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .header('x-robots-tag', 'noindex');
      return shareSnapshot(app.deps, request.params.token, request.query.locale);
    },
  );
};

export default shareRoutes;
