// The provider's keys: signing keys ES256 (the default), PS256 and RS256 (for clients that ask for them; the NL GOV
// profile's Algorithms: RS256 MUST, PS256 SHOULD), and encryption keys ECDH-ES, RSA-OAEP-256 and RSA-OAEP (for clients
// that encrypt their request objects to namens; RSA-OAEP MUST, RSA-OAEP-256 SHOULD). Generated on first
// start, rotated by `npm run keys:rotate`; a retired key stays published until tokens signed with it have expired.
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { KeyRepository } from '../persistence/key_repository.ts';

export const SIGNING_ALGS = ['ES256', 'PS256', 'RS256'] as const;
export const ENCRYPTION_ALGS = ['ECDH-ES', 'RSA-OAEP-256', 'RSA-OAEP'] as const;
const KEY_ALGS = [...SIGNING_ALGS, ...ENCRYPTION_ALGS];
type KeyAlg = (typeof KEY_ALGS)[number];

async function generateSigningKey(alg: KeyAlg) {
  const options = ['PS256', 'RS256', 'RSA-OAEP-256', 'RSA-OAEP'].includes(alg) ? { modulusLength: 2048 } : alg === 'ECDH-ES' ? { crv: 'P-256' } : {};
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...options });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  const use = (ENCRYPTION_ALGS as readonly string[]).includes(alg) ? 'enc' : 'sig';
  return { kid, alg, privateJwk: { ...jwk, kid, alg, use } as Record<string, unknown> };
}

/** Adds a fresh key of every algorithm and retires the ones in use. */
export async function rotateSigningKeys(keys: KeyRepository): Promise<string[]> {
  const fresh = await Promise.all(KEY_ALGS.map(generateSigningKey));
  await keys.rotate(fresh);
  return fresh.map((key) => key.kid);
}

/** The private JWKS for oidc-provider: active keys first (they sign), retired ones after (they still verify). */
export async function loadSigningKeys(keys: KeyRepository, retentionSeconds: number): Promise<{ keys: JWK[] }> {
  const published = await publishedSigningKeys(keys, retentionSeconds);
  if (published) return published;
  await rotateSigningKeys(keys);
  return (await publishedSigningKeys(keys, retentionSeconds))!;
}

/** The keys to publish now, or undefined when the database lacks an active key of some algorithm. */
export async function publishedSigningKeys(keys: KeyRepository, retentionSeconds: number): Promise<{ keys: JWK[] } | undefined> {
  const published = await keys.listPublished(retentionSeconds);
  if (!KEY_ALGS.every((alg) => published.some((key) => key.alg === alg && key.retiredAt === null))) return undefined;
  return { keys: published.map((key) => key.privateJwk as JWK) };
}

/** Whether two key sets hold the same keys in the same order (the first of each algorithm signs). */
export function sameKeys(a: { keys: JWK[] }, b: { keys: JWK[] }): boolean {
  return a.keys.map((key) => key.kid).join(' ') === b.keys.map((key) => key.kid).join(' ');
}
