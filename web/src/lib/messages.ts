// Message catalogs of the web app: one per language, identical keys (fr.ts is typed by en.ts's keys
// and tests/browser/messages.test.ts checks that no value is empty).
import type { Locale } from '@proofwork/core';
import { en, type MessageKey } from './messages/en';
import { fr } from './messages/fr';

export type { MessageKey };

export const messages: Record<Locale, Record<MessageKey, string>> = { en, fr };
