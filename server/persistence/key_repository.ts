// Signing keys, kept in the database so tokens stay verifiable across restarts and processes.
import { epochSeconds, type Database } from './database.ts';

export interface StoredKey {
  kid: string;
  alg: string;
  privateJwk: Record<string, unknown>;
  createdAt: number;
  retiredAt: number | null;
}

export interface KeyRepository {
  /** Keys to publish: active ones and those retired less than `retentionSeconds` ago, newest first. */
  listPublished(retentionSeconds: number): Promise<StoredKey[]>;
  /** Adds new keys and retires every active key of the same algorithms, in one transaction. */
  rotate(keys: Array<Omit<StoredKey, 'createdAt' | 'retiredAt'>>): Promise<void>;
}

interface Row {
  kid: string;
  alg: string;
  private_jwk: string;
  created_at: number | string;
  retired_at: number | string | null;
}

export function createKeyRepository(db: Database): KeyRepository {
  return {
    async listPublished(retentionSeconds) {
      const rows = (await db('signing_keys')
        .where((q) => q.whereNull('retired_at').orWhere('retired_at', '>', epochSeconds() - retentionSeconds))
        .orderByRaw('CASE WHEN retired_at IS NULL THEN 0 ELSE 1 END, created_at DESC, kid')) as Row[];
      return rows.map((row) => ({
        kid: row.kid,
        alg: row.alg,
        privateJwk: JSON.parse(row.private_jwk) as Record<string, unknown>,
        createdAt: Number(row.created_at),
        retiredAt: row.retired_at === null ? null : Number(row.retired_at),
      }));
    },
    async rotate(keys) {
      const now = epochSeconds();
      await db.transaction(async (trx) => {
        await trx('signing_keys').whereNull('retired_at').whereIn('alg', keys.map((key) => key.alg)).update({ retired_at: now });
        await trx('signing_keys').insert(
          keys.map((key) => ({ kid: key.kid, alg: key.alg, private_jwk: JSON.stringify(key.privateJwk), created_at: now, retired_at: null })),
        );
      });
    },
  };
}
