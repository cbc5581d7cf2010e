// `npm run bench:queries [-- --postgres <admin url>]`: the database statements of one complete login (jan for Anna de
// Vries at Bijzondere bijstand aanvragen, then userinfo), by HTTP request, and of one refresh grant, as bench/run.ts drives it. namens runs in
// this process on a scratch database; the requests are sequential, so every statement belongs to the request running.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config/config.ts';
import { saveBenchClient } from './bench_client.ts';
import { completeLogin, refresh, userinfo } from './flow_driver.ts';
import { freePort, scratchDatabase } from './scratch.ts';

const BIJZONDERE_BIJSTAND = 'urn:uuid:8cf8687b-0f5e-56ab-971d-bc04f8f4e39a';
const ANNA = 'a0000000-0000-4000-8000-000000000001';

const { values } = parseArgs({ options: { postgres: { type: 'string' }, sql: { type: 'boolean' } } });
const database = await scratchDatabase(values.postgres);
const port = await freePort();
const app = await buildApp(
  loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: database.url, PORT: String(port), ISSUER: `http://localhost:${port}`, RATE_LIMIT_TOKEN: '9999999' }),
  { skipPasswordCheck: true },
);
await saveBenchClient(app.db);

let current = 'start';
const byRequest = new Map<string, string[]>();
const handle = app.koa.callback();
const server = createServer((req, res) => {
  const path = (req.url ?? '').split('?')[0]!.replace(/^\/(interaction|auth)\/[^/]+/, '/$1/<uid>');
  current = `${String(byRequest.size + 1).padStart(2)}  ${req.method} ${path}`;
  byRequest.set(current, []);
  return handle(req, res);
});
// On PostgreSQL every statement sent is counted at the driver, whoever sends it (knex, the hot path's named
// statements, the rate limiter's own connection use); on SQLite what knex and the hot path announce.
if (values.postgres) {
  const send = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [config] = args;
    const sql = typeof config === 'string' ? config : (config as { text?: string }).text;
    if (sql) byRequest.get(current)?.push(sql);
    return send.apply(this, args);
  } as typeof pg.Client.prototype.query;
} else {
  app.db.on('query', (query: { sql: string }) => byRequest.get(current)?.push(query.sql));
}
await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

try {
  const base = `http://localhost:${port}`;
  const settings = { base, scope: `openid ${BIJZONDERE_BIJSTAND}`, username: 'jan', mandate: ANNA, csrf: true };
  await completeLogin(settings); // warm: the caches (catalog, clients) fill on a first login, as on a server that runs
  byRequest.clear();
  const tokens = await completeLogin(settings);
  await userinfo(base, tokens.access_token);
  const login = new Map(byRequest);
  // Then a refresh grant of a login for oneself (offline_access), as bench/run.ts measures it.
  const own = await completeLogin({ ...settings, scope: 'openid offline_access', mandate: undefined }, { prompt: 'consent' });
  byRequest.clear();
  await refresh(base, own.refresh_token!);
  const [refreshStatements = []] = byRequest.values();

  const kind = (sql: string) =>
    /\b(voluntary|legal|company)_mandates\b/.test(sql) ? 'registers' : /\boidc_models\b/.test(sql) ? 'model store' : /\baudit_/.test(sql) ? 'audit' : /\brate_limits\b/.test(sql) ? 'rate limits' : /^(begin|commit|rollback)/i.test(sql.trim()) ? 'transaction' : 'other';
  let total = 0;
  const totals = new Map<string, number>();
  console.log(`statements of one login on ${values.postgres ? 'PostgreSQL' : 'SQLite'}, by request (after one warm-up login)\n`);
  for (const [request, statements] of login) {
    total += statements.length;
    const kinds = new Map<string, number>();
    for (const sql of statements) {
      kinds.set(kind(sql), (kinds.get(kind(sql)) ?? 0) + 1);
      totals.set(kind(sql), (totals.get(kind(sql)) ?? 0) + 1);
    }
    console.log(`${request.padEnd(48)} ${String(statements.length).padStart(3)}   ${[...kinds].map(([name, n]) => `${name} ${n}`).join(', ')}`);
    if (values.sql) for (const sql of statements) console.log(`      ${sql.replace(/\s+/g, ' ').slice(0, 160)}`);
  }
  console.log(`\n${login.size} requests, ${total} statements: ${[...totals].map(([name, n]) => `${name} ${n}`).join(', ')}`);
  const refreshKinds = new Map<string, number>();
  for (const sql of refreshStatements) refreshKinds.set(kind(sql), (refreshKinds.get(kind(sql)) ?? 0) + 1);
  console.log(`a refresh grant (a login for oneself): ${refreshStatements.length} statements: ${[...refreshKinds].map(([name, n]) => `${name} ${n}`).join(', ')}`);
  if (values.sql) for (const sql of refreshStatements) console.log(`      ${sql.replace(/\s+/g, ' ').slice(0, 160)}`);
} finally {
  server.close();
  await app.close();
  await database.drop();
}
