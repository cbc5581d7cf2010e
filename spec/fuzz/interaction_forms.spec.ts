// Property: the interaction's form posts (login, select mandate, consent), with and without a valid CSRF token and
// with any field names, values, repetitions, encodings and content types, are answered without a 5xx or a stack
// trace; a refused post changes nothing; an accepted one leads on to pages that are answered in the same way.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SERVICES } from '../../seeds/personas.ts';
import { Browser, formOn, radioOptions, type Page } from '../support/browser.ts';
import { authorizationRequest, discover, PASSWORD, REDIRECT_URI } from '../support/relying_party.ts';
import type { TestServer } from '../support/server.ts';
import { assertAnswered, changed, formBody, formInput, fuzz, hostileString, send, snapshot, startFuzzServer, type FormInput } from './fuzz.ts';

const GEMEENTE = SERVICES.find((service) => service.id === 'urn:namens:service:bijzondere-bijstand')!.uuid;
/** Stands for the n-th option the selection screen shows (filled in when the post is made). */
const OPTION = (n: number) => `@option${n}`;

const STEPS = {
  login: formInput({
    username: fc.oneof(fc.constantFrom('jan', 'kees', 'JAN', ' jan ', 'nobody', ''), hostileString),
    password: fc.oneof(fc.constantFrom(PASSWORD, 'wrong', ''), hostileString),
    level: fc.oneof(fc.constantFrom('http://eidas.europa.eu/LoA/substantial', 'http://eidas.europa.eu/LoA/high', 'http://eidas.europa.eu/LoA/low'), hostileString),
  }),
  select_mandate: formInput({
    mandate: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(OPTION(0), OPTION(1), OPTION(2)) }, { weight: 1, arbitrary: hostileString }),
    reason: fc.oneof(fc.constantFrom('no_mandate'), hostileString),
    q: hostileString,
  }),
  consent: formInput({ decision: hostileString, grant: hostileString }),
} as const;
type Step = keyof typeof STEPS;

describe('fuzz: interaction form posts', function () {
  this.timeout(300_000);
  let server: TestServer;
  let rp: Awaited<ReturnType<typeof discover>>;
  before(async () => {
    server = await startFuzzServer();
    rp = await discover(server.url, 'demo-gemeente');
  });
  after(async () => server?.close());

  /** A browser on the form of `step`: a fresh authorization request, logged in as kees and his choice made as far as needed. */
  async function browserAt(step: Step): Promise<{ browser: Browser; page: Page }> {
    const browser = new Browser();
    let page = await browser.open((await authorizationRequest(rp, { scope: `openid urn:uuid:${GEMEENTE}` })).url, REDIRECT_URI);
    if (step === 'login') return { browser, page };
    page = await browser.submit(page, '/login', { username: 'kees', password: PASSWORD }, REDIRECT_URI);
    if (step === 'select_mandate') return { browser, page };
    page = await browser.submit(page, '/select_mandate', { mandate: radioOptions(page).find((option) => option.label.startsWith('Truus'))!.value }, REDIRECT_URI);
    assert.ok(page.html.includes('/consent"'), 'the consent screen is shown');
    return { browser, page };
  }

  // Found by the property below on PostgreSQL (shrunk): a NUL character in the username got 500 there (the login
  // limit's counter and the user lookup query by it; PostgreSQL cannot store U+0000 in text).
  it('a login post with a NUL character in the username is refused like any other wrong login', async () => {
    const { browser, page } = await browserAt('login');
    const form = formOn(page, '/login');
    const url = new URL(form.action, page.url).href;
    const post = async (fields: Record<string, string>) =>
      send(url, { method: 'POST', headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie: await browser.jar.getCookieString(url) }, body: new URLSearchParams(fields).toString() });
    const withoutCsrf = await post({ username: '\u0000' });
    assert.equal(withoutCsrf.status, 403, withoutCsrf.text.slice(0, 300));
    assert.match(withoutCsrf.text, /<code[^>]*>invalid_csrf_token<\/code>/);
    const withCsrf = await post({ csrf: form.hidden.csrf!, username: 'jan\u0000', password: PASSWORD });
    // The login screen again with its refusal (401 for a wrong pair; 400 where an empty username is asked for).
    assert.ok([400, 401].includes(withCsrf.status), `${withCsrf.status}: ${withCsrf.text.slice(0, 300)}`);
    assertAnswered(withCsrf, 'POST /login username=jan%00');
    assert.match(withCsrf.text, /action="[^"]*\/login"/);
  });

  for (const step of Object.keys(STEPS) as Step[]) {
    it(`${step}: any form post gets no 5xx, a refusal changes nothing, an acceptance leads on`, async () => {
      let current: { browser: Browser; page: Page } | undefined;
      await fuzz(`interaction ${step} form posts`, STEPS[step], async (input: FormInput) => {
        current ??= await browserAt(step);
        const { browser, page } = current;
        const form = formOn(page, `/${step}`);
        const options = step === 'select_mandate' ? radioOptions(page) : [];
        const filled = { ...input, fields: input.fields.map(([name, value]): [string, string] => [name, value.replace(/^@option(\d)$/, (_, n: string) => options[Number(n) % options.length]?.value ?? value)]) };
        const valid: Array<[string, string]> = step === 'login' ? [['username', 'jan'], ['password', PASSWORD]] : step === 'select_mandate' ? [['mandate', options[0]?.value ?? '']] : [];
        const { body, type } = formBody(filled, form.hidden.csrf ?? '', valid);
        const url = new URL(form.action, page.url).href;
        const before = await snapshot(server);
        const cookie = await browser.jar.getCookieString(url);
        const answer = await send(url, { method: 'POST', headers: { accept: 'text/html', 'content-type': type, cookie }, body });
        assertAnswered(answer, `POST /${step} ${type} ${body.slice(0, 400)}`);
        for (const header of answer.cookies) await browser.jar.setCookie(header, url);
        if (answer.status >= 400) {
          assert.deepEqual(changed(before, await snapshot(server)), [], `a refused ${step} post (${answer.status}) changed the database: ${body.slice(0, 300)}`);
          // The same form again (a wrong password, no choice): go on from it; anything else: start again.
          current = answer.text.includes(`/${step}"`) ? { browser, page: { status: answer.status, url, location: undefined, html: answer.text } } : undefined;
          return 'refused';
        }
        // Accepted: each page on the way back to the app is answered properly too.
        let next: Page = { status: answer.status, url, location: answer.location ? new URL(answer.location, url).href : undefined, html: answer.text };
        for (let hops = 0; next.location && !next.location.startsWith(REDIRECT_URI) && hops < 10; hops++) {
          const target = next.location;
          const cookies = await browser.jar.getCookieString(target);
          const followed = await send(target, { headers: { accept: 'text/html', cookie: cookies } });
          assertAnswered(followed, `GET ${target} after POST /${step} ${body.slice(0, 300)}`);
          for (const header of followed.cookies) await browser.jar.setCookie(header, target);
          next = { status: followed.status, url: target, location: followed.location ? new URL(followed.location, target).href : undefined, html: followed.text };
        }
        current = undefined;
        return 'accepted';
      });
    });
  }
});
