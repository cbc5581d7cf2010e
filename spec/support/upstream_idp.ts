// A second oidc-provider, started by a spec as the upstream identity provider namens federates login to (a broker
// in front of DigiD or eHerkenning, in production). It has its own signing key, one client (namens), accounts with a
// `bsn` claim (DigiD) or a `kvk` claim with the organisation's name (eHerkenning), and a login route of its own that logs in whom the spec says (`next`), at the acr the spec says. Switches make it
// misbehave the ways a real upstream (or an attacker in between) could.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

export const UPSTREAM_CLIENT_SECRET = 'upstream-client-secret-for-namens';
export const DIGID_ACRS = {
  basis: 'urn:digid:basis',
  midden: 'urn:digid:midden',
  substantieel: 'urn:digid:substantieel',
  hoog: 'urn:digid:hoog',
} as const;

/** eHerkenning levels (betrouwbaarheidsniveaus) as an eHerkenning broker writes them in acr. */
export const EH_ACRS = {
  eh2: 'urn:etoegang:core:assurance-class:loa2',
  eh2plus: 'urn:etoegang:core:assurance-class:loa2plus',
  eh3: 'urn:etoegang:core:assurance-class:loa3',
  eh4: 'urn:etoegang:core:assurance-class:loa4',
} as const;

export interface UpstreamAccount {
  name?: string;
  /** DigiD: the person's BSN. */
  bsn?: string;
  /** eHerkenning: the KvK number of the organisation the employee acts for (as the broker sends it), and its name. */
  kvk?: string | number;
  organisation_name?: string;
}

/** The upstream's own accounts: its `sub` is not a BSN (nor anything namens may pass on); the BSN or KvK number is a claim of its own. */
export const UPSTREAM_ACCOUNTS: Record<string, UpstreamAccount> = {
  'digid-jan': { bsn: '999993653', name: 'Jan Jansen' },
  // Valid by the eleven-test, and in no register of the seeds.
  'digid-nieuw': { bsn: '123456782', name: 'Nina Nieuwkomer' },
  'digid-fout': { bsn: '123456789', name: 'Ongeldig Nummer' },
  // An employee of Bewindvoering Oost B.V. (seeded, KvK 68750110), which holds professional bewind for Gerrit Mulder.
  'eh-oost-medewerker': { kvk: '68750110', name: 'Mila Medewerker', organisation_name: 'Bewindvoering Oost (volgens eHerkenning)' },
  // An employee of Bakkerij De Korenschoof (seeded, KvK 90001234), sent as a number by the broker.
  'eh-bakkerij': { kvk: 90001234, name: 'Bas Bakker' },
  // An organisation in no register of the seeds, and one the broker does not name (nor its employee).
  'eh-nieuw': { kvk: '12345670', name: 'Olga Ondernemer', organisation_name: 'Nieuwe Zaak B.V.' },
  'eh-naamloos': { kvk: '23456780' },
  'eh-fout': { kvk: '1234567', name: 'Korte Kvk' },
  'eh-zonder-kvk': { name: 'Geen Kvk' },
};

export interface NextLogin {
  /** Who logs in at the upstream; or cancel: the person presses "annuleren" there. */
  account?: string;
  acr?: string;
  cancel?: boolean;
}

export interface UpstreamSwitches {
  /** Sign the ID token with another key than the upstream publishes. */
  tamperSignature: boolean;
  /** Put another nonce in the ID token than the one asked for (re-signed with the right key). */
  wrongNonce: boolean;
  /** Issue an ID token that expired before it arrives (re-signed with the right key). */
  expired: boolean;
  /** Log in at the first level asked for in acr_values (the person steps up), instead of next.acr. */
  honourAcrValues: boolean;
}

export interface UpstreamIdp {
  url: string;
  next: NextLogin;
  switches: UpstreamSwitches;
  /** The acr_values of the last authorization request it received. */
  lastAcrValues: string | undefined;
  /** The namens configuration entry (UPSTREAM_PROVIDERS) for this upstream, as DigiD. */
  providerEntry(overrides?: Record<string, unknown>): Record<string, unknown>;
  /** The namens configuration entry for this upstream as an eHerkenning broker (kind organisation). */
  eherkenningEntry(overrides?: Record<string, unknown>): Record<string, unknown>;
  /** Builds the provider once namens' callback URI is known (namens' port is picked when it starts). */
  register(redirectUri: string): Promise<void>;
  close(): Promise<void>;
}

/** EH2 and EH2+ are low, EH3 substantial, EH4 high. */
export const EH_ACR_MAP = {
  [EH_ACRS.eh2]: 'http://eidas.europa.eu/LoA/low',
  [EH_ACRS.eh2plus]: 'http://eidas.europa.eu/LoA/low',
  [EH_ACRS.eh3]: 'http://eidas.europa.eu/LoA/substantial',
  [EH_ACRS.eh4]: 'http://eidas.europa.eu/LoA/high',
};

export const DIGID_ACR_MAP = {
  [DIGID_ACRS.basis]: 'http://eidas.europa.eu/LoA/low',
  [DIGID_ACRS.midden]: 'http://eidas.europa.eu/LoA/substantial',
  [DIGID_ACRS.substantieel]: 'http://eidas.europa.eu/LoA/substantial',
  [DIGID_ACRS.hoog]: 'http://eidas.europa.eu/LoA/high',
};

/** Listens on an ephemeral port; the provider itself is built by register(). */
export async function listenUpstreamIdp(): Promise<UpstreamIdp> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // 127.0.0.1, not localhost: a browser keeps cookies per host, so the two providers' cookies (same names) stay apart.
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const { privateKey: otherKey } = await generateKeyPair('RS256', { extractable: true });
  const signingJwk: JWK = { ...(await exportJWK(privateKey)), kid: 'upstream-key', alg: 'RS256', use: 'sig' };

  const idp: UpstreamIdp = {
    url,
    next: { account: 'digid-jan', acr: DIGID_ACRS.midden },
    switches: { tamperSignature: false, wrongNonce: false, expired: false, honourAcrValues: false },
    lastAcrValues: undefined,
    providerEntry: (overrides = {}) => ({
      id: 'digid',
      name: 'DigiD',
      kind: 'person',
      issuer: url,
      client_id: 'namens',
      client_secret: UPSTREAM_CLIENT_SECRET,
      scopes: ['openid'],
      identifier_claim: 'bsn',
      name_claim: 'name',
      acr_map: DIGID_ACR_MAP,
      ...overrides,
    }),
    eherkenningEntry: (overrides = {}) => ({
      id: 'eherkenning',
      name: 'eHerkenning',
      kind: 'organisation',
      issuer: url,
      client_id: 'namens',
      client_secret: UPSTREAM_CLIENT_SECRET,
      scopes: ['openid'],
      identifier_claim: 'kvk',
      name_claim: 'name',
      organisation_name_claim: 'organisation_name',
      acr_map: EH_ACR_MAP,
      ...overrides,
    }),
    async register(redirectUri) {
      const provider = new Provider(url, {
        clients: [{ client_id: 'namens', client_secret: UPSTREAM_CLIENT_SECRET, redirect_uris: [redirectUri], response_types: ['code'], grant_types: ['authorization_code'] }],
        jwks: { keys: [signingJwk] },
        cookies: { keys: ['upstream-cookie-key-for-specs'] },
        async findAccount(_ctx, id) {
          const account = UPSTREAM_ACCOUNTS[id];
          return account && { accountId: id, claims: async () => ({ sub: id, ...account }) };
        },
        claims: { openid: ['sub', 'bsn', 'name', 'acr', 'kvk', 'organisation_name'] },
        conformIdTokenClaims: false,
        acrValues: [...Object.values(DIGID_ACRS), ...Object.values(EH_ACRS)],
        pkce: { required: () => true },
        features: { devInteractions: { enabled: false } },
        interactions: { url: (_ctx, interaction) => `/login/${interaction.uid}` },
      });
      provider.use(async (ctx: KoaContextWithOIDC, next) => {
        if (ctx.path === '/auth') idp.lastAcrValues = typeof ctx.query.acr_values === 'string' ? ctx.query.acr_values : undefined;
        await next();
        const body = ctx.body as { id_token?: string } | undefined;
        if (ctx.oidc?.route !== 'token' || ctx.status !== 200 || !body?.id_token) return;
        if (!idp.switches.tamperSignature && !idp.switches.wrongNonce && !idp.switches.expired) return;
        const payload = decodeJwt(body.id_token);
        const now = Math.floor(Date.now() / 1000);
        if (idp.switches.wrongNonce) payload.nonce = 'a-nonce-from-another-login';
        if (idp.switches.expired) Object.assign(payload, { iat: now - 900, exp: now - 600 });
        body.id_token = await new SignJWT(payload)
          .setProtectedHeader({ alg: 'RS256', kid: 'upstream-key' })
          .sign(idp.switches.tamperSignature ? otherKey : privateKey);
      });
      const callback = provider.callback();
      server.on('request', (req: IncomingMessage, res: ServerResponse) => {
        if (req.url?.startsWith('/login/')) {
          login(provider, idp, req, res).catch((error: unknown) => {
            res.statusCode = 500;
            res.end(String(error));
          });
          return;
        }
        void callback(req, res);
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return idp;
}

/** The upstream's own login screen, reduced to its outcome: the account and acr the spec chose, or cancel. */
async function login(provider: Provider, idp: UpstreamIdp, req: IncomingMessage, res: ServerResponse) {
  const details = await provider.interactionDetails(req, res);
  if (idp.next.cancel) {
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'the user cancelled' }, { mergeWithLastSubmission: false });
    return;
  }
  if (details.prompt.name === 'login') {
    const asked = typeof details.params.acr_values === 'string' ? details.params.acr_values.split(' ')[0] : undefined;
    const acr = idp.switches.honourAcrValues && asked ? asked : idp.next.acr;
    await provider.interactionFinished(req, res, { login: { accountId: idp.next.account!, ...(acr ? { acr } : {}) } }, { mergeWithLastSubmission: false });
    return;
  }
  const grant = new provider.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) });
  grant.addOIDCScope('openid');
  grant.addOIDCClaims(['bsn', 'name', 'acr', 'kvk', 'organisation_name']);
  await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
}

/** An address where no upstream runs: a port that was just free. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://localhost:${port}`;
}
