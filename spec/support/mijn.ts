// A person at Mijn machtigingen (/mijn): logged in through namens' own login screen, with a cookie jar and forms.
import { Browser, formOn, type Page } from './browser.ts';
import { PASSWORD } from './relying_party.ts';

/** Never reached: every redirect is followed. */
export const NOWHERE = 'http://nowhere.invalid/';

export class MijnPerson {
  constructor(
    readonly issuer: string,
    readonly browser: Browser,
  ) {}

  open(path: string): Promise<Page> {
    return this.browser.open(`${this.issuer}${path}`, NOWHERE);
  }

  /** Posts the form on `page` whose action ends with `action`, with its CSRF token and `fields`. */
  async post(page: Page, action: string, fields: Record<string, string | string[]> = {}): Promise<Page> {
    const form = formOn(page, action);
    const body = new URLSearchParams(form.hidden);
    for (const [name, value] of Object.entries(fields)) {
      body.delete(name);
      for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
    }
    return this.postRaw(new URL(form.action, page.url).href, body);
  }

  async postRaw(url: string, body: URLSearchParams): Promise<Page> {
    const cookie = await this.browser.jar.getCookieString(url);
    const response = await fetch(url, {
      method: 'POST',
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      body: body.toString(),
      redirect: 'manual',
    });
    for (const header of response.headers.getSetCookie()) await this.browser.jar.setCookie(header, url);
    const location = response.headers.get('location') ?? undefined;
    const page = { status: response.status, url, location: location && new URL(location, url).href, html: await response.text() };
    return page.location ? this.browser.follow(page, NOWHERE) : page;
  }
}

/** Logs `username` in at /mijn through namens' login screen; returns the person and the overview page. */
export async function logInToMijn(issuer: string, username: string): Promise<{ person: MijnPerson; page: Page }> {
  const browser = new Browser();
  const login = await browser.open(`${issuer}/mijn/login`, NOWHERE);
  const page = await browser.submit(login, '/login', { username, password: PASSWORD }, NOWHERE);
  return { person: new MijnPerson(issuer, browser), page };
}

/** The text of an element with this id, tags stripped. */
export function textOf(page: Page, id: string): string | undefined {
  const match = new RegExp(`<(\\w+)[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(page.html);
  return match?.[2]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
}
