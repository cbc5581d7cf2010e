// The property-based suite's shared parts: how many inputs (FUZZ_RUNS) from which seed (FUZZ_SEED), the server it
// runs against, what every answer must look like, the database snapshot that shows a refused request changed
// nothing, and generators of hostile values.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { startServer, type TestServer } from '../support/server.ts';

/** Inputs per property: enough to find the cheap mistakes, few enough that the fuzz suite stays near a minute. */
export const RUNS = positive(process.env.FUZZ_RUNS) ?? 100;
/** One seed per mocha run, printed with every count; FUZZ_SEED replays a run. */
export const SEED = integer(process.env.FUZZ_SEED) ?? (Math.random() * 2 ** 31) | 0;

function positive(value: string | undefined): number | undefined {
  const number = Number(value);
  return value && Number.isInteger(number) && number > 0 ? number : undefined;
}
function integer(value: string | undefined): number | undefined {
  const number = Number(value);
  return value && Number.isInteger(number) ? number : undefined;
}

/**
 * A server for fuzzing: the login, activation and token limits raised out of reach (thousands of generated logins
 * and codes would trip them; the limits themselves keep their own specs and their defaults).
 */
export function startFuzzServer(env: Record<string, string> = {}): Promise<TestServer> {
  return startServer({
    RATE_LIMIT_LOGIN: '9999999', RATE_LIMIT_LOGIN_ADDRESS: '9999999', RATE_LIMIT_ACTIVATION: '9999999', RATE_LIMIT_BSN_CHECKS: '9999999',
    RATE_LIMIT_CLIENT_AUTH_FAILURES: '9999999', RATE_LIMIT_TOKEN: '9999999', ...env,
  });
}

/**
 * Runs `check` for RUNS generated inputs (fast-check shrinks a failure and reports its counterexample and seed), then
 * prints how many inputs ran: `fuzz: <name> — N inputs, seed S`.
 */
export async function fuzz<T>(name: string, arbitrary: fc.Arbitrary<T>, check: (input: T) => Promise<Outcome | void>, runs = RUNS): Promise<void> {
  let count = 0;
  let accepted = 0;
  await fc.assert(
    fc.asyncProperty(arbitrary, async (input) => {
      count++;
      if ((await check(input)) === 'accepted') accepted++;
    }),
    { numRuns: runs, seed: SEED },
  );
  console.log(`      fuzz: ${name} — ${count} inputs (${accepted} accepted), seed ${SEED}`);
}

/** What a check saw, for the count: the request was accepted (and its change was whole) or refused (and changed nothing). */
export type Outcome = 'accepted' | 'refused';

export interface Answer {
  status: number;
  type: string;
  location: string | null;
  cookies: string[];
  text: string;
}

/** Sends a request without following redirects and reads the whole answer. */
export async function send(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  return { status: response.status, type: response.headers.get('content-type') ?? '', location: response.headers.get('location'), cookies: response.headers.getSetCookie(), text: await response.text() };
}

const STACK_TRACE = [/\n\s+at .+:\d+:\d+/, /\bat [^\s]*[/\\][^\s]+\.(?:[cm]?[jt]s):\d+/, /node_modules/, /\b[A-Z][A-Za-z]*Error: /, /^Error: /m];

/**
 * What every answer must be: never a 5xx; never a stack trace; a 4xx says what is wrong (JSON with error and
 * error_description, or an HTML page).
 */
export function assertAnswered(answer: Answer, what: string): void {
  const shown = () => `${what}: ${answer.status} ${answer.type}\n${answer.text.slice(0, 600)}`;
  assert.ok(answer.status < 500, `a 5xx: ${shown()}`);
  for (const pattern of STACK_TRACE) assert.doesNotMatch(answer.text, pattern, `a stack trace or error dump: ${shown()}`);
  if (answer.status >= 400) {
    if (answer.type.includes('json')) {
      const body = JSON.parse(answer.text) as { error?: unknown; error_description?: unknown };
      assert.equal(typeof body.error, 'string', `a 4xx without an error code: ${shown()}`);
      assert.equal(typeof body.error_description, 'string', `a 4xx without an error_description: ${shown()}`);
      assert.ok((body.error_description as string).length > 0, `an empty error_description: ${shown()}`);
    } else {
      assert.ok(answer.type.includes('html'), `a 4xx that is neither JSON nor HTML: ${shown()}`);
      assert.match(answer.text, /<html[\s>]/i, `a 4xx without a page: ${shown()}`);
      // A page with a heading, or oidc-provider's form_post page that carries the error to the app.
      assert.match(answer.text, /<h1[\s>]|<input type="hidden" name="error" value="[a-z_]+"/i, `a 4xx page that says nothing: ${shown()}`);
    }
  }
}

/** The tables a request could change: registers, parties, clients, catalog, audit, test users. */
export const WATCHED_TABLES = [
  'parties',
  'test_users',
  'clients',
  'client_service_providers',
  'service_providers',
  'services',
  'service_sets',
  'service_set_members',
  'legal_mandates',
  'company_mandates',
  'company_mandate_services',
  'voluntary_mandates',
  'voluntary_mandate_services',
  'voluntary_mandate_activations',
  'audit_log',
  'audit_chain_head',
];

/** A checksum of every row of each watched table (plus its row count, for the message). */
export async function snapshot(server: TestServer): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of WATCHED_TABLES) {
    const rows = (await server.app.db(table).select('*')) as unknown[];
    const lines = rows.map((row) => JSON.stringify(row)).sort();
    result[table] = `${rows.length} rows ${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`;
  }
  return result;
}

/** The tables whose checksum differs between two snapshots. */
export function changed(before: Record<string, string>, after: Record<string, string>): string[] {
  return WATCHED_TABLES.filter((table) => before[table] !== after[table]);
}

// ---- generators ------------------------------------------------------------------------------------------------------

export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** Strings an attacker or a broken client would send, at most a few hundred characters (for URLs and headers). */
export const shortHostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '', ' ', '0', '-1', '1e309', 'NaN', 'null', 'undefined', 'true', '[]', '{}', '%00', '\u0000', '\uD800', '\uFEFF', 'é', '𝕏', '👩‍👩‍👧',
      "' OR '1'='1'; --", '<script>alert(1)</script>', '../../etc/passwd', '${7*7}', '%ZZ', '999990196', '123456789', '2025-01-01',
      '2025-02-30', '0000-00-00', '9999-12-31', '+275760-09-13', 'urn:uuid:00000000-0000-4000-8000-000000000000', ...PROTOTYPE_KEYS,
    ),
  },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom('\u0000', '\u0001', '\u001b', '\u007f', '\u2028', '\uFFFF', '\uDC00'), fc.string({ maxLength: 8 })).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 1_000 }).map((n) => 'x'.repeat(n)) },
);

/** Strings an attacker or a broken client would send, huge ones (up to 70 000 characters) among them. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: shortHostileString },
  { weight: 1, arbitrary: fc.integer({ min: 2_000, max: 70_000 }).map((n) => 'x'.repeat(n)) },
);

/** Any JSON value with these strings in it, prototype keys included among the object keys. */
export function jsonWith(strings: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  return fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      strings,
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 4 }),
      tie('object'),
    ),
    object: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 12 })), tie('value')), { maxLength: 4 }).map(entriesToObject),
  })).value;
}

/** Any JSON value, huge strings among its strings. */
export const hostileJson: fc.Arbitrary<unknown> = jsonWith(hostileString);

/** Any JSON value of a size that fits in a URL. */
export const smallJson: fc.Arbitrary<unknown> = jsonWith(fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('', '__proto__', '\u0000', '\uD800', '𝕏', "' OR 1=1 --")));

/** An object from entries, setting `__proto__` and friends as own keys (as JSON.parse would), not as the prototype. */
export function entriesToObject(entries: Array<[string, unknown]>): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

/**
 * A valid body changed a little (a field dropped, a field given any value, a prototype key or an unknown field added),
 * or a lot (any JSON at all): most inputs get past the first check and reach deeper code.
 */
export function mutated(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('drop' as const), key: fc.constantFrom(...keys) }),
    fc.record({ kind: fc.constant('set' as const), key: fc.constantFrom(...keys), value: hostileJson }),
    fc.record({ kind: fc.constant('poison' as const), key: fc.constantFrom(...keys), char: fc.constantFrom('\u0000', '\u0001', '\uDC00', '\u2028') }),
    fc.record({ kind: fc.constant('add' as const), key: fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 12 })), value: hostileJson }),
  );
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(valid) },
    {
      weight: 6,
      arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => {
        const entries = new Map(Object.entries(valid));
        for (const change of mutations) {
          if (change.kind === 'drop') entries.delete(change.key);
          else if (change.kind === 'poison') entries.set(change.key, poisoned(entries.get(change.key), change.char));
          else entries.set(change.key, change.value);
        }
        return entriesToObject([...entries]);
      }),
    },
    { weight: 2, arbitrary: hostileJson },
  );
}

/** A valid value with a control character (or a lone surrogate) slipped into its strings. */
function poisoned(value: unknown, char: string): unknown {
  if (typeof value === 'string') return `${value.slice(0, 1)}${char}${value.slice(1)}`;
  if (Array.isArray(value)) return value.map((item) => poisoned(item, char));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, poisoned(item, char)]));
  return value;
}

/** A JSON body as text: usually the value serialised, sometimes broken JSON. */
export function jsonText(value: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: value.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: fc.constantFrom('', '{', '{"a":}', '[1,', 'nul', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}', '\uFEFF{}', '"\\ud800"') },
    { weight: 1, arbitrary: hostileString },
  );
}

/** Content types a body may come with. */
export const contentType = (usual: string) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(usual) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        `${usual}; charset=utf-8`,
        `${usual}; charset=latin1`,
        `${usual}; charset=utf-16`,
        'application/json',
        'application/x-www-form-urlencoded',
        'text/plain',
        'multipart/form-data; boundary=x',
        'application/xml',
        'text/csv',
        'application/x-ndjson',
        '*/*',
        'garbage',
        '',
      ),
    },
  );

/** A BSN that passes the eleven-test (the elfproef): 8 digits and the check digit that makes it hold. */
export const validBsn: fc.Arbitrary<string> = fc
  .array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 })
  .map((digits) => {
    const sum = digits.reduce((total, digit, i) => total + digit * (9 - i), 0);
    return { digits, check: sum % 11 };
  })
  .filter(({ digits, check }) => check < 10 && digits[0] !== undefined && !(digits.every((d) => d === 0)))
  .map(({ digits, check }) => `${digits.join('')}${check}`);

/** A BSN of nine digits that fails the eleven-test. */
export const invalidBsn: fc.Arbitrary<string> = validBsn.map((bsn) => `${bsn.slice(0, 8)}${(Number(bsn[8]) + 1) % 10}`);

// ---- form posts ------------------------------------------------------------------------------------------------------

export interface FormInput {
  /** The form's own CSRF token, none, a wrong one, or the right one twice. */
  csrf: 'valid' | 'missing' | 'junk' | 'repeated' | 'valid-and-junk';
  /** Whether the form's valid fields come first (so that the hostile ones change a post that would be accepted). */
  withValid: boolean;
  fields: Array<[string, string]>;
  encoding: 'urlencoded' | 'raw' | 'json' | 'multipart';
  type: string;
}

/**
 * A form post: the given field names (and prototype keys, and any name) with plausible or hostile values, repeated
 * or not, with or without the CSRF token, urlencoded, raw (broken percent-encoding), as JSON or as multipart.
 */
export function formInput(values: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<FormInput> {
  const names = Object.keys(values);
  const field = fc
    .oneof({ weight: 6, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS, 'csrf', 'csrf[]', 'a[b]', '') }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) })
    .chain((name) => fc.tuple(fc.constant(name), fc.oneof({ weight: 3, arbitrary: Object.hasOwn(values, name) ? values[name]! : hostileString }, { weight: 1, arbitrary: hostileString })));
  return fc.record({
    csrf: fc.oneof({ weight: 6, arbitrary: fc.constant('valid' as const) }, { weight: 1, arbitrary: fc.constantFrom('missing' as const, 'junk' as const, 'repeated' as const, 'valid-and-junk' as const) }),
    withValid: fc.boolean(),
    fields: fc.array(field, { maxLength: 6 }),
    encoding: fc.oneof({ weight: 6, arbitrary: fc.constant('urlencoded' as const) }, { weight: 1, arbitrary: fc.constantFrom('raw' as const, 'json' as const, 'multipart' as const) }),
    type: contentType('application/x-www-form-urlencoded'),
  });
}

/** The request body and content type of a form input, with `token` as the form's CSRF token and `valid` its valid fields. */
export function formBody(input: FormInput, token: string, valid: Array<[string, string]> = []): { body: string; type: string } {
  const csrf: Array<[string, string]> =
    input.csrf === 'valid' ? [['csrf', token]] : input.csrf === 'junk' ? [['csrf', 'AAAA' + token.slice(4)]] : input.csrf === 'repeated' ? [['csrf', token], ['csrf', token]] : input.csrf === 'valid-and-junk' ? [['csrf', token], ['csrf', 'x']] : [];
  const fields = [...csrf, ...(input.withValid ? valid : []), ...input.fields];
  switch (input.encoding) {
    case 'urlencoded':
      return { body: new URLSearchParams(fields).toString(), type: input.type };
    case 'raw':
      return { body: fields.map(([name, value]) => `${name}=${value}`).join('&') + '&%ZZ=%E0%A4%A', type: input.type };
    case 'json':
      return { body: JSON.stringify(entriesToObject(fields)), type: input.type === 'application/x-www-form-urlencoded' ? 'application/json' : input.type };
    case 'multipart': {
      const parts = fields.map(([name, value]) => `--fuzzboundary\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('');
      return { body: `${parts}--fuzzboundary--\r\n`, type: 'multipart/form-data; boundary=fuzzboundary' };
    }
  }
}
