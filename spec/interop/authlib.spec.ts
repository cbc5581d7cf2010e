// Interop: Authlib (Debian's python3-authlib), a relying party nobody on this project wrote, as a service provider's
// web app (examples/authlib/namens_app.py) against a strict-mode namens. An operator registers it with the command line
// alone: private_key_jwt, back-channel logout and encrypted ID tokens. A person logs in through it for Anna; the app
// refreshes, its next refresh fails once the mandate has ended, and logging out at namens ends its session there.
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { exportJWK, generateKeyPair } from 'jose';
import { SERVICES } from '../../seeds/personas.ts';
import { Browser, radioOptions, type Page } from '../support/browser.ts';
import { eventually, freePort } from '../support/processes.ts';
import { PASSWORD } from '../support/relying_party.ts';
import { startServer, type TestServer } from '../support/server.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
const PYTHON = '/usr/bin/python3'; // Debian's, with python3-authlib (.ci/run installs it)
const BIJSTAND = SERVICES.find((service) => service.id === 'urn:namens:service:bijzondere-bijstand')!.uuid;
// any: the app's JSON responses; each assertion reads the fields it needs.
const json = (page: Page): any => JSON.parse(page.html);

describe('interop: Authlib as the app (private_key_jwt, encrypted ID tokens, back-channel logout)', function () {
  this.timeout(60_000);
  let server: TestServer;
  let dir: string;
  let app: ChildProcess;
  let appUrl: string;
  let appOutput = '';
  const namens = (...args: string[]) =>
    run(process.execPath, [join(ROOT, 'bin/namens.mjs'), ...args], { env: { ...process.env, DATABASE_URL: server.databaseUrl, LOG_LEVEL: 'silent', NLGOV_PROFILE: 'strict' } });

  before(async () => {
    server = await startServer({ NLGOV_PROFILE: 'strict' });
    dir = await mkdtemp(join(tmpdir(), 'namens-authlib-'));
    appUrl = `http://127.0.0.1:${await freePort()}`;
    const signing = await generateKeyPair('ES256', { extractable: true });
    const encryption = await generateKeyPair('RSA-OAEP-256', { extractable: true });
    const sig = { kid: 'portaal-authlib-sig', use: 'sig', alg: 'ES256' };
    const enc = { kid: 'portaal-authlib-enc', use: 'enc', alg: 'RSA-OAEP-256' };
    await writeFile(join(dir, 'sig.jwk.json'), JSON.stringify({ ...(await exportJWK(signing.privateKey)), ...sig }));
    await writeFile(join(dir, 'enc.jwk.json'), JSON.stringify({ ...(await exportJWK(encryption.privateKey)), ...enc }));
    await writeFile(join(dir, 'public.jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(signing.publicKey)), ...sig }, { ...(await exportJWK(encryption.publicKey)), ...enc }] }));

    // The operator: the command line alone.
    const added = await namens('clients', 'add', 'portaal-authlib', '--name', 'Portaal (Authlib)', '--provider', 'gemeente-enschede',
      '--redirect-uri', `${appUrl}/callback`, '--post-logout-redirect-uri', `${appUrl}/`, '--auth-method', 'private_key_jwt',
      '--jwks', join(dir, 'public.jwks.json'), '--backchannel-logout-uri', `${appUrl}/backchannel-logout`, '--set', 'backchannel_logout_session_required=true',
      '--id-token-encryption', 'RSA-OAEP-256', '--refresh-tokens');
    assert.match(added.stdout, /registered client portaal-authlib/);

    app = spawn(PYTHON, [join(ROOT, 'examples/authlib/namens_app.py')], {
      env: {
        ...process.env, NAMENS_ISSUER: server.url, CLIENT_ID: 'portaal-authlib', APP_URL: appUrl, SCOPE: `openid offline_access urn:uuid:${BIJSTAND}`,
        SIGNING_KEY: join(dir, 'sig.jwk.json'), DECRYPTION_KEY: join(dir, 'enc.jwk.json'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    app.stdout!.on('data', (chunk) => (appOutput += chunk));
    app.stderr!.on('data', (chunk) => (appOutput += chunk));
    await eventually(`the Authlib app listening (${appOutput})`, () => appOutput.includes('listening on'));
  });
  after(async () => {
    app?.kill();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Jan logs in at the app and acts for Anna de Vries; returns the browser and the app's callback page. */
  async function logInForAnna(): Promise<{ browser: Browser; callback: Page }> {
    const browser = new Browser();
    const login = await browser.open(`${appUrl}/login`, `${appUrl}/callback`);
    const selection = await browser.submit(login, '/login', { username: 'jan', password: PASSWORD }, `${appUrl}/callback`);
    const anna = radioOptions(selection).find((option) => option.label.includes('Anna de Vries'))!;
    const consent = await browser.submit(selection, '/select_mandate', { mandate: anna.value }, `${appUrl}/callback`);
    const back = await browser.submit(consent, '/consent', {}, `${appUrl}/callback`);
    assert.ok(back.location?.startsWith(`${appUrl}/callback`), back.html.slice(0, 500));
    return { browser, callback: await browser.open(back.location!, 'http://nowhere.invalid/') };
  }

  it('logs jan in for Anna: Authlib decrypts and verifies the ID token and reads represents and authorization_details', async () => {
    const { callback } = await logInForAnna();
    assert.equal(callback.status, 200, `${callback.html}\n${appOutput}`);
    const { id_token: idToken, userinfo, refresh_token: refresh } = json(callback);
    assert.equal(idToken.aud, 'portaal-authlib');
    assert.equal(idToken.represents.name, 'Anna de Vries');
    assert.equal(idToken.authorization_details[0].type, 'namens:mandate');
    assert.equal(typeof idToken.nbf, 'number');
    assert.equal(userinfo.sub, idToken.sub);
    assert.equal(refresh, true, 'offline_access with prompt=consent gives a refresh token');
  });

  it('logs out at namens (RP-initiated), and namens ends the app\'s session by back-channel logout', async () => {
    const { browser } = await logInForAnna();
    assert.equal(json(await browser.open(`${appUrl}/session`, 'http://nowhere.invalid/')).logged_in, true);
    const confirm = await browser.open(`${appUrl}/logout`, `${appUrl}/`);
    const done = await browser.submit(confirm, '/session/end/confirm', { logout: 'yes' }, `${appUrl}/`);
    assert.equal(done.location, `${appUrl}/`, 'back at the app');
    await eventually('the back-channel logout reached the app', async () => json(await browser.open(`${appUrl}/session`, 'http://nowhere.invalid/')).logged_in === false, 10);
    assert.equal(typeof json(await browser.open(`${appUrl}/session`, 'http://nowhere.invalid/')).ended_by.sid, 'string');
  });

  it('refreshes, and the next refresh fails once the mandate has ended', async () => {
    const { browser, callback } = await logInForAnna();
    const mandate = String(json(callback).id_token.authorization_details[0].mandate_id);
    const refreshed = await browser.open(`${appUrl}/refresh`, 'http://nowhere.invalid/');
    assert.equal(refreshed.status, 200, refreshed.html);
    assert.equal(json(refreshed).id_token.represents.name, 'Anna de Vries');

    await namens('mandates', 'end', 'legal', mandate);
    const refused = await browser.open(`${appUrl}/refresh`, 'http://nowhere.invalid/');
    assert.notEqual(refused.status, 200);
    assert.match(json(refused).error_description, /invalid_grant/);
  });
});
