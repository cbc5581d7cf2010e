// Registers a client of Gemeente Enschede straight in the database of a spec server, with a redirect URI of the
// caller's choosing (the demo app on an ephemeral port), and starts the demo app there.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDemoApp } from '../../demo/app.ts';
import { hashClientSecret } from '../../server/domain/clients.ts';
import { openDatabase } from '../../server/persistence/database.ts';
import type { TestServer } from './server.ts';

export interface RunningDemo {
  url: string;
  close(): Promise<void>;
}

export async function registerClient(server: TestServer, clientId: string, secret: string, redirectUri: string): Promise<void> {
  // namens' own connection set-up: a bare connection beside the server's has no busy_timeout and fails at once.
  const db = openDatabase({ databaseUrl: server.databaseUrl, poolMax: 1 });
  try {
    await db.transaction(async (trx) => {
      const metadata = {
        client_id: clientId,
        client_name: 'Gemeente Enschede (demo)',
        client_secret: hashClientSecret(secret),
        token_endpoint_auth_method: 'client_secret_basic',
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      };
      await trx('clients').insert({ client_id: clientId, metadata: JSON.stringify(metadata), first_party: false, development: true, created_at: 0 });
      await trx('client_service_providers').insert({ client_id: clientId, service_provider_id: 'gemeente-enschede' });
    });
  } finally {
    await db.destroy();
  }
}

/** The demo app on a free port, logging in at `server` as client demo-spec. */
export async function startDemo(server: TestServer): Promise<RunningDemo> {
  const http: Server = createServer();
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://localhost:${(http.address() as AddressInfo).port}`;
  await registerClient(server, 'demo-spec', 'demo-spec-secret', `${url}/callback`);
  const app = await createDemoApp({ issuer: server.url, clientId: 'demo-spec', clientSecret: 'demo-spec-secret', redirectUri: `${url}/callback`, serviceProviderId: 'gemeente-enschede' });
  http.on('request', app.callback());
  return {
    url,
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
