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
});
