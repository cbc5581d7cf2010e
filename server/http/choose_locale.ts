// Chooses the language of each request (views/locale.ts): the person's choice from the cookie that the language
// switch (switch_locale.ts) sets, else Dutch; and where the switch returns to.
import type { Context, Next } from 'koa';
import { DEFAULT_LOCALE, inLocale, isLocale, type LocaleState } from '../../views/locale.ts';

export const LOCALE_COOKIE = 'namens_lang';

/** The page a form post came from: its GET counterpart (the interaction step, or the /mijn page of the form). */
function returnPathOf(ctx: Context): string {
  if (ctx.method === 'GET') return ctx.url;
  const interaction = /^\/interaction\/[^/]+/.exec(ctx.path);
  if (interaction) return interaction[0];
  if (/^\/mijn\/machtigingen\/(nieuw|aanvragen)$/.test(ctx.path)) return ctx.path;
  const mandate = /^\/mijn\/machtigingen\/[^/]+/.exec(ctx.path);
  if (mandate) return mandate[0];
  return '/mijn';
}

export async function chooseLocale(ctx: Context, next: Next) {
  const cookie = ctx.cookies.get(LOCALE_COOKIE);
  const state: LocaleState = {
    locale: isLocale(cookie) ? cookie : DEFAULT_LOCALE,
    chosen: isLocale(cookie),
    returnTo: returnPathOf(ctx),
  };
  await inLocale(state, next);
}
