// `npm run bench:profile [-- seconds] [-- --refresh] [-- --postgres [admin url]]`: runs namens (SQLite, or a scratch
// PostgreSQL database made through the admin URL (default TEST_POSTGRES_URL or the local test database) and dropped
// afterwards; no password check, the Node flags of `npm start`) under `node --cpu-prof` while this
// process drives complete mandate logins for a while, then prints, for the time under load only (start-up and
// module loading left out), the share of the main thread per package, the functions with the most self time, and
// namens' own functions by total time (their own and their callees').
// KEEP_PROFILE=1 keeps the .cpuprofile (for Chrome DevTools) and prints its path.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeLogin, measure, refresh, type FlowSettings } from './flow_driver.ts';
import { nodeFlagsOf } from './node_flags.ts';
import { freePort, scratchDatabase } from './scratch.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const SECONDS = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 10);
/** --refresh: refresh grants of a login for oneself instead of complete logins. */
const REFRESH = process.argv.includes('--refresh');
const postgresAt = process.argv.indexOf('--postgres');
const POSTGRES_ADMIN_URL =
  postgresAt < 0 ? undefined : (process.argv[postgresAt + 1]?.startsWith('postgres') ? process.argv[postgresAt + 1] : undefined) ?? process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const port = await freePort();

const dir = await mkdtemp(join(tmpdir(), 'namens-profile-'));
/** The scratch PostgreSQL database, when profiling on PostgreSQL (SQLite: a file in `dir`). */
const scratch = POSTGRES_ADMIN_URL ? await scratchDatabase(POSTGRES_ADMIN_URL) : undefined;
const child = spawn(process.execPath, [...nodeFlagsOf(ROOT), '--cpu-prof', '--cpu-prof-dir', dir, '--import', 'tsx', 'bench/serve_namens.ts'], {
  cwd: ROOT,
  env: { ...process.env, PORT: String(port), DATABASE_URL: scratch?.url ?? `sqlite:${join(dir, 'profile.sqlite')}`, BENCH_PASSWORD_CHECK: 'off' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve()));

const settings: FlowSettings = { base: `http://localhost:${port}`, scope: 'openid urn:uuid:8cf8687b-0f5e-56ab-971d-bc04f8f4e39a', username: 'jan', mandate: 'a0000000-0000-4000-8000-000000000001', csrf: true };
for (let i = 0; i < 20; i++) await completeLogin(settings); // warm up: first requests compile templates and code paths
const CONCURRENCY = 8;
const refreshTokens = REFRESH ? await Promise.all(Array.from({ length: CONCURRENCY }, () => completeLogin({ ...settings, scope: 'openid offline_access', mandate: undefined }, { prompt: 'consent' }).then((tokens) => tokens.refresh_token!))) : [];
const loadStarted = performance.now();
const result = REFRESH
  ? await measure(CONCURRENCY, SECONDS, async (worker) => {
      refreshTokens[worker] = (await refresh(settings.base, refreshTokens[worker]!)).refresh_token ?? refreshTokens[worker]!;
    })
  : await measure(CONCURRENCY, SECONDS, () => completeLogin(settings));
console.log(`${result.perSecond.toFixed(1)} ${REFRESH ? 'refresh grants' : 'flows'}/s during the profile (${result.failed} failed)`);
child.kill('SIGINT');
await new Promise((resolve) => child.once('exit', resolve));
await scratch?.drop();
// The profile ends when the process exits: the load began this many microseconds before its end.
const loadWindow = (performance.now() - loadStarted) * 1000;

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
  children?: number[];
}
const file = (await readdir(dir)).find((name) => name.endsWith('.cpuprofile'));
if (!file) throw new Error('no profile written');
const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
const add = (map: Map<string, number>, key: string, micros: number) => map.set(key, (map.get(key) ?? 0) + micros);
const parents = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
/** namens' own functions (server/, views/) with the time spent in them and in what they called, each once a sample. */
const inclusive = new Map<string, number>();
const nameOf = ({ functionName, url, lineNumber }: Node['callFrame']) => `${functionName || '(anonymous)'}  ${url.replace(`file://${ROOT}`, '')}:${lineNumber + 1}`;
let time = profile.startTime;
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  time += profile.timeDeltas[i]!;
  if (time < profile.endTime - loadWindow) continue;
  const { functionName, url, lineNumber } = nodes.get(profile.samples[i]!)!.callFrame;
  const micros = profile.timeDeltas[i]!;
  const path = url.replace(`file://${ROOT}`, '');
  total += micros;
  add(byFunction, `${functionName || '(anonymous)'}  ${path}:${lineNumber + 1}`, micros);
  // node_modules/<package>, node:<module>, a namens folder, or V8's own (idle, program, garbage collector)
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? (path.startsWith('node:') ? `node:${path.split('/')[1] ?? path.slice(5)}` : path ? path.split('/').slice(0, 2).join('/') : functionName);
  add(byPackage, pkg, micros);
  const onStack = new Set<string>();
  for (let id: number | undefined = profile.samples[i]!; id !== undefined; id = parents.get(id)) {
    const frame = nodes.get(id)!.callFrame;
    if (/^file:.*\/(server|views)\//.test(frame.url) && !frame.url.includes('node_modules')) onStack.add(nameOf(frame));
  }
  for (const key of onStack) add(inclusive, key, micros);
}
const share = (micros: number) => `${((100 * micros) / total).toFixed(1).padStart(8)} %`;
console.log(`\nmain thread under load (${(total / 1e6).toFixed(1)} s), by package`);
for (const [key, micros] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${share(micros)}  ${key}`);
console.log('\nself time   function');
for (const [key, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${share(micros)}  ${key}`);
console.log("\ntotal time   namens' own function (with what it calls)");
for (const [key, micros] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${share(micros)}  ${key}`);
if (!process.env.KEEP_PROFILE) await rm(dir, { recursive: true, force: true }); else console.log(join(dir, file));
