// Signs a checkpoint as a compact JWS (EdDSA) with the checkpoint key; its protected header names the key (kid).
import { createPublicKey, type KeyObject } from 'node:crypto';
import { CompactSign } from 'jose';
import { CHECKPOINT_TYPE, checkpointKeyId, type Checkpoint } from './checkpoint.ts';

export async function signCheckpoint(privateKey: KeyObject, checkpoint: Checkpoint): Promise<string> {
  const kid = await checkpointKeyId(createPublicKey(privateKey));
  const payload = new TextEncoder().encode(JSON.stringify({ seq: checkpoint.seq, hash: checkpoint.hash, at: checkpoint.at }));
  return new CompactSign(payload).setProtectedHeader({ alg: 'EdDSA', typ: CHECKPOINT_TYPE, kid }).sign(privateKey);
}
