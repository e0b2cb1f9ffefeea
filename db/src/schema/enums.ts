// Closed vocabularies stored as PostgreSQL enums.
import { LOCALES, PLATFORMS } from '@proofwork/core';
import { pgEnum } from 'drizzle-orm/pg-core';

export const localeEnum = pgEnum('locale', LOCALES);
export const memberRoleEnum = pgEnum('member_role', ['owner', 'manager', 'member']);
/** Who must use two-factor authentication in an organization: nobody, managers and owners, or everyone. */
export const twoFactorRequirementEnum = pgEnum('two_factor_requirement', ['nobody', 'managers', 'everyone']);
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
export const importFormatEnum = pgEnum('import_format', ['toggl', 'clockify', 'harvest', 'generic', 'proofwork']);
export const importStatusEnum = pgEnum('import_status', [
  'ready',
  'queued',
  'running',
  'done',
  'failed',
  'cancelled',
  'undone',
]);
export const absenceKindEnum = pgEnum('absence_kind', ['holiday', 'sick', 'training', 'unpaid', 'other']);
