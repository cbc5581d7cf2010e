// A developer's first start on a port of their choice: without ISSUER, namens names itself after PORT; an ISSUER on
// this machine but another port gets a loud warning; settings may come from a .env file (Node's own loader).
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issuerPortWarning, loadConfig } from '../../server/config/config.ts';
import { eventually, freePort, startProcess } from '../support/processes.ts';

describe('config: ISSUER and PORT agree', () => {
  it('derives ISSUER from PORT when ISSUER is not set', () => {
    assert.equal(loadConfig({ PORT: '4100' }).issuer, 'http://localhost:4100');
    assert.equal(loadConfig({ PORT: '4100', ISSUER: '' }).issuer, 'http://localhost:4100');
    assert.equal(loadConfig({}).issuer, 'http://localhost:3000');
    assert.equal(loadConfig({ PORT: '4100', ISSUER: 'https://namens.example' }).issuer, 'https://namens.example');
  });

  it('warns when ISSUER is this machine on another port, not when a proxy\'s host is named', () => {
    assert.match(issuerPortWarning({ issuer: 'http://localhost:3000', port: 4100 })!, /ISSUER http:\/\/localhost:3000 is on port 3000, but namens listens on PORT 4100/);
    assert.equal(issuerPortWarning({ issuer: 'http://localhost:4100', port: 4100 }), undefined);
    assert.equal(issuerPortWarning({ issuer: 'https://namens.example', port: 4100 }), undefined);
  });

  describe('npm start on another port, settings from a .env file', function () {
    this.timeout(60_000);
    let dir: string;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'namens-env-'));
    });
    after(async () => rm(dir, { recursive: true, force: true }));

    it('prints and serves URLs of the port in .env', async () => {
      const port = await freePort();
      const envFile = join(dir, '.env');
      await writeFile(envFile, `PORT=${port}\nDATABASE_URL=sqlite:${join(dir, 'namens.sqlite')}\nLOG_LEVEL=warn\n`);
      const server = startProcess(['server/main.ts'], { NAMENS_ENV_FILE: envFile });
      try {
        await eventually('namens prints its URLs', () => server.output().includes('discovery:'));
        assert.match(server.output(), new RegExp(`discovery: {2}http://localhost:${port}/\\.well-known/openid-configuration`));
        assert.match(server.output(), new RegExp(`settings: {3}${envFile.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
        assert.doesNotMatch(server.output(), /WARNING/);
        const discovery = (await (await fetch(`http://localhost:${port}/.well-known/openid-configuration`)).json()) as { issuer: string };
        assert.equal(discovery.issuer, `http://localhost:${port}`);
      } finally {
        server.child.kill('SIGTERM');
      }
    });
  });
});
