// Activation codes over time: five wrong tries lock activation of that mandate for 15 minutes (even for the right
// code), the lock then lifts; a code expires after 14 days. The server's clock is moved by the spec.
import assert from 'node:assert/strict';
import { addYears, dutchDate } from '../../server/domain/dates.ts';
import { SERVICES } from '../../seeds/personas.ts';
import { formOn, type Page } from '../support/browser.ts';
import { logInToMijn, textOf, type MijnPerson } from '../support/mijn.ts';
import { startServer, type TestServer } from '../support/server.ts';

const uuid = (slug: string) => SERVICES.find((service) => service.id === `urn:namens:service:${slug}`)!.uuid;
const MINUTE = 60_000;

describe('my mandates: activation lock and expiry', () => {
  let server: TestServer;
  let now = Date.now();
  before(async () => {
    server = await startServer({}, { clock: () => new Date(now) });
  });
  after(async () => server?.close());

  async function grantToLars(slug: string): Promise<{ id: string; code: string }> {
    const truus = (await logInToMijn(server.url, 'truus')).person;
    const form = await truus.open('/mijn/machtigingen/nieuw');
    const today = dutchDate(new Date(now));
    const page = await truus.post(form, '/mijn/machtigingen/nieuw', { bsn: '999990196', surname: 'Visser', services: [uuid(slug)], valid_from: today, valid_until: addYears(today, 1) });
    assert.equal(page.status, 201);
    return { id: /href="\/mijn\/machtigingen\/([0-9a-f-]{36})"/.exec(page.html)![1]!, code: textOf(page, 'activation-code')! };
  }

  const attempt = (lars: MijnPerson, csrfPage: Page, id: string, code: string) =>
    lars.postRaw(`${server.url}/mijn/machtigingen/${id}/activeren`, new URLSearchParams({ csrf: formOn(csrfPage, '/mijn/logout').hidden.csrf!, code }));

  it('locks after five wrong codes for 15 minutes, answering exactly as for a wrong code; then the right code works', async () => {
    const { id, code } = await grantToLars('jaaropgave-bijstand');
    const { person: lars, page } = await logInToMijn(server.url, 'lars');
    const answers: Page[] = [];
    for (let i = 0; i < 5; i++) answers.push(await attempt(lars, page, id, `WRONG${i}AAAA`));
    const locked = await attempt(lars, page, id, code);
    assert.deepEqual([...answers, locked].map((answer) => answer.status), [400, 400, 400, 400, 400, 400]);
    assert.equal(locked.html, answers[0]!.html, 'the locked answer reads like a wrong code');
    const row = await server.app.db('voluntary_mandate_activations').where({ mandate_id: id }).first();
    assert.ok(Number(row.locked_until) > now);
    assert.equal((await server.app.db('voluntary_mandates').where({ id }).first()).status, 'pending');
    assert.equal(await server.app.db('audit_log').where({ mandate_id: id, event: 'mandate.activation_failed' }).count({ n: '*' }).first().then((r) => Number(r?.n)), 5);

    now += 14 * MINUTE;
    assert.equal((await attempt(lars, page, id, code)).status, 400, 'still locked after 14 minutes');
    now += 2 * MINUTE;
    const relogin = await logInToMijn(server.url, 'lars');
    const done = await attempt(relogin.person, relogin.page, id, code);
    assert.equal(done.status, 200);
    assert.equal(textOf(done, 'status'), 'Actief');
  });

  it('refuses a code after 14 days', async () => {
    const { id, code } = await grantToLars('uitkeringsspecificatie');
    now += 14 * 24 * 60 * MINUTE + MINUTE;
    const { person: lars, page } = await logInToMijn(server.url, 'lars');
    assert.equal((await attempt(lars, page, id, code)).status, 400);
    assert.equal((await server.app.db('voluntary_mandates').where({ id }).first()).status, 'pending');
  });
});
