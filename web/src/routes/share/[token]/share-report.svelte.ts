// The public report of a share link: one request per language (switching back and forth counts no
// extra views), the latest language asked for wins, and unknown, expired and revoked links all read
// as "gone". Also the report's sentences and figures, in the viewer's language.
import type { Locale } from '@proofwork/core';
import { ApiError } from '$lib/api/client';
import { getShareSnapshot, type ShareSnapshot } from '$lib/api/evidence';
import { hours, minutes as minutesText, number, percent as percentText, t } from '$lib/i18n.svelte';
import { loadCatalog } from '$lib/messages';

/** The report shows once its language's words are here too (offline without them: in the words there are). */
const wordsOf = (lang: Locale) => loadCatalog(lang).catch(() => {});

export type ReportView =
  | { kind: 'loading' }
  | { kind: 'ready'; data: ShareSnapshot }
  | { kind: 'gone' }
  | { kind: 'error'; error: unknown };

export class ShareReport {
  view = $state<ReportView>({ kind: 'loading' });
  /** The language the report is shown in: the link's at first, then the viewer's choice. */
  language = $state<Locale | null>(null);
  #requests = new Map<Locale, Promise<ShareSnapshot>>();
  #asked = 0;
  readonly #get: typeof getShareSnapshot;

  constructor(
    readonly token: string,
    get: typeof getShareSnapshot = getShareSnapshot,
  ) {
    this.#get = get;
  }

  /**
   * Opens the report in the language chosen when the link was made (not the viewer's browser's: the
   * manager picked the language for the budget holder); `show` switches it afterwards.
   */
  async open() {
    const asked = ++this.#asked;
    try {
      const data = await this.#get(this.token);
      this.#requests.set(data.locale, Promise.resolve(data));
      await wordsOf(data.locale);
      if (asked !== this.#asked) return;
      this.language = data.locale;
      this.view = { kind: 'ready', data };
    } catch (error) {
      if (asked !== this.#asked) return;
      const gone = error instanceof ApiError && (error.status === 404 || error.status === 400);
      this.view = gone ? { kind: 'gone' } : { kind: 'error', error };
    }
  }

  /** Shows the report in a language, asking the server only the first time. */
  async show(lang: Locale) {
    const asked = ++this.#asked;
    let request = this.#requests.get(lang);
    if (!request) {
      request = this.#get(this.token, lang);
      this.#requests.set(lang, request);
      // A failed request is asked again next time (the retry button).
      request.catch(() => this.#requests.delete(lang));
      if (this.view.kind !== 'ready') this.view = { kind: 'loading' };
    }
    try {
      const data = await request;
      await wordsOf(lang);
      if (asked !== this.#asked) return;
      this.language = lang;
      this.view = { kind: 'ready', data };
    } catch (error) {
      if (asked !== this.#asked) return;
      const gone = error instanceof ApiError && (error.status === 404 || error.status === 400);
      this.view = gone ? { kind: 'gone' } : { kind: 'error', error };
    }
  }
}

/** The one hours formatter of the app (and of the printed report). */
export { hours };
export const minutes = (seconds: number | null) => (seconds === null ? '—' : minutesText(seconds));
export const percent = (share: number | null) => (share === null ? '—' : percentText(share, 1));
export const times = (x: number | null) => (x === null ? '—' : `${number(x, { maximumFractionDigits: 1 })}×`);

/** Deliverable types said "une" in French (une story, une vidéo…). */
const FR_FEMININE = new Set(['story', 'video', 'newsletter', 'campaign']);

function pluralOf(word: string, lang: Locale): string {
  if (word === 'story') return 'stories';
  if (/[sxz]$/i.test(word)) return word;
  if (lang === 'en' && /[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

/** "A post is perceived to take 3 min; it took a median of 41 min over 52 posts." */
export function headline(d: NonNullable<ShareSnapshot['headline']>, lang: Locale): string {
  const type = d.name.toLowerCase();
  const article = lang === 'fr' ? (FR_FEMININE.has(d.key) ? 'd’une' : 'd’un') : /^[aeiou]/i.test(type) ? 'An' : 'A';
  return t('evidence.public.headline', {
    article,
    type,
    perceived: minutes(d.perceivedSeconds),
    median: minutes(d.medianSeconds),
    count: number(d.deliverables),
    plural: d.deliverables === 1 ? type : pluralOf(type, lang),
  });
}

const SOURCES = ['timer', 'quick_add', 'manual', 'api', 'import'] as const;

/** How the entries were logged, most used first: "timer 61.0 %, quick-add 30.2 %, …". */
export function sources(methodology: ShareSnapshot['methodology']): string {
  return Object.entries(methodology.bySource)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([source, n]) => {
      const name = (SOURCES as readonly string[]).includes(source)
        ? t(`evidence.source.${source as (typeof SOURCES)[number]}`)
        : source;
      return `${name} ${percent(methodology.entries > 0 ? n / methodology.entries : null)}`;
    })
    .join(', ');
}
