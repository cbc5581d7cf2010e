import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOidcModelStore, type OidcModelStore } from '../../server/persistence/oidc_model_store.ts';
import { migrateLatest, openDatabase, type Database } from '../../server/persistence/database.ts';

describe('persistence: oidc model store', () => {
  let dir: string;
  let db: Database;
  let store: OidcModelStore;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'namens-store-'));
    db = openDatabase({ databaseUrl: `sqlite:${join(dir, 'store.sqlite')}`, poolMax: 1 });
    await migrateLatest(db);
    store = createOidcModelStore(db);
  });
  after(async () => {
    await db.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores, finds and overwrites a model by id, and keeps models of different names apart', async () => {
    await store.upsert('Session', 's1', { accountId: 'a', uid: 'u1' }, 60);
    await store.upsert('Interaction', 's1', { other: true }, 60);
    assert.deepEqual((await store.find('Session', 's1'))?.payload, { accountId: 'a', uid: 'u1' });
    await store.upsert('Session', 's1', { accountId: 'b', uid: 'u1' }, 60);
    assert.deepEqual((await store.find('Session', 's1'))?.payload, { accountId: 'b', uid: 'u1' });
    assert.deepEqual((await store.find('Interaction', 's1'))?.payload, { other: true });
    assert.equal(await store.find('Session', 'missing'), undefined);
  });

  it('finds a session by uid and a device code by user code', async () => {
    await store.upsert('Session', 's2', { uid: 'uid-2' }, 60);
    await store.upsert('DeviceCode', 'd1', { userCode: 'ABCD-EFGH' }, 60);
    assert.deepEqual((await store.findByUid('Session', 'uid-2'))?.payload, { uid: 'uid-2' });
    assert.deepEqual((await store.findByUserCode('DeviceCode', 'ABCD-EFGH'))?.payload, { userCode: 'ABCD-EFGH' });
  });

  it('consumes once: of many parallel consumers exactly one wins, and the model then reads as consumed', async () => {
    await store.upsert('AuthorizationCode', 'c1', { grantId: 'g1' }, 60);
    const results = await Promise.all(Array.from({ length: 8 }, () => store.consume('AuthorizationCode', 'c1')));
    assert.equal(results.filter(Boolean).length, 1);
    assert.equal((await store.find('AuthorizationCode', 'c1'))?.consumed, true);
    assert.equal(await store.consume('AuthorizationCode', 'missing'), false);
  });

  it('destroys one model, and revokes every model of a grant, the grant included', async () => {
    await store.upsert('AccessToken', 'at1', { grantId: 'g2' }, 60);
    await store.upsert('RefreshToken', 'rt1', { grantId: 'g2' }, 60);
    await store.upsert('Grant', 'g2', { accountId: 'a' }, 60);
    await store.upsert('AccessToken', 'at2', { grantId: 'other' }, 60);
    await store.destroy('AccessToken', 'at2');
    assert.equal(await store.find('AccessToken', 'at2'), undefined);
    await store.upsert('AccessToken', 'at3', { grantId: 'other' }, 60);
    await store.revokeByGrantId('g2');
    for (const [model, id] of [['AccessToken', 'at1'], ['RefreshToken', 'rt1'], ['Grant', 'g2']] as const) {
      assert.equal(await store.find(model, id), undefined, `${model} ${id}`);
    }
    assert.ok(await store.find('AccessToken', 'at3'), 'another grant keeps its tokens');
  });

  it('revokes only the grant and its tokens: an interaction or session that names the grant stays (as in oidc-provider\'s own adapter)', async () => {
    // A logout revokes the session's grants while the interaction that led to it is still under way (prompt=login
    // as someone else): that interaction must survive, or the login after the logout finds no interaction.
    await store.upsert('Grant', 'g4', { accountId: 'a' }, 60);
    await store.upsert('AuthorizationCode', 'c4', { grantId: 'g4' }, 60);
    await store.upsert('Interaction', 'i4', { grantId: 'g4', uid: 'i4' }, 60);
    await store.upsert('Session', 's4', { uid: 'u4', grantId: 'g4' }, 60);
    await store.revokeByGrantId('g4');
    assert.equal(await store.find('Grant', 'g4'), undefined);
    assert.equal(await store.find('AuthorizationCode', 'c4'), undefined);
    assert.ok(await store.find('Interaction', 'i4'), 'the interaction stays');
    assert.ok(await store.find('Session', 's4'), 'the session stays');
  });

  it('revokes a device code that got its grant only on a later save', async () => {
    await store.upsert('DeviceCode', 'dc1', { userCode: 'WXYZ-1234' }, 60);
    await store.upsert('DeviceCode', 'dc1', { userCode: 'WXYZ-1234', grantId: 'g3' }, 60);
    await store.revokeByGrantId('g3');
    assert.equal(await store.find('DeviceCode', 'dc1'), undefined);
  });

  it('sweeps expired rows and keeps live and unexpiring ones', async () => {
    await store.upsert('Session', 'old', {}, 60);
    await db('oidc_models').where({ model: 'Session', id: 'old' }).update({ expires_at: Math.floor(Date.now() / 1000) - 1 });
    await store.upsert('Session', 'live', {}, 60);
    await store.upsert('Client', 'forever', {}, 0);
    assert.ok((await store.sweepExpired()) >= 1);
    assert.equal(await store.find('Session', 'old'), undefined);
    assert.ok(await store.find('Session', 'live'));
    assert.ok(await store.find('Client', 'forever'));
  });

  it('indexes every lookup the adapter makes', async () => {
    const indexes = (await db.raw("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'oidc_models'")) as Array<{ name: string }>;
    const names = indexes.map((index) => index.name);
    for (const name of ['oidc_models_grant_id', 'oidc_models_uid', 'oidc_models_user_code', 'oidc_models_expires_at']) assert.ok(names.includes(name), name);
    // The partial indexes (only rows that have a uid, grant or user code) serve the lookups by them.
    const plan = async (query: { toSQL(): { sql: string; bindings: readonly unknown[] } }) => {
      const { sql, bindings } = query.toSQL();
      return ((await db.raw(`EXPLAIN QUERY PLAN ${sql}`, bindings as never)) as Array<{ detail: string }>).map((row) => row.detail).join('; ');
    };
    assert.match(await plan(db('oidc_models').where({ model: 'Session', uid: 'u' }).limit(1)), /USING INDEX oidc_models_uid/);
    assert.match(await plan(db('oidc_models').where({ model: 'DeviceCode', user_code: 'c' })), /USING INDEX oidc_models_user_code/);
    assert.match(await plan(db('oidc_models').where({ grant_id: 'g' }).orWhere((q) => q.where({ model: 'Grant', id: 'g' })).delete()), /USING INDEX oidc_models_grant_id/);
  });
});
