// Interop: Apache httpd with mod_auth_openidc (Debian's libapache2-mod-auth-openidc), a relying party nobody on this
// project wrote, configured by examples/mod_auth_openidc/httpd.conf and registered through the admin API. A person
// logs in through it for Anna and the app behind it reads represents and authorization_details; mod_auth_openidc
// refreshes on every request, so once the mandate has ended its next request sends the person back to namens; and a
// logout at namens ends the app's session by back-channel logout.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICES } from '../../seeds/personas.ts';
import { adminApi, adminToken, type ApiResponse } from '../admin/admin_client.ts';
import type { Browser as Chromium, Page as ChromiumPage } from 'playwright-core';
import { launchChromium, logInAndChoose } from '../support/chromium.ts';
import { eventually, freePort } from '../support/processes.ts';
import { startServer, type TestServer } from '../support/server.ts';

const ROOT = join(import.meta.dirname, '../..');
const EXAMPLE = join(ROOT, 'examples/mod_auth_openidc');
const BIJSTAND = SERVICES.find((service) => service.id === 'urn:namens:service:bijzondere-bijstand')!.uuid;
// any: the ID token payload as the app read it; each assertion reads its fields.
interface Seen {
  user: string;
  id_token: Record<string, any>;
  claims: Record<string, string>;
}

describe('interop: Apache httpd with mod_auth_openidc as the app', function () {
  this.timeout(60_000);
  let server: TestServer;
  let api: (method: string, path: string, body?: unknown) => Promise<ApiResponse>;
  let dir: string;
  let apache: ChildProcess;
  let appUrl: string;
  let output = '';
  let chromium: Chromium;
  const errorLog = () => readFile(join(dir, 'error.log'), 'utf8').catch(() => '');

  before(async () => {
    server = await startServer();
    api = adminApi(server.url, await adminToken(server.url));
    const port = await freePort();
    appUrl = `http://localhost:${port}`;
    const registered = await api('POST', '/clients', {
      client_id: 'portaal-apache',
      client_name: 'Portaal (mod_auth_openidc)',
      service_provider_ids: ['gemeente-enschede'],
      redirect_uris: [`${appUrl}/protected/redirect_uri`],
      post_logout_redirect_uris: [`${appUrl}/`],
      backchannel_logout_uri: `${appUrl}/protected/redirect_uri?logout=backchannel`,
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'client_secret_basic',
    });
    assert.equal(registered.status, 201, JSON.stringify(registered.body));

    // Apache's workers run as www-data: the directory and the app must be readable and runnable by it.
    dir = await mkdtemp(join(tmpdir(), 'namens-apache-'));
    await mkdir(join(dir, 'cgi-bin'));
    await copyFile(join(EXAMPLE, 'claims.cgi'), join(dir, 'cgi-bin/claims.cgi'));
    await chmod(join(dir, 'cgi-bin/claims.cgi'), 0o755);
    await chmod(dir, 0o755);
    apache = spawn('apache2', ['-X', '-f', join(EXAMPLE, 'httpd.conf')], {
      env: {
        ...process.env, APP_DIR: dir, APP_PORT: String(port), NAMENS_ISSUER: server.url, CLIENT_ID: 'portaal-apache',
        CLIENT_SECRET: registered.body.client_secret, SCOPE: `openid offline_access urn:uuid:${BIJSTAND}`, CRYPTO_PASSPHRASE: randomBytes(32).toString('hex'), APP_LOG_LEVEL: process.env.APP_LOG_LEVEL ?? 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    apache.stdout!.on('data', (chunk) => (output += chunk));
    apache.stderr!.on('data', (chunk) => (output += chunk));
    await eventually(`Apache answering on ${appUrl}`, async () => (await fetch(`${appUrl}/`)).status > 0);
    chromium = await launchChromium();
  });
  after(async () => {
    await chromium?.close();
    if (apache && apache.exitCode === null) {
      const exited = once(apache, 'exit');
      apache.kill();
      await exited;
    }
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Jan logs in through Apache in Chromium and acts for Anna; returns the page and what the app behind it saw. */
  async function logInForAnna(): Promise<{ page: ChromiumPage; seen: Seen }> {
    const page = await (await chromium.newContext()).newPage();
    await page.goto(`${appUrl}/protected/claims`);
    assert.ok(page.url().startsWith(server.url), `mod_auth_openidc sent the browser to namens: ${page.url()}\n${await errorLog()}`);
    await logInAndChoose(page, 'jan', /Anna de Vries/);
    await page.waitForURL(`${appUrl}/protected/claims`);
    return { page, seen: await claimsOn(page) };
  }

  async function claimsOn(page: ChromiumPage): Promise<Seen> {
    const text = await page.locator('body').innerText();
    try {
      return JSON.parse(text) as Seen;
    } catch {
      assert.fail(`not the app's JSON at ${page.url()}: ${text.slice(0, 300)}\n${await errorLog()}`);
    }
  }

  /** What Apache answers the page's next request (with its cookies), without following a redirect. */
  async function nextRequest(page: ChromiumPage) {
    const response = await page.request.get(`${appUrl}/protected/claims`, { maxRedirects: 0, headers: { accept: 'text/html', 'sec-fetch-mode': 'navigate' } });
    return { status: response.status(), location: response.headers().location, body: await response.text() };
  }

  it('logs jan in for Anna: the app reads represents and authorization_details from the ID token payload', async () => {
    const { seen } = await logInForAnna();
    assert.equal(seen.id_token.aud, 'portaal-apache');
    assert.equal(seen.id_token.represents.name, 'Anna de Vries');
    assert.equal(seen.id_token.authorization_details[0].type, 'namens:mandate');
    assert.equal(seen.claims.sub, seen.id_token.sub, 'plain claims arrive as environment variables too');
    assert.ok(seen.user, 'REMOTE_USER is set');
  });

  it('ends the app\'s session when the person logs out at namens (back-channel logout)', async () => {
    const { page } = await logInForAnna();
    assert.equal((await nextRequest(page)).status, 200);
    await page.goto(`${server.url}/session/end`);
    await page.locator('button[name="logout"][value="yes"]').click();
    await page.waitForURL(`${server.url}/session/end/success`);
    const again = await nextRequest(page);
    assert.equal(again.status, 302, `${again.body.slice(0, 300)}\n${await errorLog()}`);
    assert.ok(again.location?.startsWith(`${server.url}/auth`), 'the app asks namens for a new login');
  });

  it('refreshes on each request, and once the mandate has ended its next request sends the person back to namens', async () => {
    const { page, seen } = await logInForAnna();
    const mandate = String(seen.id_token.authorization_details[0].mandate_id);
    const refreshes = async () =>
      Number(((await server.app.db('audit_log').where({ client_id: 'portaal-apache' }).andWhere('detail', 'like', '%refresh_token%').count({ n: '*' }).first()) as { n: number | string }).n);
    const before = await refreshes();
    // mod_auth_openidc refreshes once less than 599 s of the access token's 600 are left: after a second.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.equal((await nextRequest(page)).status, 200, await errorLog());
    assert.equal(await refreshes(), before + 1, 'mod_auth_openidc refreshed');

    assert.equal((await api('POST', `/legal-mandates/${encodeURIComponent(mandate)}/end`, {})).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    // The refused refresh (invalid_grant) ends the app's session: mod_auth_openidc says "Logged Out" and clears its cookie.
    await page.goto(`${appUrl}/protected/claims`);
    assert.match(await page.locator('body').innerText(), /Logged Out/, await errorLog());
    assert.match(await errorLog(), /invalid_grant[\s\S]*the mandate chosen at login is no longer valid/);
    await page.goto(`${appUrl}/protected/claims`);
    assert.ok(page.url().startsWith(`${server.url}/`), `the next request asks namens for a new login: ${page.url()}`);
  });
});
