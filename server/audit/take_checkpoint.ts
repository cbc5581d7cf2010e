// Takes a checkpoint of the audit log, when its head moved since this process took the last one: signs (seq, hash,
// time), logs it as one JSON line `audit checkpoint`, and appends it to AUDIT_CHECKPOINT_FILE when one is set. Run on
// a schedule and on graceful shutdown (app.ts, main.ts). The log (and the file) should go somewhere the database's
// owner cannot rewrite.
import { appendFile } from 'node:fs/promises';
import type { KeyObject } from 'node:crypto';
import type { Logger } from '../logger.ts';
import type { AuditHead } from '../persistence/audit_chain.ts';
import type { Checkpoint } from './checkpoint.ts';
import { signCheckpoint } from './sign_checkpoint.ts';

export interface SignedCheckpoint extends Checkpoint {
  /** The compact JWS that `namens audit verify --checkpoint` takes. */
  checkpoint: string;
}

export interface CheckpointDeps {
  readHead(): Promise<AuditHead | undefined>;
  key: KeyObject;
  logger: Logger;
  file: string | undefined;
  clock: () => Date;
}

/** Returns take(): the checkpoint it signed, or undefined when the log is empty or unchanged since the last one. */
export function createCheckpointTaker(deps: CheckpointDeps): () => Promise<SignedCheckpoint | undefined> {
  let last: string | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  async function takeOnce(): Promise<SignedCheckpoint | undefined> {
    const head = await deps.readHead();
    if (!head || `${head.seq}:${head.hash}` === last) return undefined;
    const checkpoint: Checkpoint = { seq: head.seq, hash: head.hash, at: deps.clock().toISOString() };
    const signed: SignedCheckpoint = { ...checkpoint, checkpoint: await signCheckpoint(deps.key, checkpoint) };
    deps.logger.info(signed, 'audit checkpoint');
    if (deps.file) await appendFile(deps.file, `${JSON.stringify(signed)}\n`);
    last = `${head.seq}:${head.hash}`;
    return signed;
  }

  // One at a time: a shutdown during a scheduled checkpoint waits for it, and does not sign the same head twice.
  return function takeCheckpoint() {
    const next = queue.then(takeOnce);
    queue = next.catch(() => undefined);
    return next;
  };
}
