// Quick-add: one line of English or French → a time entry. Parse (writes nothing) to preview, or
// post the line to log it, start the timer ("start …") or stop it ("stop").
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { QUICK_ADD_MAX_LENGTH } from '@proofwork/core';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { ErrorBody, ErrorResponses, Locale, OrgParams, TimeZone } from '../../lib/schemas';
import { IdempotencyHeaders } from '../../plugins/idempotency';
import { parseLine, quickAdd } from '../../services/quick-add.service';
import { EntryBody, nullable } from './time-entries.routes';

const Text = Type.String({
  minLength: 1,
  maxLength: QUICK_ADD_MAX_LENGTH,
  description: 'One line, e.g. "montage reel @fournil 1h30 #ig"',
});
const Timestamp = Type.String({ format: 'date-time' });

const ParsedBody = Type.Object({
  durationSeconds: nullable(Type.Integer()),
  startedAt: nullable(Timestamp),
  endedAt: nullable(Timestamp),
  localDate: Type.String({ format: 'date' }),
  categoryKey: Type.String(),
  brand: nullable(Type.String({ description: 'Slug of a known brand' })),
  platform: nullable(Type.String()),
  tags: Type.Array(Type.String()),
  deliverable: nullable(Type.Object({ typeKey: nullable(Type.String()), title: nullable(Type.String()) })),
  note: Type.String(),
  warnings: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
});

/** The caller's language first, then the organization's. */
const Action = Type.Union([Type.Literal('logged'), Type.Literal('timer_started'), Type.Literal('timer_stopped')], {
  description: 'What the line did: logged an entry, started the timer, or stopped it',
});

const localeOf = (request: FastifyRequest) => request.principal?.locale ?? request.member.organization.defaultLocale;

const quickAddRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = app.deps;

  app.post(
    '/quick-add/parse',
    {
      schema: {
        tags: ['time-entries'],
        summary: 'Parse a quick-add line without saving it (preview); now defaults to the server clock',
        params: OrgParams,
        body: Type.Object(
          {
            text: Text,
            now: Type.Optional(Type.String({ format: 'date-time', description: 'Reference instant for "yesterday"…' })),
            timeZone: Type.Optional(TimeZone),
            locale: Type.Optional(Locale),
          },
          { additionalProperties: false },
        ),
        response: { 200: ParsedBody, ...ErrorResponses },
      },
    },
    async (request) => parseLine(deps, request.member, request.body, localeOf(request)),
  );

  app.post(
    '/quick-add',
    {
      schema: {
        tags: ['time-entries'],
        summary: 'Log a quick-add line (or start / stop the timer with "start …" / "stop")',
        params: OrgParams,
        headers: IdempotencyHeaders,
        body: Type.Object(
          { text: Text, timeZone: Type.Optional(TimeZone), locale: Type.Optional(Locale) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object(
            { action: Action, entry: EntryBody, parsed: ParsedBody },
            { description: 'A timer was stopped' },
          ),
          201: Type.Object({ action: Action, entry: EntryBody, parsed: ParsedBody }),
          ...ErrorResponses,
          422: ErrorBody,
        },
      },
    },
    async (request, reply) =>
      reply.idempotent(async (db) => {
        const { status, ...body } = await quickAdd({ ...deps, db }, request.member, request.body, localeOf(request));
        return { status, body };
      }),
  );
};

export default quickAddRoutes;
