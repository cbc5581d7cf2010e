// The decision API (AuthZEN, /access/v1) as an OAuth resource server of namens itself: a service provider's back office
// (a client registered with the `namens:decisions` scope) gets an opaque access token (ten minutes) for it by client
// credentials, with resource=<issuer>/access/v1 (or no resource: a client with that scope and not the admin scope gets
// it by default). provider.ts wires this in; server/authzen/authenticate_caller.ts checks it.
import { internalResource } from './internal_resource.ts';

export const decisionsApi = internalResource({ path: '/access/v1', scope: 'namens:decisions', ttl: 600 });

export const { scope: DECISIONS_SCOPE, path: DECISIONS_API_PATH, resource: decisionsResource, hasScope: hasDecisionsScope, resourceServerInfo: decisionsResourceServerInfo } = decisionsApi;
