// Bearer authentication of a caller of one of namens' own APIs (internal_resource.ts): an access token that namens
// issued by client credentials for that API's resource, unexpired, of a client that still exists; the token and the
// client's registration must both carry the API's scope. None, unknown, expired or for another resource: 401 with
// WWW-Authenticate; a valid token without the scope: 403. The admin API and the decision API each wrap this.
import type Provider from 'oidc-provider';
import { Forbidden, Unauthorized } from '../errors.ts';
import type { ClientRecord, ClientRepository } from '../persistence/client_repository.ts';
import type { InternalResource } from './internal_resource.ts';

export interface CallerDeps {
  provider: Provider;
  clients: ClientRepository;
  issuer: string;
}

export interface CalledApi {
  resource: InternalResource;
  /** The API's name in the messages ("admin API"). */
  name: string;
  /** The WWW-Authenticate realm. */
  realm: string;
  /** Whether the 401 for a missing token names the resource to ask for (it is not the default resource). */
  namesResource?: boolean;
}

/** The client whose bearer token (the Authorization header) is good for the API, or a 401/403. */
export async function authenticateClientCaller({ provider, clients, issuer }: CallerDeps, api: CalledApi, authorization: string): Promise<ClientRecord> {
  const { scope } = api.resource;
  const challenge = `Bearer realm="${api.realm}"`;
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(authorization);
  if (!match) {
    const resource = api.namesResource ? ` and resource ${api.resource.resource(issuer)}` : '';
    throw new Unauthorized(`the ${api.name} needs a bearer access token: get one by client credentials with scope ${scope}${resource}`, `${challenge}, scope="${scope}"`);
  }
  const token = await provider.ClientCredentials.find(match[1]!);
  const client = token?.clientId && !token.isExpired && token.aud === api.resource.resource(issuer) ? await clients.find(token.clientId) : undefined;
  if (!token || !client) {
    throw new Unauthorized(`the access token is unknown, expired, or not for the ${api.name}`, `${challenge}, error="invalid_token"`);
  }
  if (!api.resource.hasScope(token.scope) || !api.resource.hasScope(client.metadata.scope)) {
    throw new Forbidden(`the access token lacks the ${scope} scope: register the client with scope "${scope}"`);
  }
  return client;
}
