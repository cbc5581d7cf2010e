// Faults in what namens does around oidc-provider's own routes (server/oidc/answer_faults.ts), made in the database
// itself: a token for a mandate is handed out only with its row in the audit log, and when that row cannot be written
// (a trigger refuses it, as a full disk or a broken chain would) the token endpoint answers an OAuth error in JSON and
// no tokens, at the code exchange and at the refresh grant alike; when introspection's re-check of a mandate cannot
// read the register, it answers the same, never `active: true` (userinfo, whose re-check runs inside oidc-provider's
// own route, answered so already). Every fault is in namens' own structured log, not printed beside it.
import assert from 'node:assert/strict';
import { isPostgres, type Database } from '../../server/persistence/database.ts';
import { createLogger } from '../../server/logger.ts';
import { SERVICES } from '../../seeds/personas.ts';
import { byLabel, client, completeFlow, exchangeCode, loginFlow } from '../support/relying_party.ts';
import { startServer, type TestServer } from '../support/server.ts';

const BIJZONDERE_BIJSTAND = `urn:uuid:${SERVICES.find((service) => service.id === 'urn:namens:service:bijzondere-bijstand')!.uuid}`;
const params = { scope: `openid ${BIJZONDERE_BIJSTAND}` };

async function refuseMandateUses(db: Database): Promise<() => Promise<void>> {
  if (isPostgres(db)) {
    await db.raw(`CREATE FUNCTION spec_refuse_use() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.event = 'mandate.used' THEN RAISE EXCEPTION 'spec: the audit log refuses this row'; END IF; RETURN NEW; END $$`);
    await db.raw('CREATE TRIGGER spec_refuse_use BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION spec_refuse_use()');
    return async () => {
      await db.raw('DROP TRIGGER spec_refuse_use ON audit_log');
      await db.raw('DROP FUNCTION spec_refuse_use()');
    };
  }
  await db.raw(`CREATE TRIGGER spec_refuse_use BEFORE INSERT ON audit_log WHEN NEW.event = 'mandate.used'
    BEGIN SELECT RAISE(ABORT, 'spec: the audit log refuses this row'); END`);
  return async () => void (await db.raw('DROP TRIGGER spec_refuse_use'));
}

/** The answer behind openid-client's error: it reads OAuth errors from 4xx answers only, a 5xx reaches it as the response. */
async function answerOf(request: Promise<unknown>): Promise<{ status: number; type: string; body: unknown }> {
  let answer: Response | undefined;
  await assert.rejects(request, (error: Error & { cause?: unknown }) => (answer = error.cause instanceof Response ? error.cause : undefined) !== undefined);
  return { status: answer!.status, type: answer!.headers.get('content-type') ?? '', body: await answer!.json() };
}

describe('flow: faults around the token and introspection endpoints', () => {
  let server: TestServer;
  const logged: Array<Record<string, unknown>> = [];
  const faultsSince = (from: number) => logged.slice(from).filter((line) => Number(line.level) >= 50);
  before(async () => {
    server = await startServer({}, { logger: createLogger('debug', { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) }) });
  });
  after(async () => server.close());

  it('jan for Anna, the audit row refused: server_error in JSON without tokens, logged once; jan for himself gets his tokens', async () => {
    const allow = await refuseMandateUses(server.app.db);
    try {
      const flow = await loginFlow(server.url, { username: 'jan', params, choose: byLabel('Anna') });
      const from = logged.length;
      assert.deepEqual(await answerOf(exchangeCode(flow)), {
        status: 500,
        type: 'application/json; charset=utf-8',
        body: { error: 'server_error', error_description: 'the use of the mandate could not be recorded; no tokens were issued' },
      });
      assert.equal(faultsSince(from).length, 1, JSON.stringify(logged.slice(from)));
      assert.match(JSON.stringify(faultsSince(from)[0]), /the audit log refuses this row/);
      assert.equal(Number((await server.app.db('audit_log').where({ event: 'mandate.used' }).count({ n: '*' }).first())?.n), 0);

      const own = await exchangeCode(await loginFlow(server.url, { username: 'jan', params, choose: byLabel('Uzelf') }));
      assert.ok(own.id_token, 'no row to write for oneself');
    } finally {
      await allow();
    }
  });

  it('the same rule at the refresh grant: a refresh for Anna whose audit row is refused answers server_error without tokens', async () => {
    const { flow, tokens } = await completeFlow(server.url, { username: 'jan', params: { scope: `openid offline_access ${BIJZONDERE_BIJSTAND}`, prompt: 'consent' }, choose: byLabel('Anna') });
    assert.ok(tokens.refresh_token);
    const allow = await refuseMandateUses(server.app.db);
    try {
      const from = logged.length;
      assert.deepEqual(await answerOf(client.refreshTokenGrant(flow.rp, tokens.refresh_token!)), {
        status: 500,
        type: 'application/json; charset=utf-8',
        body: { error: 'server_error', error_description: 'the use of the mandate could not be recorded; no tokens were issued' },
      });
      assert.equal(faultsSince(from).length, 1, JSON.stringify(logged.slice(from)));
    } finally {
      await allow();
    }
  });

  it("jan's token for Anna at userinfo while the register cannot be read: server_error in JSON, no claims", async () => {
    const { flow, tokens } = await completeFlow(server.url, { username: 'jan', params, choose: byLabel('Anna') });
    await server.app.db.raw('ALTER TABLE legal_mandates RENAME TO spec_hidden_legal_mandates');
    try {
      const from = logged.length;
      const answer = await answerOf(client.fetchUserInfo(flow.rp, tokens.access_token, client.skipSubjectCheck));
      assert.equal(answer.status, 500);
      assert.match(answer.type, /^application\/json/);
      assert.equal((answer.body as { error?: string }).error, 'server_error');
      assert.equal(faultsSince(from).length, 1, JSON.stringify(logged.slice(from)));
    } finally {
      await server.app.db.raw('ALTER TABLE spec_hidden_legal_mandates RENAME TO legal_mandates');
    }
  });

  it("jan's token for Anna introspected while the register cannot be read: server_error in JSON, never active, logged once", async () => {
    const { flow, tokens } = await completeFlow(server.url, { username: 'jan', params, choose: byLabel('Anna') });
    assert.equal((await client.tokenIntrospection(flow.rp, tokens.access_token)).active, true);
    await server.app.db.raw('ALTER TABLE legal_mandates RENAME TO spec_hidden_legal_mandates');
    try {
      const from = logged.length;
      assert.deepEqual(await answerOf(client.tokenIntrospection(flow.rp, tokens.access_token)), {
        status: 500,
        type: 'application/json; charset=utf-8',
        body: { error: 'server_error', error_description: 'the request could not be completed; try again later' },
      });
      assert.equal(faultsSince(from).length, 1, JSON.stringify(logged.slice(from)));
    } finally {
      await server.app.db.raw('ALTER TABLE spec_hidden_legal_mandates RENAME TO legal_mandates');
    }
    assert.equal((await client.tokenIntrospection(flow.rp, tokens.access_token)).active, true, 'active again once the register is back');
  });
});
