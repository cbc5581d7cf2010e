// What a person sees of each control, measured in Chromium: the contrast of its text against the background that is
// really behind it (contrast_probe.js), in three states — as the page opens, with the mouse over the control, and
// with the keyboard focus on it (reached with Tab, so :focus-visible applies as for a keyboard user).
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const PROBE = readFileSync(new URL('./contrast_probe.js', import.meta.url), 'utf8');

export interface Measured {
  control: string;
  element: string;
  colour: string;
  background: string;
  ratio: number;
  needed: number;
}

export type State = 'default' | 'hover' | 'focus';

async function install(page: Page) {
  await page.evaluate(PROBE);
}

/** Every text of every control below its needed contrast, as "state: control (element) ratio colour on background". */
export async function lowContrast(page: Page): Promise<string[]> {
  await install(page);
  const problems: string[] = [];
  const report = (state: State, measured: Measured[]) => {
    for (const m of measured) {
      if (m.ratio < m.needed) problems.push(`${state}: ${m.control}${m.element ? ` (${m.element})` : ''} ${m.ratio}:1 < ${m.needed}:1, ${m.colour} on ${m.background}`);
    }
  };
  // Default: no mouse over anything, nothing focused.
  await page.mouse.move(0, 0);
  await page.evaluate('document.activeElement && document.activeElement.blur()');
  report('default', await page.evaluate<Measured[]>('window.namensContrast.all()'));

  // Hover: the mouse on each control in turn.
  const count = await page.evaluate<number>('window.namensContrast.count()');
  for (let i = 0; i < count; i++) {
    const centre = await page.evaluate<{ x: number; y: number } | null>(`window.namensContrast.centre(${i})`);
    if (!centre) continue;
    await page.mouse.move(centre.x, centre.y);
    report('hover', await page.evaluate<Measured[]>(`window.namensContrast.one(${i})`));
  }
  await page.mouse.move(0, 0);

  // Focus: Tab through the page from the top, as a keyboard user.
  await page.evaluate('window.scrollTo(0, 0); document.activeElement && document.activeElement.blur()');
  const seen = new Set<string>();
  for (let presses = 0; presses < 200; presses++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate<{ id: string | null; measured: Measured[] } | null>('window.namensContrast.focused()');
    if (!focused) break;
    const key = focused.id ?? `other-${presses}`;
    if (seen.has(key)) break;
    seen.add(key);
    report('focus', focused.measured);
  }
  await page.evaluate('document.activeElement && document.activeElement.blur()');
  return problems;
}

/** The links and buttons in <main>: what a person can do next on this page. */
export async function waysOn(page: Page): Promise<string[]> {
  await install(page);
  return page.evaluate<string[]>('window.namensContrast.waysOn()');
}
