// Schemas of a time entry shared by every way of logging (entries, timer, quick-add).
import { MAX_NOTE_LENGTH, MAX_TAG_LENGTH, MAX_TAGS } from '@proofwork/app';
import { PLATFORMS } from '@proofwork/core';
import Type from 'typebox';
import { LocalDate, nullable, Uuid } from './schemas';

export { MAX_TAG_LENGTH };

const Instant = Type.String({
  format: 'date-time',
  description: 'An instant with its UTC offset, e.g. 2026-03-29T01:30:00+01:00',
});
export const Timestamp = Type.String({ format: 'date-time' });
export const Platform = Type.Enum(PLATFORMS);
export const Source = Type.Enum(['timer', 'quick_add', 'manual', 'api', 'import']);

/** The descriptive fields every way of logging shares (entries, timer, quick-add). */
export const EntryFieldsSchema = {
  categoryId: Uuid,
  brandId: Type.Optional(nullable(Uuid)),
  platform: Type.Optional(nullable(Platform)),
  deliverableId: Type.Optional(nullable(Uuid)),
  tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: MAX_TAG_LENGTH }), { maxItems: MAX_TAGS })),
  note: Type.Optional(Type.String({ maxLength: MAX_NOTE_LENGTH })),
};

export const TimingSchema = {
  startedAt: Type.Optional(Instant),
  endedAt: Type.Optional(Instant),
  durationSeconds: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 86400, description: 'For an entry without clock times, with localDate' }),
  ),
  localDate: Type.Optional(LocalDate),
};

export const EntryCreate = Type.Object(
  {
    memberId: Type.Optional(
      Type.String({ format: 'uuid', description: 'Managers may log for any member; default: you' }),
    ),
    ...EntryFieldsSchema,
    ...TimingSchema,
    source: Type.Optional(Source),
  },
  {
    additionalProperties: false,
    description: 'Send startedAt and endedAt, or durationSeconds and localDate (the member’s local day)',
  },
);

export const EntryBody = Type.Object({
  id: Uuid,
  memberId: Uuid,
  categoryId: Uuid,
  brandId: nullable(Uuid),
  platform: nullable(Platform),
  deliverableId: nullable(Uuid),
  tags: Type.Array(Type.String()),
  note: Type.String(),
  startedAt: nullable(Timestamp),
  endedAt: nullable(Timestamp),
  durationSeconds: nullable(Type.Integer()),
  localDate: LocalDate,
  weekStart: LocalDate,
  source: Source,
  isLate: Type.Boolean({ description: 'Written or changed long after its day' }),
  running: Type.Boolean(),
  stale: Type.Boolean({ description: 'A timer running for more than 12 hours: stop it with its real end' }),
  createdByMemberId: nullable(Uuid),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  deletedAt: nullable(Timestamp),
  overlaps: Type.Array(Uuid, { description: 'The member’s other entries whose time ranges intersect this one' }),
});
