import assert from 'node:assert/strict';
import { ConfigError, DEFAULTS, loadConfig } from '../../server/config/config.ts';

describe('config', () => {
  it('gives the documented development defaults for an empty environment', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.issuer, 'http://localhost:3000');
    assert.equal(config.databaseUrl, 'sqlite:data/namens.sqlite');
    assert.equal(config.testUserPassword, 'namens-test');
    assert.equal(config.idTokenTtlSeconds, 300);
    assert.equal(config.mijnSessionIdleSeconds, 30 * 60);
    assert.equal(config.mijnSessionMaxSeconds, 8 * 60 * 60);
  });

  it('stops with a message that names each bad variable', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty', ISSUER: 'localhost:3000/' }), (error: Error) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /PORT is invalid \("eighty"\)/);
      assert.match(error.message, /ISSUER is invalid/);
      return true;
    });
    assert.throws(() => loadConfig({ PORT: '70000' }), /PORT is invalid/);
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL is invalid/);
    assert.throws(() => loadConfig({ COOKIE_KEYS: 'short' }), /COOKIE_KEYS is invalid/);
  });

  it('refuses production with the development secrets, seeds or test users', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), (error: Error) => {
      assert.match(error.message, /^refusing to start in production: /);
      for (const problem of ['COOKIE_KEYS is the development default', 'TEST_USERS_ENABLED must be false', 'PAIRWISE_SALT is the development default', 'SEED_ON_START must be false']) {
        assert.ok(error.message.includes(problem), problem);
      }
      return true;
    });
    const safe = { NODE_ENV: 'production', COOKIE_KEYS: 'a-real-production-key-0123456789', TEST_USERS_ENABLED: 'false', SEED_ON_START: 'false', PAIRWISE_SALT: 'a-real-production-salt-0123456789' };
    assert.equal(loadConfig(safe).nodeEnv, 'production');
    assert.equal(loadConfig({ NODE_ENV: 'production', ALLOW_DEVELOPMENT_SEEDS_IN_PRODUCTION: 'true' }).testUsersEnabled, true);
  });

  it('documents every variable in .env.example', async () => {
    const { readFile } = await import('node:fs/promises');
    const example = await readFile(new URL('../../.env.example', import.meta.url), 'utf8');
    for (const name of Object.keys(DEFAULTS)) assert.match(example, new RegExp(`^${name}=`, 'm'), name);
  });
});
