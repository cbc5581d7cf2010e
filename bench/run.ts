// `npm run bench`: complete mandate logins per second against namens (SQLite and PostgreSQL, with and without the
// test-user password check) and against plain oidc-provider on the same machine; then token endpoint (refresh
// grant) and userinfo requests per second. Each server runs in a process of its own; this process is the load.
// Options: --seconds N (per measurement, default 10), --concurrency 8,32,64,128 (the default; the best is reported).
import { spawn, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { freePort, scratchDatabase } from './scratch.ts';
import { completeLogin, measure, refresh, userinfo, type FlowSettings, type Throughput } from './flow_driver.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '8,32,64,128' },
    postgres: { type: 'string', default: process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
  },
});
const SECONDS = Number(values.seconds);
const LEVELS = values.concurrency!.split(',').map(Number);
const ROOT = new URL('..', import.meta.url).pathname;
const BIJZONDERE_BIJSTAND = 'urn:uuid:8cf8687b-0f5e-56ab-971d-bc04f8f4e39a';
const ANNA = 'a0000000-0000-4000-8000-000000000001';


async function startProcess(script: string, env: Record<string, string>): Promise<{ base: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return {
    base: `http://localhost:${port}`,
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}


async function best(label: string, task: (worker: number) => Promise<unknown>): Promise<Throughput> {
  let top: Throughput | undefined;
  for (const concurrency of LEVELS) {
    const result = await measure(concurrency, SECONDS, task);
    process.stderr.write(`  ${label}: ${concurrency} concurrent → ${result.perSecond.toFixed(0)}/s${result.failed ? ` (${result.failed} failed: ${result.firstError})` : ''}\n`);
    if (!top || result.perSecond > top.perSecond) top = result;
  }
  return top!;
}

interface Row {
  what: string;
  database: string;
  result: Throughput;
}
const rows: Row[] = [];

// plain oidc-provider: the yardstick
{
  const plain = await startProcess('bench/serve_plain.ts', {});
  const settings: FlowSettings = { base: plain.base, scope: 'openid', username: 'jan', mandate: undefined, csrf: false };
  await completeLogin(settings);
  rows.push({ what: 'flow, plain oidc-provider (memory adapter, no password)', database: 'memory', result: await best('plain', () => completeLogin(settings)) });
  await plain.stop();
}

// One process, with and without the password check; then WORKERS=2 (both cores) without it.
const VARIANTS = [
  { check: 'off', workers: 1 },
  { check: 'on', workers: 1 },
  { check: 'off', workers: 2 },
] as const;

for (const kind of ['sqlite', 'postgres'] as const) {
  for (const { check, workers } of VARIANTS) {
    const database = await scratchDatabase(kind === 'postgres' ? values.postgres : undefined);
    const server = await startProcess('bench/serve_namens.ts', { DATABASE_URL: database.url, BENCH_PASSWORD_CHECK: check, WORKERS: String(workers) });
    const settings: FlowSettings = { base: server.base, scope: `openid ${BIJZONDERE_BIJSTAND}`, username: 'jan', mandate: ANNA, csrf: true };
    const probe = await completeLogin(settings);
    if (!probe.id_token) throw new Error('no ID token');
    const label = `flow, namens${workers > 1 ? `, WORKERS=${workers}` : ''}, jan for Anna (password check ${check})`;
    rows.push({ what: label, database: kind, result: await best(`namens ${kind} password ${check} workers ${workers}`, () => completeLogin(settings)) });

    if (check === 'off' && workers === 1) {
      const plainLogin: FlowSettings = { ...settings, scope: 'openid offline_access', mandate: undefined };
      const tokens = await Promise.all(LEVELS.map(() => Promise.all(Array.from({ length: Math.max(...LEVELS) }, () => completeLogin(plainLogin, { prompt: 'consent' })))));
      const perWorker = tokens[0]!;
      const refreshTokens = perWorker.map((t) => t.refresh_token!);
      rows.push({
        what: 'token endpoint, refresh grant (ES256 ID token)',
        database: kind,
        result: await best(`refresh ${kind}`, async (worker) => {
          const next = await refresh(server.base, refreshTokens[worker]!);
          if (next.refresh_token) refreshTokens[worker] = next.refresh_token;
        }),
      });
      const accessTokens = perWorker.map((t) => t.access_token);
      rows.push({ what: 'userinfo', database: kind, result: await best(`userinfo ${kind}`, (worker) => userinfo(server.base, accessTokens[worker]!)) });
    }
    await server.stop();
    await database.drop();
  }
}

const plain = rows[0]!.result.perSecond;
const pad = (text: string, width: number) => text.padEnd(width);
console.log(`\n${pad('measurement', 64)}${pad('database', 10)}${pad('per second', 12)}${pad('concurrency', 13)}${pad('failed', 8)}vs plain`);
for (const row of rows) {
  const ratio = row.what.startsWith('flow') ? (row.result.perSecond / plain).toFixed(2) : '';
  console.log(`${pad(row.what, 64)}${pad(row.database, 10)}${pad(row.result.perSecond.toFixed(0), 12)}${pad(String(row.result.concurrency), 13)}${pad(String(row.result.failed), 8)}${ratio}`);
}
console.log(`\n(${SECONDS} s per measurement; best of concurrency ${LEVELS.join(', ')}; load generated by this process on the same 2-core machine)`);
