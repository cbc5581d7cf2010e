// The /mijn session lives on the server: logging out ends it there, so a copy of the cookie taken before is worth
// nothing afterwards, on every route, GET and POST; a session ends after 30 minutes without a request and, however
// busy, 8 hours after the login; the cookie holds only a signed random id; expired sessions are swept.
import assert from 'node:assert/strict';
import { addYears, dutchDate } from '../../server/domain/dates.ts';
import { SERVICES } from '../../seeds/personas.ts';
import { formOn, type Page } from '../support/browser.ts';
import { logInToMijn, type MijnPerson } from '../support/mijn.ts';
import { eventually } from '../support/processes.ts';
import { startServer, type TestServer } from '../support/server.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const KEES_FROM_TRUUS = 'f0000000-0000-4000-8000-000000000001';
const JAAROPGAVE = SERVICES.find((service) => service.id === 'urn:namens:service:jaaropgave-bijstand')!.uuid;

describe('my mandates: the session ends on the server', () => {
  let server: TestServer;
  let now = Date.now();
  before(async () => {
    // A sweep every second, so the spec sees expired sessions go without waiting minutes.
    server = await startServer({ SWEEP_INTERVAL_SECONDS: '1' }, { clock: () => new Date(now) });
  });
  after(async () => server?.close());

  /** The cookies a browser sends to /mijn, as someone who copied them would send them. */
  const cookiesOf = (person: MijnPerson) => person.browser.jar.getCookieString(`${server.url}/mijn`);
  const get = (path: string, cookie: string) => fetch(`${server.url}${path}`, { headers: { cookie, accept: 'text/html' }, redirect: 'manual' });
  const post = (path: string, cookie: string, fields: Record<string, string>) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
  const loggedIn = async (cookie: string) => /Ingelogd als/.test(await (await get('/mijn', cookie)).text());
  const csrfOn = (page: Page) => formOn(page, '/mijn/logout').hidden.csrf!;

  it('refuses a copy of the cookie once its session logged out: the login page on every /mijn route, GET and POST, and nothing changes', async () => {
    const { person: truus, page } = await logInToMijn(server.url, 'truus');
    const copy = await cookiesOf(truus);
    const csrf = csrfOn(page);
    assert.ok(await loggedIn(copy), 'the copy works while the session lasts');

    await truus.post(page, '/mijn/logout');
    assert.equal(await loggedIn(copy), false, 'the overview no longer knows the copy');
    assert.match(await (await get('/mijn', copy)).text(), /href="\/mijn\/login"/);

    for (const path of ['/mijn/machtigingen/nieuw', '/mijn/machtigingen/aanvragen', `/mijn/machtigingen/${KEES_FROM_TRUUS}`]) {
      const response = await get(path, copy);
      assert.equal(response.status, 303, `GET ${path}`);
      assert.equal(response.headers.get('location'), `/mijn/login?terug=${encodeURIComponent(path)}`, `GET ${path}`);
    }
    const today = dutchDate(new Date(now));
    const posts: Array<[string, Record<string, string>, string]> = [
      ['/mijn/logout', {}, '/mijn'],
      ['/mijn/machtigingen/nieuw', { bsn: '999990196', surname: 'Visser', services: JAAROPGAVE, valid_from: today, valid_until: addYears(today, 1) }, '/mijn/machtigingen/nieuw'],
      ['/mijn/machtigingen/aanvragen', { bsn: '999990196', birth_date: '1990-01-01', services: JAAROPGAVE, valid_from: today, valid_until: addYears(today, 1) }, '/mijn/machtigingen/aanvragen'],
      ...['intrekken', 'activeren', 'goedkeuren', 'weigeren'].map((action): [string, Record<string, string>, string] => [
        `/mijn/machtigingen/${KEES_FROM_TRUUS}/${action}`,
        { code: 'ABCD2345' },
        `/mijn/machtigingen/${KEES_FROM_TRUUS}`,
      ]),
    ];
    const mandatesBefore = await server.app.db('voluntary_mandates').count({ n: '*' }).first();
    for (const [path, fields, back] of posts) {
      const response = await post(path, copy, { csrf, ...fields });
      assert.equal(response.status, 303, `POST ${path}`);
      assert.equal(response.headers.get('location'), `/mijn/login?terug=${encodeURIComponent(back)}`, `POST ${path}`);
    }
    assert.deepEqual(await server.app.db('voluntary_mandates').count({ n: '*' }).first(), mandatesBefore, 'no mandate granted or requested');
    assert.equal((await server.app.db('voluntary_mandates').where({ id: KEES_FROM_TRUUS }).first()).status, 'active', 'not revoked');
  });

  it('ends only the session that logged out: the same person in another browser stays logged in', async () => {
    const first = await logInToMijn(server.url, 'truus');
    const second = await logInToMijn(server.url, 'truus');
    await first.person.post(first.page, '/mijn/logout');
    assert.equal(await loggedIn(await cookiesOf(first.person)), false);
    assert.ok(await loggedIn(await cookiesOf(second.person)));
  });

  it('ends a session after 30 minutes without a request', async () => {
    const { person } = await logInToMijn(server.url, 'lars');
    const cookie = await cookiesOf(person);
    now += 25 * MINUTE;
    assert.ok(await loggedIn(cookie), 'in use after 25 minutes');
    now += 25 * MINUTE;
    assert.ok(await loggedIn(cookie), '25 minutes after the last request');
    now += 31 * MINUTE;
    assert.equal(await loggedIn(cookie), false, '31 minutes after the last request');
    assert.equal((await get('/mijn/machtigingen/nieuw', cookie)).headers.get('location'), '/mijn/login?terug=%2Fmijn%2Fmachtigingen%2Fnieuw');
  });

  it('ends a session 8 hours after the login, however busy it is', async () => {
    const { person } = await logInToMijn(server.url, 'kees');
    const cookie = await cookiesOf(person);
    const loginAt = now;
    while (now + 20 * MINUTE < loginAt + 8 * HOUR) {
      now += 20 * MINUTE;
      assert.ok(await loggedIn(cookie), `in use ${Math.round((now - loginAt) / MINUTE)} minutes after the login`);
    }
    now = loginAt + 8 * HOUR;
    assert.equal(await loggedIn(cookie), false, 'at 8 hours');
    assert.equal((await get('/mijn/machtigingen/aanvragen', cookie)).status, 303);
    const again = await logInToMijn(server.url, 'kees');
    assert.ok(await loggedIn(await cookiesOf(again.person)), 'a new login starts a new session');
  });

  it('keeps only a signed random id in the cookie: no party id, no BSN; a changed or unsigned id is no session', async () => {
    const { person } = await logInToMijn(server.url, 'truus');
    const cookies = await person.browser.jar.getCookies(`${server.url}/mijn`);
    const session = cookies.find((cookie) => cookie.key === 'namens_mijn')!;
    const signature = cookies.find((cookie) => cookie.key === 'namens_mijn.sig')!;
    assert.match(session.value, /^[A-Za-z0-9_-]{43}$/, '32 random bytes, base64url');
    const party = await server.app.db('parties').where({ bsn: '999990123' }).first();
    for (const text of [session.value, Buffer.from(session.value, 'base64url').toString('latin1')]) {
      assert.ok(!text.includes(party.id) && !text.includes('999990123'), 'neither the party id nor the BSN');
    }
    assert.ok(await loggedIn(`namens_mijn=${session.value}; namens_mijn.sig=${signature.value}`));
    assert.equal(await loggedIn(`namens_mijn=${session.value}`), false, 'unsigned');
    const other = session.value.slice(0, -2) + (session.value.endsWith('AA') ? 'BB' : 'AA');
    assert.equal(await loggedIn(`namens_mijn=${other}; namens_mijn.sig=${signature.value}`), false, 'another id under the old signature');
  });

  it('sweeps expired sessions from the database', async () => {
    const { person } = await logInToMijn(server.url, 'henk');
    assert.ok(await loggedIn(await cookiesOf(person)));
    const count = async () => Number((await server.app.db('mijn_sessions').count({ n: '*' }).first())?.n);
    assert.ok((await count()) > 0);
    now += 9 * HOUR;
    await eventually('the sweep removed every expired session', async () => (await count()) === 0);
  });
});
