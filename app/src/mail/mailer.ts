// The mailer both the API and the workers send through: nodemailer over SMTP_URL, or, without it
// (the embedded default), each message written as an .eml file under the mail folder with its path
// logged, so a local run shows what would have been sent.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface SentMail {
  messageId: string;
  /** The .eml file written instead of sending (no SMTP_URL). */
  file?: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<SentMail>;
  close(): void;
}

export interface MailLog {
  info(obj: object, msg: string): void;
}

export interface MailerOptions {
  /** smtp://user:pass@host:port (smtps:// for TLS from the first byte); absent: .eml files. */
  smtpUrl?: string;
  /** The From header, e.g. `Proofwork <no-reply@example.com>`. */
  from: string;
  /** Where .eml files go when there is no SMTP server. */
  mailDir: string;
  log?: MailLog;
}

export const DEFAULT_MAIL_FROM = 'Proofwork <no-reply@proofwork.localhost>';

export function createMailer(options: MailerOptions): Mailer {
  const smtp: Transporter | null = options.smtpUrl ? createTransport(options.smtpUrl) : null;
  const files = smtp ? null : createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  let counter = 0;
  return {
    async send(mail) {
      const message = {
        from: options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers ?? {},
        attachments: mail.attachments ?? [],
      };
      if (smtp) {
        const info = await smtp.sendMail(message);
        return { messageId: String(info.messageId) };
      }
      const info = (await files!.sendMail(message)) as { messageId: string; message: Buffer };
      // The folders above it with the usual mode: a recursive mkdir gives every folder it creates
      // the mode, and a private `.data` would shut out the embedded PostgreSQL's own user.
      await mkdir(path.dirname(options.mailDir), { recursive: true });
      await mkdir(options.mailDir, { recursive: true, mode: 0o700 });
      counter += 1;
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const file = path.resolve(options.mailDir, `${stamp}-${process.pid}-${counter}.eml`);
      // Written aside, then renamed: whoever watches the folder never reads half a message.
      await writeFile(`${file}.part`, info.message, { mode: 0o600 });
      await rename(`${file}.part`, file);
      options.log?.info({ file, to: mail.to, subject: mail.subject }, 'mail written (no SMTP_URL)');
      return { messageId: String(info.messageId), file };
    },
    close() {
      smtp?.close();
      files?.close();
    },
  };
}
