// Storage of oidc-provider's models (sessions, interactions, codes, tokens, grants) in one table.
import { epochSeconds, type Database } from './database.ts';

export interface StoredModel {
  payload: Record<string, unknown>;
  consumed: boolean;
}

export interface OidcModelStore {
  upsert(model: string, id: string, payload: Record<string, unknown>, expiresIn: number | undefined): Promise<void>;
  find(model: string, id: string): Promise<StoredModel | undefined>;
  findByUid(model: string, uid: string): Promise<StoredModel | undefined>;
  findByUserCode(model: string, userCode: string): Promise<StoredModel | undefined>;
  /** Marks the model consumed; false when it was consumed already (or is gone), so exactly one caller wins. */
  consume(model: string, id: string): Promise<boolean>;
  destroy(model: string, id: string): Promise<void>;
  /** Removes every model that belongs to the grant, the grant included. */
  revokeByGrantId(grantId: string): Promise<void>;
  /** Removes rows expired before now; returns how many. */
  sweepExpired(): Promise<number>;
}

interface Row {
  payload: string;
  consumed_at: number | string | null;
}

export function createOidcModelStore(db: Database): OidcModelStore {
  const toModel = (row: Row | undefined): StoredModel | undefined =>
    row && { payload: JSON.parse(row.payload) as Record<string, unknown>, consumed: row.consumed_at !== null };
  const select = () => db('oidc_models').select('payload', 'consumed_at').first();

  return {
    async upsert(model, id, payload, expiresIn) {
      const row = {
        model,
        id,
        payload: JSON.stringify(payload),
        grant_id: typeof payload.grantId === 'string' ? payload.grantId : null,
        uid: typeof payload.uid === 'string' ? payload.uid : null,
        user_code: typeof payload.userCode === 'string' ? payload.userCode : null,
        expires_at: expiresIn ? epochSeconds() + expiresIn : null,
      };
      await db('oidc_models').insert(row).onConflict(['model', 'id']).merge(['payload', 'grant_id', 'uid', 'user_code', 'expires_at']);
    },
    async find(model, id) {
      return toModel(await select().where({ model, id }));
    },
    async findByUid(model, uid) {
      return toModel(await select().where({ model, uid }));
    },
    async findByUserCode(model, userCode) {
      return toModel(await select().where({ model, user_code: userCode }));
    },
    async consume(model, id) {
      const changed = await db('oidc_models').where({ model, id }).whereNull('consumed_at').update({ consumed_at: epochSeconds() });
      return changed === 1;
    },
    async destroy(model, id) {
      await db('oidc_models').where({ model, id }).delete();
    },
    async revokeByGrantId(grantId) {
      await db('oidc_models')
        .where({ grant_id: grantId })
        .orWhere((q) => q.where({ model: 'Grant', id: grantId }))
        .delete();
    },
    async sweepExpired() {
      return db('oidc_models').where('expires_at', '<', epochSeconds()).delete();
    },
  };
}
