// GET /taal/:lang?terug=/path — the language switch on every page: a plain link, so it works without JavaScript,
// also in the middle of a login. It remembers the choice in a cookie and returns to the page (a path of namens only).
import type { Context } from 'koa';
import { NotFound } from '../errors.ts';
import { isLocale } from '../../views/locale.ts';
import { LOCALE_COOKIE } from './choose_locale.ts';

const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

export function switchLocale(ctx: Context) {
  const lang = ctx.params.lang;
  if (!isLocale(lang)) throw new NotFound(`namens speaks nl and en, not ${String(lang).slice(0, 10)}`);
  ctx.cookies.set(LOCALE_COOKIE, lang, { httpOnly: true, sameSite: 'lax', maxAge: ONE_YEAR_MS, signed: false, overwrite: true });
  const back = typeof ctx.query.terug === 'string' ? ctx.query.terug : '/mijn';
  // Only a path on this site: never "//host" or "/\host", which browsers would treat as another site.
  const safe = /^\/(?![/\\])[^\s]*$/.test(back) ? back : '/mijn';
  ctx.set('Cache-Control', 'no-store');
  ctx.status = 303;
  ctx.redirect(safe);
}
