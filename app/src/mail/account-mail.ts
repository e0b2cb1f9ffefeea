// The account's own messages: confirming an address, resetting a password, an invitation. Their
// links carry the secret of the action and land on the web app's pages for it.
import type { Locale } from '@proofwork/core';
import { linkTo, type MailDeps } from '../notifications/mail-deps';
import { renderMail } from './templates';

interface Person {
  email: string;
  name: string;
  locale?: Locale | null;
}

const localeOf = (person: Person): Locale => (person.locale === 'fr' ? 'fr' : 'en');

export async function sendVerificationMail(mail: MailDeps, user: Person, token: string) {
  const url = linkTo(mail, `/verify-email?token=${encodeURIComponent(token)}`);
  return mail.mailer.send({
    to: user.email,
    ...renderMail({ kind: 'verify_email', name: user.name, url }, localeOf(user)),
  });
}

export async function sendPasswordResetMail(mail: MailDeps, user: Person, token: string) {
  const url = linkTo(mail, `/reset-password?token=${encodeURIComponent(token)}`);
  return mail.mailer.send({
    to: user.email,
    ...renderMail({ kind: 'reset_password', name: user.name, url }, localeOf(user)),
  });
}

export async function sendInvitationMail(
  mail: MailDeps,
  invitation: {
    email: string;
    role: string;
    secret: string;
    organizationName: string;
    inviterName: string;
    locale: Locale;
  },
) {
  const url = linkTo(mail, `/invite/${invitation.secret}`);
  return mail.mailer.send({
    to: invitation.email,
    ...renderMail(
      {
        kind: 'invitation',
        organizationName: invitation.organizationName,
        inviterName: invitation.inviterName,
        role: invitation.role,
        url,
      },
      invitation.locale,
    ),
  });
}
