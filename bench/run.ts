// `npm run bench`: server CPU per complete login, beside logins per second, for namens and for plain oidc-provider
// in the same run. Every single-process server is pinned to core 0 (taskset) and this process, the load, to core 1,
// so the CPU a server spends is read from /proc without the load in it. Servers are measured in turns, round after
// round, so that the machine's drift hits them alike. Rows:
//   plain 4    plain oidc-provider, memory adapter, the 4-request flow (bench/serve_plain.ts)
//   plain 8    plain oidc-provider with the 8 requests a namens login made before its selection became part of the
//              login's interaction (login page, login, resume, selection page, select, resume): the yardstick; namens
//              now makes 7 (no resume between login and selection)
//   plain 8 store  the same with namens' model store on SQLite as its adapter: what persistence alone costs
//   sqlite     namens on SQLite, jan for Anna, no password check (as behind an upstream identity provider)
//   postgres   namens on PostgreSQL, the same, with the PostgreSQL backends' CPU beside it
//   pg x2      namens on PostgreSQL with WORKERS=2 (both cores, not pinned), throughput against plain 4
//   refresh    refresh grants (ES256 ID token, the refresh token rotated on every use as namens does) on plain 4 and on namens' SQLite
// Options: --seconds N (each measurement, default 15), --concurrency N (default 32), --rounds N (default 2),
// --only sqlite,postgres,... (rows by the names above), --postgres <admin url>, --baseline <checkout>: namens from
// another checkout (e.g. `git worktree add /tmp/before main`) beside this one, in the same run, as 'sqlite before'
// and 'postgres before', --threads: also where each server's CPU goes, by thread (main, libuv's pool, the rest:
// V8's compiler and garbage collector threads), user and system time apart.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import knex, { type Knex } from 'knex';
import { freePort, scratchDatabase } from './scratch.ts';
import { completeLogin, measure, refresh, type FlowSettings, type Tokens } from './flow_driver.ts';
import { nodeFlagsOf } from './node_flags.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    concurrency: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '2' },
    only: { type: 'string' },
    postgres: { type: 'string', default: process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    baseline: { type: 'string' },
    threads: { type: 'boolean', default: false },
  },
});
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);
const ROOT = new URL('..', import.meta.url).pathname;
const BIJZONDERE_BIJSTAND = 'urn:uuid:8cf8687b-0f5e-56ab-971d-bc04f8f4e39a';
const ANNA = 'a0000000-0000-4000-8000-000000000001';
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

execFileSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' });

/** A /proc stat line's name and its utime and stime in milliseconds (fields 2, 14 and 15 of proc(5)). */
function parseStat(stat: string): { name: string; user: number; sys: number } {
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return { name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), user: Number(fields[11]) * TICK_MS, sys: Number(fields[12]) * TICK_MS };
}

/** CPU milliseconds (user + system, every thread) that the processes have used so far; gone ones count 0. */
function cpuMs(pids: readonly number[]): number {
  let ms = 0;
  for (const pid of pids) {
    try {
      const { user, sys } = parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      ms += user + sys;
    } catch {
      // the process ended
    }
  }
  return ms;
}

type ThreadGroup = 'main' | 'libuv' | 'other';
const THREAD_GROUPS: readonly ThreadGroup[] = ['main', 'libuv', 'other'];
type ThreadCpu = Record<`${ThreadGroup} ${'user' | 'sys'}`, number>;

/** CPU milliseconds so far by thread group and user/system (threads that ended since are not counted). */
function threadCpuMs(pids: readonly number[]): ThreadCpu {
  const sums = Object.fromEntries(THREAD_GROUPS.flatMap((group) => [[`${group} user`, 0], [`${group} sys`, 0]])) as ThreadCpu;
  for (const pid of pids) {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // the process ended
    }
    for (const tid of tasks) {
      try {
        const { name, user, sys } = parseStat(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
        const group: ThreadGroup = tid === String(pid) ? 'main' : name === 'libuv-worker' ? 'libuv' : 'other';
        sums[`${group} user`] += user;
        sums[`${group} sys`] += sys;
      } catch {
        // the thread ended
      }
    }
  }
  return sums;
}

function descendants(pid: number): number[] {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) => {
    try {
      return readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  });
  return [pid, ...children.flatMap(descendants)];
}

interface Server {
  name: string;
  requests: number;
  base: string;
  pids(): number[];
  /** The PostgreSQL backends serving this server's database, when it has one. */
  backends?: () => Promise<number[]>;
  settings: FlowSettings;
  stop(): Promise<void>;
}

/** Every server started, stopped when this process ends however it ends. */
const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));

async function start(script: string, env: Record<string, string>, pin: boolean, root = ROOT): Promise<{ base: string; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const node = [process.execPath, ...nodeFlagsOf(root), '--import', 'tsx', script];
  const [command, ...args] = pin ? ['taskset', '-c', '0', ...node] : node;
  const child: ChildProcess = spawn(command!, args, { cwd: root, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  children.add(child);
  return {
    base: `http://localhost:${port}`,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

const plainSettings = (base: string, screens: number): FlowSettings =>
  screens === 8 ? { base, scope: 'openid', username: 'jan', mandate: 'self', csrf: true } : { base, scope: 'openid', username: 'jan', mandate: undefined, csrf: false };

async function plain(name: string, screens: 4 | 8, store = false): Promise<Server> {
  const scratch = store ? await scratchDatabase(undefined) : undefined;
  const process = await start('bench/serve_plain.ts', { PLAIN_SCREENS: String(screens), ...(scratch ? { DATABASE_URL: scratch.url } : {}) }, true);
  const stop = async () => {
    await process.stop();
    await scratch?.drop();
  };
  return { name, requests: screens, base: process.base, pids: () => [process.pid], settings: plainSettings(process.base, screens), stop };
}

const admin: Knex = knex({ client: 'pg', connection: values.postgres, pool: { min: 0, max: 1 } });

async function namens(name: string, database: 'sqlite' | 'postgres', workers: number, root = ROOT): Promise<Server> {
  const scratch = await scratchDatabase(database === 'postgres' ? values.postgres : undefined);
  const process = await start('bench/serve_namens.ts', { DATABASE_URL: scratch.url, BENCH_PASSWORD_CHECK: 'off', WORKERS: String(workers) }, workers === 1, root);
  const dbName = new URL(scratch.url).pathname.slice(1);
  return {
    name,
    requests: 7, // authorize, login page, login, selection page, select, resume, token
    base: process.base,
    pids: () => descendants(process.pid),
    ...(database === 'postgres' ? { backends: async () => ((await admin.raw('SELECT pid FROM pg_stat_activity WHERE datname = ?', [dbName])).rows as Array<{ pid: number }>).map((row) => row.pid) } : {}),
    settings: { base: process.base, scope: `openid ${BIJZONDERE_BIJSTAND}`, username: 'jan', mandate: ANNA, csrf: true },
    async stop() {
      await process.stop();
      await scratch.drop();
    },
  };
}

interface Sample {
  perSecond: number;
  cpuPerTask: number;
  backendsPerTask?: number;
  threadsPerTask?: ThreadCpu;
  failed: number;
  /** The message of the first failed task, if any. */
  firstError?: string;
}

/** Runs `task` at CONCURRENCY for SECONDS (after a short warm-up) and reads the server's CPU around it. */
async function sample(server: Server, task: (worker: number) => Promise<unknown>): Promise<Sample> {
  await measure(CONCURRENCY, Math.min(3, SECONDS), task);
  const pids = server.pids();
  const backendsBefore = server.backends ? await server.backends() : [];
  const cpuBefore = cpuMs(pids);
  const threadsBefore = values.threads ? threadCpuMs(pids) : undefined;
  const backendCpuBefore = new Map(backendsBefore.map((pid) => [pid, cpuMs([pid])]));
  const result = await measure(CONCURRENCY, SECONDS, task);
  const cpu = cpuMs(pids) - cpuBefore;
  const threadsAfter = threadsBefore ? threadCpuMs(pids) : undefined;
  const threadsPerTask = threadsBefore && threadsAfter ? (Object.fromEntries(Object.entries(threadsAfter).map(([key, ms]) => [key, (ms - threadsBefore[key as keyof ThreadCpu]) / result.completed])) as ThreadCpu) : undefined;
  let backendCpu: number | undefined;
  if (server.backends) {
    const backendsAfter = new Set([...backendsBefore, ...(await server.backends())]);
    backendCpu = [...backendsAfter].reduce((sum, pid) => sum + cpuMs([pid]) - (backendCpuBefore.get(pid) ?? 0), 0);
  }
  return { perSecond: result.perSecond, cpuPerTask: cpu / result.completed, ...(backendCpu !== undefined ? { backendsPerTask: backendCpu / result.completed } : {}), ...(threadsPerTask ? { threadsPerTask } : {}), failed: result.failed, ...(result.firstError ? { firstError: result.firstError } : {}) };
}

const ALL = ['plain 4', 'plain 8', 'plain 8 store', 'sqlite', 'postgres', 'pg x2', 'refresh'] as const;
const wanted = new Set(values.only ? values.only.split(',').map((name) => name.trim()) : ALL);
const servers: Server[] = [];
if (wanted.has('plain 4') || wanted.has('refresh') || wanted.has('pg x2')) servers.push(await plain('plain 4', 4));
servers.push(await plain('plain 8', 8)); // the yardstick, always
if (wanted.has('plain 8 store')) servers.push(await plain('plain 8 store', 8, true));
if (wanted.has('plain 8 store') && wanted.has('refresh')) servers.push(await plain('plain 4 store', 4, true)); // refresh grants on the store
if (wanted.has('sqlite') || wanted.has('refresh')) servers.push(await namens('sqlite', 'sqlite', 1));
if (wanted.has('postgres')) servers.push(await namens('postgres', 'postgres', 1));
if (wanted.has('pg x2')) servers.push(await namens('pg x2', 'postgres', 2));
if (values.baseline) {
  if (wanted.has('sqlite')) servers.push(await namens('sqlite before', 'sqlite', 1, values.baseline));
  if (wanted.has('postgres')) servers.push(await namens('postgres before', 'postgres', 1, values.baseline));
}
const byName = (name: string) => servers.find((server) => server.name === name)!;
for (const server of servers) if (!(await completeLogin(server.settings)).id_token) throw new Error(`${server.name}: no ID token`);

/** Refresh tokens, one per concurrent worker; made just before they are used (plain's memory adapter keeps 1,000 entries). */
async function refreshTokens(server: Server): Promise<string[]> {
  const settings: FlowSettings = { ...server.settings, scope: 'openid offline_access', mandate: undefined };
  const logins: Tokens[] = await Promise.all(Array.from({ length: CONCURRENCY }, () => completeLogin(settings, { prompt: 'consent' })));
  return logins.map((tokens) => tokens.refresh_token!);
}
const refreshed = wanted.has('refresh') ? ['plain 4', ...(wanted.has('plain 8 store') ? ['plain 4 store'] : []), 'sqlite'].map(byName) : [];

const samples = new Map<string, Sample[]>();
const record = (key: string, value: Sample) => samples.set(key, [...(samples.get(key) ?? []), value]);
for (let round = 1; round <= ROUNDS; round++) {
  for (const server of servers) {
    if (!wanted.has(server.name.replace(' before', '') as (typeof ALL)[number]) && server.name !== 'plain 8') continue;
    const result = await sample(server, () => completeLogin(server.settings));
    process.stderr.write(`  round ${round} ${server.name}: ${result.perSecond.toFixed(0)} logins/s, ${result.cpuPerTask.toFixed(2)} CPU ms per login${result.backendsPerTask !== undefined ? ` + ${result.backendsPerTask.toFixed(2)} in PostgreSQL` : ''}${result.failed ? `, ${result.failed} failed (first: ${result.firstError})` : ''}\n`);
    record(server.name, result);
  }
  for (const server of refreshed) {
    const tokens = await refreshTokens(server);
    const result = await sample(server, async (worker) => {
      const next = await refresh(server.base, tokens[worker]!);
      if (next.refresh_token) tokens[worker] = next.refresh_token;
    });
    process.stderr.write(`  round ${round} refresh on ${server.name}: ${result.perSecond.toFixed(0)}/s, ${result.cpuPerTask.toFixed(2)} CPU ms each\n`);
    record(`refresh ${server.name}`, result);
  }
}
for (const server of servers) await server.stop();
await admin.destroy();

const range = (numbers: number[], digits: number) => {
  const [low, high] = [Math.min(...numbers), Math.max(...numbers)];
  return low.toFixed(digits) === high.toFixed(digits) ? low.toFixed(digits) : `${low.toFixed(digits)}–${high.toFixed(digits)}`;
};
const mean = (numbers: number[]) => numbers.reduce((a, b) => a + b, 0) / numbers.length;
const yardstick = mean(samples.get('plain 8')!.map((s) => s.cpuPerTask));
const LABELS: Record<string, string> = {
  'plain 4': 'plain oidc-provider, 4 requests (pinned)',
  'plain 8': "plain oidc-provider, namens' 8 requests (pinned)",
  'plain 8 store': "plain oidc-provider, 8 requests, namens' store",
  sqlite: 'namens, SQLite, no password check (pinned)',
  postgres: 'namens, PostgreSQL, no password check (pinned)',
  'pg x2': 'namens, PostgreSQL, WORKERS=2 (both cores)',
  'sqlite before': 'baseline namens, SQLite (pinned)',
  'postgres before': 'baseline namens, PostgreSQL (pinned)',
  'refresh plain 4': 'refresh grant, plain oidc-provider (pinned)',
  'refresh sqlite': 'refresh grant, namens on SQLite (pinned)',
  'refresh plain 4 store': "refresh grant, plain with namens' store (pinned)",
};
const pad = (text: string, width: number) => text.padEnd(width);
console.log(`\n| ${pad('server', 50)} | ${pad('CPU ms each', 12)} | ${pad('PostgreSQL ms', 13)} | ${pad('per second', 10)} | ${pad('CPU vs plain 8', 14)} |`);
console.log(`|${'-'.repeat(52)}|${'-'.repeat(14)}|${'-'.repeat(15)}|${'-'.repeat(12)}|${'-'.repeat(16)}|`);
for (const [key, list] of samples) {
  const cpu = list.map((s) => s.cpuPerTask);
  const backends = list.flatMap((s) => (s.backendsPerTask === undefined ? [] : [s.backendsPerTask]));
  const ratio = key.startsWith('refresh') ? '' : `${(mean(cpu) / yardstick).toFixed(2)}×`;
  console.log(`| ${pad(LABELS[key] ?? key, 50)} | ${pad(range(cpu, 2), 12)} | ${pad(backends.length ? range(backends, 2) : '', 13)} | ${pad(range(list.map((s) => s.perSecond), 0), 10)} | ${pad(ratio, 14)} |`);
}
// The machine drifts between rounds; a round's servers run one after the other, so each round's ratio is a pair.
const median = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const plain8 = samples.get('plain 8')!.map((s) => s.cpuPerTask);
const paired = ['plain 8 store', 'sqlite', 'sqlite before', 'postgres', 'postgres before'].filter((key) => samples.has(key));
if (paired.length) console.log('\nCPU against plain 8, round by round:');
for (const key of paired) {
  const ratios = samples.get(key)!.map((s, round) => s.cpuPerTask / plain8[round]!);
  console.log(`  ${pad(LABELS[key] ?? key, 50)} ${ratios.map((r) => `${r.toFixed(2)}×`).join(', ')} (median ${median(ratios).toFixed(2)}×)`);
}
const refreshes = ['refresh plain 4', 'refresh sqlite'].map((key) => samples.get(key));
if (refreshes[0] && refreshes[1]) console.log(`\nrefresh grants per second, namens against plain: ${(mean(refreshes[1].map((s) => s.perSecond)) / mean(refreshes[0].map((s) => s.perSecond))).toFixed(2)}×`);
const x2 = samples.get('pg x2');
const p4 = samples.get('plain 4');
if (x2 && p4) console.log(`logins per second, namens on PostgreSQL with WORKERS=2 against plain 4 in one process: ${(mean(x2.map((s) => s.perSecond)) / mean(p4.map((s) => s.perSecond))).toFixed(2)}×`);
if (values.threads) {
  const columns = THREAD_GROUPS.flatMap((group) => [`${group} user`, `${group} sys`] as const);
  console.log(`\nCPU ms per login (or refresh) by thread, mean of the rounds\n\n| ${pad('server', 50)} | ${columns.map((column) => pad(column, 10)).join(' | ')} |`);
  console.log(`|${'-'.repeat(52)}|${columns.map(() => '-'.repeat(12)).join('|')}|`);
  for (const [key, list] of samples) {
    const cells = columns.map((column) => pad(mean(list.map((s) => s.threadsPerTask![column])).toFixed(2), 10));
    console.log(`| ${pad(LABELS[key] ?? key, 50)} | ${cells.join(' | ')} |`);
  }
}
const failed = [...samples.values()].flat().reduce((sum, s) => sum + s.failed, 0);
console.log(`\n(${ROUNDS} rounds of ${SECONDS} s at ${CONCURRENCY} concurrent; each single-process server pinned to core 0 and the load to core 1; CPU is user + system of every thread, from /proc${failed ? `; ${failed} requests failed` : ''})`);
