// /mijn/gecontroleerd ("wie heeft mijn machtigingen gecontroleerd"): a person sees the decisions about themselves as
// the represented party, never those about others, in Dutch and English; without a session, the way to log in.
import assert from 'node:assert/strict';
import { SERVICES } from '../../seeds/personas.ts';
import { logInToMijn } from '../support/mijn.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { backOfficeToken, decisionApi, person } from '../authzen/back_office.ts';

const BIJZONDERE_BIJSTAND = SERVICES.find((service) => service.id === 'urn:namens:service:bijzondere-bijstand')!.uuid;
const [JAN, ANNA, PIET] = ['999993653', '999990019', '999990020'];
const rowsOf = (html: string) => [...html.matchAll(/<tr data-point="([a-z_]+)" data-rule="([a-z_]+)">([\s\S]*?)<\/tr>/g)].map((match) => match[3]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());

describe('/mijn/gecontroleerd: who checked my mandates', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => server.close());

  it('sends a visitor without a session to log in', async () => {
    const response = await fetch(`${server.url}/mijn/gecontroleerd`, { redirect: 'manual' });
    assert.equal(response.status, 303);
    assert.match(response.headers.get('location') ?? '', /^\/mijn\/login\?terug=%2Fmijn%2Fgecontroleerd/);
  });

  it('shows Anna the back office’s question about her, and not the one about Piet; says so when there is none', async () => {
    const anna = (await logInToMijn(server.url, 'anna')).person;
    const empty = await anna.open('/mijn/gecontroleerd');
    assert.match(empty.html, /Nog niemand heeft uw machtigingen gecontroleerd\./);

    const ask = decisionApi(server.url, await backOfficeToken(server.url));
    await ask('/evaluations', { subject: person(JAN), action: { name: BIJZONDERE_BIJSTAND }, evaluations: [{ resource: person(ANNA) }, { resource: person(PIET) }] });
    const page = await anna.open('/mijn/gecontroleerd');
    assert.equal(page.status, 200);
    const rows = rowsOf(page.html);
    assert.equal(rows.length, 1, JSON.stringify(rows));
    assert.match(rows[0]!, /Gemeente Enschede, back office \(demo\).*Jan Jansen.*Bijzondere bijstand aanvragen.*Vraag van een dienstverlener.*Toegestaan: er is een geldige machtiging/);

    await anna.open('/taal/en');
    const english = await anna.open('/mijn/gecontroleerd');
    assert.match(rowsOf(english.html)[0]!, /Apply for special assistance.*Question from a service provider.*Allowed: there is a valid mandate/);

    const piet = (await logInToMijn(server.url, 'piet')).person;
    assert.equal(rowsOf((await piet.open('/mijn/gecontroleerd')).html).length, 1, 'Piet sees the decision about himself');
  });
});
