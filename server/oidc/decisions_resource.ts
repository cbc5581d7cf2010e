// The decision API (AuthZEN, /access/v1) as an OAuth resource server of namens itself: a service provider's back office
// (a client registered with the `namens:decisions` scope) gets an opaque access token for it by client credentials,
// with resource=<issuer>/access/v1 (or no resource: a client with that scope and not the admin scope gets it by
// default). provider.ts wires this in; server/authzen/authenticate_caller.ts checks it.
export const DECISIONS_SCOPE = 'namens:decisions';
export const DECISIONS_API_PATH = '/access/v1';

export const decisionsResource = (issuer: string): string => `${issuer}${DECISIONS_API_PATH}`;

/** Whether a client's registered `scope` metadata includes the decisions scope. */
export function hasDecisionsScope(scope: unknown): boolean {
  return typeof scope === 'string' && scope.split(' ').includes(DECISIONS_SCOPE);
}

/** Resource server info for the decision API: the scope only for clients registered with it (others are refused with 403). */
export function decisionsResourceServerInfo(issuer: string, client: { scope?: string } | undefined) {
  return {
    scope: hasDecisionsScope(client?.scope) ? DECISIONS_SCOPE : '',
    audience: decisionsResource(issuer),
    accessTokenFormat: 'opaque' as const,
    accessTokenTTL: 600,
  };
}
