// One-click unsubscribe from a reminder mail, without a session (RFC 8058): the mail client POSTs
// `List-Unsubscribe=One-Click` to the address of the List-Unsubscribe header; the page linked in the
// message reads what the link turns off and asks before POSTing the same address. A GET changes
// nothing, so a link scanner that opens every URL unsubscribes nobody.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { describeUnsubscribe, unsubscribe } from '@proofwork/app';
import Type from 'typebox';
import { ErrorResponses, Locale, ReminderKindSchema } from '../lib/schemas';

const Params = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200, description: 'The secret of the unsubscribe link' }) },
  { additionalProperties: false },
);
const Answer = Type.Object({
  /** A reminder, or the mailing of a scheduled evidence pack (the link's address leaves that list). */
  kind: Type.Union([ReminderKindSchema, Type.Literal('scheduled_evidence')]),
  organizationName: Type.String(),
  enabled: Type.Boolean(),
});

const unsubscribeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Mail clients send the one-click request as a form; its content is fixed and not needed.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 1024 },
    (_r, _b, done) => done(null, {}),
  );
  const tries = app.rateLimit({ max: 30, timeWindow: '10 minutes', keyGenerator: (req) => `unsubscribe:${req.ip}` });
  const common = { tags: ['notifications'], security: [], params: Params };

  app.get(
    '/unsubscribe/:token',
    {
      config: { public: true },
      onRequest: tries,
      schema: {
        ...common,
        summary: 'What an unsubscribe link turns off (changes nothing)',
        response: { 200: Type.Object({ ...Answer.properties, locale: Locale }), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return describeUnsubscribe(app.deps, request.params.token);
    },
  );

  app.post(
    '/unsubscribe/:token',
    {
      config: { public: true },
      onRequest: tries,
      schema: {
        ...common,
        summary: 'Turn off the reminder of this link (one click, no session)',
        body: Type.Optional(Type.Object({}, { additionalProperties: true })),
        response: { 200: Answer, ...ErrorResponses },
      },
    },
    async (request) => unsubscribe(app.deps, request.params.token),
  );
};

export default unsubscribeRoutes;
