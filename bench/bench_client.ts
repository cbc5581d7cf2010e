// The app every benchmark logs in with: bench-app, first-party (no consent screen), client_secret_basic with
// 'bench-secret' (bench/flow_driver.ts sends it), for Gemeente Enschede.
import { hashClientSecret } from '../server/domain/clients.ts';
import { createClientRepository } from '../server/persistence/client_repository.ts';
import type { Database } from '../server/persistence/database.ts';

export async function saveBenchClient(db: Database): Promise<void> {
  await createClientRepository(db).save({
    clientId: 'bench-app',
    metadata: {
      client_id: 'bench-app',
      client_secret: hashClientSecret('bench-secret'),
      redirect_uris: ['http://localhost:8080/callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    firstParty: true,
    development: true,
    serviceProviderIds: ['gemeente-enschede'],
  });
}
