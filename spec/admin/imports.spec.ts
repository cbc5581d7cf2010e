// Bulk imports: JSON Lines and CSV of namens' own records, BRP gezag; idempotent re-import, all-or-nothing abort,
// partial imports with rejects; over HTTP (POST /admin/api/imports) and through the command line.
import assert from 'node:assert/strict';
import { appendAudit } from '../../server/persistence/audit_chain.ts';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startServer, type TestServer } from '../support/server.ts';
import { adminApi, adminToken, type ApiResponse } from './admin_client.ts';

const run = promisify(execFile);

const LEGAL = [
  { source_record_id: 'rechtbank:2025-001', representative_bsn: '999990196', represented_bsn: '999990299', represented_name: 'Joop Zand', type: 'bewind', professional: true, valid_from: '2025-01-01' },
  { source_record_id: 'rechtbank:2025-002', representative_bsn: '999990196', represented_bsn: '999990305', type: 'mentorschap', professional: false, valid_from: '2025-02-01', valid_until: '2030-01-31' },
];
const jsonl = (records: unknown[]) => records.map((record) => JSON.stringify(record)).join('\n') + '\n';

describe('imports', () => {
  let server: TestServer;
  let api: (method: string, path: string, body?: unknown, contentType?: string) => Promise<ApiResponse>;
  before(async () => {
    server = await startServer();
    api = adminApi(server.url, await adminToken(server.url));
  });
  after(async () => server.close());

  const snapshot = async () => ({
    legal: await server.app.db('legal_mandates').orderBy('id'),
    parties: await server.app.db('parties').orderBy('id'),
    company: await server.app.db('company_mandates').orderBy('id'),
    companyServices: await server.app.db('company_mandate_services').orderBy(['mandate_id', 'service_uuid']),
  });

  it('imports JSON Lines, and the same file again changes nothing', async () => {
    const first = await api('POST', '/imports?format=jsonl&register=legal', jsonl(LEGAL), 'application/x-ndjson');
    assert.equal(first.status, 200);
    assert.equal(first.body.status, 'imported');
    assert.equal(first.body.written, 2);
    const listed = await api('GET', '/legal-mandates?agent=999990196');
    assert.deepEqual(listed.body.mandates.map((m: { represented: { name: string } }) => m.represented.name).sort(), ['Joop Zand', 'Naam onbekend']);
    const before = await snapshot();
    const second = await api('POST', '/imports?format=jsonl&register=legal', jsonl(LEGAL), 'application/x-ndjson');
    assert.equal(second.body.status, 'imported');
    assert.deepEqual(await snapshot(), before, 'the registers and parties are unchanged');
  });

  it('ends a mandate by a record with ended_on, and that import is idempotent too', async () => {
    const ending = [{ ...LEGAL[0], ended_on: '2025-06-01' }];
    assert.equal((await api('POST', '/imports?format=jsonl&register=legal', jsonl(ending), 'application/x-ndjson')).body.status, 'imported');
    const mandate = (await api('GET', '/legal-mandates?principal=999990299')).body.mandates[0];
    assert.equal(mandate.valid_until, '2025-05-31');
    assert.ok(mandate.ended_at);
    const before = await snapshot();
    await api('POST', '/imports?format=jsonl&register=legal', jsonl(ending), 'application/x-ndjson');
    assert.deepEqual(await snapshot(), before);
  });

  it('aborts an import with an invalid record: every error by line, nothing written', async () => {
    const before = await snapshot();
    const file = [
      JSON.stringify({ ...LEGAL[0], source_record_id: 'rechtbank:2025-010', represented_bsn: '999990317' }),
      '{not json',
      JSON.stringify({ ...LEGAL[1], source_record_id: 'rechtbank:2025-011', represented_bsn: '123456789' }),
      JSON.stringify({ source_record_id: 'rechtbank:2025-012', type: 'bewind' }),
    ].join('\n');
    const response = await api('POST', '/imports?format=jsonl&register=legal', file, 'application/x-ndjson');
    assert.equal(response.status, 400);
    assert.equal(response.body.status, 'aborted');
    assert.match(response.body.error_description, /3 of 4 records are invalid; nothing was imported/);
    assert.deepEqual(response.body.errors.map((e: { line: number }) => e.line), [2, 3, 4]);
    assert.match(response.body.errors[0].violations[0].message, /not valid JSON/);
    assert.deepEqual(response.body.errors[1].violations, [{ pointer: '/represented_bsn', message: '123456789 is not a valid BSN (fails the eleven-test)' }]);
    assert.deepEqual(response.body.errors[2].violations.map((v: { pointer: string }) => v.pointer).sort(), ['', '/professional', '/represented_bsn', '/valid_from']);
    assert.deepEqual(await snapshot(), before, 'nothing was written, not even the valid first line');
  });

  it('imports company representations from CSV with a header row', async () => {
    const csv = [
      'source_record_id,person_bsn,person_name,organisation_kvk,organisation_name,services,valid_from,valid_until',
      'kvk:1,999990196,Lars Visser,90007777,Visser Transport,urn:namens:service:bijstand-zelfstandigen;urn:namens:service:bijstand,2025-01-01,',
      'kvk:2,999990184,,90007777,,,2025-03-01,2026-03-01',
    ].join('\n');
    const response = await api('POST', '/imports?format=csv&register=company', csv, 'text/csv');
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.written, 2);
    const mandates = (await api('GET', '/company-mandates?principal=90007777')).body.mandates;
    assert.equal(mandates.length, 2);
    const lars = mandates.find((m: { person: { bsn: string } }) => m.person.bsn === '999990196');
    assert.deepEqual(lars.services, ['0dbaf63c-11f5-5916-bdbe-5c0acd2cdee5', '8483f2e9-a870-51f1-8266-8c7997af9024']);
    assert.equal(mandates.find((m: { person: { bsn: string } }) => m.person.bsn === '999990184').services, null, 'no services: every service');
    const bad = await api('POST', '/imports?format=csv&register=company', 'source_record_id,person_bsn,organisation_kvk,valid_from\nkvk:3,999990196,123,2025-01-01\n', 'text/csv');
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors, [{ line: 2, violations: [{ pointer: '/organisation_kvk', message: 'must match pattern "^[0-9]{8}$"' }] }]);
  });

  it('translates BRP gezag into parental authority and guardianship, and ends gezag the BRP no longer lists', async () => {
    const response = (gezag: unknown[]) => ({
      personen: [{ burgerservicenummer: '999990329', naam: { volledigeNaam: 'Noor Bos' }, gezag }],
    });
    const minor = { burgerservicenummer: '999990330', naam: { volledigeNaam: 'Mees Bos' }, geboorte: { datum: { datum: '2019-04-12' } } };
    const both = response([{ type: 'GezamenlijkOuderlijkGezag', minderjarige: minor, ouders: [{ burgerservicenummer: '999990329' }, { burgerservicenummer: '999990342' }] }]);
    const guardian = { burgerservicenummer: '999990354', gezag: [{ type: 'Voogdij', minderjarige: { burgerservicenummer: '999990366', geboorte: { datum: { datum: '2012-01-01' } } }, derden: [{ burgerservicenummer: '999990354' }] }] };
    const first = await api('POST', '/imports?format=brp-gezag', jsonl([both, guardian]), 'application/x-ndjson');
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.written, 2, 'two lines written');
    const mees = (await api('GET', '/legal-mandates?principal=999990330')).body.mandates;
    assert.deepEqual(mees.map((m: { representative: { bsn: string }; type: string }) => `${m.representative.bsn} ${m.type}`).sort(), ['999990329 ouderlijk_gezag', '999990342 ouderlijk_gezag']);
    assert.equal(mees[0].valid_from, '2019-04-12');
    assert.equal((await api('GET', '/legal-mandates?principal=999990366')).body.mandates[0].type, 'voogdij');

    const one = response([{ type: 'EenhoofdigOuderlijkGezag', minderjarige: minor, ouder: { burgerservicenummer: '999990329' } }]);
    await api('POST', '/imports?format=brp-gezag', jsonl([one]), 'application/x-ndjson');
    const after = (await api('GET', '/legal-mandates?principal=999990330')).body.mandates;
    assert.equal(after.find((m: { representative: { bsn: string } }) => m.representative.bsn === '999990329').ended_at, null);
    assert.ok(after.find((m: { representative: { bsn: string } }) => m.representative.bsn === '999990342').ended_at, 'the other parent’s gezag has ended');

    const unknown = await api('POST', '/imports?format=brp-gezag', jsonl([response([{ type: 'Bewind', minderjarige: minor }])]), 'application/x-ndjson');
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.errors[0].violations[0].pointer, '/personen/0/gezag/0/type');
  });

  it('refuses an import with a bad format or register (400), and without a token (401)', async () => {
    assert.equal((await api('POST', '/imports?format=xml&register=legal', '<x/>', 'application/xml')).status, 400);
    assert.equal((await api('POST', '/imports?format=jsonl', '{}', 'application/x-ndjson')).status, 400);
    assert.equal((await adminApi(server.url, undefined)('POST', '/imports?format=jsonl&register=legal', '{}', 'application/x-ndjson')).status, 401);
  });

  describe('the command line', function () {
    this.timeout(90_000); // each step starts a process (tsx compiles the command line)
    let dir: string;
    const env = () => ({ ...process.env, DATABASE_URL: server.databaseUrl, LOG_LEVEL: 'silent' });
    // The launcher that `npx namens` runs (bin/namens.mjs), started directly to spare npm's start-up in each step.
    const namens = (...args: string[]) => run(process.execPath, [join(import.meta.dirname, '../../bin/namens.mjs'), ...args], { env: env() }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'namens-cli-'));
    });
    after(async () => rm(dir, { recursive: true, force: true }));

    it('imports a file, aborts a bad one with errors by line (exit 1), and keeps the valid ones with --partial', async () => {
      const good = join(dir, 'legal.jsonl');
      await writeFile(good, jsonl([{ ...LEGAL[0], source_record_id: 'cli:1', represented_bsn: '999990378' }]));
      const imported = await namens('import', good, '--register', 'legal');
      assert.equal(imported.code, 0, imported.stderr);
      assert.match(imported.stdout, /imported 1 of 1 records into the legal register/);
      assert.match(imported.stderr, /import: 1 records/, 'a progress line when not on a terminal');

      const bad = join(dir, 'mixed.jsonl');
      await writeFile(bad, jsonl([{ ...LEGAL[0], source_record_id: 'cli:2', represented_bsn: '999990391' }, { ...LEGAL[0], source_record_id: 'cli:3', represented_bsn: '111111111' }]));
      const aborted = await namens('import', bad, '--register', 'legal');
      assert.equal(aborted.code, 1);
      assert.match(aborted.stderr, /line 2: \/represented_bsn 111111111 is not a valid BSN/);
      assert.match(aborted.stderr, /namens: import aborted: 1 of 2 records are invalid; nothing was imported/);
      assert.equal(await server.app.db('legal_mandates').where({ source_record_id: 'cli:2' }).first(), undefined);

      const partial = await namens('import', bad, '--register', 'legal', '--partial', '--rejects', join(dir, 'rejects.jsonl'));
      assert.equal(partial.code, 0, partial.stderr);
      assert.match(partial.stdout, /imported 1 of 2 records .*; 1 rejected/);
      const rejects = (await readFile(join(dir, 'rejects.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
      assert.equal(rejects.length, 1);
      assert.equal(rejects[0].line, 2);
      assert.equal(rejects[0].input.represented_bsn, '111111111');
      assert.ok(await server.app.db('legal_mandates').where({ source_record_id: 'cli:2' }).first());
    });

    it('prints the usage and exits 2 on bad arguments; lists services and clients; shows the audit log', async () => {
      const bogus = await namens('frobnicate');
      assert.equal(bogus.code, 2);
      assert.match(bogus.stderr, /^usage: namens <command>/);
      const missing = await namens('import');
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /usage: namens import <file>/);
      const help = await run('npx', ['--no-install', 'namens', 'clients', 'add', '--help'], { env: env() });
      assert.match(help.stdout, /usage: namens clients add <client_id>/, '`npx namens` runs the command line');
      assert.match((await namens('services', 'list')).stdout, /8cf8687b-0f5e-56ab-971d-bc04f8f4e39a\turn:namens:service:bijzondere-bijstand/);
      const added = await namens('clients', 'add', 'cli-app', '--name', 'CLI app', '--redirect-uri', 'https://cli.example/cb', '--provider', 'gemeente-enschede');
      assert.equal(added.code, 0, added.stderr);
      assert.match(added.stdout, /client secret \(shown once, store it now\): \S{40,}/);
      assert.match((await namens('clients', 'list')).stdout, /^cli-app\tCLI app/m);
      const refused = await namens('clients', 'add', 'bad-app', '--name', 'Bad', '--redirect-uri', 'http://bad.example/cb');
      assert.equal(refused.code, 1);
      assert.equal(refused.stderr.trim().split('\n').filter((line) => !/EBADENGINE/.test(line) && !line.startsWith('npm warn')).length, 1, 'one clear line');
      assert.match(refused.stderr, /\/redirect_uris\/0 must use https/);
      assert.equal((await namens('clients', 'remove', 'cli-app')).code, 0);
      assert.equal((await namens('clients', 'remove', 'cli-app')).code, 1);
      assert.match((await namens('audit', 'show', '--limit', '5')).stdout, /register\.imported\tcli/);
      // An agent without a BSN (an eHerkenning employee) is found by the party id the entries show.
      await server.app.db.transaction((trx) => appendAudit(trx, { event: 'mandate.used', at: Date.now(), agent_id: 'employee-cli-spec', client_id: 'demo-gemeente' }));
      assert.match((await namens('audit', 'show', '--agent', 'employee-cli-spec')).stdout, /mandate\.used\tdemo-gemeente\temployee-cli-spec/);
      assert.equal((await namens('audit', 'show', '--agent', '999993653')).stdout.includes('employee-cli-spec'), false);
    });
  });
});
