// Behind a TLS-terminating proxy: only a peer listed in TRUSTED_PROXIES may say the request came in over https.
// From it, X-Forwarded-Proto: https brings HSTS and Secure cookies (namens' own and oidc-provider's); from any other
// peer the header is stripped, so the same request gets neither.
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../support/server.ts';

interface Seen {
  hsts: string | null;
  cookies: string[];
  location: string | null;
}

/** GET /mijn/login (namens' own login cookie), then the authorize URL it redirects to (oidc-provider's cookies). */
async function loginThroughProxy(server: TestServer, headers: Record<string, string>): Promise<{ mijn: Seen; authorize: Seen }> {
  const see = async (url: string): Promise<Seen> => {
    const response = await fetch(url, { headers: { accept: 'text/html', ...headers }, redirect: 'manual' });
    assert.equal(response.status < 400, true, `${url}: ${response.status}`);
    return { hsts: response.headers.get('strict-transport-security'), cookies: response.headers.getSetCookie(), location: response.headers.get('location') };
  };
  const mijn = await see(`${server.url}/mijn/login`);
  assert.ok(mijn.location, 'the login redirects to the authorization endpoint');
  const authorize = await see(new URL(mijn.location, server.url).href);
  assert.ok(authorize.cookies.some((cookie) => cookie.startsWith('_interaction=')), 'oidc-provider starts an interaction');
  return { mijn, authorize };
}

const secure = (cookie: string) => /;\s*secure(;|$)/i.test(cookie);

describe('security: behind a TLS-terminating proxy', () => {
  describe('from a trusted proxy (TRUSTED_PROXIES=127.0.0.1)', () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ TRUSTED_PROXIES: '127.0.0.1' });
    });
    after(async () => server.close());

    it('X-Forwarded-Proto: https gets HSTS and only Secure, HttpOnly cookies, from namens and from oidc-provider', async () => {
      const { mijn, authorize } = await loginThroughProxy(server, { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' });
      for (const seen of [mijn, authorize]) {
        assert.equal(seen.hsts, 'max-age=31536000; includeSubDomains');
        assert.notEqual(seen.cookies.length, 0);
        for (const cookie of seen.cookies) {
          assert.ok(secure(cookie), `Secure: ${cookie}`);
          assert.match(cookie, /httponly/i, cookie);
        }
      }
      assert.ok(mijn.cookies.some((cookie) => cookie.startsWith('namens_mijn_login=')), 'namens sets its own login cookie');
    });

    it('the same proxy forwarding plain http gets no HSTS and no Secure cookies', async () => {
      const { mijn, authorize } = await loginThroughProxy(server, { 'x-forwarded-proto': 'http' });
      for (const seen of [mijn, authorize]) {
        assert.equal(seen.hsts, null);
        for (const cookie of seen.cookies) assert.ok(!secure(cookie), `not Secure: ${cookie}`);
      }
    });
  });

  describe('from an address that is not a trusted proxy (TRUSTED_PROXIES=127.0.0.2)', () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ TRUSTED_PROXIES: '127.0.0.2' });
    });
    after(async () => server.close());

    it('X-Forwarded-Proto: https is ignored: no HSTS, no Secure cookies', async () => {
      const { mijn, authorize } = await loginThroughProxy(server, { 'x-forwarded-proto': 'https', forwarded: 'proto=https' });
      for (const seen of [mijn, authorize]) {
        assert.equal(seen.hsts, null);
        assert.notEqual(seen.cookies.length, 0);
        for (const cookie of seen.cookies) assert.ok(!secure(cookie), `not Secure: ${cookie}`);
      }
    });
  });
});
