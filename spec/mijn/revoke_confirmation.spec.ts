// Revoking a mandate on /mijn asks first: the mandate's page only links to a confirmation page that says what ends
// and that it is final; only its form (POST with the CSRF token) revokes. No JavaScript needed.
import assert from 'node:assert/strict';
import { formOn } from '../support/browser.ts';
import { logInToMijn, textOf } from '../support/mijn.ts';
import { startServer, type TestServer } from '../support/server.ts';

const KEES_FROM_TRUUS = 'f0000000-0000-4000-8000-000000000001';
const JAN_FOR_ANNA = 'a0000000-0000-4000-8000-000000000001';

describe('/mijn: revoking a mandate asks for confirmation', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => server.close());
  const statusOf = async (id: string) => (await server.app.db('voluntary_mandates').where({ id }).first()).status as string;

  it('the revoke button of a mandate leads to a question, and opening it changes nothing', async () => {
    const { person } = await logInToMijn(server.url, 'truus');
    const detail = await person.open(`/mijn/machtigingen/${KEES_FROM_TRUUS}`);
    assert.throws(() => formOn(detail, '/intrekken'), /no form/, 'no form on the mandate page revokes');
    assert.match(detail.html, new RegExp(`<a [^>]*href="/mijn/machtigingen/${KEES_FROM_TRUUS}/intrekken"[^>]*>Machtiging intrekken</a>`));

    const question = await person.open(`/mijn/machtigingen/${KEES_FROM_TRUUS}/intrekken`);
    assert.equal(question.status, 200);
    assert.match(question.html, /<h1[^>]*>Machtiging intrekken\?<\/h1>/);
    assert.match(textOf(question, 'question')!, /^Weet u zeker dat u de machtiging intrekt waarmee Kees .* namens Truus de Boer mag handelen voor: /);
    assert.match(question.html, /Dit kunt u niet ongedaan maken/);
    assert.match(question.html, new RegExp(`<a [^>]*href="/mijn/machtigingen/${KEES_FROM_TRUUS}"[^>]*>Nee, terug naar de machtiging</a>`));
    assert.equal(await statusOf(KEES_FROM_TRUUS), 'active');
  });

  it('"Ja, intrekken" revokes, with the CSRF token of the session', async () => {
    const { person } = await logInToMijn(server.url, 'truus');
    const question = await person.open(`/mijn/machtigingen/${KEES_FROM_TRUUS}/intrekken`);
    const forged = await person.postRaw(`${server.url}/mijn/machtigingen/${KEES_FROM_TRUUS}/intrekken`, new URLSearchParams({ csrf: 'forged' }));
    assert.equal(forged.status, 403);
    assert.equal(await statusOf(KEES_FROM_TRUUS), 'active');

    const revoked = await person.post(question, '/intrekken');
    assert.equal(textOf(revoked, 'status'), 'Ingetrokken');
    assert.equal(await statusOf(KEES_FROM_TRUUS), 'revoked');
    const again = await person.open(`/mijn/machtigingen/${KEES_FROM_TRUUS}/intrekken`);
    assert.equal(again.status, 409, 'nothing left to revoke');
  });

  it('no question for a legal mandate, which only its register can end', async () => {
    const { person } = await logInToMijn(server.url, 'anna');
    const page = await person.open(`/mijn/machtigingen/${JAN_FOR_ANNA}/intrekken`);
    assert.equal(page.status, 409);
    assert.match(page.html, /alleen via haar register/);
  });
});
