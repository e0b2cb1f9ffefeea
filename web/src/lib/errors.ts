// Turns any failure into words for the user: a translated sentence for the error codes we know,
// else the API's own message (English), so nothing is ever hidden behind "something went wrong".
import { ApiError } from './api/client';
import { t, tMaybe } from './i18n.svelte';

export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.isNetwork) return t('errors.network');
    if (error.code === 'validation_failed' && error.details.length > 0) {
      const fields = error.details.map((d) => d.field?.replace(/^(body|query|params)\./, '') ?? '').filter(Boolean);
      const sentence = t('errors.validation_failed_fields', { fields: fields.join(', ') || '—' });
      // The API's own words (English) say exactly what is wrong with the value.
      const why = error.details.map((d) => d.message).join('; ');
      return why ? `${sentence} (${why})` : sentence;
    }
    return tMaybe(`errors.${error.code}`) ?? error.message;
  }
  return t('errors.unknown');
}

/** The message of the detail naming a field, for inline field errors. */
export function fieldError(error: unknown, field: string): string | null {
  if (!(error instanceof ApiError)) return null;
  const detail = error.details.find((d) => d.field === field || d.field === `body.${field}`);
  return detail ? detail.message : null;
}
