// GET /login/callback — the upstream identity provider sends the browser back here (a GET: cookies are SameSite=Lax).
// The attempt cookie must match the state; the code is redeemed with the PKCE verifier; the ID token is checked in
// full (issuer, audience, nonce, expiry by openid-client, the signature against the upstream's keys by jose); its acr
// must be mapped and reach the level needed. At a person upstream (DigiD) its BSN becomes the acting person; at an
// organisation upstream (eHerkenning) its `sub` becomes the acting employee and its KvK number the organisation they
// act for at this login. Only then does the interaction's login step end, as a login; every failure ends it with an
// OAuth error instead.
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import * as client from 'openid-client';
import { mapUpstreamAcr, reaches } from '../domain/upstream_levels.ts';
import { identityFrom } from '../domain/upstream_persons.ts';
import { organisationIdentityFrom } from '../domain/upstream_organisations.ts';
import { accountIdOf } from '../domain/agents.ts';
import type { UpstreamProvider } from '../config/login_methods.ts';
import { callbackUri, finishLoginByUid, takeAttempt, type UpstreamDeps } from './context.ts';
import { causeOf, failUpstreamLogin } from './upstream_failure.ts';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function finishUpstreamLogin(deps: UpstreamDeps) {
  return async function finishUpstreamLoginAction(ctx: Context) {
    ctx.set('Cache-Control', 'no-store');
    const attempt = takeAttempt(ctx);
    const upstream = attempt && deps.upstreams.find(attempt.upstream);
    if (!attempt || !upstream || !(attempt.exp > deps.clock().getTime())) {
      // No attempt in this browser (or an expired one): nothing to trace back to an app.
      return failUpstreamLogin(ctx, deps, 'state_mismatch', undefined, upstream?.id);
    }
    const state = typeof ctx.query.state === 'string' ? ctx.query.state : '';
    if (!state || !same(state, attempt.state)) return failUpstreamLogin(ctx, deps, 'state_mismatch', attempt.uid, upstream.id);
    if (typeof ctx.query.error === 'string') {
      return failUpstreamLogin(ctx, deps, ctx.query.error === 'access_denied' ? 'cancelled' : 'upstream_error', attempt.uid, upstream.id);
    }

    let claims: Record<string, unknown>;
    try {
      const configuration = await deps.upstreams.configuration(upstream);
      const current = new URL(callbackUri(deps.issuer));
      current.search = ctx.querystring;
      const tokens = await client.authorizationCodeGrant(configuration, current, {
        pkceCodeVerifier: attempt.verifier,
        expectedState: attempt.state,
        expectedNonce: attempt.nonce,
        idTokenExpected: true,
      });
      claims = (await deps.upstreams.verifyIdToken(upstream, configuration, tokens.id_token!)) as Record<string, unknown>;
    } catch (error) {
      return failUpstreamLogin(ctx, deps, causeOf(error), attempt.uid, upstream.id);
    }

    const level = mapUpstreamAcr(upstream.acr_map, claims.acr);
    if (!level) return failUpstreamLogin(ctx, deps, 'unmapped_acr', attempt.uid, upstream.id);
    if (!reaches(level, attempt.required)) return failUpstreamLogin(ctx, deps, 'level_not_reached', attempt.uid, upstream.id);
    const accountId = await accountFrom(deps, upstream, claims);
    if (!accountId) return failUpstreamLogin(ctx, deps, upstream.kind === 'person' ? 'no_identifier' : 'no_organisation', attempt.uid, upstream.id);

    const finished = await finishLoginByUid(deps.provider, attempt.uid, { login: { accountId, acr: level, amr: ['ext'] } });
    if (!finished) return failUpstreamLogin(ctx, deps, 'state_mismatch', undefined, upstream.id);
    ctx.status = 303;
    ctx.redirect(finished.returnTo);
  };
}

/** The account the upstream's claims log in: a person by BSN, or an employee for an organisation by KvK number. */
async function accountFrom(deps: UpstreamDeps, upstream: UpstreamProvider, claims: Record<string, unknown>): Promise<string | undefined> {
  if (upstream.kind === 'person') {
    const found = identityFrom(claims, upstream.identifier_claim, upstream.name_claim);
    return 'problem' in found ? undefined : accountIdOf(await deps.upstreamPersons.findOrCreate(found.identity.bsn, found.identity.name));
  }
  const found = organisationIdentityFrom(claims, upstream);
  return 'problem' in found ? undefined : accountIdOf(await deps.employees.findOrCreate(upstream.id, found.identity));
}
