// The message catalog of the current request's language (views/locale.ts).
import { currentLocale, type Locale } from '../locale.ts';
import { en } from './en.ts';
import { nl, type Messages } from './nl.ts';

export type { Messages };
const CATALOGS: Record<Locale, Messages> = { nl, en };

export function t(): Messages {
  return CATALOGS[currentLocale()];
}

export function catalog(locale: Locale): Messages {
  return CATALOGS[locale];
}
