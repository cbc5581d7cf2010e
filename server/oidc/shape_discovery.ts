// The discovery document as namens publishes it, on top of what oidc-provider derives from its configuration:
// - also at /.well-known/oauth-authorization-server (NL GOV ProviderProfile, Discovery endpoint: SHOULD);
// - sub_id_types_supported: the identifier types `sub` and `represents.sub` can carry (ProviderProfile, OPTIONAL);
// - in strict mode, token_endpoint_auth_methods_supported is private_key_jwt and tls_client_auth only, and
//   grant_types_supported is ["authorization_code"] (ProviderProfile, Discovery document: MUST). The provider still
//   takes `none` from namens' own /mijn app, refresh tokens (ProviderProfile, Refresh Tokens: MAY) and, for operator
//   tooling, client credentials: README, "NL GOV Assurance profile", says why;
// - Cache-Control: public, max-age=3600. The profile RECOMMENDS a week; but scopes_supported lists the catalog's
//   services, which change at run time, so an app sees a new service within the hour.
import type { KoaContextWithOIDC } from 'oidc-provider';
import { PROFILE_AUTH_METHODS, type ProfileMode } from '../domain/clients.ts';
import { SUB_ID_TYPES } from '../domain/identifiers.ts';

const OIDC_DISCOVERY = '/.well-known/openid-configuration';
const OAUTH_METADATA = '/.well-known/oauth-authorization-server';
export const DISCOVERY_MAX_AGE_SECONDS = 3600;

export function shapeDiscovery(profile: ProfileMode) {
  return async function shapeDiscoveryMiddleware(ctx: KoaContextWithOIDC, next: () => Promise<void>) {
    if (ctx.path === OAUTH_METADATA && (ctx.method === 'GET' || ctx.method === 'HEAD')) ctx.path = OIDC_DISCOVERY;
    await next();
    if (ctx.oidc?.route !== 'discovery' || ctx.status !== 200) return;
    const document = ctx.body as Record<string, unknown>;
    document.sub_id_types_supported = Object.values(SUB_ID_TYPES);
    if (profile === 'strict') {
      document.token_endpoint_auth_methods_supported = [...PROFILE_AUTH_METHODS];
      document.grant_types_supported = ['authorization_code'];
    }
    ctx.set('Cache-Control', `public, max-age=${DISCOVERY_MAX_AGE_SECONDS}`);
  };
}
