// A token for a mandate is handed out only with its row in the audit log. When that row cannot be written (here a
// trigger in the database refuses it, as a full disk or a broken chain would), the token endpoint answers an OAuth
// error in JSON, no tokens, and the fault is in namens' own structured log, not printed beside it.
import assert from 'node:assert/strict';
import { isPostgres } from '../../server/persistence/database.ts';
import { createLogger } from '../../server/logger.ts';
import { SERVICES } from '../../seeds/personas.ts';
import { byLabel, exchangeCode, loginFlow } from '../support/relying_party.ts';
import { startServer, type TestServer } from '../support/server.ts';

const BIJZONDERE_BIJSTAND = `urn:uuid:${SERVICES.find((service) => service.id === 'urn:namens:service:bijzondere-bijstand')!.uuid}`;

describe('flow: a mandate use that cannot be recorded', () => {
  let server: TestServer;
  const logged: Array<Record<string, unknown>> = [];
  before(async () => {
    server = await startServer({}, { logger: createLogger('debug', { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) }) });
    const db = server.app.db;
    if (isPostgres(db)) {
      await db.raw(`CREATE FUNCTION spec_refuse_use() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.event = 'mandate.used' THEN RAISE EXCEPTION 'spec: the audit log refuses this row'; END IF; RETURN NEW; END $$`);
      await db.raw('CREATE TRIGGER spec_refuse_use BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION spec_refuse_use()');
    } else {
      await db.raw(`CREATE TRIGGER spec_refuse_use BEFORE INSERT ON audit_log WHEN NEW.event = 'mandate.used'
        BEGIN SELECT RAISE(ABORT, 'spec: the audit log refuses this row'); END`);
    }
  });
  after(async () => server.close());

  it('jan for Anna: the token endpoint answers server_error in JSON without tokens, and logs the fault', async () => {
    const flow = await loginFlow(server.url, { username: 'jan', params: { scope: `openid ${BIJZONDERE_BIJSTAND}` }, choose: byLabel('Anna') });
    const before = logged.length;
    // openid-client reads OAuth errors from 4xx answers only; a 500 reaches it as the response itself.
    let answer: Response | undefined;
    await assert.rejects(exchangeCode(flow), (error: Error & { cause?: unknown }) => {
      answer = error.cause instanceof Response ? error.cause : undefined;
      return answer?.status === 500;
    });
    assert.match(answer!.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(await answer!.json(), { error: 'server_error', error_description: 'the use of the mandate could not be recorded; no tokens were issued' });
    const faults = logged.slice(before).filter((line) => Number(line.level) >= 50);
    assert.equal(faults.length, 1, JSON.stringify(logged.slice(before)));
    assert.match(JSON.stringify(faults[0]), /the audit log refuses this row/);
    assert.equal(Number((await server.app.db('audit_log').where({ event: 'mandate.used' }).count({ n: '*' }).first())?.n), 0);
  });

  it('jan for himself (no mandate, no row to write): his tokens as usual', async () => {
    const flow = await loginFlow(server.url, { username: 'jan', params: { scope: `openid ${BIJZONDERE_BIJSTAND}` }, choose: byLabel('Uzelf') });
    const tokens = await exchangeCode(flow);
    assert.ok(tokens.id_token);
  });
});
