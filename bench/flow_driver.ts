// The app and the person's browser, reduced to raw HTTP for load: complete logins (authorize → login →
// select mandate → code → token with PKCE), refresh grants and userinfo calls, with a per-flow cookie jar.
import { createHash, randomBytes } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';

const agent = new Agent({ keepAlive: true, maxSockets: 256 });
export const REDIRECT_URI = 'http://localhost:8080/callback';
const BASIC = `Basic ${Buffer.from('bench-app:bench-secret').toString('base64')}`;

interface Response {
  status: number;
  location: string | undefined;
  body: string;
}

class Jar {
  private readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  store(setCookie: string[] | undefined): void {
    for (const cookie of setCookie ?? []) {
      const [pair] = cookie.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  }
}

function send(url: string, { method = 'GET', headers = {}, body, jar }: { method?: string; headers?: Record<string, string>; body?: string; jar?: Jar }): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    const cookie = jar?.header();
    const req = httpRequest(url, { method, agent, headers: { ...headers, ...(cookie ? { cookie } : {}), ...(body ? { 'content-length': Buffer.byteLength(body) } : {}) } }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (data += chunk));
      res.on('end', () => {
        jar?.store(res.headers['set-cookie']);
        resolve({ status: res.statusCode ?? 0, location: res.headers.location ? new URL(res.headers.location, url).href : undefined, body: data });
      });
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

const form = (fields: Record<string, string>) => ({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

/** The time of one step, reported when the flow wants step timings. */
async function timed(settings: FlowSettings, step: string, work: Promise<Response>): Promise<Response> {
  if (!settings.onStep) return work;
  const started = performance.now();
  const response = await work;
  settings.onStep(step, performance.now() - started);
  return response;
}

function expect(response: Response, status: number, step: string): Response {
  if (response.status !== status) throw new Error(`${step}: expected ${status}, got ${response.status} ${response.body.slice(0, 200)}`);
  return response;
}

export interface FlowSettings {
  base: string;
  scope: string;
  username: string;
  /** The radio value to pick on namens' selection screen; undefined for plain oidc-provider (no such screen). */
  mandate: string | undefined;
  /** namens forms carry a CSRF token; the plain login takes none. */
  csrf: boolean;
  /** Called with each step's duration in milliseconds (bench/soak.ts); undefined costs nothing. */
  onStep?: (step: string, ms: number) => void;
}

export interface Tokens {
  access_token: string;
  refresh_token?: string;
  id_token: string;
}

/** One complete login as the person's browser and the app would do it. Throws on any unexpected answer. */
export async function completeLogin(settings: FlowSettings, extra: Record<string, string> = {}): Promise<Tokens> {
  const jar = new Jar();
  const verifier = randomBytes(32).toString('base64url');
  const query = new URLSearchParams({
    client_id: 'bench-app',
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: settings.scope,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    nonce: randomBytes(8).toString('hex'),
    state: randomBytes(8).toString('hex'),
    ...extra,
  });
  let response = expect(await timed(settings, 'authorize', send(`${settings.base}/auth?${query}`, { jar })), 303, 'authorize');
  let interaction = response.location!;
  let csrf = '';
  if (settings.csrf) csrf = /name="csrf" value="([^"]+)"/.exec(expect(await timed(settings, 'login page', send(interaction, { jar })), 200, 'login page').body)![1]!;
  response = expect(await timed(settings, 'login', send(`${interaction}/login`, { method: 'POST', jar, ...form({ username: settings.username, password: 'namens-test', ...(csrf ? { csrf } : {}) }) })), 303, 'login');
  // namens shows the selection on the same interaction, straight after the login; elsewhere a resume comes first.
  if (!response.location!.startsWith(`${settings.base}/interaction/`)) response = await timed(settings, 'resume after login', send(response.location!, { jar }));
  if (settings.mandate !== undefined) {
    interaction = expect(response, 303, 'resume').location!;
    csrf = /name="csrf" value="([^"]+)"/.exec(expect(await timed(settings, 'selection page', send(interaction, { jar })), 200, 'selection page').body)![1]!;
    response = expect(await timed(settings, 'select', send(`${interaction}/select_mandate`, { method: 'POST', jar, ...form({ mandate: settings.mandate, csrf }) })), 303, 'select');
    response = await timed(settings, 'resume after select', send(response.location!, { jar }));
  }
  let callback = expect(response, 303, 'resume to app').location!;
  // namens' first-party consent happens on a GET of the interaction, which redirects on.
  if (callback.startsWith(`${settings.base}/interaction/`)) {
    callback = expect(await timed(settings, 'back to app', send(expect(await timed(settings, 'consent', send(callback, { jar })), 303, 'consent').location!, { jar })), 303, 'back to app').location!;
  }
  if (!callback.startsWith(REDIRECT_URI)) throw new Error(`not sent back to the app: ${callback}`);
  const code = new URL(callback).searchParams.get('code');
  if (!code) throw new Error(`no code: ${callback}`);
  const token = expect(
    await timed(settings, 'token', send(`${settings.base}/token`, { method: 'POST', headers: { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier }).toString() })),
    200,
    'token',
  );
  return JSON.parse(token.body) as Tokens;
}

export async function refresh(base: string, refreshToken: string): Promise<Tokens> {
  const response = expect(
    await send(`${base}/token`, { method: 'POST', headers: { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString() }),
    200,
    'refresh',
  );
  return JSON.parse(response.body) as Tokens;
}

export async function userinfo(base: string, accessToken: string): Promise<void> {
  expect(await send(`${base}/me`, { headers: { authorization: `Bearer ${accessToken}` } }), 200, 'userinfo');
}

export interface Throughput {
  concurrency: number;
  perSecond: number;
  completed: number;
  failed: number;
  firstError?: string;
}

/** Runs `task` in `concurrency` loops for `seconds`, and counts what completed. */
export async function measure(concurrency: number, seconds: number, task: (worker: number) => Promise<unknown>): Promise<Throughput> {
  const until = performance.now() + seconds * 1000;
  let completed = 0;
  let failed = 0;
  let firstError: string | undefined;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < until) {
        try {
          await task(worker);
          completed++;
        } catch (error) {
          failed++;
          firstError ??= (error as Error).message;
        }
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  return { concurrency, perSecond: completed / elapsed, completed, failed, ...(firstError ? { firstError } : {}) };
}
