// The mandate as each side meets it: the code shown once and said so; the receiver invited on his overview to enter
// it, and the mandate titled from his side ("Machtiging van Truus de Boer"); a login without any mandate tells how
// to get one.
import assert from 'node:assert/strict';
import { addYears, dutchDate } from '../../server/domain/dates.ts';
import { SERVICES } from '../../seeds/personas.ts';
import { Browser, formOn } from '../support/browser.ts';
import { logInToMijn, textOf } from '../support/mijn.ts';
import { authorizationRequest, discover, PASSWORD, REDIRECT_URI } from '../support/relying_party.ts';
import { startServer, type TestServer } from '../support/server.ts';

const uuid = (slug: string) => SERVICES.find((service) => service.id.endsWith(`:${slug}`))!.uuid;
const h1 = (html: string) => /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1];

describe('/mijn: the receiver of a mandate', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => server.close());

  it('is invited to enter the code, and sees the mandate titled from his side', async () => {
    const truus = await logInToMijn(server.url, 'truus');
    const today = dutchDate(new Date());
    const granted = await truus.person.post(await truus.person.open('/mijn/machtigingen/nieuw'), '/mijn/machtigingen/nieuw', {
      bsn: '999990196',
      surname: 'Visser',
      services: [uuid('schuldhulpverlening')],
      valid_from: today,
      valid_until: addYears(today, 1),
    });
    assert.equal(granted.status, 201);
    assert.match(textOf(granted, 'activation-code')!, /^[A-Z0-9]{5}-[A-Z0-9]+$/);
    assert.match(granted.html, /na deze pagina is zij niet meer te zien/);
    const id = /href="\/mijn\/machtigingen\/([0-9a-f-]{36})"/.exec(granted.html)![1]!;

    const lars = await logInToMijn(server.url, 'lars');
    const invitation = new RegExp(`<div class="invitation" data-invitation="${id}"><p><strong>Truus de Boer</strong> heeft u gemachtigd\\.[^<]*</p>\\s*<p><a [^>]*href="/mijn/machtigingen/${id}#code"[^>]*>Activeringscode van Truus de Boer invullen</a>`);
    assert.match(lars.page.html, invitation);

    const held = await lars.person.open(`/mijn/machtigingen/${id}`);
    assert.equal(h1(held.html), 'Machtiging van Truus de Boer');
    assert.ok(formOn(held, '/activeren'));
    const given = await truus.person.open(`/mijn/machtigingen/${id}`);
    assert.equal(h1(given.html), 'Machtiging voor Lars Visser');

    await lars.person.post(held, '/activeren', { code: textOf(granted, 'activation-code')! });
    assert.doesNotMatch((await lars.person.open('/mijn')).html, /data-invitation/, 'no invitation once active');
  });

  it('with no mandate at a login, is told how to get one, with a link to request it and a way to log out', async () => {
    const hospital = await discover(server.url, 'demo-ziekenhuis');
    const request = await authorizationRequest(hospital, { scope: `openid urn:uuid:${uuid('medisch-dossier-kind')}` });
    const browser = new Browser();
    const login = await browser.open(request.url, REDIRECT_URI);
    const none = await browser.submit(login, '/login', { username: 'lars', password: PASSWORD }, REDIRECT_URI);
    assert.equal(h1(none.html), 'Geen machtiging gevonden');
    assert.match(none.html, /Dan moet die persoon u eerst machtigen/);
    assert.match(none.html, /<a class="utrecht-link" id="request-mandate" href="\/mijn\/machtigingen\/aanvragen">Een machtiging aanvragen in Mijn machtigingen<\/a>/);
    assert.ok(formOn(none, '/switch_user'), 'Niet u? Uitloggen');
  });
});
