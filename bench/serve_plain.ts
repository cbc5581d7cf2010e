// Plain oidc-provider as the yardstick: its in-memory adapter, the same code flow with PKCE and ES256 ID tokens,
// and a minimal login (username only, no password, no mandates, no consent screen). Prints "ready" when listening.
import { createServer } from 'node:http';
import Provider, { type Configuration } from 'oidc-provider';
import { exportJWK, generateKeyPair } from 'jose';

const port = Number(process.env.PORT);
const { privateKey } = await generateKeyPair('ES256', { extractable: true });
const configuration: Configuration = {
  clients: [
    {
      client_id: 'bench-app',
      client_secret: 'bench-secret',
      redirect_uris: ['http://localhost:8080/callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      id_token_signed_response_alg: 'ES256',
    },
  ],
  jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig', kid: 'bench' }] },
  cookies: { keys: ['bench-cookie-key-0123456789'] },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
};
const provider = new Provider(`http://localhost:${port}`, configuration);
const providerCallback = provider.callback();

// The minimal login: POST /interaction/:uid/login with a username ends login and consent in one step.
const server = createServer({ keepAliveTimeout: 60_000 }, async (req, res) => {
  const match = /^\/interaction\/([^/]+)\/login$/.exec(req.url ?? '');
  if (!match || req.method !== 'POST') return providerCallback(req, res);
  let body = '';
  for await (const chunk of req) body += chunk;
  const username = new URLSearchParams(body).get('username') ?? 'anonymous';
  const details = await provider.interactionDetails(req, res);
  const grant = new provider.Grant({ accountId: username, clientId: String(details.params.client_id) });
  grant.addOIDCScope(String(details.params.scope));
  const grantId = await grant.save();
  const returnTo = await provider.interactionResult(req, res, { login: { accountId: username }, consent: { grantId } });
  res.statusCode = 303;
  res.setHeader('location', returnTo);
  res.end();
});
server.listen(port, '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
