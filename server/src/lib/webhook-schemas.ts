// The OpenAPI `webhooks` section: what each event's POST carries, so receivers can generate types.
import Type, { type TSchema } from 'typebox';
import { nullable, Uuid } from './schemas';

const Timestamp = Type.String({ format: 'date-time' });
const LocalDate = Type.String({ format: 'date' });

const Entry = Type.Object({
  id: Uuid,
  memberId: Uuid,
  categoryId: Uuid,
  brandId: nullable(Uuid),
  platform: nullable(Type.String()),
  deliverableId: nullable(Uuid),
  tags: Type.Array(Type.String()),
  note: Type.String(),
  startedAt: nullable(Timestamp),
  endedAt: nullable(Timestamp),
  durationSeconds: nullable(Type.Integer()),
  localDate: LocalDate,
  weekStart: LocalDate,
  source: Type.String(),
  isLate: Type.Boolean(),
  deletedAt: nullable(Timestamp),
});
const EntryData = Type.Object({
  action: Type.String({ description: 'create, update, delete, restore, timer_start or timer_stop' }),
  actorMemberId: Uuid,
  entry: Entry,
});
const WeekData = Type.Object({
  actorMemberId: Uuid,
  week: Type.Object(
    {
      memberId: Uuid,
      weekStart: LocalDate,
      status: Type.String(),
      comment: nullable(Type.String()),
      snapshot: Type.Unknown({ description: 'The week’s totals when approved' }),
    },
    { additionalProperties: true },
  ),
});
const ExportData = Type.Object({
  export: Type.Object(
    { id: Uuid, format: Type.String(), sha256: nullable(Type.String()), fileName: nullable(Type.String()) },
    { additionalProperties: true },
  ),
});
const MemberData = Type.Object({ member: Type.Object({ id: Uuid, role: Type.String(), invitationId: Uuid }) });

const envelope = (type: string, data: TSchema) =>
  Type.Object({
    id: Uuid,
    type: Type.Literal(type),
    createdAt: Timestamp,
    organizationId: Uuid,
    data,
  });

const HEADERS = {
  'Proofwork-Signature': {
    description:
      't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>"> (one v1 per secret during a rotation); refuse old timestamps',
    schema: { type: 'string' },
  },
  'Proofwork-Event-Id': { description: 'The same on every retry: de-duplicate with it', schema: { type: 'string' } },
  'Proofwork-Event': { description: 'The event type', schema: { type: 'string' } },
};

const operation = (type: string, summary: string, data: TSchema) => ({
  post: {
    summary,
    description: `Sent to each endpoint listening for ${type}. Answer 2xx within 10 s; anything else is retried with back-off for about a day.`,
    parameters: Object.entries(HEADERS).map(([name, h]) => ({ name, in: 'header', required: true, ...h })),
    requestBody: { required: true, content: { 'application/json': { schema: envelope(type, data) } } },
    responses: { '2XX': { description: 'Received' } },
  },
});

export const WEBHOOK_DOCS = {
  'entry.created': operation(
    'entry.created',
    'A time entry was logged (or a timer started, or an entry restored)',
    EntryData,
  ),
  'entry.updated': operation('entry.updated', 'A time entry changed (or a timer stopped)', EntryData),
  'entry.deleted': operation('entry.deleted', 'A time entry was deleted', EntryData),
  'week.submitted': operation('week.submitted', 'A member submitted a week', WeekData),
  'week.approved': operation('week.approved', 'A manager approved a week', WeekData),
  'week.rejected': operation('week.rejected', 'A manager sent a week back', WeekData),
  'week.reopened': operation('week.reopened', 'A manager reopened an approved week', WeekData),
  'export.done': operation('export.done', 'An evidence export is built', ExportData),
  'member.joined': operation('member.joined', 'Someone accepted an invitation', MemberData),
  ping: operation(
    'ping',
    'A test event (the "send a test event" button)',
    Type.Object({ webhookId: Uuid, message: Type.String() }),
  ),
};
