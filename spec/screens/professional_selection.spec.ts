// A professional representative with 200 clients: the selection screen groups them by legal ground, sorts them by
// name, tells namesakes apart by date of birth, and a plain GET search (no JavaScript) narrows the list.
import assert from 'node:assert/strict';
import { openDatabase } from '../../server/persistence/database.ts';
import { SERVICES } from '../../seeds/personas.ts';
import { Browser, radioOptions, type Page } from '../support/browser.ts';
import { authorizationRequest, discover, exchangeCode, PASSWORD, REDIRECT_URI } from '../support/relying_party.ts';
import { startServer, type TestServer } from '../support/server.ts';

const BIJZONDERE = SERVICES.find((service) => service.id.endsWith(':bijzondere-bijstand'))!;
const SURNAMES = ['Bakker', 'de Boer', 'Dekker', 'Hendriks', 'de Jong', 'Jansen', 'Kok', 'Meijer', 'Mulder', 'Peters', 'Smit', 'Visser', 'Vos', 'de Wit'];
const GIVEN = ['Ada', 'Bert', 'Cor', 'Dina', 'Evert', 'Fenna', 'Gijs', 'Hanna', 'Ids', 'Joke', 'Klaas', 'Lies', 'Marten', 'Nel', 'Otto'];

/** A 9-digit number that passes the eleven-test, from a running number (skipping those without a check digit). */
function bsnFrom(n: number): string {
  for (let k = n; ; k += 7919) {
    const digits = String(100000000 + k * 37).slice(1, 9).split('').map(Number);
    const sum = digits.reduce((total, digit, i) => total + digit * (9 - i), 0);
    const check = sum % 11;
    if (check <= 9 && !(check === 0 && digits[0] === 0)) return `${digits.join('')}${check}`.replace(/^0/, '1');
  }
}

const headings = (page: Page) => [...page.html.matchAll(/<legend class="option-group__heading">([^<]*)<\/legend>/g)].map((match) => match[1]!);
/** The option labels under the group heading `heading` (the ground is said once, in the heading, not in each row). */
const labelsUnder = (page: Page, heading: string) => {
  const start = page.html.indexOf(`<legend class="option-group__heading">${heading}</legend>`);
  const group = page.html.slice(start, page.html.indexOf('</fieldset>', start));
  return radioOptions({ ...page, html: group }).map((option) => option.label);
};

describe('screens: selection for a professional with 200 clients', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
    const db = openDatabase({ databaseUrl: server.databaseUrl, poolMax: 1 }); // namens' set-up: busy_timeout beside the server's
    try {
      const used = new Set((await db('parties').whereNotNull('bsn').pluck('bsn')) as string[]);
      const clients: Array<{ id: string; kind: string; bsn: string; name: string; birth_date: string }> = [];
      for (let i = 0; clients.length < 200; i++) {
        const bsn = bsnFrom(i + 1);
        if (used.has(bsn)) continue;
        used.add(bsn);
        const n = clients.length;
        // Two namesakes, told apart only by their dates of birth.
        const name = n < 2 ? 'Jan de Vries' : `${GIVEN[n % GIVEN.length]} ${SURNAMES[Math.floor(n / GIVEN.length) % SURNAMES.length]} ${n}`;
        clients.push({ id: `client-${n}`, kind: 'person', bsn, name, birth_date: n === 0 ? '1950-03-01' : n === 1 ? '1961-11-30' : `19${40 + (n % 50)}-0${1 + (n % 9)}-1${n % 10}` });
      }
      await db.transaction(async (trx) => {
        await trx.batchInsert('parties', clients, 50);
        await trx.batchInsert(
          'legal_mandates',
          clients.map((party, n) => ({
            id: `c0000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
            representative_id: 'person-ruud',
            represented_id: party.id,
            type: n % 4 === 0 ? 'curatele' : 'bewind',
            professional: true,
            valid_from: '2020-01-01',
            valid_until: null,
            source_record_id: `spec:professional:${n}`,
            created_at: 0,
          })),
          50,
        );
      });
    } finally {
      await db.destroy();
    }
  });
  after(() => server?.close());

  async function selectionScreen() {
    const rp = await discover(server.url, 'demo-gemeente');
    const request = await authorizationRequest(rp, { scope: `openid urn:uuid:${BIJZONDERE.uuid}` });
    const browser = new Browser();
    const login = await browser.open(request.url, REDIRECT_URI);
    const page = await browser.submit(login, '/login', { username: 'ruud', password: PASSWORD }, REDIRECT_URI);
    return { rp, request, browser, page };
  }

  it('shows all 200 grouped by legal ground and sorted by name, with a search field', async () => {
    const { page } = await selectionScreen();
    const options = radioOptions(page);
    assert.equal(options.length, 202, 'Ruud himself, Wim Kok (seeded) and the 200 clients of this spec');
    assert.deepEqual(headings(page), ['Bewind, professioneel', 'Curatele, professioneel'], 'Ruud himself first, without a heading');
    assert.equal(options[0]!.label, 'Uzelf (Ruud Kok)');
    assert.match(page.html, /<label class="utrecht-form-label" for="q">Zoek op naam, geboortedatum of KvK-nummer<\/label>/);
    const bewind = labelsUnder(page, 'Bewind, professioneel');
    assert.equal(bewind.length, 150);
    const curatele = labelsUnder(page, 'Curatele, professioneel');
    assert.equal(curatele.length, 51);
    assert.deepEqual(curatele, [...curatele].sort((a, b) => a.localeCompare(b, 'nl')), 'sorted by name within the group');
    assert.deepEqual(bewind, [...bewind].sort((a, b) => a.localeCompare(b, 'nl')), 'sorted by name within the group');
  });

  it('finds the two namesakes by name, told apart by date of birth, and carries the chosen one to the app', async () => {
    const { page, browser, rp, request } = await selectionScreen();
    const found = await browser.request(`${new URL(page.url).origin}${new URL(page.url).pathname}?q=${encodeURIComponent('jan de vries')}`);
    assert.equal(found.status, 200);
    assert.deepEqual(
      radioOptions(found).map((option) => option.label),
      ['Jan de Vries (geboren 30 november 1961)', 'Jan de Vries (geboren 1 maart 1950)'],
    );
    assert.deepEqual(labelsUnder(found, 'Bewind, professioneel'), ['Jan de Vries (geboren 30 november 1961)']);
    assert.deepEqual(labelsUnder(found, 'Curatele, professioneel'), ['Jan de Vries (geboren 1 maart 1950)']);
    assert.match(found.html, /2 van de 202 gevonden\./);

    const byBirthDate = await browser.request(`${found.url.split('?')[0]}?q=30-11-1961`);
    assert.deepEqual(radioOptions(byBirthDate).map((option) => option.label), ['Jan de Vries (geboren 30 november 1961)']);

    const chosen = radioOptions(found)[0]!;
    let next = await browser.submit(found, '/select_mandate', { mandate: chosen.value }, REDIRECT_URI);
    assert.match(next.html, /Ruud Kok handelt namens Jan de Vries \(bewind, professioneel\)/);
    next = await browser.submit(next, '/consent', {}, REDIRECT_URI);
    const tokens = await exchangeCode({ rp, request, browser, callback: next.location!, consentShown: true, options: undefined });
    const claims = tokens.claims()!;
    assert.equal((claims.represents as { name: string }).name, 'Jan de Vries');
    assert.equal((claims.authorization_details as Array<{ mandate_id: string }>)[0]!.mandate_id, chosen.value);
  });

  it('says when nobody matches, and offers to show everyone again', async () => {
    const { page, browser } = await selectionScreen();
    const none = await browser.request(`${page.url.split('?')[0]}?q=Zwartjes`);
    assert.equal(none.status, 200);
    assert.deepEqual(radioOptions(none), []);
    assert.match(none.html, /Niemand gevonden voor &quot;Zwartjes&quot;/);
    assert.match(none.html, /<a class="utrecht-link" href="\/interaction\/[^"?]+">Toon iedereen<\/a>/);
  });
});
