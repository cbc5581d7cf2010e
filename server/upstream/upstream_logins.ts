// The upstream identity providers namens federates login to: their discovered configuration (openid-client, fetched
// once per upstream after the first success) and their keys (jose, to verify each ID token's signature ourselves).
import * as client from 'openid-client';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { UpstreamProvider } from '../config/login_methods.ts';

export interface UpstreamLogins {
  list(): readonly UpstreamProvider[];
  find(id: string): UpstreamProvider | undefined;
  /** The upstream's discovered configuration; rejects when the upstream cannot be reached (not remembered then). */
  configuration(upstream: UpstreamProvider): Promise<client.Configuration>;
  /** Verifies the ID token's signature against the upstream's published keys, and its issuer and audience. */
  verifyIdToken(upstream: UpstreamProvider, configuration: client.Configuration, idToken: string): Promise<JWTPayload>;
}

/** Seconds an upstream gets to answer each request before it counts as down. */
const UPSTREAM_TIMEOUT_SECONDS = 10;

function clientAuthentication(upstream: UpstreamProvider): client.ClientAuth {
  switch (upstream.token_endpoint_auth_method) {
    case 'client_secret_post':
      return client.ClientSecretPost(upstream.client_secret);
    case 'none':
      return client.None();
    default:
      return client.ClientSecretBasic(upstream.client_secret);
  }
}

export function createUpstreamLogins(upstreams: readonly UpstreamProvider[]): UpstreamLogins {
  const configurations = new Map<string, Promise<client.Configuration>>();
  const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  return {
    list: () => upstreams,
    find: (id) => upstreams.find((upstream) => upstream.id === id),
    configuration(upstream) {
      let found = configurations.get(upstream.id);
      if (!found) {
        // http only reaches here outside production (config.ts refuses an http issuer in production).
        const insecure = upstream.issuer.startsWith('http:');
        found = client.discovery(new URL(upstream.issuer), upstream.client_id, undefined, clientAuthentication(upstream), {
          timeout: UPSTREAM_TIMEOUT_SECONDS,
          ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
        });
        found.then(
          (configuration) => (configuration.timeout = UPSTREAM_TIMEOUT_SECONDS),
          () => configurations.delete(upstream.id),
        );
        configurations.set(upstream.id, found);
      }
      return found;
    },
    async verifyIdToken(upstream, configuration, idToken) {
      const metadata = configuration.serverMetadata();
      if (!metadata.jwks_uri) throw new Error('the upstream publishes no jwks_uri');
      let keys = keySets.get(upstream.id);
      if (!keys) keySets.set(upstream.id, (keys = createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: UPSTREAM_TIMEOUT_SECONDS * 1000 })));
      const { payload } = await jwtVerify(idToken, keys, { issuer: metadata.issuer, audience: upstream.client_id });
      return payload;
    },
  };
}
