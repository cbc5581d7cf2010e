// Metrics and fault mapping for oidc-provider's own routes, registered on every Provider that app.ts builds:
// flows started and finished, mandate choices by basis, token endpoint latency, errors by OAuth code; and a request
// that failed because the database is unreachable answers 503 temporarily_unavailable instead of 500 server_error.
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Metrics } from '../http/metrics.ts';
import { isDatabaseUnavailable } from '../persistence/database_unavailable.ts';
import { errorPage } from '../../views/error.ts';
import { confirmedChoice } from './find_account.ts';

const ERROR_EVENTS = [
  'authorization.error', 'backchannel.error', 'discovery.error', 'end_session.error', 'grant.error', 'introspection.error',
  'jwks.error', 'pushed_authorization_request.error', 'registration_create.error', 'revocation.error', 'userinfo.error',
] as const;

const GRANT_TYPES = new Set(['authorization_code', 'refresh_token', 'client_credentials']);
const UNAVAILABLE = 'the database cannot be reached right now; try again in a few seconds';
const unavailable = new WeakSet<object>();

export function instrumentProvider(provider: Provider, metrics: Metrics): void {
  const emitter = provider as unknown as NodeJS.EventEmitter; // the typings list each event separately
  for (const event of ERROR_EVENTS) {
    emitter.on(event, (_ctx: unknown, error: { error?: string }) => metrics.errors.inc({ code: error?.error ?? 'server_error' }));
  }
  provider.on('server_error', (ctx: KoaContextWithOIDC, error: unknown) => {
    if (isDatabaseUnavailable(error)) unavailable.add(ctx);
    else metrics.errors.inc({ code: 'server_error' });
  });
  provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
    if (ctx.oidc.params?.grant_type === 'authorization_code') metrics.flowsFinished.inc({ client_id: ctx.oidc.client?.clientId ?? 'unknown' });
  });

  provider.use(async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    const started = process.hrtime.bigint();
    await next();
    const route = ctx.oidc?.route;
    if (unavailable.has(ctx)) {
      metrics.errors.inc({ code: 'temporarily_unavailable' });
      ctx.status = 503;
      ctx.set('Retry-After', '5');
      ctx.remove('Location');
      if (ctx.accepts('html', 'json') === 'html' && route !== 'token' && route !== 'userinfo') {
        ctx.type = 'html';
        ctx.body = errorPage({ title: 'Even niet beschikbaar', message: UNAVAILABLE, code: 'temporarily_unavailable' });
      } else {
        ctx.body = { error: 'temporarily_unavailable', error_description: UNAVAILABLE };
      }
    }
    if (route === 'authorization' && ctx.status < 400) metrics.flowsStarted.inc({ client_id: ctx.oidc.client?.clientId ?? 'unknown' });
    if (route === 'token') {
      const requested = String(ctx.oidc.params?.grant_type ?? '');
      const grantType = GRANT_TYPES.has(requested) ? requested : 'other'; // bounded label values
      metrics.tokenLatency.observe({ grant_type: grantType, status: String(ctx.status) }, Number(process.hrtime.bigint() - started) / 1e9);
      const choice = ctx.status === 200 && grantType === 'authorization_code' ? confirmedChoice(ctx) : undefined;
      if (choice) metrics.mandateChoices.inc({ basis: choice.option.kind === 'self' ? 'self' : choice.option.links[0].basis });
    }
  });
}
