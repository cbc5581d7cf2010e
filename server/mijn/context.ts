// What every /mijn action needs, and the /mijn session: a signed, HttpOnly, SameSite=Lax cookie with the person's
// party id, a random session id (which the CSRF tokens are bound to) and an expiry. No BSN in the cookie.
import { randomBytes } from 'node:crypto';
import type { Context, Next } from 'koa';
import type Provider from 'oidc-provider';
import { dutchDate } from '../domain/dates.ts';
import type { MyMandatesRepository } from '../domain/my_mandates.ts';
import type { Person } from '../domain/parties.ts';
import type { CatalogRepository, PersonRepository } from '../domain/repositories.ts';
import { NamensError } from '../errors.ts';
import type { Csrf } from '../http/csrf.ts';
import { decodeCookie, encodeCookie, SESSION_COOKIE } from '../http/mijn_cookie.ts';
import { formField } from '../http/parse_form.ts';
import type { Logger } from '../logger.ts';

export interface MijnDeps {
  provider: Provider;
  issuer: string;
  csrf: Csrf;
  persons: PersonRepository;
  myMandates: MyMandatesRepository;
  catalog: CatalogRepository;
  clock: () => Date;
  logger: Logger;
  /** Activation codes are logged outside production only (a real deployment sends them by post). */
  logActivationCodes: boolean;
}

export const SESSION_MS = 30 * 60 * 1000;

export interface MijnSession {
  person: Person;
  sid: string;
  csrf: string;
  today: string;
}

interface SessionCookie {
  pid: string;
  sid: string;
  exp: number;
}

export function cookieOptions(ctx: Context, maxAge: number) {
  return { signed: true, httpOnly: true, sameSite: 'lax' as const, path: '/mijn', secure: ctx.secure, maxAge, overwrite: true };
}

export function startSession(ctx: Context, deps: MijnDeps, person: Person): void {
  const cookie: SessionCookie = { pid: person.id, sid: randomBytes(16).toString('base64url'), exp: deps.clock().getTime() + SESSION_MS };
  ctx.cookies.set(SESSION_COOKIE, encodeCookie(cookie), cookieOptions(ctx, SESSION_MS));
}

export function endSession(ctx: Context): void {
  ctx.cookies.set(SESSION_COOKIE, null, { ...cookieOptions(ctx, 0), maxAge: undefined, expires: new Date(0) });
}

/** The logged-in person of this request, or undefined (no cookie, a forged or expired one, or a person no longer known). */
export async function readSession(ctx: Context, deps: MijnDeps): Promise<MijnSession | undefined> {
  const cookie = decodeCookie<SessionCookie>(ctx.cookies.get(SESSION_COOKIE, { signed: true }));
  if (!cookie || typeof cookie.pid !== 'string' || typeof cookie.sid !== 'string' || !(cookie.exp > deps.clock().getTime())) return undefined;
  const person = await deps.myMandates.findPerson(cookie.pid);
  if (!person) return undefined;
  return { person, sid: cookie.sid, csrf: deps.csrf.tokenFor(`mijn:${cookie.sid}`), today: dutchDate(deps.clock()) };
}

export function sessionOf(ctx: Context): MijnSession {
  return ctx.state.mijn as MijnSession;
}

/** Pages need a logged-in person: a browser without one is sent to log in (and back here afterwards). */
export function requireSession(deps: MijnDeps) {
  return async function requireSessionMiddleware(ctx: Context, next: Next) {
    const session = await readSession(ctx, deps);
    if (!session) {
      if (ctx.method === 'GET') {
        ctx.status = 303;
        ctx.redirect(`/mijn/login?terug=${encodeURIComponent(ctx.path)}`);
        return;
      }
      throw new NamensError(401, 'login_required', 'u bent niet (meer) ingelogd bij Mijn machtigingen; log opnieuw in en probeer het nog eens');
    }
    ctx.state.mijn = session;
    await next();
  };
}

/** Every form of /mijn carries a token bound to the session. */
export function verifyCsrf(deps: MijnDeps) {
  return async function verifyCsrfMiddleware(ctx: Context, next: Next) {
    deps.csrf.verify(`mijn:${sessionOf(ctx).sid}`, formField(ctx.request.body, 'csrf'));
    await next();
  };
}

export async function noStore(ctx: Context, next: Next) {
  ctx.set('Cache-Control', 'no-store');
  await next();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The mandate in the URL, only when the logged-in person is a party to it: anything else is a 404 (existence is not revealed). */
export async function mandateInPath(ctx: Context, deps: MijnDeps) {
  const id = String(ctx.params.id ?? '');
  const mandate = UUID.test(id) ? await deps.myMandates.findFor(sessionOf(ctx).person.id, id.toLowerCase()) : undefined;
  if (!mandate) throw new NamensError(404, 'not_found', 'deze machtiging bestaat niet of is niet van u');
  return mandate;
}

export function page(ctx: Context, body: string, status = 200): void {
  ctx.status = status;
  ctx.type = 'html';
  ctx.body = body;
}
