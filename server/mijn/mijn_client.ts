// /mijn is a first-party app of namens itself: a public client (PKCE, no secret) that namens registers at every
// start, development or production, so its redirect URI always follows ISSUER. First-party: no consent screen.
import type { ClientRepository } from '../persistence/client_repository.ts';

export const MIJN_CLIENT_ID = 'namens-mijn';

export const mijnRedirectUri = (issuer: string) => `${issuer}/mijn/callback`;

export async function ensureMijnClient(clients: ClientRepository, issuer: string): Promise<void> {
  await clients.save({
    clientId: MIJN_CLIENT_ID,
    metadata: {
      client_id: MIJN_CLIENT_ID,
      client_name: 'Mijn machtigingen',
      token_endpoint_auth_method: 'none',
      redirect_uris: [mijnRedirectUri(issuer)],
      post_logout_redirect_uris: [`${issuer}/mijn`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
    firstParty: true,
    development: false,
    serviceProviderIds: [],
  });
}
