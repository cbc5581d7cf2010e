// An API of namens itself as an OAuth resource server (the admin API, the decision API): a client registered with the
// API's scope gets an opaque access token for it by client credentials, with resource=<issuer><path>. provider.ts wires
// each in (its resource server info); authenticate_client_caller.ts checks a caller's token against it.
export interface InternalResource {
  /** The scope a client must be registered with, and its token carry. */
  scope: string;
  /** The API's path under the issuer. */
  path: string;
  /** The resource indicator (and the token's audience): <issuer><path>. */
  resource(issuer: string): string;
  /** Whether a client's registered `scope` metadata (or a token's scope) includes the API's scope. */
  hasScope(scope: unknown): boolean;
  /** Resource server info: the scope only for clients registered with it, so any other client gets a token without it (refused with 403). */
  resourceServerInfo(issuer: string, client: { scope?: string } | undefined): { scope: string; audience: string; accessTokenFormat: 'opaque'; accessTokenTTL: number };
}

export function internalResource({ path, scope, ttl }: { path: string; scope: string; ttl: number }): InternalResource {
  const resource = (issuer: string) => `${issuer}${path}`;
  const hasScope = (granted: unknown) => typeof granted === 'string' && granted.split(' ').includes(scope);
  return {
    scope,
    path,
    resource,
    hasScope,
    resourceServerInfo: (issuer, client) => ({ scope: hasScope(client?.scope) ? scope : '', audience: resource(issuer), accessTokenFormat: 'opaque', accessTokenTTL: ttl }),
  };
}
