// A checkpoint of the audit log: the seq and hash of its newest row at a moment, signed (EdDSA, Ed25519) with
// AUDIT_CHECKPOINT_KEY, a key the database does not hold. The hash chain alone shows a row changed or removed in the
// middle, but not the newest rows removed with audit_chain_head set back (the shorter chain is whole): a checkpoint
// kept outside the database still names the row that must be there, with the hash it must have.
import type { KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK } from 'jose';

/** The JWS `typ` of a checkpoint, so that no other signed object passes for one. */
export const CHECKPOINT_TYPE = 'namens-audit-checkpoint';

export interface Checkpoint {
  /** The seq of the newest row. */
  seq: number;
  /** That row's chain hash. */
  hash: string;
  /** When it was signed (ISO 8601). */
  at: string;
}

/** A checkpoint that cannot be read or whose signature does not hold, or a chain that does not hold a checkpoint. */
export class CheckpointRefused extends Error {
  override name = 'CheckpointRefused';
}

/** The key's id: its JWK thumbprint (RFC 7638), which a checkpoint carries as `kid`. */
export async function checkpointKeyId(publicKey: KeyObject): Promise<string> {
  return calculateJwkThumbprint(await exportJWK(publicKey));
}

/**
 * Why the chain in the database does not hold `checkpoint`, or null when it does: the chain must still reach its
 * seq, and the row there must have its hash (the chain itself verified, that row vouches for every row before it).
 */
export function checkpointProblem(checkpoint: Checkpoint, chain: { lastSeq: number | null; hashAtSeq: string | undefined }): string | null {
  if (chain.lastSeq === null || chain.lastSeq < checkpoint.seq) {
    return `the chain ends at row ${chain.lastSeq ?? '(none)'}, but the checkpoint of ${checkpoint.at} was signed at row ${checkpoint.seq}: rows at the end were removed and the chain's head set back`;
  }
  if (chain.hashAtSeq === undefined) {
    return `the checkpoint of ${checkpoint.at} was signed at row ${checkpoint.seq}, which the chain no longer holds: the chain was rebuilt without it`;
  }
  if (chain.hashAtSeq !== checkpoint.hash) {
    return `row ${checkpoint.seq} does not have the hash the checkpoint of ${checkpoint.at} signed: the chain was rewritten at or before that row`;
  }
  return null;
}
