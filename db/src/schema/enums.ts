// Closed vocabularies stored as PostgreSQL enums.
import { LOCALES, PLATFORMS } from '@proofwork/core';
import { pgEnum } from 'drizzle-orm/pg-core';

export const localeEnum = pgEnum('locale', LOCALES);
export const memberRoleEnum = pgEnum('member_role', ['owner', 'manager', 'member']);
export const platformEnum = pgEnum('platform', PLATFORMS);
export const entrySourceEnum = pgEnum('entry_source', ['timer', 'quick_add', 'manual', 'api', 'import']);
export const entryEventActionEnum = pgEnum('entry_event_action', [
  'create',
  'update',
  'delete',
  'restore',
  'timer_start',
  'timer_stop',
]);
export const approvalStatusEnum = pgEnum('approval_status', ['submitted', 'approved', 'rejected', 'reopened']);
export const exportFormatEnum = pgEnum('export_format', ['pdf', 'csv', 'xlsx', 'json']);
export const exportStatusEnum = pgEnum('export_status', ['queued', 'running', 'done', 'failed']);
