// Signing keys: ES256 (the default) and PS256 (for clients that ask for it), generated on first start,
// rotated by `npm run keys:rotate`; a retired key stays published until tokens signed with it have expired.
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { KeyRepository } from '../persistence/key_repository.ts';

export const SIGNING_ALGS = ['ES256', 'PS256'] as const;

async function generateSigningKey(alg: (typeof SIGNING_ALGS)[number]) {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'PS256' ? { modulusLength: 2048 } : {}) });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, alg, privateJwk: { ...jwk, kid, alg, use: 'sig' } as Record<string, unknown> };
}

/** Adds a fresh key of every algorithm and retires the ones in use. */
export async function rotateSigningKeys(keys: KeyRepository): Promise<string[]> {
  const fresh = await Promise.all(SIGNING_ALGS.map(generateSigningKey));
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

/** The keys to publish now, or undefined when the database holds no active key of every algorithm. */
export async function publishedSigningKeys(keys: KeyRepository, retentionSeconds: number): Promise<{ keys: JWK[] } | undefined> {
  const published = await keys.listPublished(retentionSeconds);
  if (!SIGNING_ALGS.every((alg) => published.some((key) => key.alg === alg && key.retiredAt === null))) return undefined;
  return { keys: published.map((key) => key.privateJwk as JWK) };
}

/** Whether two key sets hold the same keys in the same order (the first of each algorithm signs). */
export function sameKeys(a: { keys: JWK[] }, b: { keys: JWK[] }): boolean {
  return a.keys.map((key) => key.kid).join(' ') === b.keys.map((key) => key.kid).join(' ');
}
