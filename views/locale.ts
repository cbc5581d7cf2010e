// The language of the screens: Dutch by default, English when the person chose it (the switch on every page sets a
// cookie) or, when the person has not chosen, when the app asked for it with `ui_locales`. The language of the
// current request is kept in an AsyncLocalStorage, so views read it without every call passing it along; the
// middleware server/http/choose_locale.ts sets it for each request.
import { AsyncLocalStorage } from 'node:async_hooks';

export const LOCALES = ['nl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'nl';

export interface LocaleState {
  locale: Locale;
  /** Whether the person chose the language themselves (the cookie): then an app's ui_locales does not override it. */
  chosen: boolean;
  /** Where the language switch returns to: the current page, or for a form post the page the form came from. */
  returnTo: string;
}

const storage = new AsyncLocalStorage<LocaleState>();

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function currentLocale(): Locale {
  return storage.getStore()?.locale ?? DEFAULT_LOCALE;
}

export function switchReturnPath(): string {
  return storage.getStore()?.returnTo ?? '/';
}

/** The first of the app's `ui_locales` (space separated, BCP 47) that namens speaks, unless the person chose already. */
export function applyAppLocales(uiLocales: unknown): void {
  const state = storage.getStore();
  if (!state || state.chosen || typeof uiLocales !== 'string') return;
  const wanted = uiLocales
    .split(/\s+/)
    .map((tag) => tag.toLowerCase().split('-')[0])
    .find(isLocale);
  if (wanted) state.locale = wanted;
}

/** Runs `work` (the rest of a request) in the given language. */
export function inLocale<T>(state: LocaleState, work: () => T): T {
  return storage.run(state, work);
}
