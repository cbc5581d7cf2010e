// AUDIT_CHECKPOINT_KEY: the Ed25519 key that signs the audit log's checkpoints, as a JWK ({"kty":"OKP","crv":"Ed25519",
// "d":…,"x":…}) or a PKCS#8 PEM. The database never holds it, so whoever can rewrite the database cannot sign a
// checkpoint for the rewritten chain. The development default below is published here: production refuses it.
import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';

/** The development default of AUDIT_CHECKPOINT_KEY; refused in production. */
export const DEVELOPMENT_AUDIT_CHECKPOINT_KEY = '{"kty":"OKP","crv":"Ed25519","d":"uP8YjvhkQ87wLGEi3kh6MSJc_8tjEfe7ETnmb_YlTq8","x":"WSITnayHDqoVPJzkYgHUSV_f3OrNYyXr3UdNrAeqX4Q"}';

export class CheckpointKeyError extends Error {
  override name = 'CheckpointKeyError';
}

/** Never quotes the key in an error: it may be the private one. */
function ed25519(key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new CheckpointKeyError(`expected an Ed25519 key, not ${key.asymmetricKeyType ?? 'a symmetric key'}`);
  return key;
}

/** The private key from a JWK or a PEM, or a CheckpointKeyError. */
export function parseCheckpointPrivateKey(text: string): KeyObject {
  let key: KeyObject;
  try {
    key = text.trim().startsWith('{') ? createPrivateKey({ key: JSON.parse(text) as JsonWebKey, format: 'jwk' }) : createPrivateKey(text);
  } catch {
    throw new CheckpointKeyError('expected an Ed25519 private key as a JWK or a PKCS#8 PEM');
  }
  return ed25519(key);
}

/** The public key from a JWK or a PEM (a private one gives its public half), or a CheckpointKeyError. */
export function parseCheckpointPublicKey(text: string): KeyObject {
  let key: KeyObject;
  try {
    key = text.trim().startsWith('{') ? createPublicKey({ key: JSON.parse(text) as JsonWebKey, format: 'jwk' }) : createPublicKey(text);
  } catch {
    throw new CheckpointKeyError('expected an Ed25519 public key as a JWK or a PEM');
  }
  return ed25519(key);
}

/** Whether `key` is the development default (in whatever encoding it was given). */
export function isDevelopmentCheckpointKey(key: KeyObject): boolean {
  return createPublicKey(key).equals(parseCheckpointPublicKey(DEVELOPMENT_AUDIT_CHECKPOINT_KEY));
}
