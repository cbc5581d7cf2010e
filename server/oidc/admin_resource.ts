// The admin API as an OAuth resource server of namens itself: clients registered with the `namens:admin` scope get
// (opaque) access tokens for it by client credentials. provider.ts wires this in; server/admin/authenticate_admin.ts
// checks it. It lives beside the provider's configuration, which needs it; the admin API imports it from here.
export const ADMIN_SCOPE = 'namens:admin';
export const ADMIN_API_PATH = '/admin/api';

export const adminResource = (issuer: string): string => `${issuer}${ADMIN_API_PATH}`;

/** Whether a client's registered `scope` metadata includes the admin scope. */
export function hasAdminScope(scope: unknown): boolean {
  return typeof scope === 'string' && scope.split(' ').includes(ADMIN_SCOPE);
}

/**
 * Resource server info for the admin API: the admin scope only for clients registered with it, so any other
 * client-credentials client gets a token without it (which the admin API refuses with 403).
 */
export function adminResourceServerInfo(issuer: string, client: { scope?: string } | undefined) {
  return {
    scope: hasAdminScope(client?.scope) ? ADMIN_SCOPE : '',
    audience: adminResource(issuer),
    accessTokenFormat: 'opaque' as const,
    accessTokenTTL: 3600,
  };
}
