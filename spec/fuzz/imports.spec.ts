// Property: an import file of any rows (JSON Lines or CSV, each register, all-or-nothing or partial) through
// POST /admin/api/imports is answered without a 5xx or a stack trace; an aborted or refused import changes nothing;
// an accepted one is whole: every record it did not reject is in its register, and the audit log says what it wrote.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { TestServer } from '../support/server.ts';
import { adminToken } from '../admin/admin_client.ts';
import { assertAnswered, changed, contentType, entriesToObject, hostileJson, hostileString, invalidBsn, PROTOTYPE_KEYS, send, shortHostileString, snapshot, startFuzzServer, validBsn, fuzz } from './fuzz.ts';

const REGISTERS = ['legal', 'company', 'voluntary'] as const;
type Register = (typeof REGISTERS)[number];
const TABLES: Record<Register, string> = { legal: 'legal_mandates', company: 'company_mandates', voluntary: 'voluntary_mandates' };

const bsn = fc.oneof({ weight: 4, arbitrary: validBsn }, { weight: 2, arbitrary: invalidBsn }, { weight: 1, arbitrary: fc.constantFrom('999990196', '999990299', '000000000', '12345678', '1234567890') }, { weight: 1, arbitrary: hostileString });
const date = fc.oneof(
  { weight: 4, arbitrary: fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  { weight: 2, arbitrary: fc.constantFrom('2025-02-29', '2024-02-29', '2025-02-30', '2025-13-01', '2025-00-10', '0000-01-01', '0001-01-01', '9999-12-31', '+275760-09-13', '-000001-01-01', '2025-1-1', '20250101', '2025-01-01T00:00:00Z', '') },
  { weight: 1, arbitrary: hostileString },
);
const slug = fc.stringMatching(/^[a-z0-9]{1,12}$/);

/** A record of the register, most fields plausible, some hostile. */
function record(register: Register): fc.Arbitrary<Record<string, unknown>> {
  const common = { source_record_id: fc.oneof({ weight: 5, arbitrary: slug.map((s) => `fuzz:${s}`) }, { weight: 1, arbitrary: hostileString }), valid_from: date, ended_on: date };
  const fields: Record<string, fc.Arbitrary<unknown>> =
    register === 'legal'
      ? { ...common, representative_bsn: bsn, represented_bsn: bsn, represented_name: hostileString, type: fc.constantFrom('bewind', 'mentorschap', 'curatele', 'ouderlijk_gezag', 'voogdij', 'guardian', ''), professional: fc.oneof(fc.boolean(), hostileJson), valid_until: fc.oneof(date, fc.constant(null)), represented_birth_date: date }
      : register === 'company'
        ? { ...common, person_bsn: bsn, organisation_kvk: fc.oneof(fc.stringMatching(/^[0-9]{8}$/), hostileString), organisation_name: hostileString, services: fc.constantFrom(['urn:namens:service:bijstand'], ['nope'], []), valid_until: fc.oneof(date, fc.constant(null)) }
        : { ...common, principal_bsn: bsn, agent_bsn: bsn, services: fc.constantFrom(['urn:namens:service:bijstand'], ['urn:namens:service:nope'], [], 'urn:namens:service:bijstand'), valid_until: date, status: fc.constantFrom('pending', 'active', 'ended') };
  const required = register === 'legal' ? ['source_record_id', 'representative_bsn', 'represented_bsn', 'type', 'professional', 'valid_from'] : register === 'company' ? ['source_record_id', 'person_bsn', 'organisation_kvk', 'valid_from'] : ['source_record_id', 'principal_bsn', 'agent_bsn', 'services', 'valid_from', 'valid_until'];
  const extra = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 8 })), hostileJson), { maxLength: 1 });
  return fc
    .tuple(fc.record(fields, { requiredKeys: required }), fc.boolean(), extra)
    .map(([value, dropOne, added]) => {
      const entries = Object.entries(value);
      if (dropOne && entries.length > 1 && added.length === 0) entries.splice(entries.length - 1, 1);
      return entriesToObject([...entries, ...added]);
    });
}

const csvCell = (value: unknown) => (value === undefined || value === null ? '' : `"${(Array.isArray(value) && value.every((item) => typeof item === 'string') ? value.join(' ') : typeof value === 'string' ? value : JSON.stringify(value)).replaceAll('"', '""')}"`);

function asCsv(records: Array<Record<string, unknown>>): string {
  const columns = [...new Set(records.flatMap((row) => Object.keys(row)))];
  return [columns.map(csvCell).join(','), ...records.map((row) => columns.map((column) => csvCell(Object.hasOwn(row, column) ? row[column] : undefined)).join(','))].join('\n') + '\n';
}

const file = fc.constantFrom(...REGISTERS).chain((register) =>
  fc.record({
    // (The query stays short: Node itself answers a request line over 16 KiB with a bare 431.)
    register: fc.oneof({ weight: 9, arbitrary: fc.constant<string>(register) }, { weight: 1, arbitrary: shortHostileString }),
    format: fc.oneof({ weight: 9, arbitrary: fc.constantFrom('jsonl', 'csv') }, { weight: 1, arbitrary: fc.constantFrom('brp-gezag', 'xml', '', 'JSONL') }),
    partial: fc.oneof({ weight: 9, arbitrary: fc.constantFrom('true', 'false') }, { weight: 1, arbitrary: shortHostileString }),
    records: fc.array(record(register), { minLength: 0, maxLength: 6 }),
    junk: fc.option(fc.oneof(hostileString, fc.constantFrom('{', '"unterminated', 'a,b,"c', '\u0000', '[1,2]', 'null')), { freq: 4 }),
    type: contentType('application/x-ndjson'),
  }),
);

describe('fuzz: import records', function () {
  this.timeout(300_000);
  let server: TestServer;
  let token: string;
  before(async () => {
    server = await startFuzzServer();
    token = await adminToken(server.url);
  });
  after(async () => server?.close());

  // Found by the property below on PostgreSQL (shrunk): a NUL character in a record got 500 there and was stored on SQLite.
  it('a record with a NUL character is rejected by line, and nothing is written', async () => {
    const record = { source_record_id: 'fuzz:nul', representative_bsn: '999990196', represented_bsn: '999990305', represented_name: 'a\u0000b', type: 'bewind', professional: true, valid_from: '2025-01-01' };
    const answer = await send(`${server.url}/admin/api/imports?format=jsonl&register=legal`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' }, body: `${JSON.stringify(record)}\n` });
    assert.equal(answer.status, 400, answer.text);
    const report = JSON.parse(answer.text) as { status: string; errors: Array<{ line: number; violations: Array<{ pointer: string }> }> };
    assert.equal(report.status, 'aborted');
    assert.deepEqual(report.errors.map((error) => [error.line, error.violations.map((v) => v.pointer)]), [[1, ['/represented_name']]]);
    assert.equal(await server.app.db('legal_mandates').where({ source_record_id: 'fuzz:nul' }).first(), undefined);
  });

  it('an import file of any rows: no 5xx, an aborted import changes nothing, an accepted one is whole', async () => {
    await fuzz('import records (jsonl, csv)', file, async (input) => {
      const lines = input.format === 'csv' ? asCsv(input.records) : input.records.map((row) => JSON.stringify(row)).join('\n') + (input.records.length ? '\n' : '');
      const body = input.junk === null ? lines : `${lines}${input.junk}\n`;
      const query = new URLSearchParams({ format: input.format, register: input.register, partial: input.partial });
      const before = await snapshot(server);
      const answer = await send(`${server.url}/admin/api/imports?${query}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': input.type }, body });
      assertAnswered(answer, `import ${query} ${body.slice(0, 400)}`);
      if (answer.status >= 300) {
        assert.deepEqual(changed(before, await snapshot(server)), [], `a refused import (${answer.status}) changed the database: ${answer.text.slice(0, 400)}`);
        return 'refused';
      }
      const report = JSON.parse(answer.text) as { status: string; register: Register; records: number; written: number; rejected: number; errors: Array<{ line: number }> };
      assert.equal(report.status, 'imported');
      if (input.partial !== 'true') assert.equal(report.rejected, 0, 'an all-or-nothing import that rejected a record was accepted');
      assert.ok(report.written <= report.records - report.rejected, `written ${report.written} of ${report.records} with ${report.rejected} rejected`);
      if (input.format === 'jsonl') {
        // Line n of a JSON Lines file is record n: each one not rejected is in its register now.
        const rejectedLines = new Set(report.errors.map((error) => error.line));
        for (const [index, row] of input.records.entries()) {
          if (rejectedLines.has(index + 1)) continue;
          const stored = await server.app.db(TABLES[report.register]).where({ source_record_id: row.source_record_id as string }).first();
          assert.ok(stored, `line ${index + 1} was neither rejected nor written: ${answer.text.slice(0, 400)}`);
        }
      }
      const audit = await server.app.db('audit_log').orderBy('seq', 'desc').first();
      assert.equal(audit.event, 'register.imported');
      assert.equal(JSON.parse(audit.detail).written, report.written, 'the audit log says another count');
      return 'accepted';
    });
  });
});
