// @proofwork/app: the rules of Proofwork. The API, the workers and the CLI call these services with
// an actor and { db, clock }; they hold no rule of their own.
export * from './absences/absence.service';
export * from './actor';
export * from './approvals/approval.service';
export * from './catalog/catalog.service';
export * from './config/environment';
export * from './config/folders';
export * from './context';
export * from './dashboards/dashboard.service';
export * from './errors';
export * from './evidence/evidence.service';
export * from './evidence/evidence-schedule.service';
export * from './evidence/export-build.service';
export * from './imports/import.contract';
export * from './imports/import.service';
export type {
  ActivityChoice,
  BrandChoice,
  MappingInput,
  PersonChoice,
  PreviewRow,
  ResolvedMapping,
  Survey,
} from './imports/mapping';
export * from './mail/account-mail';
export * from './mail/mailer';
export * from './mail/templates';
export * from './notifications/index';
export * from './organizations/account.service';
export * from './organizations/invitation.service';
export * from './organizations/member.service';
export * from './organizations/organization.service';
export * from './quick-add/quick-add.service';
export * from './quick-add/vocabulary.service';
export * from './sso/discovery';
export * from './sso/sso.service';
export * from './time-entries/time-entry.rules';
export * from './time-entries/time-entry.service';
export * from './time-entries/week-summary.service';
export * from './timer/timer.service';
export * from './tokens/token.service';
export * from './webhooks/deliver';
export * from './webhooks/signature';
export * from './webhooks/ssrf';
export * from './webhooks/webhook.service';
