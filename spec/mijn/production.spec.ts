// /mijn in production: namens registers its own client at start (not only in the development seeds), and never
// writes an activation code to the log.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { addYears, dutchDate } from '../../server/domain/dates.ts';
import { createClientRepository } from '../../server/persistence/client_repository.ts';
import { SERVICES } from '../../seeds/personas.ts';
import { Browser } from '../support/browser.ts';
import { logInToMijn, NOWHERE, textOf } from '../support/mijn.ts';
import { startServer } from '../support/server.ts';

const PRODUCTION = {
  NODE_ENV: 'production',
  COOKIE_KEYS: 'a-production-cookie-key-0123456789',
  TEST_USERS_ENABLED: 'false',
  SEED_ON_START: 'false',
  PAIRWISE_SALT: 'a-production-pairwise-salt-0123456789',
  AUDIT_CHECKPOINT_KEY: generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
};

describe('my mandates in production', () => {
  it('registers namens-mijn on an empty production database: first-party, not a development client, redirecting to ISSUER/mijn/callback', async () => {
    const server = await startServer(PRODUCTION);
    try {
      const client = (await createClientRepository(server.app.db).find('namens-mijn'))!;
      assert.equal(client.firstParty, true);
      assert.equal(client.development, false);
      assert.deepEqual(client.metadata.redirect_uris, [`${server.url}/mijn/callback`]);
      assert.equal(client.metadata.token_endpoint_auth_method, 'none');
      const login = await new Browser().open(`${server.url}/mijn/login`, NOWHERE);
      assert.equal(login.status, 200);
      assert.match(new URL(login.url).pathname, /^\/interaction\//, 'the authorization request is accepted and reaches the login step');
    } finally {
      await server.close();
    }
  });

  it('does not log the activation code in production', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'trace' }, new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }));
    const server = await startServer({ ...PRODUCTION, ALLOW_DEVELOPMENT_SEEDS_IN_PRODUCTION: 'true', TEST_USERS_ENABLED: 'true', SEED_ON_START: 'true' }, { logger });
    try {
      const { person } = await logInToMijn(server.url, 'truus');
      const form = await person.open('/mijn/machtigingen/nieuw');
      const today = dutchDate(new Date());
      const jaaropgave = SERVICES.find((service) => service.id.endsWith(':jaaropgave-bijstand'))!.uuid;
      const page = await person.post(form, '/mijn/machtigingen/nieuw', { bsn: '999990196', surname: 'Visser', services: [jaaropgave], valid_from: today, valid_until: addYears(today, 1) });
      const code = textOf(page, 'activation-code')!;
      assert.match(code, /^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
      assert.ok(!lines.some((line) => line.includes(code) || line.includes(code.replace('-', ''))));
      assert.ok(!lines.some((line) => line.includes('activation code')));
    } finally {
      await server.close();
    }
  });
});
