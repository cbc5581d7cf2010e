// `npm run bench:profile`: runs namens (SQLite, no password check) under `node --cpu-prof` while this process
// drives complete mandate logins for a while, then prints the functions with the most self time.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeLogin, measure, type FlowSettings } from './flow_driver.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const SECONDS = Number(process.argv[2] ?? 10);

const probe = createServer();
await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
const { port } = probe.address() as { port: number };
await new Promise<void>((resolve) => probe.close(() => resolve()));

const dir = await mkdtemp(join(tmpdir(), 'namens-profile-'));
const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, '--import', 'tsx', 'bench/serve_namens.ts'], {
  cwd: ROOT,
  env: { ...process.env, PORT: String(port), DATABASE_URL: `sqlite:${join(dir, 'profile.sqlite')}`, BENCH_PASSWORD_CHECK: 'off' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve()));

const settings: FlowSettings = { base: `http://localhost:${port}`, scope: 'openid urn:uuid:8cf8687b-0f5e-56ab-971d-bc04f8f4e39a', username: 'jan', mandate: 'a0000000-0000-4000-8000-000000000001', csrf: true };
const result = await measure(8, SECONDS, () => completeLogin(settings));
console.log(`${result.perSecond.toFixed(1)} flows/s during the profile (${result.failed} failed)`);
child.kill('SIGINT');
await new Promise((resolve) => child.once('exit', resolve));

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
}
const file = (await readdir(dir)).find((name) => name.endsWith('.cpuprofile'));
if (!file) throw new Error('no profile written');
const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as { nodes: Node[] };
const total = profile.nodes.reduce((sum, node) => sum + node.hitCount, 0);
const byFunction = new Map<string, number>();
for (const node of profile.nodes) {
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'}  ${url.replace(`file://${ROOT}`, '')}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + node.hitCount);
}
console.log('\nself time   function');
for (const [key, hits] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${((100 * hits) / total).toFixed(1).padStart(8)} %  ${key}`);
await rm(dir, { recursive: true, force: true });
