// No BSN and no token in the logs. Every spec server of this test run logs at debug level into one file
// (spec/support/spec_log.ts); this spec runs last (zz_), adds full flows of its own, and then reads the whole file
// for every seeded BSN, and for the tokens and codes its flows received.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { PERSONS, SERVICES } from '../../seeds/personas.ts';
import { logInToMijn } from '../support/mijn.ts';
import { completeFlow } from '../support/relying_party.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { SPEC_LOG } from '../support/spec_log.ts';

const uuid = (slug: string) => SERVICES.find((service) => service.id === `urn:namens:service:${slug}`)!.uuid;
const pick = (start: string) => (options: Array<{ value: string; label: string }>) => options.find((o) => o.label.startsWith(start))!.value;

describe('security: no BSN or token in the logs of a whole test run', () => {
  let server: TestServer;
  const secrets: string[] = [];
  before(async () => {
    server = await startServer();
  });
  after(async () => server.close());

  it('logs flows of every kind without a single seeded BSN, token or code', async () => {
    for (const [username, slug, choose] of [
      ['jan', 'bijzondere-bijstand', 'Anna de Vries'],
      ['fatima', 'bijzondere-bijstand', 'Gerrit'],
      ['maria', 'wmo-ondersteuning', 'Lotte'],
      ['kees', 'bijzondere-bijstand', 'Truus'],
      ['eva', 'bijstand-zelfstandigen', 'Bakkerij'],
      ['lars', 'bijstand', 'Uzelf'],
    ] as const) {
      const { flow, tokens } = await completeFlow(server.url, { username, params: { scope: `openid urn:uuid:${uuid(slug)}` }, choose: pick(choose) });
      secrets.push(tokens.id_token!, tokens.access_token, new URL(flow.callback).searchParams.get('code')!);
    }
    await logInToMijn(server.url, 'truus');
    await fetch(`${server.url}/userinfo`, { headers: { authorization: 'Bearer 999993653' } }); // a BSN where a token belongs

    const log = await readFile(SPEC_LOG, 'utf8');
    const lines = log.split('\n').filter(Boolean);
    assert.ok(lines.length > 50, `the spec log ${SPEC_LOG} holds this run's request lines (${lines.length})`);
    for (const line of lines) JSON.parse(line); // every line is structured JSON
    const found = PERSONS.filter((person) => log.includes(person.bsn)).map((person) => `${person.username} (${person.bsn})`);
    assert.deepEqual(found, [], 'no seeded BSN appears anywhere in the log');
    assert.deepEqual(secrets.filter((secret) => log.includes(secret)).length, 0, 'no ID token, access token or code appears');
    // An audit checkpoint is a JWS too, logged on purpose: a signed statement of a row's seq and hash, no token.
    const checkpoints = lines.filter((line) => (JSON.parse(line) as { msg?: string }).msg === 'audit checkpoint');
    for (const line of checkpoints) assert.deepEqual(Object.keys(JSON.parse(line) as object).filter((key) => !['level', 'time', 'pid', 'hostname', 'msg'].includes(key)).sort(), ['at', 'checkpoint', 'hash', 'seq']);
    assert.doesNotMatch(lines.filter((line) => !checkpoints.includes(line)).join('\n'), /eyJ[A-Za-z0-9_-]{10,}\.eyJ/, 'no JWT at all');
  });
});
