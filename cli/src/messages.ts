// Every sentence the command prints, in English and French; the language comes from the locale.
import type { Locale, QuickAddWarningCode } from '@proofwork/core';

const en = {
  'login.url': 'Proofwork address (e.g. https://proofwork.example.com): ',
  'login.token': 'API token (Settings › API tokens; starts with pw_): ',
  'login.done': 'Signed in as {name} in {organization}. Settings saved to {file}.',
  'login.noOrganization': 'This token works in none of your organizations.',
  'logout.done': 'Signed out: the token was removed from {file}.',
  notLoggedIn: 'Not signed in: run `proofwork login --url <address> --token <token>` first.',
  badToken:
    'The token was revoked or is wrong: create a new one in Settings › API tokens, then run `proofwork login` again.',
  forbidden: 'This token may not do that: {message}',
  refused: 'Proofwork refused it: {message}',
  serverError: 'Proofwork had a problem on its side ({status}); try again in a moment.',
  offline: 'Cannot reach {url} ({reason}).',
  queued: 'Offline: the line is kept and will be sent with the same key when Proofwork answers ({count} waiting).',
  'sync.sent': 'Sent {count} queued line(s).',
  'sync.failed': 'A queued line was refused and dropped: "{text}" ({message})',
  'sync.waiting': '{count} line(s) still waiting.',
  'log.logged': 'Logged {duration} of {category}{details} on {date}.',
  'log.timerStarted': 'Timer started: {category}{details}.',
  'log.timerStopped': 'Timer stopped: {duration} of {category}.',
  'log.preview': 'Parsed: {preview}',
  warning: 'Note: {message}',
  'status.running': 'Timer running for {duration}: {category}{details} (since {since}).',
  'status.idle': 'No timer is running.',
  'status.queue': '{count} line(s) waiting to be sent.',
  'stop.none': 'No timer is running.',
  'undo.done': 'Removed: {duration} of {category} on {date}.',
  'undo.nothing': 'Nothing to undo from this terminal.',
  'week.title': 'Week of {weekStart}',
  'week.total': 'Total',
  'week.day': 'Day',
  'week.category': 'Category',
  'week.time': 'Time',
  'week.entries': 'Entries',
  'week.empty': 'Nothing logged this week yet.',
  'week.afterHours': 'After hours',
  'week.weekend': 'Weekend',
  'week.contract': 'Contract',
  'import.read': 'Read {file}: {rows} rows ({format}), {importable} to import ({hours}, {from} – {to}).',
  'import.problems': '{count} row(s) with a problem, e.g.:',
  'import.problem': '  row {row}: {message}',
  'import.confirm': 'Run the import? [y/N] ',
  'import.notRun':
    'Nothing imported yet: run again with --yes, or finish the mapping in Settings › Import (import {id}).',
  'import.progress': 'Importing… {progress} %',
  'import.done':
    'Imported {imported} entries ({hours}); {skipped} row(s) skipped, of which {duplicates} already imported.',
  'import.failed': 'The import failed: {error}',
  brand: 'brand',
} as const;

export type MessageKey = keyof typeof en;

const fr: Record<MessageKey, string> = {
  'login.url': 'Adresse de Proofwork (ex. https://proofwork.example.com) : ',
  'login.token': 'Jeton d’API (Réglages › Jetons d’API ; commence par pw_) : ',
  'login.done': 'Connecté·e en tant que {name} dans {organization}. Réglages enregistrés dans {file}.',
  'login.noOrganization': 'Ce jeton ne fonctionne dans aucune de vos organisations.',
  'logout.done': 'Déconnecté·e : le jeton a été retiré de {file}.',
  notLoggedIn: 'Pas connecté·e : lancez d’abord `proofwork login --url <adresse> --token <jeton>`.',
  badToken:
    'Le jeton a été révoqué ou est erroné : créez-en un nouveau dans Réglages › Jetons d’API, puis relancez `proofwork login`.',
  forbidden: 'Ce jeton ne permet pas cela : {message}',
  refused: 'Proofwork a refusé : {message}',
  serverError: 'Proofwork a rencontré un problème de son côté ({status}) ; réessayez dans un instant.',
  offline: 'Impossible de joindre {url} ({reason}).',
  queued:
    'Hors ligne : la ligne est gardée et sera envoyée avec la même clé dès que Proofwork répondra ({count} en attente).',
  'sync.sent': '{count} ligne(s) en attente envoyée(s).',
  'sync.failed': 'Une ligne en attente a été refusée et retirée : « {text} » ({message})',
  'sync.waiting': '{count} ligne(s) encore en attente.',
  'log.logged': '{duration} de {category}{details} enregistré le {date}.',
  'log.timerStarted': 'Minuteur lancé : {category}{details}.',
  'log.timerStopped': 'Minuteur arrêté : {duration} de {category}.',
  'log.preview': 'Compris : {preview}',
  warning: 'À noter : {message}',
  'status.running': 'Minuteur en cours depuis {duration} : {category}{details} (depuis {since}).',
  'status.idle': 'Aucun minuteur en cours.',
  'status.queue': '{count} ligne(s) en attente d’envoi.',
  'stop.none': 'Aucun minuteur en cours.',
  'undo.done': 'Retiré : {duration} de {category} le {date}.',
  'undo.nothing': 'Rien à annuler depuis ce terminal.',
  'week.title': 'Semaine du {weekStart}',
  'week.total': 'Total',
  'week.day': 'Jour',
  'week.category': 'Catégorie',
  'week.time': 'Temps',
  'week.entries': 'Entrées',
  'week.empty': 'Rien d’enregistré cette semaine pour l’instant.',
  'week.afterHours': 'Hors horaires',
  'week.weekend': 'Week-end',
  'week.contract': 'Contrat',
  'import.read': '{file} lu : {rows} lignes ({format}), {importable} à importer ({hours}, du {from} au {to}).',
  'import.problems': '{count} ligne(s) avec un problème, par exemple :',
  'import.problem': '  ligne {row} : {message}',
  'import.confirm': 'Lancer l’import ? [o/N] ',
  'import.notRun':
    'Rien n’est encore importé : relancez avec --yes, ou terminez la correspondance dans Réglages › Import (import {id}).',
  'import.progress': 'Import en cours… {progress} %',
  'import.done':
    '{imported} entrées importées ({hours}) ; {skipped} ligne(s) ignorée(s), dont {duplicates} déjà importée(s).',
  'import.failed': 'L’import a échoué : {error}',
  brand: 'marque',
};

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, fr };

/** The language of the terminal: LC_ALL, then LC_MESSAGES, then LANG ("fr_FR.UTF-8" → fr). */
export function localeFromEnv(env: NodeJS.ProcessEnv = process.env): Locale {
  const value = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return value.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export function translator(locale: Locale) {
  return (key: MessageKey, values: Record<string, string | number> = {}) =>
    catalogs[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

export type Translate = ReturnType<typeof translator>;

// The parser's warnings, by code: the server's message is English only.
const warningsEn: Record<QuickAddWarningCode, string> = {
  no_duration: 'No duration or time range found: add one, e.g. "1h30" or "9h-10h".',
  two_durations: 'Several durations found; the first one was used.',
  duration_mismatch: 'The duration does not match the time range; the range was used.',
  long_duration: 'This is longer than 12 hours: if that is a mistake, `proofwork undo` removes the entry.',
  unknown_brand: 'Unknown brand "@{brand}": it was kept in the note as typed.',
  ambiguous_brand: 'This @word matches several brands ({candidates}); none was chosen: type more of the name.',
  two_brands: 'Several brands found; the first one was used.',
  no_category: 'No category recognised; the default category was used.',
  unknown_platform: 'This platform is not enabled for your organization; it was kept as a tag.',
  two_platforms: 'Several platforms found; the first one was used.',
  future_date: 'The date is in the future.',
  two_dates: 'Several dates found; the first one was used.',
  invalid_context: 'Your time zone could not be read; UTC was used.',
  truncated: 'The line is too long and was cut.',
};

const warningsFr: Record<QuickAddWarningCode, string> = {
  no_duration: 'Aucune durée ni plage horaire : ajoutez-en une, ex. « 1h30 » ou « 9h-10h ».',
  two_durations: 'Plusieurs durées trouvées ; la première a été retenue.',
  duration_mismatch: 'La durée ne correspond pas à la plage horaire ; la plage a été retenue.',
  long_duration: 'Plus de 12 heures : en cas d’erreur, `proofwork undo` retire l’entrée.',
  unknown_brand: 'Marque inconnue « @{brand} » : elle a été gardée telle quelle dans la note.',
  ambiguous_brand:
    'Ce @mot correspond à plusieurs marques ({candidates}) ; aucune n’a été choisie : tapez davantage du nom.',
  two_brands: 'Plusieurs marques trouvées ; la première a été retenue.',
  no_category: 'Aucune catégorie reconnue ; la catégorie par défaut a été utilisée.',
  unknown_platform: 'Cette plateforme n’est pas activée pour votre organisation ; elle a été gardée comme tag.',
  two_platforms: 'Plusieurs plateformes trouvées ; la première a été retenue.',
  future_date: 'La date est dans le futur.',
  two_dates: 'Plusieurs dates trouvées ; la première a été retenue.',
  invalid_context: 'Votre fuseau horaire n’a pas pu être lu ; UTC a été utilisé.',
  truncated: 'La ligne est trop longue et a été coupée.',
};

const warningCatalogs: Record<Locale, Record<QuickAddWarningCode, string>> = { en: warningsEn, fr: warningsFr };

/**
 * A quick-add warning in the terminal's language, by its code. A code this version does not know
 * (a newer server), or a sentence whose word the answer does not give, keeps the server's message.
 */
export function warningText(
  locale: Locale,
  warning: { code: string; message: string },
  values: { brand?: string | null; candidates?: readonly string[] },
): string {
  const catalog = warningCatalogs[locale];
  if (!Object.hasOwn(catalog, warning.code)) return warning.message;
  const words: Record<string, string> = { brand: values.brand ?? '', candidates: (values.candidates ?? []).join(', ') };
  let missing = false;
  const text = catalog[warning.code as QuickAddWarningCode].replace(/\{(\w+)\}/g, (_, name: string) => {
    const word = words[name] ?? '';
    if (!word) missing = true;
    return word;
  });
  return missing ? warning.message : text;
}
