// How often one login asks the registers: once for the options at the selection screen (one statement across the
// three registers), then one primary-key read at every later step that re-checks the choice (the posted choice, the
// consent page and its post, the token endpoint, userinfo). A change that adds a register statement is seen here.
import assert from 'node:assert/strict';
import { SERVICES } from '../../seeds/personas.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { completeFlow } from '../support/relying_party.ts';
import { shown } from '../support/option_labels.ts';

const BIJZONDERE_BIJSTAND = SERVICES.find((service) => service.id === 'urn:namens:service:bijzondere-bijstand')!.uuid;
const REGISTERS = /\b(voluntary|legal|company)_mandates\b/;
// oidc-provider's own reads and writes of interactions, sessions, grants, codes and tokens in one login with consent:
// 32 since the selection screen is part of the login's interaction (one resume less; 40 before, issue 18).
const MODEL_STORE = 32;

describe('flow: the register statements of one login', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => server.close());

  it('jan for Anna: one statement for the options, one primary-key read per re-check, six in all', async () => {
    const statements: string[] = [];
    const record = (query: { sql: string }) => {
      if (REGISTERS.test(query.sql)) statements.push(query.sql);
    };
    server.app.db.on('query', record);
    try {
      const { idToken, userinfo } = await completeFlow(server.url, {
        username: 'jan',
        params: { scope: `openid urn:uuid:${BIJZONDERE_BIJSTAND}` },
        choose: (options) => options.find((option) => option.label.startsWith(shown('anna')))!.value,
      });
      assert.equal((idToken.represents as { name: string }).name, 'Anna de Vries');
      assert.equal((userinfo.represents as { name: string }).name, 'Anna de Vries');
    } finally {
      server.app.db.removeListener('query', record);
    }
    const byAgent = statements.filter((sql) => /\bm\.agent_id IN\b/.test(sql));
    const byId = statements.filter((sql) => /\bm\.id IN\b/.test(sql));
    assert.equal(byAgent.length, 1, 'the options, asked once');
    assert.equal(byId.length, 5, 'the posted choice, consent page, consent post, token endpoint and userinfo, each by primary key');
    assert.equal(statements.length, 6, statements.join('\n\n'));
    for (const sql of statements) assert.equal(sql.match(/\bUNION ALL\b/g)?.length, 2, 'one statement across the three registers');
  });

  // Every statement of the same login, by kind (the rate limiter's own on PostgreSQL are not announced here; bench:queries
  // counts those at the driver). A change that adds a statement to the login shows here first.
  it('jan for Anna: every statement of the login, by kind, and the audit entry in one', async () => {
    const kinds: Record<string, number> = {};
    const kind = (sql: string) =>
      REGISTERS.test(sql) ? 'registers' : /\boidc_models\b/.test(sql) ? 'model store' : /\baudit_/.test(sql) ? 'audit' : /^(begin|commit|rollback)/i.test(sql.trim()) ? 'transaction' : 'other';
    const record = (query: { sql: string }) => {
      kinds[kind(query.sql)] = (kinds[kind(query.sql)] ?? 0) + 1;
    };
    await completeFlow(server.url, { username: 'jan', params: { scope: `openid urn:uuid:${BIJZONDERE_BIJSTAND}` }, choose: (options) => options.find((option) => option.label.startsWith(shown('anna')))!.value });
    server.app.db.on('query', record);
    try {
      await completeFlow(server.url, { username: 'jan', params: { scope: `openid urn:uuid:${BIJZONDERE_BIJSTAND}` }, choose: (options) => options.find((option) => option.label.startsWith(shown('anna')))!.value });
    } finally {
      server.app.db.removeListener('query', record);
    }
    assert.deepEqual(kinds, { audit: 1, 'model store': MODEL_STORE, other: 1, registers: 6 });
  });
});
