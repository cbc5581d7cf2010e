// The back button after a finished login, a cleared cookie, a stale tab: the step is gone from this browser, and the
// page that says so offers a way on — back to the app, start the same login again, or Mijn machtigingen.
import assert from 'node:assert/strict';
import { Browser, formOn, radioOptions, type Page } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { authorizationRequest, discover, PASSWORD, REDIRECT_URI } from '../support/relying_party.ts';

function links(page: Page): Array<{ href: string; text: string }> {
  const main = /<main[\s\S]*<\/main>/.exec(page.html)?.[0] ?? '';
  return [...main.matchAll(/<a [^>]*href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)].map((match) => ({ href: match[1]!.replace(/&amp;/g, '&'), text: match[2]!.trim() }));
}

describe('flow: an expired or finished login step has a way on', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => server.close());

  it('after a finished login, the back button to the login step offers the app (its client_uri) and Mijn machtigingen', async () => {
    const rp = await discover(server.url, 'demo-gemeente');
    const request = await authorizationRequest(rp);
    const browser = new Browser();
    const login = await browser.open(request.url, REDIRECT_URI);
    let page = await browser.submit(login, '/login', { username: 'lars', password: PASSWORD }, REDIRECT_URI);
    if (page.html.includes('/select_mandate"')) page = await browser.submit(page, '/select_mandate', { mandate: radioOptions(page)[0]!.value }, REDIRECT_URI);
    if (page.html.includes('/consent"')) page = await browser.submit(page, '/consent', {}, REDIRECT_URI);
    assert.ok(page.location?.startsWith(REDIRECT_URI), 'the login finished at the app');

    const back = await browser.request(login.url);
    assert.equal(back.status, 400);
    assert.match(back.html, /Deze inlogpoging is verlopen/);
    assert.deepEqual(links(back), [
      { href: 'http://localhost:8080/', text: 'Terug naar Gemeente Enschede (demo)' },
      { href: '/mijn', text: 'Naar Mijn machtigingen' },
    ]);
  });

  it('in a browser without the step\'s cookie, it offers the same login again and an error answer to the app', async () => {
    const rp = await discover(server.url, 'demo-gemeente');
    const request = await authorizationRequest(rp);
    const login = await new Browser().open(request.url, REDIRECT_URI);
    assert.ok(formOn(login, '/login'));

    const other = new Browser();
    const expired = await other.request(login.url);
    assert.equal(expired.status, 400);
    const [again, toApp, mijn] = links(expired);
    assert.equal(again!.text, 'Opnieuw beginnen bij Gemeente Enschede (demo)');
    assert.equal(toApp!.text, 'Terug naar Gemeente Enschede (demo)');
    assert.equal(mijn!.href, '/mijn');

    const answer = new URL(toApp!.href);
    assert.equal(`${answer.origin}${answer.pathname}`, REDIRECT_URI);
    assert.equal(answer.searchParams.get('error'), 'access_denied');
    assert.equal(answer.searchParams.get('state'), request.state);
    assert.equal(answer.searchParams.get('iss'), server.url);

    // Starting again is the app's own request once more: a login screen in this browser, and the login reaches the app.
    const restarted = await other.open(new URL(again!.href, server.url).href, REDIRECT_URI);
    const done = await other.submit(restarted, '/login', { username: 'lars', password: PASSWORD }, REDIRECT_URI);
    let page = done;
    if (page.html.includes('/select_mandate"')) page = await other.submit(page, '/select_mandate', { mandate: radioOptions(page)[0]!.value }, REDIRECT_URI);
    if (page.html.includes('/consent"')) page = await other.submit(page, '/consent', {}, REDIRECT_URI);
    assert.equal(new URL(page.location!).searchParams.get('state'), request.state);
  });

  it('an unknown step, in a browser that never logged in, still offers Mijn machtigingen', async () => {
    const page = await new Browser().request(`${server.url}/interaction/no-such-step`);
    assert.equal(page.status, 400);
    assert.deepEqual(links(page), [{ href: '/mijn', text: 'Naar Mijn machtigingen' }]);
  });
});
