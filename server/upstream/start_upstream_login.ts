// POST /interaction/:uid/upstream/:id — the person chose an upstream identity provider on the login screen. The
// browser goes there with PKCE, state and nonce; the attempt waits in a signed cookie for GET /login/callback. When the
// request needs a level the upstream can step up to, the matching upstream acr values are asked for.
import type { Context } from 'koa';
import * as client from 'openid-client';
import { requiredLevel, upstreamAcrValuesFor } from '../domain/upstream_levels.ts';
import { NotFound } from '../errors.ts';
import { formField } from '../http/parse_form.ts';
import { loadStep, upstreamButtonsFor } from '../interactions/context.ts';
import { ATTEMPT_MS, callbackUri, saveAttempt, type UpstreamDeps } from './context.ts';
import { failUpstreamLogin } from './upstream_failure.ts';

export function startUpstreamLogin(deps: UpstreamDeps) {
  return async function startUpstreamLoginAction(ctx: Context) {
    const step = await loadStep(ctx, deps);
    deps.csrf.verify(step.uid, formField(ctx.request.body, 'csrf'));
    const offered = upstreamButtonsFor(step, deps)?.some((button) => button.id === ctx.params.id);
    const upstream = offered ? deps.upstreams.find(String(ctx.params.id)) : undefined;
    if (!upstream) throw new NotFound('this login method is not offered here; go back to the login screen');
    if (step.details.prompt.name !== 'login') {
      ctx.status = 303;
      ctx.redirect(`/interaction/${step.uid}`);
      return;
    }

    const required = requiredLevel(step.service?.loa, step.details.params.acr_values);
    const stepUp = required ? upstreamAcrValuesFor(upstream.acr_map, required) : [];
    if (required && stepUp.length === 0) return failUpstreamLogin(ctx, deps, 'level_not_reached', step.uid, upstream.id);

    let configuration: client.Configuration;
    try {
      configuration = await deps.upstreams.configuration(upstream);
    } catch {
      return failUpstreamLogin(ctx, deps, 'upstream_unavailable', step.uid, upstream.id);
    }
    const verifier = client.randomPKCECodeVerifier();
    const attempt = {
      uid: step.uid,
      upstream: upstream.id,
      verifier,
      state: client.randomState(),
      nonce: client.randomNonce(),
      required,
      exp: deps.clock().getTime() + ATTEMPT_MS,
    };
    saveAttempt(ctx, attempt);
    const authorize = client.buildAuthorizationUrl(configuration, {
      redirect_uri: callbackUri(deps.issuer),
      scope: upstream.scopes.join(' '),
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: attempt.state,
      nonce: attempt.nonce,
      ...(upstream.supports_acr_values && stepUp.length ? { acr_values: stepUp.join(' ') } : {}),
    });
    ctx.status = 303;
    ctx.redirect(authorize.href);
  };
}
