// The admin API as an OAuth resource server of namens itself: clients registered with the `namens:admin` scope get
// (opaque, one hour) access tokens for it by client credentials. provider.ts wires this in;
// server/admin/authenticate_admin.ts checks it. It lives beside the provider's configuration, which needs it; the admin
// API imports it from here.
import { internalResource } from './internal_resource.ts';

export const adminApi = internalResource({ path: '/admin/api', scope: 'namens:admin', ttl: 3600 });

export const { scope: ADMIN_SCOPE, path: ADMIN_API_PATH, resource: adminResource, hasScope: hasAdminScope, resourceServerInfo: adminResourceServerInfo } = adminApi;
