// In-app notifications of the signed-in member (the same notices as the reminder mails), their own
// reminder settings, and the organization's defaults (managers).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  changeMyReminderSettings,
  changeOrganizationReminderDefaults,
  listMyNotifications,
  myReminderSettings,
  organizationReminderDefaults,
  REMINDER_KINDS,
  readMyNotifications,
} from '@proofwork/app';
import Type from 'typebox';
import { ErrorResponses, nullable, OrgParams, ReminderKindSchema, Uuid } from '../../lib/schemas';
import { MANAGERS } from '../../plugins/tenant';

const Setting = Type.Object({
  kind: ReminderKindSchema,
  enabled: Type.Boolean(),
  atMinutes: nullable(Type.Integer({ minimum: 0, maximum: 1439, description: 'Local time of day, in minutes' })),
  afterHours: nullable(Type.Integer({ minimum: 1, maximum: 24, description: 'A running timer’s threshold' })),
});
const SettingInput = Type.Object(
  {
    kind: ReminderKindSchema,
    enabled: Type.Boolean(),
    atMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 1439 })),
    afterHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 })),
  },
  { additionalProperties: false },
);
const SettingsBody = Type.Object(
  { items: Type.Array(SettingInput, { minItems: 1, maxItems: REMINDER_KINDS.length }) },
  { additionalProperties: false },
);
const Settings = Type.Object({ items: Type.Array(Setting) });
const NotificationBody = Type.Object({
  id: Uuid,
  kind: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
  read: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});

const notificationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = app.deps;
  const common = { tags: ['notifications'] };

  app.get(
    '/notifications',
    {
      config: { scope: 'read' },
      schema: {
        ...common,
        summary: 'Your latest notices (newest first) and how many are unread',
        params: OrgParams,
        response: {
          200: Type.Object({ items: Type.Array(NotificationBody), unread: Type.Integer() }),
          ...ErrorResponses,
        },
      },
    },
    async (request) => listMyNotifications(deps, request.actor),
  );

  app.post(
    '/notifications/read',
    {
      config: { scope: 'session' },
      schema: {
        ...common,
        summary: 'Mark some of your notices read (ids), or all of them (no ids)',
        params: OrgParams,
        body: Type.Object(
          { ids: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 200 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ unread: Type.Integer() }), ...ErrorResponses },
      },
    },
    async (request) => readMyNotifications(deps, request.actor, request.body),
  );

  app.get(
    '/reminders',
    {
      config: { scope: 'read' },
      schema: {
        ...common,
        summary: 'Your reminders as they apply to you (your choice, else the organization’s default)',
        params: OrgParams,
        response: { 200: Settings, ...ErrorResponses },
      },
    },
    async (request) => ({ items: await myReminderSettings(deps, request.actor) }),
  );

  app.put(
    '/reminders',
    {
      config: { scope: 'session' },
      schema: {
        ...common,
        summary: 'Turn your reminders on or off and choose their time',
        params: OrgParams,
        body: SettingsBody,
        response: { 200: Settings, ...ErrorResponses },
      },
    },
    async (request) => ({ items: await changeMyReminderSettings(deps, request.actor, request.body.items) }),
  );

  app.get(
    '/reminder-defaults',
    {
      config: { scope: 'read', roles: MANAGERS },
      schema: {
        ...common,
        summary: 'The organization’s reminder defaults, for members who chose nothing (managers)',
        params: OrgParams,
        response: { 200: Settings, ...ErrorResponses },
      },
    },
    async (request) => ({ items: await organizationReminderDefaults(deps, request.actor) }),
  );

  app.put(
    '/reminder-defaults',
    {
      config: { scope: 'manage', roles: MANAGERS },
      schema: {
        ...common,
        summary: 'Set the organization’s reminder defaults (managers)',
        params: OrgParams,
        body: SettingsBody,
        response: { 200: Settings, ...ErrorResponses },
      },
    },
    async (request) => ({ items: await changeOrganizationReminderDefaults(deps, request.actor, request.body.items) }),
  );
};

export default notificationsRoutes;
