import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { DEVELOPMENT_AUDIT_CHECKPOINT_KEY } from '../../server/config/checkpoint_key.ts';
import { ConfigError, DEFAULTS, loadConfig } from '../../server/config/config.ts';

const productionCheckpointKey = () => generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

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

  it('refuses production with the development secrets, seeds or test users', async () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), (error: Error) => {
      assert.match(error.message, /^refusing to start in production: /);
      for (const problem of ['COOKIE_KEYS is the development default', 'TEST_USERS_ENABLED must be false', 'PAIRWISE_SALT is the development default', 'AUDIT_CHECKPOINT_KEY is the development default', 'SEED_ON_START must be false']) {
        assert.ok(error.message.includes(problem), problem);
      }
      return true;
    });
    const safe = {
      NODE_ENV: 'production',
      COOKIE_KEYS: 'a-real-production-key-0123456789',
      TEST_USERS_ENABLED: 'false',
      SEED_ON_START: 'false',
      PAIRWISE_SALT: 'a-real-production-salt-0123456789',
      AUDIT_CHECKPOINT_KEY: productionCheckpointKey(),
    };
    assert.equal(loadConfig(safe).nodeEnv, 'production');
    // The development checkpoint key in another encoding (PEM instead of JWK) is still the development key.
    const { createPrivateKey } = await import('node:crypto');
    const developmentPem = createPrivateKey({ key: JSON.parse(DEVELOPMENT_AUDIT_CHECKPOINT_KEY), format: 'jwk' }).export({ format: 'pem', type: 'pkcs8' }).toString();
    assert.throws(() => loadConfig({ ...safe, AUDIT_CHECKPOINT_KEY: developmentPem }), /AUDIT_CHECKPOINT_KEY is the development default/);
    assert.equal(loadConfig({ NODE_ENV: 'production', ALLOW_DEVELOPMENT_SEEDS_IN_PRODUCTION: 'true' }).testUsersEnabled, true);
  });

  it('takes the checkpoint key as a JWK or a PEM, and names AUDIT_CHECKPOINT_KEY when it is no Ed25519 private key (without quoting it)', () => {
    const pem = productionCheckpointKey();
    assert.equal(loadConfig({ AUDIT_CHECKPOINT_KEY: pem }).auditCheckpointKey.asymmetricKeyType, 'ed25519');
    assert.equal(loadConfig({}).auditCheckpointKey.asymmetricKeyType, 'ed25519');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    for (const bad of ['not a key', '{"kty":"OKP"}', rsa]) {
      assert.throws(() => loadConfig({ AUDIT_CHECKPOINT_KEY: bad }), (error: Error) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /^AUDIT_CHECKPOINT_KEY is invalid: expected an Ed25519/);
        assert.ok(!error.message.includes('MII'), 'the key is not quoted');
        return true;
      });
    }
  });

  it('documents every variable in .env.example', async () => {
    const { readFile } = await import('node:fs/promises');
    const example = await readFile(new URL('../../.env.example', import.meta.url), 'utf8');
    for (const name of Object.keys(DEFAULTS)) assert.match(example, new RegExp(`^${name}=`, 'm'), name);
  });
});
