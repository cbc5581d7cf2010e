// A client as namens stores it and as the admin API and the command line show it. The stored metadata is
// oidc-provider's (snake_case, RFC 7591 names); first_party and service_provider_ids live in their own columns.
import type { ClientRecord } from '../persistence/client_repository.ts';
import { clientCreate } from '../validation/schemas.ts';

/** The metadata properties an operator sets (everything in ClientCreate but the id and the two columns). */
export const CLIENT_METADATA_PROPERTIES = Object.keys(clientCreate.properties).filter(
  (name) => !['client_id', 'first_party', 'service_provider_ids'].includes(name),
);

const LIST_DEFAULTS = new Set(['redirect_uris', 'post_logout_redirect_uris', 'contacts']);

/** A client as the admin API shows it: every property it has, never its secret (nor the secret's hash). */
export function clientView(client: Omit<ClientRecord, 'linkedProviders'>) {
  const view: Record<string, unknown> = { client_id: client.clientId };
  for (const name of CLIENT_METADATA_PROPERTIES) {
    const value = client.metadata[name];
    if (value !== undefined) view[name] = value;
    else if (LIST_DEFAULTS.has(name)) view[name] = [];
    else if (name === 'may_receive_bsn') view[name] = false;
  }
  return { ...view, service_provider_ids: client.serviceProviderIds, first_party: client.firstParty, development: client.development };
}
