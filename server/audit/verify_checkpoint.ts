// Verifies a checkpoint's signature with the checkpoint key's public half and reads it; anything else (another key,
// a changed payload, not a checkpoint) is a CheckpointRefused.
import type { KeyObject } from 'node:crypto';
import { compactVerify } from 'jose';
import { CHECKPOINT_TYPE, CheckpointRefused, checkpointKeyId, type Checkpoint } from './checkpoint.ts';

const HASH = /^[0-9a-f]{64}$/;

export async function verifyCheckpoint(jws: string, publicKey: KeyObject): Promise<Checkpoint> {
  let payload: Uint8Array;
  try {
    const verified = await compactVerify(jws, publicKey, { algorithms: ['EdDSA'] });
    if (verified.protectedHeader.typ !== CHECKPOINT_TYPE) throw new Error('not a checkpoint');
    payload = verified.payload;
  } catch {
    throw new CheckpointRefused(`a checkpoint does not verify with the checkpoint key ${await checkpointKeyId(publicKey)}: it was not signed by namens with that key, or was changed since`);
  }
  const checkpoint = JSON.parse(new TextDecoder().decode(payload)) as Partial<Checkpoint>;
  if (!Number.isSafeInteger(checkpoint.seq) || typeof checkpoint.hash !== 'string' || !HASH.test(checkpoint.hash) || typeof checkpoint.at !== 'string') {
    throw new CheckpointRefused('a checkpoint is signed but does not hold a seq, a hash and a time');
  }
  return { seq: checkpoint.seq!, hash: checkpoint.hash, at: checkpoint.at };
}
