// GET /mijn/callback — the end of the login at namens. The code is redeemed in-process, with the checks of the
// token endpoint for this case: issued to namens-mijn, for this redirect URI, unexpired, unused (consumed atomically,
// so it works once), and the PKCE verifier from this browser's cookie. Its account is the person's BSN.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import { isEmployeeAccount } from '../domain/agents.ts';
import { errorPage } from '../../views/error.ts';
import { t } from '../../views/messages/index.ts';
import { decodeCookie } from '../http/mijn_cookie.ts';
import { page, startSession, type MijnDeps } from './context.ts';
import { MIJN_CLIENT_ID, mijnRedirectUri } from './mijn_client.ts';
import { LOGIN_COOKIE, safeReturnPath, type LoginCookie } from './start_login.ts';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function loginFailed(ctx: Context, reason: string, code: string) {
  const m = t();
  page(ctx, errorPage({ title: m.errors.mijnLoginTitle, message: `${m.errors.mijnLogin[reason]} ${m.errors.mijnLoginAgain}`, code }), 400);
}

export function finishLogin(deps: MijnDeps) {
  return async function finishLoginAction(ctx: Context) {
    const login = decodeCookie<LoginCookie>(ctx.cookies.get(LOGIN_COOKIE, { signed: true }));
    ctx.cookies.set(LOGIN_COOKIE, null, { path: '/mijn', signed: true, secure: ctx.secure, expires: new Date(0) });
    const state = typeof ctx.query.state === 'string' ? ctx.query.state : '';
    if (!login || !(login.exp > deps.clock().getTime()) || !state || !same(state, String(login.state))) {
      return loginFailed(ctx, 'login_state_mismatch', 'login_state_mismatch');
    }
    if (typeof ctx.query.error === 'string') {
      return loginFailed(ctx, 'aborted', String(ctx.query.error).slice(0, 64));
    }
    const codeValue = typeof ctx.query.code === 'string' ? ctx.query.code : '';
    const code = codeValue ? await deps.provider.AuthorizationCode.find(codeValue) : undefined;
    const verifierMatches =
      code?.codeChallengeMethod === 'S256' &&
      typeof code.codeChallenge === 'string' &&
      same(createHash('sha256').update(String(login.verifier)).digest('base64url'), code.codeChallenge);
    if (!code || !code.isValid || code.clientId !== MIJN_CLIENT_ID || code.redirectUri !== mijnRedirectUri(deps.issuer) || !verifierMatches) {
      return loginFailed(ctx, 'invalid_grant', 'invalid_grant');
    }
    try {
      await code.consume();
    } catch {
      return loginFailed(ctx, 'used', 'invalid_grant');
    }
    // Persons only: an employee's login (eHerkenning) is not offered here, and is refused should one arrive.
    if (code.accountId && isEmployeeAccount(code.accountId)) return loginFailed(ctx, 'person_required', 'person_required');
    const person = code.accountId ? await deps.persons.findByBsn(code.accountId) : undefined;
    if (!person) return loginFailed(ctx, 'unknown_person', 'unknown_person');
    await startSession(ctx, deps, person);
    ctx.status = 303;
    ctx.redirect(safeReturnPath(login.returnTo));
  };
}
