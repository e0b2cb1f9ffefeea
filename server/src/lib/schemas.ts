// Shared TypeBox schemas for routes: ids, dates, the error body and pagination.
import { kindAppliesTo, REMINDER_KINDS, type ReminderKind } from '@proofwork/app';
import Type, { type TLiteral, type TProperties, type TSchema } from 'typebox';

export const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
/** A body a client may leave out entirely (Fastify validates a missing body as null). */
export const optionalBody = <T extends TProperties>(properties: T) =>
  Type.Union([Type.Object(properties, { additionalProperties: false }), Type.Null()]);

export const Uuid = Type.String({ format: 'uuid', description: 'A uuid' });
export const LocalDate = Type.String({ format: 'date', description: 'A local calendar date, YYYY-MM-DD' });
export const Locale = Type.Union([Type.Literal('en'), Type.Literal('fr')]);
export const Role = Type.Union([Type.Literal('owner'), Type.Literal('manager'), Type.Literal('member')]);
export const Color = Type.String({ pattern: '^#[0-9a-fA-F]{6}$', description: 'A #rrggbb colour' });
export const TimeZone = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'An IANA time zone, e.g. Europe/Paris',
});
export const Clock = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM' });
export const IsoWeekday = Type.Union([
  Type.Literal(1),
  Type.Literal(2),
  Type.Literal(3),
  Type.Literal(4),
  Type.Literal(5),
  Type.Literal(6),
  Type.Literal(7),
]);
export const WorkingSchedule = Type.Array(
  Type.Object({ day: IsoWeekday, start: Clock, end: Clock }, { additionalProperties: false }),
  { maxItems: 21, description: 'Working slots per ISO weekday (1 = Monday), local time' },
);

export const ErrorBody = Type.Object({
  error: Type.String(),
  message: Type.String(),
  details: Type.Array(
    Type.Object({ field: Type.Optional(Type.String()), message: Type.String() }, { additionalProperties: true }),
  ),
});

/** Error responses every route may give; listed so the OpenAPI document shows the shape. */
export const ErrorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  429: ErrorBody,
};

const reminderKindList = REMINDER_KINDS.map((kind) => (kindAppliesTo(kind, 'member') ? kind : `${kind} (managers)`));
/** A reminder a member can turn on or off: app's REMINDER_KINDS, those for managers said so. */
export const ReminderKindSchema = Type.Union(
  REMINDER_KINDS.map((kind) => Type.Literal(kind)) as unknown as [TLiteral<ReminderKind>],
  { description: reminderKindList.join(' · ') },
);

export const OrgParams = Type.Object({ orgId: Uuid }, { additionalProperties: false });

export const OrganizationBody = Type.Object({
  id: Uuid,
  name: Type.String(),
  slug: Type.String(),
  timeZone: Type.String(),
  weekStart: Type.Integer(),
  defaultLocale: Locale,
  defaultWeeklyContractSeconds: Type.Integer(),
  workingSchedule: WorkingSchedule,
  lateAfterDays: Type.Integer(),
  twoFactorRequired: Type.Union([Type.Literal('nobody'), Type.Literal('managers'), Type.Literal('everyone')], {
    description: 'Who must use two-factor authentication to reach the organization (managers = managers and owners)',
  }),
  holidayCountry: Type.Union([Type.String(), Type.Null()], {
    description: 'Country whose public holidays are days off',
  }),
  holidayRegion: Type.Union([Type.String(), Type.Null()]),
  coverageThresholdPercent: Type.Integer({
    description: 'A member-week is complete when logged ÷ expected reaches this percentage',
  }),
  createdAt: Type.String({ format: 'date-time' }),
});

export const OrganizationInput = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  timeZone: TimeZone,
  weekStart: Type.Integer({ minimum: 1, maximum: 7, description: 'ISO weekday the week starts on (1 = Monday)' }),
  defaultLocale: Locale,
  defaultWeeklyContractSeconds: Type.Integer({ minimum: 0, maximum: 604800 }),
};
