// Plain oidc-provider as the yardstick: its in-memory adapter, the same code flow with PKCE and ES256 ID tokens,
// and a minimal login (username only, no password, no mandates). Prints "ready" when listening.
// PLAIN_SCREENS=4 (the default): POST /interaction/:uid/login ends login and consent in one step, 4 requests per
// login. PLAIN_SCREENS=8: namens' screens without namens: a login page, the login post (login prompt only), the
// resume, a second prompt's page and its post (the grant), the resume: the 8 requests a namens login made before its
// selection became part of the login's interaction (namens now makes 7: no resume between login and selection).
// DATABASE_URL=sqlite:<file>: instead of the in-memory adapter, namens' own model store on that file (migrated here),
// the statements namens' persistence makes for oidc-provider and nothing else of namens: the floor of the store.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Provider, { type Adapter, type AdapterPayload, type Configuration } from 'oidc-provider';
import { exportJWK, generateKeyPair } from 'jose';
import { migrateLatest, openDatabase } from '../server/persistence/database.ts';
import { createOidcModelStore, type OidcModelStore } from '../server/persistence/oidc_model_store.ts';

const port = Number(process.env.PORT);
const screens = process.env.PLAIN_SCREENS === '8' ? 8 : 4;
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
  // As namens (server/oidc/provider.ts): a refresh token rotates on every use, so a refresh grant is the same work
  // (consume the old one, save the new one and the access token). oidc-provider's default rotates a confidential
  // client's only near its expiry: one write a refresh instead of three.
  rotateRefreshToken: () => true,
  features: { devInteractions: { enabled: false } },
  findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
};
/** oidc-provider's models in namens' store; the one client stays in the configuration (static clients never reach an adapter). */
function storeAdapter(store: OidcModelStore) {
  const loaded = (found: Awaited<ReturnType<OidcModelStore['find']>>) => found && ({ ...found.payload, ...(found.consumed ? { consumed: true } : {}) } as AdapterPayload);
  return class StoreAdapter implements Adapter {
    constructor(private readonly model: string) {}
    upsert = (id: string, payload: AdapterPayload, expiresIn: number) => store.upsert(this.model, id, payload as Record<string, unknown>, expiresIn);
    find = async (id: string) => loaded(await store.find(this.model, id));
    findByUid = async (uid: string) => loaded(await store.findByUid(this.model, uid));
    findByUserCode = async (code: string) => loaded(await store.findByUserCode(this.model, code));
    consume = async (id: string) => void (await store.consume(this.model, id));
    destroy = (id: string) => store.destroy(this.model, id);
    revokeByGrantId = (grantId: string) => store.revokeByGrantId(grantId);
  };
}
if (process.env.DATABASE_URL) {
  const db = openDatabase({ databaseUrl: process.env.DATABASE_URL, poolMax: 4 });
  await migrateLatest(db);
  configuration.adapter = storeAdapter(createOidcModelStore(db));
}
const provider = new Provider(`http://localhost:${port}`, configuration);
const providerCallback = provider.callback();

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function grantFor(req: IncomingMessage, res: ServerResponse, accountId: string): Promise<string> {
  const details = await provider.interactionDetails(req, res);
  const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
  grant.addOIDCScope(String(details.params.scope));
  return grant.save();
}

function page(res: ServerResponse, html: string): void {
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end(html);
}

function redirect(res: ServerResponse, location: string): void {
  res.statusCode = 303;
  res.setHeader('location', location);
  res.end();
}

const server = createServer({ keepAliveTimeout: 60_000 }, async (req, res) => {
  const match = /^\/interaction\/([^/?]+)(?:\/(login|select_mandate))?$/.exec(req.url ?? '');
  if (!match) return providerCallback(req, res);
  const [, uid, action] = match;
  if (!action && req.method === 'GET' && screens === 8) {
    const details = await provider.interactionDetails(req, res);
    const field = '<input type="hidden" name="csrf" value="plain">';
    return page(res, details.prompt.name === 'login'
      ? `<form method="post" action="/interaction/${uid}/login">${field}<input name="username"><input name="password" type="password"></form>`
      : `<form method="post" action="/interaction/${uid}/select_mandate">${field}<input type="radio" name="mandate" value="self"></form>`);
  }
  if (req.method !== 'POST' || !action) return providerCallback(req, res);
  const form = await readForm(req);
  if (action === 'login') {
    const username = form.get('username') ?? 'anonymous';
    const result = screens === 8 ? { login: { accountId: username } } : { login: { accountId: username }, consent: { grantId: await grantFor(req, res, username) } };
    return redirect(res, await provider.interactionResult(req, res, result));
  }
  const details = await provider.interactionDetails(req, res);
  redirect(res, await provider.interactionResult(req, res, { consent: { grantId: await grantFor(req, res, details.session!.accountId) } }));
});
server.listen(port, '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
