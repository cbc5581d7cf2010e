import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { startServer } from './support/server.ts';

describe('app', () => {
  it('refuses to start in production on a database that holds the seeded development clients', async () => {
    const production = {
      NODE_ENV: 'production',
      COOKIE_KEYS: 'a-production-cookie-key-0123456789',
      TEST_USERS_ENABLED: 'false',
      SEED_ON_START: 'false',
      PAIRWISE_SALT: 'a-production-pairwise-salt-0123456789',
      AUDIT_CHECKPOINT_KEY: generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    };
    const seeded = await startServer();
    try {
      await assert.rejects(startServer({ ...production, DATABASE_URL: seeded.databaseUrl }), /refusing to start in production: the database holds development clients/);
    } finally {
      await seeded.close();
    }
    const clean = await startServer(production);
    try {
      const discovery = await fetch(`${clean.url}/.well-known/openid-configuration`);
      assert.equal(discovery.status, 200, 'an empty production database starts');
    } finally {
      await clean.close();
    }
  });
});
