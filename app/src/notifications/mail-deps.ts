// What sending mail needs besides the database: the mailer and the public address links point to.
import type { ServiceDeps } from '../context';
import type { Mailer } from '../mail/mailer';

export interface MailDeps {
  mailer: Mailer;
  /** e.g. https://proofwork.example.com (no trailing slash). */
  publicUrl: string;
}

export type NotifyDeps = ServiceDeps & { mail?: MailDeps | null };

export const linkTo = (mail: MailDeps, pathAndQuery: string) => `${mail.publicUrl.replace(/\/$/, '')}${pathAndQuery}`;
