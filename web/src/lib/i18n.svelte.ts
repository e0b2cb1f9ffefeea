// UI language: the user's choice, else the browser's; every visible word exists in EN and FR.
import { LOCALES, type Locale } from '@proofwork/core';

function browserLocale(): Locale {
  const lang = typeof navigator === 'undefined' ? 'en' : navigator.language.slice(0, 2);
  return (LOCALES as readonly string[]).includes(lang) ? (lang as Locale) : 'en';
}

class LocaleState {
  current = $state<Locale>(browserLocale());
  set(locale: Locale) {
    this.current = locale;
    if (typeof document !== 'undefined') document.documentElement.lang = locale;
  }
}

export const locale = new LocaleState();
