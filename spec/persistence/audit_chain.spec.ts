// The hot path's audit append (audit_chain.ts createAuditAppender): one call to the database per entry, which checks
// under the write lock that the head is still the one the appender wrote last. Several writers at once (two
// processes' appenders on one database, and knex's appendAudit in register changes) keep the chain whole, and no
// content, however hostile, changes on its way in (bound parameters on both databases).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendAudit, createAuditAppender, verifyAuditChain, type AuditEntry } from '../../server/persistence/audit_chain.ts';
import { hotStatementsOf, migrateLatest, openDatabase, type Database } from '../../server/persistence/database.ts';
import { freshDatabase } from '../support/server.ts';

const entry = (n: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({ event: 'mandate.used', at: 1_796_000_000_000 + n, client_id: `client-${n}`, detail: JSON.stringify({ n }), ...extra });

describe('persistence: the hot path appends to the hash-chained audit log', function () {
  this.timeout(60_000);
  let dir: string;
  let database: { url: string; drop(): Promise<void> };
  let first: Database;
  let second: Database;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'namens-audit-'));
    database = await freshDatabase(dir);
    first = openDatabase({ databaseUrl: database.url, poolMax: 4 });
    await migrateLatest(first);
    second = openDatabase({ databaseUrl: database.url, poolMax: 4 }); // as a second process would
  });
  afterEach(async () => {
    await Promise.all([first.destroy(), second.destroy()]);
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps one whole chain while two appenders and knex append at the same time', async () => {
    const a = createAuditAppender(hotStatementsOf(first));
    const b = createAuditAppender(hotStatementsOf(second));
    const writes: Array<Promise<void>> = [];
    for (let n = 0; n < 30; n++) {
      writes.push(a(entry(n)), b(entry(100 + n)));
      if (n % 3 === 0) writes.push(first.transaction((trx) => appendAudit(trx, entry(200 + n, { event: 'register.changed' }))));
    }
    await Promise.all(writes);
    const report = await verifyAuditChain(first);
    assert.deepEqual(report.breaks, null);
    assert.equal(report.rows, 70);
    const clients = (await first('audit_log').orderBy('seq').pluck('client_id')) as string[];
    assert.equal(new Set(clients).size, 70, 'every entry once');
  });

  // A server under load appends for many token requests at once in one process (bench, PostgreSQL, 32 logins at a
  // time: "the audit log's head moved 50 times during one append" and a 500 from the token endpoint).
  it('appends two hundred entries sent at once through one appender, each once, without giving up', async () => {
    const append = createAuditAppender(hotStatementsOf(first));
    const results = await Promise.allSettled(Array.from({ length: 200 }, (_, n) => append(entry(n))));
    assert.deepEqual(results.filter((result) => result.status === 'rejected'), []);
    const report = await verifyAuditChain(first);
    assert.deepEqual(report.breaks, null);
    assert.equal(report.rows, 200);
    assert.equal(new Set(await first('audit_log').pluck('client_id')).size, 200, 'every entry once');
  });

  it('writes every value exactly as given: quotes, SQL, line breaks, emoji, accents', async () => {
    const hostile = ["'); DROP TABLE audit_log; --", "O'Brien \" ` \\ %", 'line\nbreak\r\ttab', 'Zoë 🧾 ĳ'];
    const append = createAuditAppender(hotStatementsOf(first));
    for (const [n, text] of hostile.entries()) await append(entry(n, { agent_id: text.slice(0, 60), client_id: text, mandate_id: null, detail: JSON.stringify({ text }) }));
    const rows = (await first('audit_log').orderBy('seq')) as Array<{ client_id: string; agent_id: string; mandate_id: null; at: number | string; detail: string }>;
    assert.deepEqual(rows.map((row) => row.client_id), hostile);
    assert.deepEqual(rows.map((row) => JSON.parse(row.detail).text), hostile);
    assert.deepEqual(rows.map((row) => row.mandate_id), hostile.map(() => null));
    assert.deepEqual(rows.map((row) => Number(row.at)), hostile.map((_, n) => 1_796_000_000_000 + n));
    assert.deepEqual((await verifyAuditChain(first)).breaks, null);
  });

  it('refuses text with a NUL character, through the hot path and through knex, and writes nothing', async () => {
    const before = Number((await first('audit_log').count({ n: '*' }).first())?.n);
    await assert.rejects(createAuditAppender(hotStatementsOf(first))(entry(0, { client_id: 'nul\u0000byte' })), /holds no NUL character \(in client_id/);
    await assert.rejects(first.transaction((trx) => appendAudit(trx, entry(1, { detail: 'x\u0000' }))), /holds no NUL character \(in detail/);
    assert.equal(Number((await first('audit_log').count({ n: '*' }).first())?.n), before);
    assert.deepEqual((await verifyAuditChain(first)).breaks, null);
  });

  it('asks the database once per entry', async () => {
    const append = createAuditAppender(hotStatementsOf(first));
    await append(entry(0)); // the first reads the head
    const statements: string[] = [];
    const record = (query: { sql: string }) => statements.push(query.sql);
    first.on('query', record);
    await append(entry(1));
    await append(entry(2));
    first.removeListener('query', record);
    assert.equal(statements.length, 2, statements.join('\n\n'));
    assert.deepEqual((await verifyAuditChain(first)).breaks, null);
  });
});
