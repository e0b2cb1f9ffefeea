// Every message Proofwork sends, from one template set: English and French words, rendered as plain
// text and as HTML from the same parts (greeting, paragraphs, an optional table, one action), with
// the List-Unsubscribe headers of RFC 2369 / RFC 8058 on the messages one can opt out of.
import { formatHours, type Locale } from '@proofwork/core';

export interface DigestRow {
  name: string;
  seconds: number;
  contractSeconds: number;
  overtimeSeconds: number;
  afterHoursSeconds: number;
  status: 'open' | 'submitted' | 'approved' | 'reopened' | string;
}

export type MailContent =
  | { kind: 'verify_email'; name: string; url: string }
  | { kind: 'reset_password'; name: string; url: string }
  | { kind: 'invitation'; organizationName: string; inviterName: string; role: string; url: string }
  | { kind: 'nothing_logged'; name: string; date: string; url: string }
  | { kind: 'timer_running'; name: string; startedAt: string; hours: number; timeZone: string; stopUrl: string }
  | { kind: 'week_unsubmitted'; name: string; weekStart: string; url: string }
  | {
      kind: 'manager_digest';
      name: string;
      organizationName: string;
      weekStart: string;
      rows: DigestRow[];
      waitingApproval: number;
      notSubmitted: number;
      url: string;
    }
  | {
      kind: 'scheduled_evidence';
      organizationName: string;
      cadence: 'monthly' | 'quarterly';
      from: string;
      to: string;
      url: string;
      expiresAt: string;
    }
  | { kind: 'webhook_disabled'; name: string; organizationName: string; endpoint: string; reason: string; url: string };

export type MailKind = MailContent['kind'];

export interface Unsubscribe {
  /** The page a person opens from the message (asks before turning the reminder off). */
  pageUrl: string;
  /** The one-click address a mail client POSTs to (RFC 8058). */
  oneClickUrl: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

interface Parts {
  subject: string;
  greeting: string;
  paragraphs: string[];
  table?: { head: string[]; rows: string[][] };
  action?: { label: string; url: string };
  footer?: string;
}

const dayFormat = (locale: Locale) =>
  new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  });
/** A local day (YYYY-MM-DD) in words: "Tuesday 3 March" / "mardi 3 mars". */
export const formatDay = (date: string, locale: Locale) => dayFormat(locale).format(new Date(`${date}T12:00:00Z`));
const formatClock = (instant: string, timeZone: string, locale: Locale) =>
  new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(new Date(instant));

const ROLE_WORDS: Record<Locale, Record<string, string>> = {
  en: { owner: 'owner', manager: 'manager', member: 'member' },
  fr: { owner: 'propriétaire', manager: 'manager', member: 'membre' },
};
const STATUS_WORDS: Record<Locale, Record<string, string>> = {
  en: { open: 'not submitted', reopened: 'reopened', submitted: 'waiting for approval', approved: 'approved' },
  fr: { open: 'non soumise', reopened: 'rouverte', submitted: 'en attente de validation', approved: 'validée' },
};

function partsOf(content: MailContent, locale: Locale): Parts {
  const fr = locale === 'fr';
  const hi = (name: string) => (fr ? `Bonjour ${name},` : `Hello ${name},`);
  switch (content.kind) {
    case 'verify_email':
      return {
        subject: fr ? 'Confirmez votre adresse e-mail' : 'Confirm your e-mail address',
        greeting: hi(content.name),
        paragraphs: [
          fr
            ? 'Confirmez cette adresse pour pouvoir accepter une invitation et recevoir des preuves de charge de travail.'
            : 'Confirm this address to accept invitations and receive workload evidence.',
          fr
            ? "Ce lien est valable une heure. Si vous n'avez pas créé de compte Proofwork, ignorez ce message."
            : 'The link works for one hour. If you did not create a Proofwork account, ignore this message.',
        ],
        action: { label: fr ? "Confirmer l'adresse" : 'Confirm the address', url: content.url },
      };
    case 'reset_password':
      return {
        subject: fr ? 'Réinitialiser votre mot de passe' : 'Reset your password',
        greeting: hi(content.name),
        paragraphs: [
          fr
            ? 'Quelqu’un a demandé un nouveau mot de passe pour ce compte. Le lien est valable une heure et ne sert qu’une fois.'
            : 'Someone asked for a new password for this account. The link works for one hour, once.',
          fr
            ? 'Si ce n’était pas vous, ignorez ce message : votre mot de passe ne change pas.'
            : 'If it was not you, ignore this message: your password stays as it is.',
        ],
        action: { label: fr ? 'Choisir un nouveau mot de passe' : 'Choose a new password', url: content.url },
      };
    case 'invitation':
      return {
        subject: fr
          ? `${content.inviterName} vous invite sur ${content.organizationName}`
          : `${content.inviterName} invites you to ${content.organizationName}`,
        greeting: fr ? 'Bonjour,' : 'Hello,',
        paragraphs: [
          fr
            ? `${content.inviterName} vous invite à rejoindre ${content.organizationName} sur Proofwork en tant que ${ROLE_WORDS.fr[content.role] ?? content.role}.`
            : `${content.inviterName} invites you to join ${content.organizationName} on Proofwork as ${ROLE_WORDS.en[content.role] ?? content.role}.`,
          fr
            ? "Connectez-vous (ou créez votre compte) avec cette adresse et confirmez-la pour accepter. L'invitation expire dans 14 jours."
            : 'Sign in (or create your account) with this address and confirm it to accept. The invitation expires in 14 days.',
        ],
        action: { label: fr ? "Voir l'invitation" : 'Open the invitation', url: content.url },
      };
    case 'nothing_logged':
      return {
        subject: fr
          ? `Rien de saisi pour ${formatDay(content.date, locale)}`
          : `Nothing logged for ${formatDay(content.date, locale)}`,
        greeting: hi(content.name),
        paragraphs: [
          fr
            ? "Votre journée n'a encore aucune saisie. Une journée vide se lit comme « pas de travail » dans les tableaux de bord : deux minutes maintenant évitent un trou dans vos preuves."
            : 'Your day has no time logged yet. An empty day reads as "no work" on the dashboards: two minutes now keep a hole out of your evidence.',
        ],
        action: { label: fr ? 'Saisir ma journée' : 'Log my day', url: content.url },
      };
    case 'timer_running':
      return {
        subject: fr
          ? `Votre minuteur tourne depuis plus de ${content.hours} h`
          : `Your timer has been running for over ${content.hours} h`,
        greeting: hi(content.name),
        paragraphs: [
          fr
            ? `Un minuteur tourne depuis ${formatClock(content.startedAt, content.timeZone, locale)}. S'il a été oublié, arrêtez-le à l'heure où vous avez fini : le lien ouvre Proofwork avec l'arrêt prérempli, à vérifier avant de valider.`
            : `A timer has been running since ${formatClock(content.startedAt, content.timeZone, locale)}. If it was forgotten, stop it at the time you left: the link opens Proofwork with the stop filled in, for you to check and confirm.`,
        ],
        action: { label: fr ? "Arrêter à l'heure de mon départ" : 'Stop at the time I left', url: content.stopUrl },
      };
    case 'week_unsubmitted':
      return {
        subject: fr
          ? `Semaine du ${formatDay(content.weekStart, locale)} non soumise`
          : `Week of ${formatDay(content.weekStart, locale)} not submitted`,
        greeting: hi(content.name),
        paragraphs: [
          fr
            ? "La semaine dernière n'est pas encore soumise. Relisez-la et soumettez-la pour que votre manager puisse la valider."
            : 'Last week is not submitted yet. Look it over and submit it so your manager can approve it.',
        ],
        action: { label: fr ? 'Relire et soumettre' : 'Review and submit', url: content.url },
      };
    case 'manager_digest': {
      const h = (s: number) => formatHours(s, locale);
      const status = STATUS_WORDS[locale];
      return {
        subject: fr
          ? `${content.organizationName} : la semaine du ${formatDay(content.weekStart, locale)}`
          : `${content.organizationName}: the week of ${formatDay(content.weekStart, locale)}`,
        greeting: hi(content.name),
        paragraphs: [
          fr
            ? `Heures de l'équipe face aux contrats, heures supplémentaires et hors horaires. Semaines non soumises : ${content.notSubmitted}. En attente de votre validation : ${content.waitingApproval}.`
            : `Team hours against contracts, overtime and after-hours. Weeks not submitted: ${content.notSubmitted}. Waiting for your approval: ${content.waitingApproval}.`,
        ],
        table: {
          head: fr
            ? ['Membre', 'Heures', 'Contrat', 'Heures sup.', 'Hors horaires', 'Semaine']
            : ['Member', 'Hours', 'Contract', 'Overtime', 'After-hours', 'Week'],
          rows: content.rows.map((r) => [
            r.name,
            h(r.seconds),
            h(r.contractSeconds),
            h(r.overtimeSeconds),
            h(r.afterHoursSeconds),
            status[r.status] ?? r.status,
          ]),
        },
        action: { label: fr ? "Ouvrir la vue d'équipe" : 'Open the team overview', url: content.url },
      };
    }
    case 'scheduled_evidence': {
      const long = (d: string) =>
        new Intl.DateTimeFormat(fr ? 'fr-FR' : 'en-GB', {
          day: 'numeric',
          month: 'long',
          year: 'numeric',
          timeZone: 'UTC',
        }).format(new Date(`${d}T12:00:00Z`));
      const period = `${long(content.from)} – ${long(content.to)}`;
      const until = long(content.expiresAt.slice(0, 10));
      return {
        subject: fr
          ? `${content.organizationName} : preuves de charge de travail, ${period}`
          : `${content.organizationName}: workload evidence, ${period}`,
        greeting: fr ? 'Bonjour,' : 'Hello,',
        paragraphs: [
          fr
            ? `Voici le dossier de preuves ${content.cadence === 'monthly' ? 'du mois' : 'du trimestre'} écoulé de ${content.organizationName} (${period}) : le PDF est en pièce jointe, les chiffres de l'équipe sont aussi en ligne, sans nom de personne.`
            : `Here is ${content.organizationName}'s evidence pack for the past ${content.cadence === 'monthly' ? 'month' : 'quarter'} (${period}): the PDF is attached, and the team's figures are online too, without anyone's name.`,
          fr
            ? `Le lien ne montre que cette période et expire le ${until}. Aucun compte n'est nécessaire.`
            : `The link shows this period only and expires on ${until}. No account is needed.`,
        ],
        action: { label: fr ? 'Voir les chiffres en ligne' : 'See the figures online', url: content.url },
      };
    }
    case 'webhook_disabled':
      return {
        subject: fr
          ? `Webhook désactivé sur ${content.organizationName}`
          : `Webhook disabled on ${content.organizationName}`,
        greeting: hi(content.name),
        paragraphs: [
          fr
            ? `Le point de terminaison ${content.endpoint} échoue depuis une journée : il a été désactivé et ses envois en attente abandonnés.`
            : `The endpoint ${content.endpoint} has failed for a whole day: it was disabled and its waiting deliveries given up.`,
          fr ? `Dernière erreur : ${content.reason}` : `Last error: ${content.reason}`,
        ],
        action: { label: fr ? 'Voir les webhooks' : 'Open the webhooks', url: content.url },
      };
  }
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function textOf(parts: Parts, unsubscribe: string | null): string {
  const lines = [parts.greeting, '', ...parts.paragraphs.flatMap((p) => [p, ''])];
  if (parts.table) {
    lines.push(parts.table.head.join(' | '));
    for (const row of parts.table.rows) lines.push(row.join(' | '));
    lines.push('');
  }
  if (parts.action) lines.push(`${parts.action.label}: ${parts.action.url}`, '');
  lines.push('— Proofwork');
  if (unsubscribe) lines.push('', unsubscribe);
  return `${lines.join('\n')}\n`;
}

function htmlOf(parts: Parts, locale: Locale, unsubscribe: { words: string; url: string } | null): string {
  const cell = 'padding:4px 8px;border-bottom:1px solid #ddd;text-align:left';
  const table = parts.table
    ? `<table style="border-collapse:collapse;margin:16px 0"><thead><tr>${parts.table.head
        .map((h) => `<th style="${cell}">${escapeHtml(h)}</th>`)
        .join('')}</tr></thead><tbody>${parts.table.rows
        .map((r) => `<tr>${r.map((c) => `<td style="${cell}">${escapeHtml(c)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`
    : '';
  const action = parts.action
    ? `<p><a href="${escapeHtml(parts.action.url)}" style="display:inline-block;padding:10px 16px;background:#1f4fd1;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(parts.action.label)}</a></p>`
    : '';
  const footer = unsubscribe
    ? `<p style="color:#666;font-size:12px"><a href="${escapeHtml(unsubscribe.url)}">${escapeHtml(unsubscribe.words)}</a></p>`
    : '';
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(parts.subject)}</title></head><body style="font-family:system-ui,sans-serif;color:#111;max-width:600px">
<p>${escapeHtml(parts.greeting)}</p>
${parts.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${table}${action}<p>— Proofwork</p>${footer}</body></html>
`;
}

/** Subject, text, HTML and headers of one message in one language. */
export function renderMail(content: MailContent, locale: Locale, unsubscribe?: Unsubscribe): RenderedMail {
  const parts = partsOf(content, locale);
  const pack = content.kind === 'scheduled_evidence';
  const words =
    locale === 'fr'
      ? `Ne plus recevoir ${pack ? 'ces envois' : 'ce rappel'} (un clic, sans connexion) :`
      : `Stop ${pack ? 'these mailings' : 'this reminder'} (one click, no sign-in needed):`;
  const headers: Record<string, string> = { 'Content-Language': locale };
  if (unsubscribe) {
    headers['List-Unsubscribe'] = `<${unsubscribe.oneClickUrl}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return {
    subject: parts.subject,
    text: textOf(parts, unsubscribe ? `${words} ${unsubscribe.pageUrl}` : null),
    html: htmlOf(parts, locale, unsubscribe ? { words: words.replace(/ ?:$/, ''), url: unsubscribe.pageUrl } : null),
    headers,
  };
}
