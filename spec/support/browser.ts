// A person's browser, reduced to what the flows need: cookies, redirects followed by hand, forms posted.
// (The screens themselves are driven in headless Chromium by the screen specs.)
import { CookieJar } from 'tough-cookie';

export interface Page {
  status: number;
  url: string;
  location: string | undefined;
  html: string;
}

export class Browser {
  readonly jar = new CookieJar();
  /** Where each request really goes: lets a spec send some steps to another process behind the same "load balancer". */
  route: (url: string) => string = (url) => url;

  async request(target: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Page> {
    const url = this.route(target);
    const headers: Record<string, string> = { accept: 'text/html' };
    const cookie = await this.jar.getCookieString(url);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(url, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const header of response.headers.getSetCookie()) await this.jar.setCookie(header, url);
    const location = response.headers.get('location') ?? undefined;
    return { status: response.status, url, location: location && new URL(location, url).href, html: await response.text() };
  }

  /** Follows redirects until a page is shown, or until the browser is sent to `stopAt` (the app's callback). */
  async follow(page: Page, stopAt: string): Promise<Page> {
    let current = page;
    for (let hops = 0; current.location && hops < 10; hops++) {
      if (current.location.startsWith(stopAt)) return current;
      current = await this.request(current.location);
    }
    return current;
  }

  async open(url: string, stopAt: string): Promise<Page> {
    return this.follow(await this.request(url), stopAt);
  }

  /** Submits the form on `page` whose action ends with `action`, with its hidden fields and `fields`. */
  async submit(page: Page, action: string, fields: Record<string, string>, stopAt: string): Promise<Page> {
    const form = formOn(page, action);
    return this.follow(await this.request(new URL(form.action, page.url).href, { form: { ...form.hidden, ...fields } }), stopAt);
  }
}

export function formOn(page: Page, action: string): { action: string; hidden: Record<string, string> } {
  const forms = [...page.html.matchAll(/<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)];
  const match = forms.find((form) => form[1]!.endsWith(action));
  if (!match) throw new Error(`no form ending in ${action} on ${page.url} (status ${page.status}):\n${page.html.slice(0, 2000)}`);
  const hidden = Object.fromEntries(
    [...match[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\s*\/?>/g)].map((input) => [input[1]!, decodeEntities(input[2]!)]),
  );
  return { action: decodeEntities(match[1]!), hidden };
}

/** The radio options of the selection screen: value and label text. */
export function radioOptions(page: Page): Array<{ value: string; label: string }> {
  return [...page.html.matchAll(/<input [^>]*?type="radio" name="mandate" id="([^"]+)" value="([^"]+)"[^>]*>\s*<label [^>]*?for="\1">([\s\S]*?)<\/label>/g)].map(
    (match) => ({ value: decodeEntities(match[2]!), label: decodeEntities(match[3]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim()) }),
  );
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|#96);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#96': '`' })[name]!);
}
