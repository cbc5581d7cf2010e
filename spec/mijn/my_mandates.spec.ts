// Mijn machtigingen over HTTP: logging in through namens, the overview of every register, granting, requesting,
// activating, approving, declining and revoking voluntary mandates, the uses, and every refusal of the issue.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { addDays, addYears, dutchDate } from '../../server/domain/dates.ts';
import { SERVICES } from '../../seeds/personas.ts';
import { formOn, type Page } from '../support/browser.ts';
import { logInToMijn, NOWHERE, textOf, type MijnPerson } from '../support/mijn.ts';
import { client, completeFlow, exchangeCode, loginFlow } from '../support/relying_party.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { shown as optionName } from '../support/option_labels.ts';

const uuid = (slug: string) => SERVICES.find((service) => service.id === `urn:namens:service:${slug}`)!.uuid;
const BSN = { lars: '999990196', truus: '999990123', kees: '999990111', henk: '999990135' };
const UNKNOWN_BSN = '123456782'; // passes the eleven-test, belongs to no one
const KEES_FROM_TRUUS = 'f0000000-0000-4000-8000-000000000001';
const JAN_FOR_ANNA = 'a0000000-0000-4000-8000-000000000001';

/** The rows of a table on the overview: the other party and the status. */
function rowsOf(page: Page, table: 'given' | 'held'): Array<{ id: string; name: string; status: string }> {
  const section = new RegExp(`<table [^>]*?id="${table}">([\\s\\S]*?)</table>`).exec(page.html)?.[1] ?? '';
  return [...section.matchAll(/<tr data-mandate="([^"]+)">\s*<td><a[^>]*>([^<]*)<\/a><\/td>[\s\S]*?<td class="status[^"]*"[^>]*>([^<]*)<\/td>/g)].map((m) => ({
    id: m[1]!,
    name: m[2]!,
    status: m[3]!,
  }));
}

async function grant(person: MijnPerson, fields: Record<string, string | string[]>): Promise<Page> {
  const form = await person.open('/mijn/machtigingen/nieuw');
  return person.post(form, '/mijn/machtigingen/nieuw', fields);
}

const codeOn = (page: Page) => textOf(page, 'activation-code')!;
const mandateIdOn = (page: Page) => /href="\/mijn\/machtigingen\/([0-9a-f-]{36})"/.exec(page.html)![1]!;
const fieldError = (page: Page, field: string) => textOf(page, `${field}-error`);
const inputValue = (page: Page, id: string) => new RegExp(`id="${id}"[^>]*value="([^"]*)"`).exec(page.html)?.[1];

async function count(server: TestServer, table: string, where: Record<string, unknown> = {}): Promise<number> {
  const row = await server.app.db(table).where(where).count({ n: '*' }).first();
  return Number(row?.n);
}

describe('my mandates (/mijn)', () => {
  let server: TestServer;
  const logLines: string[] = [];
  before(async () => {
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _encoding, done) {
          logLines.push(String(chunk));
          done();
        },
      }),
    );
    server = await startServer({}, { logger });
  });
  after(async () => server?.close());

  describe('logging in through namens', () => {
    it('shows a page to log in without a session, and sends a page request to the namens login and back', async () => {
      const { person } = await logInToMijn(server.url, 'truus');
      const fresh = await fetch(`${server.url}/mijn`);
      assert.match(await fresh.text(), /href="\/mijn\/login"/);
      const redirect = await fetch(`${server.url}/mijn/machtigingen/nieuw`, { redirect: 'manual' });
      assert.equal(redirect.status, 303);
      assert.equal(redirect.headers.get('location'), '/mijn/login?terug=%2Fmijn%2Fmachtigingen%2Fnieuw');
      const page = await person.open('/mijn');
      assert.match(page.html, /Ingelogd als <strong>Truus de Boer<\/strong>/);
    });

    it('uses the namens login screen, no consent screen, and a signed HttpOnly SameSite=Lax session cookie', async () => {
      const { Browser } = await import('../support/browser.ts');
      const browser = new Browser();
      const login = await browser.open(`${server.url}/mijn/login?terug=/mijn/machtigingen/aanvragen`, NOWHERE);
      assert.match(login.html, /<strong>Mijn machtigingen<\/strong> vraagt u in te loggen/);
      const done = await browser.submit(login, '/login', { username: 'lars', password: 'namens-test' }, NOWHERE);
      assert.equal(done.status, 200);
      assert.equal(new URL(done.url).pathname, '/mijn/machtigingen/aanvragen', 'back where the person wanted to go');
      const cookies = await browser.jar.getCookies(`${server.url}/mijn`);
      const session = cookies.find((cookie) => cookie.key === 'namens_mijn')!;
      assert.ok(session.httpOnly);
      assert.equal(session.sameSite, 'lax');
      assert.ok(cookies.some((cookie) => cookie.key === 'namens_mijn.sig'), 'signed');
      assert.ok(!session.value.includes(BSN.lars) && !Buffer.from(session.value, 'base64url').toString().includes(BSN.lars), 'no BSN in the cookie');
    });

    it('refuses a callback with a wrong state, and a code used a second time', async () => {
      const { Browser } = await import('../support/browser.ts');
      const browser = new Browser();
      const login = await browser.open(`${server.url}/mijn/login`, NOWHERE);
      const callback = await browser.submit(login, '/login', { username: 'lars', password: 'namens-test' }, `${server.url}/mijn/callback`);
      const url = new URL(callback.location!);
      const forged = new URL(url);
      forged.searchParams.set('state', 'forged');
      const wrongState = await browser.request(forged.href);
      assert.equal(wrongState.status, 400);
      assert.match(wrongState.html, /niet in deze browser begonnen/);

      // A fresh attempt: the code works once.
      const again = await browser.open(`${server.url}/mijn/login`, `${server.url}/mijn/callback`);
      const first = await browser.request(again.location!);
      assert.equal(first.status, 303);
      const second = await browser.request(again.location!);
      assert.equal(second.status, 400);
    });

    it('logs out: the /mijn session ends and so does the namens login (the next visit asks for the password)', async () => {
      const { person, page } = await logInToMijn(server.url, 'lars');
      const out = await person.post(page, '/mijn/logout');
      assert.match(out.html, /Wilt u ook uitloggen bij namens/);
      const form = formOn(out, '/session/end/confirm');
      await person.browser.follow(await person.browser.request(new URL(form.action, out.url).href, { form: { ...form.hidden, logout: 'yes' } }), NOWHERE);
      const after = await person.open('/mijn');
      assert.match(after.html, /href="\/mijn\/login"/);
      assert.doesNotMatch(after.html, /Ingelogd als/);
      const login = await person.open('/mijn/login');
      assert.ok(formOn(login, '/login'), 'the password is asked again');
    });

    it('sends a change without a session to the login (and back to the mandate), refuses one without the CSRF token (403), and changes nothing', async () => {
      const anonymous = await fetch(`${server.url}/mijn/machtigingen/${KEES_FROM_TRUUS}/intrekken`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: '',
        redirect: 'manual',
      });
      assert.equal(anonymous.status, 303);
      assert.equal(anonymous.headers.get('location'), `/mijn/login?terug=${encodeURIComponent(`/mijn/machtigingen/${KEES_FROM_TRUUS}`)}`);
      const { person } = await logInToMijn(server.url, 'truus');
      const noToken = await person.postRaw(`${server.url}/mijn/machtigingen/${KEES_FROM_TRUUS}/intrekken`, new URLSearchParams({ csrf: 'forged' }));
      assert.equal(noToken.status, 403);
      assert.equal((await server.app.db('voluntary_mandates').where({ id: KEES_FROM_TRUUS }).first()).status, 'active');
    });
  });

  describe('the overview', () => {
    it('truus sees the mandates she gave kees, active and revoked; kees sees them as held, with the expired and future ones from Henk', async () => {
      const truus = (await logInToMijn(server.url, 'truus')).page;
      assert.deepEqual(
        rowsOf(truus, 'given').filter((row) => row.id.startsWith('f0000000')).map((row) => [row.name, row.status]),
        [['Kees de Boer', 'Actief'], ['Kees de Boer', 'Ingetrokken']],
      );
      const kees = (await logInToMijn(server.url, 'kees')).page;
      assert.deepEqual(
        rowsOf(kees, 'held').map((row) => [row.name, row.status]),
        [['Truus de Boer', 'Actief'], ['Henk de Boer', 'Nog niet geldig'], ['Henk de Boer', 'Verlopen'], ['Truus de Boer', 'Ingetrokken']],
      );
      assert.match(kees.html, /Bijzondere bijstand aanvragen, Jaaropgave bijstand inzien/);
    });

    it('shows legal and company mandates, with the domains they cover, to both sides', async () => {
      const jan = (await logInToMijn(server.url, 'jan')).page;
      assert.deepEqual(rowsOf(jan, 'held').map((row) => row.name), ['Anna de Vries', 'Piet Bakker']);
      assert.match(jan.html, /Wettelijke vertegenwoordiging: bewind, professioneel<\/td>\s*<td[^>]*>geldzaken<\/td>/);
      const anna = (await logInToMijn(server.url, 'anna')).page;
      assert.deepEqual(rowsOf(anna, 'given').map((row) => [row.name, row.status]), [['Jan Jansen', 'Actief']]);
      const maria = (await logInToMijn(server.url, 'maria')).page;
      assert.deepEqual(rowsOf(maria, 'held').map((row) => [row.name, row.status]), [['Lotte Jansen', 'Actief'], ['Sem Jansen', 'Actief'], ['Daan Jansen', 'Verlopen']]);
      const eva = (await logInToMijn(server.url, 'eva')).page;
      assert.match(eva.html, /Bakkerij De Korenschoof<\/a><\/td>\s*<td[^>]*>Vertegenwoordiging organisatie<\/td>\s*<td[^>]*>Bijstand voor zelfstandigen<\/td>/);
    });

    it('a legal mandate is shown but cannot be revoked here', async () => {
      const { person } = await logInToMijn(server.url, 'anna');
      const page = await person.open(`/mijn/machtigingen/${JAN_FOR_ANNA}`);
      assert.match(page.html, /kunt u haar alleen daar laten wijzigen of beëindigen|U kunt haar alleen daar laten wijzigen/);
      assert.doesNotMatch(page.html, /intrekken"/);
      const forced = await person.postRaw(`${server.url}/mijn/machtigingen/${JAN_FOR_ANNA}/intrekken`, new URLSearchParams({ csrf: formOn(page, '/mijn/logout').hidden.csrf! }));
      assert.equal(forced.status, 409);
      assert.match(forced.html, /alleen via haar register/);
      assert.equal((await server.app.db('legal_mandates').where({ id: JAN_FOR_ANNA }).first()).ended_at, null);
    });

    it('shows nothing of a mandate to someone who is not a party to it: 404 for pages and actions alike', async () => {
      const { person, page } = await logInToMijn(server.url, 'lars');
      const csrf = formOn(page, '/mijn/logout').hidden.csrf!;
      for (const id of [KEES_FROM_TRUUS, JAN_FOR_ANNA, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        const shown = await person.open(`/mijn/machtigingen/${id}`);
        assert.equal(shown.status, 404, id);
        assert.doesNotMatch(shown.html, /Truus|Kees|Anna|Jan Jansen/);
      }
      const revoke = await person.postRaw(`${server.url}/mijn/machtigingen/${KEES_FROM_TRUUS}/intrekken`, new URLSearchParams({ csrf }));
      assert.equal(revoke.status, 404);
      const approve = await person.postRaw(`${server.url}/mijn/machtigingen/${KEES_FROM_TRUUS}/goedkeuren`, new URLSearchParams({ csrf }));
      assert.equal(approve.status, 404);
      assert.equal((await server.app.db('voluntary_mandates').where({ id: KEES_FROM_TRUUS }).first()).status, 'active');
    });
  });

  describe('granting a voluntary mandate', () => {
    const today = () => dutchDate(new Date());
    const valid = () => ({
      bsn: BSN.lars,
      surname: 'Visser',
      services: [uuid('uitkeringsspecificatie')],
      valid_from: today(),
      valid_until: addYears(today(), 1),
    });

    it('offers only services that allow voluntary mandates, from today for one year by default', async () => {
      const { person } = await logInToMijn(server.url, 'truus');
      const form = await person.open('/mijn/machtigingen/nieuw');
      assert.equal(inputValue(form, 'valid_from'), today());
      assert.equal(inputValue(form, 'valid_until'), addYears(today(), 1));
      assert.match(form.html, /Jaaropgave bijstand inzien/);
      assert.doesNotMatch(form.html, /Medisch dossier van uw kind/);
    });

    it('makes a pending mandate, shows the code once, stores only its hash, writes an audit entry, and logs the code in development', async () => {
      const { person } = await logInToMijn(server.url, 'henk');
      const page = await grant(person, { ...valid(), services: [uuid('wmo-ondersteuning'), uuid('bijstand')] });
      assert.equal(page.status, 201);
      const code = codeOn(page);
      assert.match(code, /^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
      const id = mandateIdOn(page);
      const row = await server.app.db('voluntary_mandates').where({ id }).first();
      assert.deepEqual([row.principal_id, row.agent_id, row.status, row.valid_from], ['person-henk', 'person-lars', 'pending', today()]);
      const activation = await server.app.db('voluntary_mandate_activations').where({ mandate_id: id }).first();
      assert.equal(activation.code_hash, createHash('sha256').update(code.replace('-', '')).digest('hex'));
      assert.ok(!JSON.stringify(activation).includes(code.replace('-', '')), 'the code itself is not stored');
      const days = (Number(activation.expires_at) - Date.now()) / 86_400_000;
      assert.ok(days > 13.9 && days <= 14, `the code expires in 14 days (${days})`);
      const audit = await server.app.db('audit_log').where({ mandate_id: id, event: 'mandate.granted' }).first();
      assert.equal(JSON.parse(audit.detail).by, 'person-henk');
      assert.ok(logLines.some((line) => line.includes(code) && line.includes(id)), 'the code is in the development log');

      const again = await person.open(`/mijn/machtigingen/${id}`);
      assert.equal(textOf(again, 'status'), 'Wacht op activering');
      assert.ok(!again.html.includes(code), 'the code is shown only once');
      const lars = (await logInToMijn(server.url, 'lars')).page;
      assert.ok(rowsOf(lars, 'held').some((r) => r.id === id && r.status === 'Wacht op activering'));
    });

    it('refuses a BSN that fails the eleven-test, and keeps what was typed', async () => {
      const { person } = await logInToMijn(server.url, 'truus');
      const before = await count(server, 'voluntary_mandates');
      const page = await grant(person, { ...valid(), bsn: '999990197' });
      assert.equal(page.status, 400);
      assert.match(fieldError(page, 'bsn')!, /elfproef/);
      assert.equal(inputValue(page, 'bsn'), '999990197');
      assert.equal(inputValue(page, 'check'), 'Visser');
      assert.match(page.html, /value="[^"]+" checked>\s*<label[^>]*>Uitkeringsspecificatie inzien/);
      assert.equal(await count(server, 'voluntary_mandates'), before);
    });

    it('answers an unknown BSN and a wrong surname alike, so it does not reveal who exists', async () => {
      const { person } = await logInToMijn(server.url, 'truus');
      const unknown = await grant(person, { ...valid(), bsn: UNKNOWN_BSN });
      const wrongName = await grant(person, { ...valid(), surname: 'Jansen' });
      assert.equal(unknown.status, 400);
      assert.equal(wrongName.status, 400);
      assert.equal(fieldError(unknown, 'check'), 'De combinatie van BSN en achternaam is niet bekend. Controleer beide gegevens.');
      assert.equal(fieldError(wrongName, 'check'), fieldError(unknown, 'check'));
      assert.equal(fieldError(unknown, 'bsn'), undefined);
      assert.equal(fieldError(wrongName, 'bsn'), undefined);
    });

    it('refuses a mandate to oneself', async () => {
      const { person } = await logInToMijn(server.url, 'truus');
      const page = await grant(person, { ...valid(), bsn: BSN.truus, surname: 'de Boer' });
      assert.equal(page.status, 400);
      assert.match(fieldError(page, 'bsn')!, /U kunt uzelf niet machtigen/);
    });

    it('refuses a second mandate for the same pair and service while the first is pending or active', async () => {
      const { person } = await logInToMijn(server.url, 'truus');
      const page = await grant(person, { ...valid(), bsn: BSN.kees, surname: 'de Boer', services: [uuid('jaaropgave-bijstand'), uuid('wmo-ondersteuning')] });
      assert.equal(page.status, 400);
      assert.match(fieldError(page, 'services')!, /al gemachtigd voor Jaaropgave bijstand inzien\./);
      // the revoked schuldhulpverlening mandate does not count
      const revokedBefore = await grant(person, { ...valid(), bsn: BSN.kees, surname: 'de Boer', services: [uuid('schuldhulpverlening')] });
      assert.equal(revokedBefore.status, 201);
    });

    it('refuses an end before the start, more than five years, and a start in the past', async () => {
      const { person } = await logInToMijn(server.url, 'truus');
      const backwards = await grant(person, { ...valid(), valid_from: addDays(today(), 10), valid_until: addDays(today(), 5) });
      assert.match(fieldError(backwards, 'validUntil')!, /niet vóór de begindatum/);
      assert.equal(inputValue(backwards, 'valid_from'), addDays(today(), 10));
      const tooLong = await grant(person, { ...valid(), valid_until: addDays(addYears(today(), 5), 1) });
      assert.match(fieldError(tooLong, 'validUntil')!, /hoogstens 5 jaar/);
      const fiveYears = await grant(person, { ...valid(), bsn: BSN.henk, surname: 'de Boer', valid_until: addYears(today(), 5) });
      assert.equal(fiveYears.status, 201, 'exactly five years is allowed');
      const past = await grant(person, { ...valid(), valid_from: addDays(today(), -1) });
      assert.match(fieldError(past, 'validFrom')!, /verleden/);
      const nonsense = await grant(person, { ...valid(), valid_until: '2027-02-30' });
      assert.match(fieldError(nonsense, 'validUntil')!, /geldige einddatum/);
    });

    it('refuses no service, an unknown service, and a service that does not allow voluntary mandates', async () => {
      const { person } = await logInToMijn(server.url, 'truus');
      const none = await grant(person, { ...valid(), services: [] });
      assert.match(fieldError(none, 'services')!, /ten minste één dienst/);
      const unknown = await grant(person, { ...valid(), services: ['00000000-0000-4000-8000-000000000000'] });
      assert.match(fieldError(unknown, 'services')!, /geen machtiging/);
      const medical = await grant(person, { ...valid(), services: [uuid('medisch-dossier-kind')] });
      assert.match(fieldError(medical, 'services')!, /geen machtiging/);
    });
  });

  describe('activating with the code', () => {
    it('activates with the right code (typed in lower case, without the dash), once; the mandate then shows at the app', async () => {
      const truus = (await logInToMijn(server.url, 'truus')).person;
      const granted = await grant(truus, { bsn: BSN.lars, surname: 'visser', services: [uuid('jaaropgave-bijstand')], valid_from: dutchDate(new Date()), valid_until: addYears(dutchDate(new Date()), 1) });
      const code = codeOn(granted);
      const id = mandateIdOn(granted);

      const before = await completeFlow(server.url, { username: 'lars', params: { scope: `openid urn:uuid:${uuid('jaaropgave-bijstand')}` }, choose: (o) => o[0]!.value }).catch(() => undefined);
      assert.ok(!before?.flow.options?.some((o) => o.label.startsWith('Truus')), 'pending: not on the selection screen');

      const lars = (await logInToMijn(server.url, 'lars')).person;
      const shown = await lars.open(`/mijn/machtigingen/${id}`);
      const done = await lars.post(shown, '/activeren', { code: code.toLowerCase().replace('-', '') });
      assert.equal(done.status, 200);
      assert.equal(textOf(done, 'status'), 'Actief');
      assert.match(done.html, /De machtiging is geactiveerd/);
      assert.equal((await server.app.db('audit_log').where({ mandate_id: id, event: 'mandate.activated' }).first()) !== undefined, true);

      const { flow, idToken } = await completeFlow(server.url, {
        username: 'lars',
        params: { scope: `openid urn:uuid:${uuid('jaaropgave-bijstand')}` },
        choose: (options) => options.find((o) => o.label.startsWith('Truus de Boer'))!.value,
      });
      assert.ok(flow.options!.some((o) => o.label === optionName('truus')));
      assert.equal((idToken.represents as { sub: string }).sub, BSN.truus);

      // The use shows on truus's page of that mandate, not on lars's.
      const uses = await truus.open(`/mijn/machtigingen/${id}`);
      assert.match(textOf(uses, 'uses')!, /Lars Visser Gemeente Enschede \(demo\) Jaaropgave bijstand inzien/);
      assert.match(textOf(uses, 'uses')!, new RegExp(String(new Date().getFullYear())));
      assert.doesNotMatch((await lars.open(`/mijn/machtigingen/${id}`)).html, /Gebruik van deze machtiging/);

      // Single use: the same code again is refused.
      const again = await lars.postRaw(`${server.url}/mijn/machtigingen/${id}/activeren`, new URLSearchParams({ csrf: formOn(shown, '/activeren').hidden.csrf!, code }));
      assert.equal(again.status, 400);
    });

    it('answers a wrong code and a mandate id that is not the person\'s with the same page', async () => {
      const truus = (await logInToMijn(server.url, 'truus')).person;
      const granted = await grant(truus, { bsn: BSN.lars, surname: 'Visser', services: [uuid('bijstand')], valid_from: dutchDate(new Date()), valid_until: addYears(dutchDate(new Date()), 1) });
      const id = mandateIdOn(granted);
      const code = codeOn(granted);
      const { person: lars, page } = await logInToMijn(server.url, 'lars');
      const csrf = formOn(page, '/mijn/logout').hidden.csrf!;
      const wrongCode = await lars.postRaw(`${server.url}/mijn/machtigingen/${id}/activeren`, new URLSearchParams({ csrf, code: 'AAAAA-AAAAA' }));
      const foreign = await lars.postRaw(`${server.url}/mijn/machtigingen/${KEES_FROM_TRUUS}/activeren`, new URLSearchParams({ csrf, code }));
      const unknown = await lars.postRaw(`${server.url}/mijn/machtigingen/00000000-0000-4000-8000-000000000000/activeren`, new URLSearchParams({ csrf, code }));
      assert.deepEqual([wrongCode.status, foreign.status, unknown.status], [400, 400, 400]);
      const normalise = (p: Page) => p.html.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'ID');
      assert.equal(normalise(foreign), normalise(wrongCode));
      assert.equal(normalise(unknown), normalise(wrongCode));
      assert.doesNotMatch(foreign.html, /Truus|Kees/);
    });
  });

  describe('revoking', () => {
    it('truus revokes: lars no longer sees the option, and a login already in flight gets no tokens', async () => {
      const truus = (await logInToMijn(server.url, 'truus')).person;
      const granted = await grant(truus, { bsn: BSN.lars, surname: 'Visser', services: [uuid('bijzondere-bijstand')], valid_from: dutchDate(new Date()), valid_until: addYears(dutchDate(new Date()), 1) });
      const id = mandateIdOn(granted);
      const lars = (await logInToMijn(server.url, 'lars')).person;
      await lars.post(await lars.open(`/mijn/machtigingen/${id}`), '/activeren', { code: codeOn(granted) });

      const inFlight = await loginFlow(server.url, {
        username: 'lars',
        params: { scope: `openid urn:uuid:${uuid('bijzondere-bijstand')}` },
        choose: (options) => options.find((o) => o.label.startsWith('Truus'))!.value,
      });
      const page = await truus.open(`/mijn/machtigingen/${id}/intrekken`);
      const revoked = await truus.post(page, '/intrekken');
      assert.equal(textOf(revoked, 'status'), 'Ingetrokken');
      const row = await server.app.db('voluntary_mandates').where({ id }).first();
      assert.equal(row.status, 'revoked');
      assert.ok(row.ended_at);
      const audit = await server.app.db('audit_log').where({ mandate_id: id, event: 'mandate.revoked' }).first();
      assert.equal(JSON.parse(audit.detail).by, 'person-truus');

      await assert.rejects(exchangeCode(inFlight), (error: client.ResponseBodyError) => error.error === 'invalid_grant' && /no longer valid/.test(error.error_description ?? ''));
      const after = await completeFlow(server.url, { username: 'lars', params: { scope: `openid urn:uuid:${uuid('bijzondere-bijstand')}` }, choose: (o) => o[0]!.value });
      assert.ok(!after.flow.options!.some((o) => o.label.startsWith('Truus')));

      const twice = await truus.postRaw(`${server.url}/mijn/machtigingen/${id}/intrekken`, new URLSearchParams({ csrf: formOn(page, '/intrekken').hidden.csrf! }));
      assert.equal(twice.status, 409, 'nothing left to revoke');
    });

    it('the agent can end a mandate too', async () => {
      const henk = (await logInToMijn(server.url, 'henk')).person;
      const granted = await grant(henk, { bsn: BSN.lars, surname: 'Visser', services: [uuid('schuldhulpverlening')], valid_from: dutchDate(new Date()), valid_until: addYears(dutchDate(new Date()), 1) });
      const id = mandateIdOn(granted);
      const lars = (await logInToMijn(server.url, 'lars')).person;
      const ended = await lars.post(await lars.open(`/mijn/machtigingen/${id}/intrekken`), '/intrekken');
      assert.equal(textOf(ended, 'status'), 'Ingetrokken');
      assert.equal(JSON.parse((await server.app.db('audit_log').where({ mandate_id: id, event: 'mandate.revoked' }).first()).detail).by, 'person-lars');
    });
  });

  describe('asking to be mandated', () => {
    const request = async (person: MijnPerson, fields: Record<string, string | string[]>) =>
      person.post(await person.open('/mijn/machtigingen/aanvragen'), '/mijn/machtigingen/aanvragen', fields);
    const henkBirthDate = async () => (await server.app.db('parties').where({ id: 'person-henk' }).first()).birth_date as string;

    it('kees asks henk; henk approves on his own page and the mandate is active', async () => {
      const kees = (await logInToMijn(server.url, 'kees')).person;
      const sent = await request(kees, { bsn: BSN.henk, birth_date: await henkBirthDate(), services: [uuid('wmo-ondersteuning')], valid_from: dutchDate(new Date()), valid_until: addYears(dutchDate(new Date()), 2) });
      assert.equal(sent.status, 201);
      const id = mandateIdOn(sent);
      assert.equal((await server.app.db('voluntary_mandates').where({ id }).first()).status, 'requested');

      const henk = (await logInToMijn(server.url, 'henk'));
      assert.ok(rowsOf(henk.page, 'given').some((row) => row.id === id && row.status === 'Aangevraagd'));
      const approved = await henk.person.post(await henk.person.open(`/mijn/machtigingen/${id}`), '/goedkeuren');
      assert.equal(textOf(approved, 'status'), 'Actief');
      assert.ok(await server.app.db('audit_log').where({ mandate_id: id, event: 'mandate.approved' }).first());
      const { flow } = await completeFlow(server.url, { username: 'kees', params: { scope: `openid urn:uuid:${uuid('wmo-ondersteuning')}` }, choose: (o) => o[0]!.value });
      assert.ok(flow.options!.some((o) => o.label.startsWith('Henk de Boer')));
    });

    it('the principal can decline; the request stays, as declined, and cannot be approved afterwards', async () => {
      const kees = (await logInToMijn(server.url, 'kees')).person;
      const sent = await request(kees, { bsn: BSN.henk, birth_date: await henkBirthDate(), services: [uuid('schuldhulpverlening')], valid_from: dutchDate(new Date()), valid_until: addYears(dutchDate(new Date()), 1) });
      const id = mandateIdOn(sent);
      const henk = (await logInToMijn(server.url, 'henk')).person;
      const page = await henk.open(`/mijn/machtigingen/${id}`);
      const declined = await henk.post(page, '/weigeren');
      assert.equal(textOf(declined, 'status'), 'Geweigerd');
      const row = await server.app.db('voluntary_mandates').where({ id }).first();
      assert.equal(row.status, 'declined');
      assert.ok(row.ended_at);
      const late = await henk.postRaw(`${server.url}/mijn/machtigingen/${id}/goedkeuren`, new URLSearchParams({ csrf: formOn(page, '/goedkeuren').hidden.csrf! }));
      assert.equal(late.status, 409);
    });

    it('the agent cannot approve their own request', async () => {
      const lars = (await logInToMijn(server.url, 'lars')).person;
      const sent = await request(lars, { bsn: BSN.henk, birth_date: await henkBirthDate(), services: [uuid('uitkeringsspecificatie')], valid_from: dutchDate(new Date()), valid_until: addYears(dutchDate(new Date()), 1) });
      const id = mandateIdOn(sent);
      const page = await lars.open(`/mijn/machtigingen/${id}`);
      assert.doesNotMatch(page.html, /goedkeuren"/);
      const forced = await lars.postRaw(`${server.url}/mijn/machtigingen/${id}/goedkeuren`, new URLSearchParams({ csrf: formOn(page, '/mijn/logout').hidden.csrf! }));
      assert.equal(forced.status, 409);
      assert.equal((await server.app.db('voluntary_mandates').where({ id }).first()).status, 'requested');
    });

    it('answers an unknown BSN and a wrong birth date alike; refuses asking oneself and the same service twice', async () => {
      const lars = (await logInToMijn(server.url, 'lars')).person;
      const base = { services: [uuid('jaaropgave-bijstand')], valid_from: dutchDate(new Date()), valid_until: addYears(dutchDate(new Date()), 1) };
      const unknown = await request(lars, { ...base, bsn: UNKNOWN_BSN, birth_date: '1950-01-01' });
      const wrongDate = await request(lars, { ...base, bsn: BSN.henk, birth_date: '1950-01-01' });
      assert.equal(fieldError(unknown, 'check'), 'De combinatie van BSN en geboortedatum is niet bekend. Controleer beide gegevens.');
      assert.equal(fieldError(wrongDate, 'check'), fieldError(unknown, 'check'));
      assert.equal(wrongDate.html, unknown.html, 'the same page whichever half was wrong');
      assert.deepEqual([inputValue(wrongDate, 'bsn'), inputValue(wrongDate, 'check')], ['', ''], 'both halves are emptied');
      const self = await request(lars, { ...base, bsn: BSN.lars, birth_date: (await server.app.db('parties').where({ id: 'person-lars' }).first()).birth_date });
      assert.match(fieldError(self, 'bsn')!, /uzelf/);
      const first = await request(lars, { ...base, bsn: BSN.henk, birth_date: await henkBirthDate() });
      assert.equal(first.status, 201);
      const second = await request(lars, { ...base, bsn: BSN.henk, birth_date: await henkBirthDate() });
      assert.equal(second.status, 400);
      assert.match(fieldError(second, 'services')!, /Jaaropgave bijstand inzien/);
    });
  });
});
