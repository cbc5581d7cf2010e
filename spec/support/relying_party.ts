// The app side of every flow: openid-client (a certified relying-party library) against the running namens.
import * as client from 'openid-client';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import claimsSchema from '../../server/oidc/claims.schema.json' with { type: 'json' };
import { Browser, radioOptions, type Page } from './browser.ts';

export const REDIRECT_URI = 'http://localhost:8080/callback';
export const PASSWORD = 'namens-test';
export const SECRETS: Record<string, string | undefined> = {
  'demo-gemeente': 'demo-gemeente-secret',
  'demo-ziekenhuis': 'demo-ziekenhuis-secret',
  'demo-app': undefined,
};

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
(addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
const validateClaims = ajv.compile(claimsSchema);

/** Validates claims against the shipped JSON Schema; throws with every violation. */
export function assertClaimsSchema(claims: unknown): void {
  if (!validateClaims(claims)) throw new Error(`claims violate the schema: ${ajv.errorsText(validateClaims.errors)}\n${JSON.stringify(claims, null, 2)}`);
}

export async function discover(issuer: string, clientId: string, secret = SECRETS[clientId]): Promise<client.Configuration> {
  return client.discovery(new URL(issuer), clientId, undefined, secret ? client.ClientSecretBasic(secret) : client.None(), {
    execute: [client.allowInsecureRequests],
  });
}

export interface AuthorizationRequest {
  url: string;
  verifier: string;
  nonce: string;
  state: string;
}

export async function authorizationRequest(rp: client.Configuration, params: Record<string, string> = {}): Promise<AuthorizationRequest> {
  const verifier = client.randomPKCECodeVerifier();
  const nonce = client.randomNonce();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(rp, {
    redirect_uri: REDIRECT_URI,
    scope: 'openid',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    nonce,
    state,
    ...params,
  });
  return { url: url.href, verifier, nonce, state };
}

export interface FlowOptions {
  clientId?: string;
  /** The client secret, for clients that are not seeded. */
  secret?: string;
  /** The app's configuration, for clients that authenticate otherwise than with a secret. */
  rp?: client.Configuration;
  /** Opens this URL instead of building one (for PAR and request objects); `request` still holds verifier, nonce and state. */
  authorizationUrl?: string;
  request?: AuthorizationRequest;
  username: string;
  password?: string;
  params?: Record<string, string>;
  /** Picks the radio value on the selection screen from the options shown. */
  choose?: (options: Array<{ value: string; label: string }>) => string;
}

export interface FlowResult {
  rp: client.Configuration;
  request: AuthorizationRequest;
  browser: Browser;
  /** The callback URL namens sent the browser to. */
  callback: string;
  /** Whether the consent screen was shown. */
  consentShown: boolean;
  /** The options the selection screen showed, if it was shown. */
  options: Array<{ value: string; label: string }> | undefined;
}

/** Authorize → login → (select mandate) → (consent) → the app's callback, as a person would click through. */
/** For `choose`: the option on the selection screen whose label starts with `start` (e.g. 'Anna', 'Uzelf'). */
export const byLabel = (start: string) => (options: Array<{ value: string; label: string }>): string => {
  const option = options.find((candidate) => candidate.label.startsWith(start));
  if (!option) throw new Error(`no option starting with ${start} among ${JSON.stringify(options)}`);
  return option.value;
};

export async function loginFlow(issuer: string, options: FlowOptions): Promise<FlowResult> {
  const clientId = options.clientId ?? 'demo-gemeente';
  const rp = options.rp ?? (await discover(issuer, clientId, options.secret ?? SECRETS[clientId]));
  const request = options.request ?? (await authorizationRequest(rp, options.params));
  const browser = new Browser();
  const back = options.params?.redirect_uri ?? REDIRECT_URI;
  let page: Page = await browser.open(options.authorizationUrl ?? request.url, back);
  page = await browser.submit(page, '/login', { username: options.username, password: options.password ?? PASSWORD }, back);
  let shown: FlowResult['options'];
  if (page.html.includes('/select_mandate"')) {
    shown = radioOptions(page);
    if (!options.choose) throw new Error(`the selection screen was shown with ${JSON.stringify(shown)}, but the spec chose nothing`);
    page = await browser.submit(page, '/select_mandate', { mandate: options.choose(shown) }, back);
  }
  const consentShown = page.html.includes('/consent"');
  if (consentShown) page = await browser.submit(page, '/consent', {}, back);
  if (!page.location?.startsWith(back)) {
    // The error page's code (Foutcode) comes after its head, which alone can fill the first 1,500 characters.
    const code = /Foutcode: <code[^>]*>[a-z_]+<\/code>/.exec(page.html)?.[0];
    throw new Error(`expected a redirect to the app, got ${page.status}${code ? ` (${code})` : ''}:\n${page.html.slice(0, 1500)}`);
  }
  return { rp, request, browser, callback: page.location, options: shown, consentShown };
}

export async function exchangeCode(flow: FlowResult) {
  return client.authorizationCodeGrant(flow.rp, new URL(flow.callback), {
    pkceCodeVerifier: flow.request.verifier,
    expectedNonce: flow.request.nonce,
    expectedState: flow.request.state,
  });
}

/** Verifies an ID token's signature against the JWKS and its iss/aud, as a careful app would, and checks the schema. */
export async function verifyIdToken(issuer: string, idToken: string, audience: string): Promise<JWTPayload & Record<string, unknown>> {
  const jwks = createRemoteJWKSet(new URL(`${issuer}/jwks`));
  const { payload } = await jwtVerify(idToken, jwks, { issuer, audience });
  assertClaimsSchema(payload);
  return payload as JWTPayload & Record<string, unknown>;
}

/** Everything in one go: the flow, the code exchange, the verified ID token and userinfo. */
export async function completeFlow(issuer: string, options: FlowOptions) {
  const flow = await loginFlow(issuer, options);
  const tokens = await exchangeCode(flow);
  const idToken = await verifyIdToken(issuer, tokens.id_token!, options.clientId ?? 'demo-gemeente');
  const userinfo = await client.fetchUserInfo(flow.rp, tokens.access_token, idToken.sub!);
  assertClaimsSchema(userinfo);
  return { flow, tokens, idToken, userinfo };
}

export { client };
