// The login screen with a DigiD and an eHerkenning upstream (and the test users), in Chromium: axe-core finds no WCAG
// 2.1 A/AA violation in Dutch or English, both buttons are reachable by keyboard, and each says for whom it is.
// The upstreams are never contacted here: a button only leads to its upstream when pressed.
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { SERVICES } from '../../seeds/personas.ts';
import { launchChromium } from '../support/chromium.ts';
import { authorizationRequest, discover } from '../support/relying_party.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { personIn } from './tour.ts';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const upstream = (id: string, name: string, kind: string, identifier: string) => ({
  id, name, kind, issuer: `https://${id}.broker.example`, client_id: 'namens', client_secret: 'secret', identifier_claim: identifier,
  acr_map: { 'urn:level:3': 'http://eidas.europa.eu/LoA/substantial' },
});

describe('screens: the login screen with DigiD and eHerkenning (Chromium)', function () {
  this.timeout(120_000);
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    server = await startServer({
      LOGIN_METHODS: 'test-users,oidc-upstream',
      UPSTREAM_PROVIDERS: JSON.stringify([upstream('digid', 'DigiD', 'person', 'bsn'), upstream('eherkenning', 'eHerkenning', 'organisation', 'kvk')]),
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [lang, digid, eherkenning] of [['nl', 'Inloggen met DigiD', 'Inloggen met eHerkenning'], ['en', 'Log in with DigiD', 'Log in with eHerkenning']] as const) {
    it(`shows both buttons, reachable by keyboard, with no axe violation, in ${lang === 'nl' ? 'Dutch' : 'English'}`, async () => {
      const { context, page } = await personIn(browser, server.url, lang);
      try {
        const rp = await discover(server.url, 'demo-gemeente');
        const uuid = SERVICES.find((service) => service.id === 'urn:namens:service:bijstand-zelfstandigen')!.uuid;
        await page.goto((await authorizationRequest(rp, { scope: `openid urn:uuid:${uuid}` })).url);
        const person = page.getByRole('button', { name: digid });
        const organisation = page.getByRole('button', { name: eherkenning });
        assert.ok(await person.isVisible());
        assert.ok(await organisation.isVisible());
        assert.match((await organisation.getAttribute('class'))!, /upstream-organisation/);
        assert.ok(await organisation.getAttribute('aria-describedby'), 'the eHerkenning button is described by its hint');

        const focused: string[] = [];
        for (let i = 0; i < 12 && focused.length < 2; i++) {
          await page.keyboard.press('Tab');
          // Runs in the page (a string: this project's TypeScript has no DOM types).
          const text = await page.evaluate<string>(`document.activeElement ? document.activeElement.textContent.trim() : ''`);
          if (text === digid || text === eherkenning) focused.push(text);
        }
        assert.deepEqual(focused, [digid, eherkenning]);

        const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
        assert.deepEqual(result.violations.map((violation) => `${violation.id}: ${violation.help}`), []);
      } finally {
        await context.close();
      }
    });
  }
});
