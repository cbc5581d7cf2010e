// What a person sees, measured rather than rule-checked: on every screen, in Dutch and English, at 1280 px and 390 px,
// as the page opens, with the mouse over each control and with the keyboard focus on each, the text of every link,
// button and field has WCAG AA contrast (4.5:1, large text 3:1) against the background really behind it; and every
// error page offers a way on (a link or a button in the page, not only the language switch).
//
// Why axe (accessibility.spec.ts) missed the empty blue "Inloggen" and "Iemand machtigen" buttons: axe-core's
// color-contrast rule reports text whose colour equals its background (1:1) as "incomplete" ("needs review": it
// assumes such text is hidden on purpose), never as a violation, and that spec looked at violations only; it also
// never hovered or focused anything.
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { Locale } from '../../views/locale.ts';
import { launchChromium } from '../support/chromium.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { lowContrast, waysOn } from './contrast.ts';
import { tourLogin, tourMijn } from './tour.ts';

const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
} as const;

const LOGIN_SCREENS = ['login', 'login-error', 'select-mandate', 'select-mandate-search', 'consent', 'no-mandate', 'error-unknown-app', 'error-session-expired', 'logout'];
const MIJN_SCREENS = ['mijn-landing', 'mijn-overview', 'mijn-mandate', 'mijn-revoke', 'mijn-grant', 'mijn-grant-errors', 'mijn-request', 'mijn-granted', 'mijn-invited', 'mijn-activate'];
const isErrorPage = (name: string) => name.startsWith('error-') || name === 'no-mandate';

interface Walked {
  seen: string[];
  problems: string[];
  deadEnds: string[];
}

describe('screens: every control readable in every state, every error page with a way on (Chromium)', function () {
  this.timeout(600_000);
  let server: TestServer;
  let browser: Browser;
  const results = new Map<string, Walked>();

  before(async () => {
    server = await startServer();
    browser = await launchChromium();
    for (const lang of ['nl', 'en'] as const) {
      for (const [size, viewport] of Object.entries(VIEWPORTS)) {
        for (const [tourName, tour] of [['login', tourLogin], ['mijn', tourMijn]] as const) {
          const into: Walked = { seen: [], problems: [], deadEnds: [] };
          results.set(`${tourName} ${lang} ${size}`, into);
          const visit = async (name: string, page: Page) => {
            into.seen.push(name);
            for (const problem of await lowContrast(page)) into.problems.push(`${lang} ${size} ${name} ${problem}`);
            if (isErrorPage(name) && (await waysOn(page)).length === 0) into.deadEnds.push(`${lang} ${size} ${name}`);
          };
          await tour(browser, server.url, lang as Locale, visit, viewport).catch((error: unknown) => into.problems.push(`${tourName} ${lang} ${size}: ${String(error)}`));
        }
      }
    }
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const lang of ['nl', 'en'] as const) {
    for (const size of Object.keys(VIEWPORTS)) {
      it(`every control of a login is readable, default, hover and focus (${lang}, ${size})`, () => {
        const { seen, problems } = results.get(`login ${lang} ${size}`)!;
        assert.deepEqual(problems, []);
        assert.deepEqual(seen, LOGIN_SCREENS);
      });
      it(`every control of Mijn machtigingen is readable, default, hover and focus (${lang}, ${size})`, () => {
        const { seen, problems } = results.get(`mijn ${lang} ${size}`)!;
        assert.deepEqual(problems, []);
        assert.deepEqual(seen, MIJN_SCREENS);
      });
    }
    it(`every error page offers a way on (${lang})`, () => {
      const walked = [...results].filter(([key]) => key.includes(` ${lang} `)).map(([, value]) => value);
      assert.ok(walked.flatMap((w) => w.seen).filter(isErrorPage).length >= 3, 'the walks reached the error pages');
      assert.deepEqual(walked.flatMap((w) => w.deadEnds), []);
    });
  }
});
