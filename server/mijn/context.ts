// What every /mijn action needs, and the /mijn session. The session lives on the server (mijn_sessions): the cookie
// (signed, HttpOnly, SameSite=Lax) carries only its random id, which the CSRF tokens are bound to; no party id, no
// BSN. Logging out removes it, so a copy of the cookie ends with it. When a session has ended (idle, absolute) is the
// domain's rule (server/domain/mijn_sessions.ts).
import { randomBytes } from 'node:crypto';
import type { Context, Next } from 'koa';
import type Provider from 'oidc-provider';
import { dutchDate } from '../domain/dates.ts';
import { isSessionLive, needsTouch, sessionExpiresAt, type MijnSessionRepository, type SessionLifetime } from '../domain/mijn_sessions.ts';
import type { ContactRepository } from '../domain/contacts.ts';
import type { MyMandatesRepository } from '../domain/my_mandates.ts';
import type { Person } from '../domain/parties.ts';
import type { CatalogRepository, DecisionLog, PersonRepository } from '../domain/repositories.ts';
import { NamensError } from '../errors.ts';
import type { Csrf } from '../http/csrf.ts';
import { SESSION_COOKIE } from '../http/mijn_cookie.ts';
import { formField } from '../http/parse_form.ts';
import type { Logger } from '../logger.ts';

export interface MijnDeps {
  provider: Provider;
  issuer: string;
  csrf: Csrf;
  persons: PersonRepository;
  myMandates: MyMandatesRepository;
  /** The decision log, for "who checked my mandates" (/mijn/gecontroleerd). */
  decisionLog: DecisionLog;
  /** The e-mail addresses notifications go to (optional, given on /mijn/e-mail). */
  contacts: ContactRepository;
  catalog: CatalogRepository;
  sessions: MijnSessionRepository;
  sessionLifetime: SessionLifetime;
  clock: () => Date;
  logger: Logger;
  /** Activation codes are logged outside production only (a real deployment sends them by post). */
  logActivationCodes: boolean;
}

export interface MijnSession {
  person: Person;
  /** The session's random id (the cookie's value); the CSRF tokens are bound to it. */
  sid: string;
  csrf: string;
  today: string;
}

/** 32 random bytes, base64url: what a session cookie must look like before it is looked up. */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

export function cookieOptions(ctx: Context, maxAge: number) {
  return { signed: true, httpOnly: true, sameSite: 'lax' as const, path: '/mijn', secure: ctx.secure, maxAge, overwrite: true };
}

/** The session id in this request's cookie, when its signature holds. */
function sessionIdOf(ctx: Context): string | undefined {
  const id = ctx.cookies.get(SESSION_COOKIE, { signed: true });
  return id && SESSION_ID.test(id) ? id : undefined;
}

/** Starts a session for `person`, replacing any session this browser had. */
export async function startSession(ctx: Context, deps: MijnDeps, person: Person): Promise<void> {
  const previous = sessionIdOf(ctx);
  if (previous) await deps.sessions.remove(previous);
  const id = randomBytes(32).toString('base64url');
  const now = deps.clock().getTime();
  const session = { personId: person.id, createdAt: now, lastSeenAt: now };
  await deps.sessions.create(id, session, sessionExpiresAt(session, deps.sessionLifetime));
  // The browser may drop the cookie when the server would end the session anyway.
  ctx.cookies.set(SESSION_COOKIE, id, cookieOptions(ctx, deps.sessionLifetime.absoluteMs));
}

/** Ends the session on the server (every copy of its cookie with it) and clears this browser's cookie. */
export async function endSession(ctx: Context, deps: MijnDeps): Promise<void> {
  const id = sessionIdOf(ctx);
  if (id) await deps.sessions.remove(id);
  ctx.cookies.set(SESSION_COOKIE, null, { ...cookieOptions(ctx, 0), maxAge: undefined, expires: new Date(0) });
}

async function lookUpSession(ctx: Context, deps: MijnDeps): Promise<MijnSession | undefined> {
  const id = sessionIdOf(ctx);
  if (!id) return undefined;
  const stored = await deps.sessions.find(id);
  if (!stored) return undefined;
  const now = deps.clock().getTime();
  if (!isSessionLive(stored, deps.sessionLifetime, now)) {
    await deps.sessions.remove(id);
    return undefined;
  }
  const person = await deps.myMandates.findPerson(stored.personId);
  if (!person) return undefined;
  if (needsTouch(stored, now)) await deps.sessions.touch(id, now, sessionExpiresAt({ ...stored, lastSeenAt: now }, deps.sessionLifetime));
  return { person, sid: id, csrf: deps.csrf.tokenFor(`mijn:${id}`), today: dutchDate(deps.clock()) };
}

/**
 * The logged-in person of this request, or undefined (no cookie, a forged one, a session that ended or was logged
 * out, or a person no longer known). Looked up once per request, however many ask.
 */
export function readSession(ctx: Context, deps: MijnDeps): Promise<MijnSession | undefined> {
  const state = ctx.state as { mijnLookup?: Promise<MijnSession | undefined> };
  state.mijnLookup ??= lookUpSession(ctx, deps);
  return state.mijnLookup;
}

export function sessionOf(ctx: Context): MijnSession {
  return ctx.state.mijn as MijnSession;
}

/** Where a request without a session returns after logging in: the page itself, or the page a form was posted from. */
function returnPathOf(ctx: Context): string {
  if (ctx.method === 'GET') return ctx.path;
  if (ctx.path === '/mijn/logout') return '/mijn';
  return /^(\/mijn\/machtigingen\/[^/]+)\/[^/]+$/.exec(ctx.path)?.[1] ?? ctx.path;
}

/**
 * Every /mijn route but the overview and the login needs a logged-in person: without one (never logged in, logged out,
 * expired) a browser is sent to log in and back, for a GET as for a POST (which then changes nothing).
 */
export function requireSession(deps: MijnDeps) {
  return async function requireSessionMiddleware(ctx: Context, next: Next) {
    const session = await readSession(ctx, deps);
    if (!session) {
      ctx.status = 303;
      ctx.redirect(`/mijn/login?terug=${encodeURIComponent(returnPathOf(ctx))}`);
      return;
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
