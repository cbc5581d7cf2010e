// Property: the /mijn form posts (grant, request, activate, revoke, approve, decline) of a logged-in person, with and
// without the CSRF token, any fields, values, encodings and mandate ids, are answered without a 5xx or a stack
// trace; a refused post changes nothing; an accepted one is whole (audited, every voluntary mandate keeps its
// services) and the page it leads to is answered properly.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SERVICES } from '../../seeds/personas.ts';
import { formOn } from '../support/browser.ts';
import { logInToMijn, textOf, type MijnPerson } from '../support/mijn.ts';
import type { TestServer } from '../support/server.ts';
import { assertAnswered, changed, formBody, formInput, fuzz, hostileString, send, shortHostileString, snapshot, startFuzzServer, validBsn, invalidBsn } from './fuzz.ts';

const uuid = (slug: string) => SERVICES.find((service) => service.id === `urn:namens:service:${slug}`)!.uuid;
const BSN = { lars: '999990196', henk: '999990135', truus: '999990123' };
const date = fc.oneof(
  fc.date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom('2025-02-30', '2026-13-01', '0000-01-01', '9999-12-31', '+275760-09-13', '1-1-2026', ''),
  shortHostileString,
);
const bsn = fc.oneof(fc.constantFrom(BSN.lars, BSN.henk, '123456782', '999 990 196', '9999.90.196'), validBsn, invalidBsn, hostileString);
const services = fc.oneof(fc.constantFrom(uuid('uitkeringsspecificatie'), uuid('bijstand'), uuid('wmo-ondersteuning'), uuid('bijzondere-bijstand').toUpperCase()), hostileString);

/**
 * (Junk in the path holds no nine digits: the request log records paths as they come, and the whole run's log must hold
 * no seeded BSN, spec/security/zz_no_bsn_in_logs.spec.ts.)
 * The mandate in the path: one waiting for truus (a grant to her to activate, a request to her to approve or decline),
 * the n-th voluntary mandate in the database (hers or someone else's), any UUID, or junk.
 */
const mandateId = fc.oneof({ weight: 3, arbitrary: fc.nat(10).map((n) => `@waiting${n}`) }, { weight: 3, arbitrary: fc.nat(30).map((n) => `@id${n}`) }, { weight: 1, arbitrary: fc.uuid() }, { weight: 1, arbitrary: shortHostileString.filter((text) => !/[0-9]{9}/.test(text)).map((text) => encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '\uFFFD'))) });

const ACTIONS = {
  grant: { path: fc.constant('/mijn/machtigingen/nieuw'), form: formInput({ bsn, surname: fc.oneof(fc.constantFrom('Visser', 'visser', 'de Boer'), hostileString), services, valid_from: date, valid_until: date }) },
  request: { path: fc.constant('/mijn/machtigingen/aanvragen'), form: formInput({ bsn, birth_date: date, services, valid_from: date, valid_until: date }) },
  activate: { path: mandateId.map((id) => `/mijn/machtigingen/${id}/activeren`), form: formInput({ code: fc.oneof(fc.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/), hostileString) }) },
  approve: { path: mandateId.map((id) => `/mijn/machtigingen/${id}/goedkeuren`), form: formInput({ services }) },
  decline: { path: mandateId.map((id) => `/mijn/machtigingen/${id}/weigeren`), form: formInput({ reason: hostileString }) },
  revoke: { path: mandateId.map((id) => `/mijn/machtigingen/${id}/intrekken`), form: formInput({ reason: hostileString }) },
} as const;
type Action = keyof typeof ACTIONS;

describe('fuzz: /mijn form posts', function () {
  this.timeout(300_000);
  let server: TestServer;
  let person: MijnPerson;
  let csrf: string;
  let henkBirthDate: string;
  /** The activation code of each grant to truus, by mandate id. */
  const codes = new Map<string, string>();
  let offered: string[] = [];
  let askers: MijnPerson[] = [];
  let truusBirthDate: string;
  /** henk and lars ask truus for these services (what she approves or declines). */
  async function askTruus(services: string[]) {
    for (const asker of askers) {
      for (const service of services) {
        const asked = await asker.post(await asker.open('/mijn/machtigingen/aanvragen'), '/mijn/machtigingen/aanvragen', { bsn: BSN.truus, birth_date: truusBirthDate, services: service, valid_from: today(), valid_until: nextYear() });
        // The grant property before may already have given this asker a mandate of truus for this service (its
        // inputs are random): then the form refuses a second one, and there is nothing more to ask for.
        if (asked.status === 400 && asked.html.includes('U hebt al een machtiging (of een aanvraag) van deze persoon')) continue;
        assert.equal(asked.status, 201, asked.html.slice(asked.html.indexOf('<main'), asked.html.indexOf('<main') + 1500));
      }
    }
  }
  before(async () => {
    server = await startFuzzServer();
    // truus grants to lars and asks henk, as spec/mijn/my_mandates.spec.ts does.
    ({ person } = await logInToMijn(server.url, 'truus'));
    csrf = formOn(await person.open('/mijn/machtigingen/nieuw'), '/mijn/machtigingen/nieuw').hidden.csrf!;
    henkBirthDate = (await server.app.db('parties').where({ id: 'person-henk' }).first()).birth_date as string;
    // Something for truus to act on: lars grants her mandates (she activates them with their codes), henk asks her for some.
    truusBirthDate = (await server.app.db('parties').where({ id: 'person-truus' }).first()).birth_date as string;
    offered = [...(await person.open('/mijn/machtigingen/nieuw')).html.matchAll(/name="services" id="service-\d+" value="([^"]+)"/g)].map((match) => match[1]!);
    const lars = (await logInToMijn(server.url, 'lars')).person;
    const henk = (await logInToMijn(server.url, 'henk')).person;
    askers = [henk, (await logInToMijn(server.url, 'lars')).person];
    for (const service of offered.slice(0, 4)) {
      const period = { services: service, valid_from: today(), valid_until: nextYear() };
      const granted = await lars.post(await lars.open('/mijn/machtigingen/nieuw'), '/mijn/machtigingen/nieuw', { bsn: BSN.truus, surname: 'de Boer', ...period });
      assert.equal(granted.status, 201, granted.html.slice(0, 500));
      codes.set(/href="\/mijn\/machtigingen\/([0-9a-f-]{36})"/.exec(granted.html)![1]!, textOf(granted, 'activation-code')!);
    }
  });
  after(async () => server?.close());

  const today = () => new Date().toISOString().slice(0, 10);
  const nextYear = () => `${Number(today().slice(0, 4)) + 1}${today().slice(4)}`;
  const validFields = (action: Action, id: string): Array<[string, string]> =>
    action === 'activate'
      ? [['code', codes.get(id) ?? '']]
      : action === 'grant'
      ? [['bsn', BSN.lars], ['surname', 'Visser'], ['services', uuid('uitkeringsspecificatie')], ['valid_from', today()], ['valid_until', nextYear()]]
      : action === 'request'
        ? [['bsn', BSN.henk], ['birth_date', henkBirthDate], ['services', uuid('uitkeringsspecificatie')], ['valid_from', today()], ['valid_until', nextYear()]]
        : [];

  // Found by the property below (shrunk): an empty mandate id matched no route, and oidc-provider answered a bare
  // text/plain "Not Found".
  it('a post to a /mijn path that no route serves (an empty mandate id) gets the 404 page', async () => {
    const url = `${server.url}/mijn/machtigingen//intrekken`;
    const answer = await send(url, { method: 'POST', headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie: await person.browser.jar.getCookieString(url) }, body: new URLSearchParams({ csrf }).toString() });
    assert.equal(answer.status, 404);
    assertAnswered(answer, 'POST /mijn/machtigingen//intrekken');
    assert.match(answer.text, /Foutcode: <code[^>]*>not_found<\/code>/);
  });

  for (const action of Object.keys(ACTIONS) as Action[]) {
    it(`${action}: any post gets no 5xx, a refusal changes nothing, an acceptance is whole`, async () => {
      const { path, form } = ACTIONS[action];
      if (action === 'approve') await askTruus(offered.slice(0, 3));
      if (action === 'decline') await askTruus(offered.slice(3, 6));
      await fuzz(`/mijn ${action} form posts`, fc.record({ path, form }), async (input) => {
        const ids = (await server.app.db('voluntary_mandates').select('id').orderBy('id')).map((row: { id: string }) => row.id);
        const waiting = (
          await server.app.db('voluntary_mandates').where({ agent_id: 'person-truus', status: 'pending' }).orWhere({ principal_id: 'person-truus', status: 'requested' }).select('id').orderBy('id')
        ).map((row: { id: string }) => row.id);
        const id = input.path.replace(/^.*\/machtigingen\/([^/]*)\/.*$/, '$1').replace(/^@id(\d+)$/, (_, n: string) => ids[Number(n) % ids.length]!).replace(/^@waiting(\d+)$/, (_, n: string) => waiting[Number(n) % waiting.length] ?? ids[0]!);
        const url = `${server.url}${input.path.replace(/@(id|waiting)\d+/, id)}`;
        const { body, type } = formBody(input.form, csrf, validFields(action, id));
        const before = await snapshot(server);
        const cookie = await person.browser.jar.getCookieString(url);
        const answer = await send(url, { method: 'POST', headers: { accept: 'text/html', 'content-type': type, cookie }, body });
        assertAnswered(answer, `POST ${new URL(url).pathname} ${type} ${body.slice(0, 400)}`);
        const accepted = answer.status < 300 ? answer.status === 201 : answer.status < 400 && /gedaan=/.test(answer.location ?? '');
        if (!accepted) {
          const after = changed(before, await snapshot(server));
          if (action === 'activate' && after.length) {
            // A wrong code for a mandate waiting for this person counts as a failed try (five lock it), audited: that is
            // the one change a refusal makes, whole.
            assert.deepEqual(after, ['voluntary_mandate_activations', 'audit_log', 'audit_chain_head'], `a refused activation changed more than its try count: ${body.slice(0, 300)}`);
            assert.equal((await server.app.db('audit_log').orderBy('seq', 'desc').first()).event, 'mandate.activation_failed');
            return 'refused';
          }
          assert.deepEqual(after, [], `a refused ${action} (${answer.status} ${answer.location ?? ''}) changed the database: ${body.slice(0, 300)}`);
          return 'refused';
        }
        const after = changed(before, await snapshot(server));
        assert.ok(after.includes('audit_log'), `an accepted ${action} was not audited (changed: ${after.join(', ')})`);
        const bare = await server.app.db('voluntary_mandates').whereNotExists(server.app.db('voluntary_mandate_services').whereRaw('voluntary_mandate_services.mandate_id = voluntary_mandates.id')).select('id');
        assert.deepEqual(bare, [], `after an accepted ${action}, a voluntary mandate without services`);
        if (answer.location) {
          const target = new URL(answer.location, url).href;
          const page = await send(target, { headers: { accept: 'text/html', cookie: await person.browser.jar.getCookieString(target) } });
          assertAnswered(page, `GET ${target} after ${action}`);
          assert.equal(page.status, 200, `the page after an accepted ${action}`);
        }
        return 'accepted';
      });
    });
  }
});
