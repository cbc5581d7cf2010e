// GET /mijn/login — starts an authorization code flow with PKCE at namens itself. State, PKCE verifier and where
// to return to afterwards wait in a signed, HttpOnly, SameSite=Lax cookie for the callback (10 minutes).
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import { encodeCookie } from '../http/mijn_cookie.ts';
import { cookieOptions, type MijnDeps } from './context.ts';
import { MIJN_CLIENT_ID, mijnRedirectUri } from './mijn_client.ts';

export const LOGIN_COOKIE = 'namens_mijn_login';
export const LOGIN_MS = 10 * 60 * 1000;

export interface LoginCookie {
  state: string;
  verifier: string;
  returnTo: string;
  exp: number;
}

/** Only paths of /mijn itself are returned to: never another site. */
export function safeReturnPath(value: unknown): string {
  return typeof value === 'string' && /^\/mijn(\/[A-Za-z0-9/_-]*)?$/.test(value) ? value : '/mijn';
}

export function startLogin(deps: MijnDeps) {
  return async function startLoginAction(ctx: Context) {
    const login: LoginCookie = {
      state: randomBytes(16).toString('base64url'),
      verifier: randomBytes(32).toString('base64url'),
      returnTo: safeReturnPath(ctx.query.terug),
      exp: deps.clock().getTime() + LOGIN_MS,
    };
    ctx.cookies.set(LOGIN_COOKIE, encodeCookie(login), cookieOptions(ctx, LOGIN_MS));
    const authorize = new URL(`${deps.issuer}/auth`);
    authorize.search = new URLSearchParams({
      client_id: MIJN_CLIENT_ID,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: mijnRedirectUri(deps.issuer),
      code_challenge: createHash('sha256').update(login.verifier).digest('base64url'),
      code_challenge_method: 'S256',
      state: login.state,
    }).toString();
    ctx.status = 303;
    ctx.redirect(authorize.href);
  };
}
