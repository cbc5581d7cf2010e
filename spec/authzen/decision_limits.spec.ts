// The decision API's budget per back office (RATE_LIMIT_TOKEN a minute) holds when the calls come all at once: a
// back office that sends 20 evaluations in parallel against a budget of 5 gets exactly 5 answers and 15 times 429,
// each a JSON error with Retry-After, and only the 5 it got are in the decision log.
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../support/server.ts';
import { backOfficeToken, decisionApi, person } from './back_office.ts';
import { SERVICES } from '../../seeds/personas.ts';

const BIJZONDERE_BIJSTAND = SERVICES.find((service) => service.id === 'urn:namens:service:bijzondere-bijstand')!.uuid;

describe('decision API (AuthZEN): the budget of a back office under parallel calls', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ RATE_LIMIT_TOKEN: '5' });
  });
  after(async () => server.close());

  it('lets exactly 5 of 20 parallel evaluations through; the other 15 get 429 JSON with Retry-After, and are not logged as decisions', async () => {
    const ask = decisionApi(server.url, await backOfficeToken(server.url));
    const evaluated = async () => Number((await server.app.db('audit_log').where({ event: 'decision.evaluated' }).count({ n: '*' }).first())?.n);
    const before = await evaluated();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => ask('/evaluation', { subject: person('999993653'), resource: person('999990019'), action: { name: BIJZONDERE_BIJSTAND } })),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    assert.deepEqual(statuses, [...Array(5).fill(200), ...Array(15).fill(429)]);
    for (const answer of answers.filter((a) => a.status === 200)) assert.equal((answer.body as { decision: boolean }).decision, true);
    for (const refused of answers.filter((a) => a.status === 429)) {
      assert.equal((refused.body as { error: string }).error, 'too_many_requests');
      assert.match(refused.headers.get('content-type') ?? '', /application\/json/);
      assert.ok(Number(refused.headers.get('retry-after')) > 0, 'Retry-After in seconds');
    }
    assert.equal((await evaluated()) - before, 5);
  });
});
