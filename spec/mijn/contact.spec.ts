// /mijn/e-mail over HTTP: a person gives, changes and removes the address their notifications go to (CSRF, errors in
// Dutch and English), and the renewal link of an expiry reminder opens the grant form filled in.
import assert from 'node:assert/strict';
import { addDays, addYears, dutchDate } from '../../server/domain/dates.ts';
import { renewalPath, renewalTerms } from '../../server/domain/notifications.ts';
import { SERVICES } from '../../seeds/personas.ts';
import type { Page } from '../support/browser.ts';
import { logInToMijn, textOf } from '../support/mijn.ts';
import { startServer, type TestServer } from '../support/server.ts';

const KEES_FROM_TRUUS = 'f0000000-0000-4000-8000-000000000001';
const uuid = (slug: string) => SERVICES.find((service) => service.id === `urn:namens:service:${slug}`)!.uuid;
const inputValue = (page: Page, id: string) => new RegExp(`id="${id}"[^>]*value="([^"]*)"`).exec(page.html)?.[1];
const checked = (page: Page) => [...page.html.matchAll(/<input type="checkbox" name="services" id="service-\d+" value="([^"]+)" checked>/g)].map((m) => m[1]!).sort();

describe('mijn: the e-mail address for notifications and the renewal link', function () {
  this.timeout(60_000);
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('gives, changes and removes the address, refusing a bad one with a reason in Dutch and in English', async () => {
    const { person, page } = await logInToMijn(server.url, 'truus');
    assert.match(page.html, /href="\/mijn\/e-mail"/);
    let form = await person.open('/mijn/e-mail');
    assert.equal(form.status, 200);
    assert.equal(textOf(form, 'contact-current'), 'U hebt geen e-mailadres opgegeven: u krijgt geen berichten.');

    const refused = await person.post(form, '/mijn/e-mail', { email: 'truus@@example', action: 'save' });
    assert.equal(refused.status, 400);
    assert.equal(textOf(refused, 'email-error'), 'Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.');
    assert.equal(inputValue(refused, 'email'), 'truus@@example', 'what was typed stays');
    const empty = await person.post(form, '/mijn/e-mail', { email: '  ', action: 'save' });
    assert.equal(textOf(empty, 'email-error'), 'Vul uw e-mailadres in, of kies E-mailadres verwijderen.');

    const saved = await person.post(form, '/mijn/e-mail', { email: ' Truus@Example.NL ', action: 'save' });
    assert.equal(saved.status, 200);
    assert.match(saved.url, /\/mijn\/e-mail\?gedaan=opgeslagen$/);
    assert.equal(textOf(saved, 'contact-current'), 'Berichten gaan nu naar Truus@example.nl .');
    const row = await server.app.db('person_contacts').where({ party_id: 'person-truus' }).first();
    assert.deepEqual([row.email, row.locale], ['Truus@example.nl', 'nl']);

    // In English: the errors too, and the language of the messages follows.
    await person.open('/taal/en?terug=/mijn/e-mail');
    form = await person.open('/mijn/e-mail');
    const english = await person.post(form, '/mijn/e-mail', { email: 'no-at-sign', action: 'save' });
    assert.equal(textOf(english, 'email-error'), 'Enter a valid e-mail address, like name@example.com.');
    assert.equal(textOf(english, 'contact-current'), 'Messages now go to Truus@example.nl .', 'a refusal keeps the address');
    await person.post(form, '/mijn/e-mail', { email: 'truus@example.org', action: 'save' });
    const changed = await server.app.db('person_contacts').where({ party_id: 'person-truus' }).first();
    assert.deepEqual([changed.email, changed.locale], ['truus@example.org', 'en']);

    const removed = await person.post(await person.open('/mijn/e-mail'), '/mijn/e-mail', { action: 'remove' });
    assert.match(removed.url, /gedaan=verwijderd$/);
    assert.equal(textOf(removed, 'contact-current'), 'You have not given an e-mail address: you get no messages.');
    assert.equal(await server.app.db('person_contacts').where({ party_id: 'person-truus' }).first(), undefined);
  });

  it('refuses a post without the session\'s CSRF token, and sends a visitor without a session to log in', async () => {
    const { person } = await logInToMijn(server.url, 'kees');
    const forged = await person.postRaw(`${server.url}/mijn/e-mail`, new URLSearchParams({ email: 'attacker@example.com', action: 'save', csrf: 'forged' }));
    assert.ok(forged.status >= 400 && forged.status < 500, String(forged.status));
    assert.equal(await server.app.db('person_contacts').where({ party_id: 'person-kees' }).first(), undefined);
    const anonymous = await fetch(`${server.url}/mijn/e-mail`, { redirect: 'manual' });
    assert.equal(anonymous.status, 303);
    assert.match(anonymous.headers.get('location') ?? '', /^\/mijn\/login\?terug=%2Fmijn%2Fe-mail$/);
  });

  it('opens the grant form filled in from a reminder\'s renewal link, for the principal only', async () => {
    const today = dutchDate(new Date());
    // The seeded mandate of Kees from Truus: from 30 days ago until a year from today.
    const terms = renewalTerms(addDays(today, -30), addYears(today, 1));
    const { person } = await logInToMijn(server.url, 'truus');
    const form = await person.open(renewalPath(KEES_FROM_TRUUS, terms));
    assert.equal(form.status, 200);
    assert.equal(inputValue(form, 'bsn'), '999990111');
    assert.equal(inputValue(form, 'check'), '', 'the surname is typed again');
    assert.deepEqual(checked(form), [uuid('bijzondere-bijstand'), uuid('jaaropgave-bijstand')].sort());
    assert.equal(inputValue(form, 'valid_from'), terms.validFrom);
    assert.equal(inputValue(form, 'valid_until'), terms.validUntil);
    assert.match(textOf(form, 'renewal-note') ?? '', /^U verlengt een machtiging die geldt tot en met /);
    // What the browser sends: the fields as filled in, and the surname typed.
    const renewed = await person.post(form, '/mijn/machtigingen/nieuw', { bsn: inputValue(form, 'bsn')!, surname: 'de Boer', services: checked(form), valid_from: inputValue(form, 'valid_from')!, valid_until: inputValue(form, 'valid_until')! });
    assert.equal(renewed.status, 201, 'the renewal starts the day after: no overlap with the current mandate');

    // The agent, or anyone else, gets the plain form: the link reveals nothing of a mandate that is not theirs.
    const kees = await logInToMijn(server.url, 'kees');
    const plain = await kees.person.open(renewalPath(KEES_FROM_TRUUS, terms));
    assert.equal(plain.status, 200);
    assert.equal(inputValue(plain, 'bsn'), '');
    assert.equal(textOf(plain, 'renewal-note'), undefined);
  });
});
