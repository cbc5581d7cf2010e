// Reads what `namens audit verify --checkpoint` is given: a compact JWS, a JSON line holding one ({"checkpoint":…},
// as the log and AUDIT_CHECKPOINT_FILE write them), or a file of such lines (a whole log file will do: other lines are
// skipped). And the public key of --public-key: a JWK or PEM, inline or in a file.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { KeyObject } from 'node:crypto';
import { createInterface } from 'node:readline';
import { CheckpointKeyError, parseCheckpointPublicKey } from '../config/checkpoint_key.ts';
import { CheckpointRefused } from './checkpoint.ts';

const JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

function checkpointOf(line: string): string | undefined {
  const text = line.trim();
  if (JWS.test(text)) return text;
  if (!text.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(text) as { checkpoint?: unknown; msg?: unknown };
    if (typeof value.checkpoint === 'string' && JWS.test(value.checkpoint) && (value.msg === undefined || value.msg === 'audit checkpoint')) return value.checkpoint;
  } catch {
    // not JSON: not a checkpoint line
  }
  return undefined;
}

/** The checkpoints in `source` (each once), or a CheckpointRefused when it holds none. */
export async function readCheckpoints(source: string): Promise<string[]> {
  const inline = checkpointOf(source);
  if (inline) return [inline];
  if (source.trim().startsWith('{')) throw new CheckpointRefused('the --checkpoint JSON holds no "checkpoint"');
  const found = new Set<string>();
  try {
    for await (const line of createInterface({ input: createReadStream(source), crlfDelay: Infinity })) {
      const checkpoint = checkpointOf(line);
      if (checkpoint) found.add(checkpoint);
    }
  } catch {
    throw new CheckpointRefused(`cannot read ${source}`);
  }
  if (!found.size) throw new CheckpointRefused(`${source} holds no audit checkpoint`);
  return [...found];
}

/** The public key of --public-key: a JWK or a PEM, given inline or as a file. */
export async function readPublicKey(source: string): Promise<KeyObject> {
  const inline = source.trim().startsWith('{') || source.includes('-----BEGIN');
  let text = source;
  if (!inline) {
    try {
      text = await readFile(source, 'utf8');
    } catch {
      throw new CheckpointRefused(`cannot read ${source}`);
    }
  }
  try {
    return parseCheckpointPublicKey(text);
  } catch (error) {
    if (error instanceof CheckpointKeyError) throw new CheckpointRefused(`--public-key: ${error.message}`);
    throw error;
  }
}
