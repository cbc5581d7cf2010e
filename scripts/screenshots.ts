// npm run screenshots — every screen in Dutch, at 1280 px (desktop) and 390 px (phone) wide, as PNGs of the viewport
// in docs/screens/ (shown in the README). Starts namens on a free port with a fresh SQLite database of its own.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { launchChromium } from '../spec/support/chromium.ts';
import { startServer } from '../spec/support/server.ts';
import { startDemo } from '../spec/support/demo_client.ts';
import { tourLogin, tourMijn } from '../spec/screens/tour.ts';

const OUT = new URL('../docs/screens/', import.meta.url).pathname;
const SIZES = [
  { suffix: 'desktop', viewport: { width: 1280, height: 900 } },
  { suffix: 'phone', viewport: { width: 390, height: 844 } },
];

const server = await startServer();
const browser = await launchChromium();
const demo = await startDemo(server);
let count = 0;
try {
  await mkdir(OUT, { recursive: true });
  for (const { suffix, viewport } of SIZES) {
    const shoot = async (name: string, page: import('playwright-core').Page) => {
      await page.screenshot({ path: join(OUT, `${name}-${suffix}.png`) });
      count++;
    };
    await tourLogin(browser, server.url, 'nl', shoot, viewport);
    await tourMijn(browser, server.url, 'nl', shoot, viewport);
    // The demo app: Jan acts for Anna at Bijzondere bijstand; the result page.
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(demo.url);
    await shoot('demo-services', page);
    await page.click('button:text("Bijzondere bijstand aanvragen")');
    await page.fill('#username', 'jan');
    await page.fill('#password', 'namens-test');
    await page.click('form[action$="/login"] button[type=submit]');
    await page.check('input[name=mandate][value="a0000000-0000-4000-8000-000000000001"]');
    await page.click('form[action$="/select_mandate"] button[type=submit]');
    await page.click('form[action$="/consent"] button[type=submit]');
    await page.waitForSelector('#summary');
    await shoot('demo-result', page);
    await context.close();
  }
  console.log(`wrote ${count} screenshots to docs/screens/`);
} finally {
  await browser.close();
  await demo.close();
  await server.close();
}
