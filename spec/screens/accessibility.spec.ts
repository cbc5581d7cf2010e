// WCAG 2.1 A and AA on every screen, in Dutch and in English: axe-core (@axe-core/playwright) in headless Chromium
// finds no violation, and no text in the colour of its own background (which axe files as incomplete, not as a
// violation). contrast.spec.ts measures every control in its hover and focus states too. The walk (tour.ts)
// passes login, a failed login, selection (and its search), consent, the no-mandate screen, error pages, logout and
// every page of Mijn machtigingen.
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import type { Locale } from '../../views/locale.ts';
import { launchChromium } from '../support/chromium.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { tourLogin, tourMijn } from './tour.ts';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

type Tour = typeof tourLogin;
interface Audited {
  seen: string[];
  problems: string[];
}

describe('screens: WCAG 2.1 AA in Chromium (axe-core)', function () {
  this.timeout(120_000);
  let server: TestServer;
  let browser: Browser;
  const results = new Map<string, Audited>();

  async function audit(lang: Locale, into: Audited, name: string, page: Page) {
    into.seen.push(name);
    assert.equal(await page.locator('html').getAttribute('lang'), lang, `${name}: <html lang>`);
    const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    for (const violation of result.violations) {
      into.problems.push(`${lang} ${name}: ${violation.id} (${violation.impact}) ${violation.help}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    }
    // axe reports text in exactly its background's colour (1:1) as "incomplete", assuming it is hidden on purpose:
    // that is how it passed the empty blue buttons of /mijn. On these screens such text is never meant to be hidden.
    for (const unsure of result.incomplete.filter((rule) => rule.id === 'color-contrast')) {
      for (const node of unsure.nodes.filter((n) => n.any.some((check) => (check.data as { contrastRatio?: number } | null)?.contrastRatio === 1))) {
        into.problems.push(`${lang} ${name}: color-contrast 1:1 (text in its background's colour): ${node.target.join(' ')}`);
      }
    }
  }

  // The four walks (login and Mijn machtigingen, each in Dutch and English), one after the other; the specs read the results.
  before(async () => {
    server = await startServer();
    browser = await launchChromium();
    const walks: Array<[string, Tour, Locale]> = [
      ['login nl', tourLogin, 'nl'],
      ['login en', tourLogin, 'en'],
      ['mijn nl', tourMijn, 'nl'],
      ['mijn en', tourMijn, 'en'],
    ];
    for (const [key, tour, lang] of walks) {
      const into: Audited = { seen: [], problems: [] };
      results.set(key, into);
      // A walk that breaks off is reported by its spec (the screens it did not reach), not by this hook.
      await tour(browser, server.url, lang, (name, page) => audit(lang, into, name, page)).catch((error: unknown) => into.problems.push(`${key}: ${String(error)}`));
    }
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const lang of ['nl', 'en'] as const) {
    const language = lang === 'nl' ? 'Dutch' : 'English';
    it(`finds no violation on any screen of a login, in ${language}`, () => {
      const { seen, problems } = results.get(`login ${lang}`)!;
      assert.deepEqual(seen, ['login', 'login-error', 'select-mandate', 'select-mandate-search', 'consent', 'no-mandate', 'error-unknown-app', 'error-session-expired', 'logout']);
      assert.deepEqual(problems, []);
    });

    it(`finds no violation on any page of Mijn machtigingen, in ${language}`, () => {
      const { seen, problems } = results.get(`mijn ${lang}`)!;
      assert.deepEqual(seen, ['mijn-landing', 'mijn-overview', 'mijn-mandate', 'mijn-revoke', 'mijn-grant', 'mijn-grant-errors', 'mijn-request', 'mijn-granted', 'mijn-invited', 'mijn-activate']);
      assert.deepEqual(problems, []);
    });
  }
});
