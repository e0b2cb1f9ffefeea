// Message catalog for the web app. Keys are identical in both languages (a test checks it).
import type { Locale } from '@proofwork/core';

export const messages = {
  en: {
    'app.tagline': 'A “3-minute post” never takes 3 minutes. Here is the evidence.',
    'app.apiRunning': 'The Proofwork API is running.',
    'app.docs': 'API reference',
    'app.language': 'Français',
  },
  fr: {
    'app.tagline': 'Un « post de 3 minutes » ne prend jamais 3 minutes. En voici la preuve.',
    'app.apiRunning': 'L’API Proofwork fonctionne.',
    'app.docs': 'Référence de l’API',
    'app.language': 'English',
  },
} satisfies Record<Locale, Record<string, string>>;

export type MessageKey = keyof (typeof messages)['en'];

export function t(locale: Locale, key: MessageKey): string {
  return messages[locale][key] ?? messages.en[key];
}
