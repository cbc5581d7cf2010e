// Storage of oidc-provider's models (sessions, interactions, codes, tokens, grants) in one table.
import { epochSeconds, hotStatementsOf, type Database } from './database.ts';

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

// The queries every request makes: the hot path's prepared statements (hot_statements.ts), the same text on SQLite
// and PostgreSQL. Rarely used ones keep the query builder.
// An update leaves uid and user_code alone: oidc-provider gives a session its uid and a device code its user code
// when it creates them, never later (a session that rotates gets a new id, a new row); setting them again would
// rewrite their index entries on every save. grant_id is set again: a device code or a CIBA request gets its grant
// only when the user approves, and revokeByGrantId must find it.
const UPSERT = `INSERT INTO oidc_models (model, id, payload, grant_id, uid, user_code, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (model, id) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id, expires_at = excluded.expires_at`;
const FIND = 'SELECT payload, consumed_at FROM oidc_models WHERE model = ? AND id = ?';
const FIND_BY_UID = 'SELECT payload, consumed_at FROM oidc_models WHERE model = ? AND uid = ? LIMIT 1';
const CONSUME = 'UPDATE oidc_models SET consumed_at = ? WHERE model = ? AND id = ? AND consumed_at IS NULL RETURNING id';
const DESTROY = 'DELETE FROM oidc_models WHERE model = ? AND id = ?';

/**
 * The models that belong to a grant, which revokeByGrantId removes with it: oidc-provider's own list (its memory
 * adapter's `grantable`). An interaction or a session may name a grant too, but is not part of it: a logout revokes
 * the session's grants while an interaction (prompt=login as someone else) is still under way.
 */
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest', 'PreAuthorizedCode']);

export function createOidcModelStore(db: Database): OidcModelStore {
  const toModel = (row: Row | undefined): StoredModel | undefined =>
    row && { payload: JSON.parse(row.payload) as Record<string, unknown>, consumed: row.consumed_at !== null };
  const hot = hotStatementsOf(db);

  return {
    async upsert(model, id, payload, expiresIn) {
      await hot.run(UPSERT, [
        model,
        id,
        JSON.stringify(payload),
        GRANTABLE.has(model) && typeof payload.grantId === 'string' ? payload.grantId : null,
        typeof payload.uid === 'string' ? payload.uid : null,
        typeof payload.userCode === 'string' ? payload.userCode : null,
        expiresIn ? epochSeconds() + expiresIn : null,
      ]);
    },
    async find(model, id) {
      return toModel((await hot.all<Row>(FIND, [model, id]))[0]);
    },
    async findByUid(model, uid) {
      return toModel((await hot.all<Row>(FIND_BY_UID, [model, uid]))[0]);
    },
    async findByUserCode(model, userCode) {
      return toModel(await db('oidc_models').select('payload', 'consumed_at').where({ model, user_code: userCode }).first());
    },
    async consume(model, id) {
      return (await hot.all(CONSUME, [epochSeconds(), model, id])).length === 1;
    },
    async destroy(model, id) {
      await hot.run(DESTROY, [model, id]);
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
