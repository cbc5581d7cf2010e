// A service provider's back office as it uses the decision API: a client-credentials token from namens (with a
// secret, or with a private_key_jwt client assertion), then AuthZEN JSON over HTTP.
import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT } from 'jose';
import { PKJWT_PRIVATE_JWK } from '../../seeds/personas.ts';

export const BSN = 'urn:nl-eid-gdi:1.0:id:legacy-BSN';
export const KVK = 'urn:nl-eid-gdi:1.0:id:KvKnr';
export const SECRETS: Record<string, string> = {
  'demo-gemeente-backoffice': 'demo-gemeente-backoffice-secret',
  'demo-ziekenhuis-backoffice': 'demo-ziekenhuis-backoffice-secret',
  'demo-admin': 'demo-admin-secret',
  'demo-gemeente': 'demo-gemeente-secret',
};

async function tokenResponse(url: string, clientId: string, params: Record<string, string>) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const body = new URLSearchParams({ grant_type: 'client_credentials', ...params });
  if (clientId === 'demo-gemeente-backoffice-pkjwt') {
    const key = await importJWK(PKJWT_PRIVATE_JWK as Parameters<typeof importJWK>[0], 'ES256');
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: (PKJWT_PRIVATE_JWK as { kid?: string }).kid })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(url)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(key);
    body.set('client_id', clientId);
    body.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    body.set('client_assertion', assertion);
  } else {
    headers.authorization = `Basic ${Buffer.from(`${clientId}:${SECRETS[clientId]}`).toString('base64')}`;
  }
  const response = await fetch(`${url}/token`, { method: 'POST', headers, body: body.toString() });
  return { status: response.status, body: (await response.json()) as { access_token?: string; scope?: string; error?: string } };
}

/** A decision API token of `clientId` (scope namens:decisions, resource <issuer>/access/v1). */
export async function backOfficeToken(url: string, clientId = 'demo-gemeente-backoffice', params: Record<string, string> = { scope: 'namens:decisions', resource: `${url}/access/v1` }): Promise<string> {
  const { status, body } = await tokenResponse(url, clientId, params);
  if (!body.access_token) throw new Error(`no decision API token: ${status} ${JSON.stringify(body)}`);
  return body.access_token;
}

export interface DecisionResponse {
  status: number;
  headers: Headers;
  // any: JSON of many shapes; each spec asserts the fields it reads.
  body: any;
}

export function decisionApi(url: string, token: string | undefined) {
  return async (path: string, body: unknown, headers: Record<string, string> = {}): Promise<DecisionResponse> => {
    const response = await fetch(`${url}/access/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
}

export const person = (bsn: string) => ({ type: BSN, id: bsn });
