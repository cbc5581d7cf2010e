// Soak: 200 concurrent complete mandate flows (authorize → login → select mandate → consent → token) for 2 minutes
// against a namens process. Prints failed flows (must be zero), the p50/p99 of every step, and the server's resident
// memory after the first 20 s and at the end (from /metrics), which must stay within 10%.
//   npm run bench:soak [-- --seconds 120 --concurrency 200 --postgres postgres://postgres@127.0.0.1:5432/test]
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, scratchDatabase } from './scratch.ts';
import { completeLogin, type FlowSettings } from './flow_driver.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '120' },
    concurrency: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
    postgres: { type: 'string' },
  },
});
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);
const WARMUP = Number(values.warmup);
const ROOT = new URL('..', import.meta.url).pathname;
const BIJZONDERE_BIJSTAND = 'urn:uuid:8cf8687b-0f5e-56ab-971d-bc04f8f4e39a';
const ANNA = 'a0000000-0000-4000-8000-000000000001';



async function residentMemory(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return Number(/^process_resident_memory_bytes ([0-9.e+]+)$/m.exec(text)![1]);
}

const percentile = (sorted: Float64Array, p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const database = await scratchDatabase(values.postgres);
const port = await freePort();
const base = `http://localhost:${port}`;
// The server's own output (a crash, an unhandled rejection, running out of memory) goes to a file kept after the run.
const serverLog = join(tmpdir(), `namens-soak-server-${process.pid}.log`);
const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bench/serve_namens.ts'], {
  cwd: ROOT,
  env: { ...process.env, DATABASE_URL: database.url, PORT: String(port), BENCH_PASSWORD_CHECK: 'off' },
  stdio: ['ignore', 'pipe', openSync(serverLog, 'a')],
});
let serverExit: string | undefined;
child.once('exit', (code, signal) => {
  serverExit = `namens exited with ${signal ?? code}`;
});
console.log(`server output: ${serverLog}`);
await new Promise<void>((resolve, reject) => {
  child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
  child.once('exit', (code) => reject(new Error(`serve_namens exited with ${code}`)));
});

const steps = new Map<string, number[]>();
const settings: FlowSettings = {
  base,
  scope: `openid ${BIJZONDERE_BIJSTAND}`,
  username: 'jan',
  mandate: ANNA,
  csrf: true,
  onStep(step, ms) {
    let list = steps.get(step);
    if (!list) steps.set(step, (list = []));
    list.push(ms);
  },
};

try {
  console.log(`soak: ${CONCURRENCY} concurrent mandate flows for ${SECONDS} s against namens on ${values.postgres ? 'PostgreSQL' : 'SQLite'} (password check off: an upstream IdP's login)`);
  const started = performance.now();
  const until = started + SECONDS * 1000;
  let completed = 0;
  let failed = 0;
  const errors = new Map<string, number>();
  let rssAfterWarmup: number | undefined;
  const warmupTimer = setTimeout(() => {
    residentMemory(base).then((rss) => {
      rssAfterWarmup = rss;
      console.log(`  after ${WARMUP} s: ${completed} flows, resident memory ${mb(rss)}`);
    }, () => {});
  }, WARMUP * 1000);
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        try {
          await completeLogin(settings);
          completed++;
        } catch (error) {
          failed++;
          const message = `${(error as Error).message.slice(0, 160)}${serverExit ? ` (${serverExit})` : ''}`;
          errors.set(message, (errors.get(message) ?? 0) + 1);
        }
      }
    }),
  );
  clearTimeout(warmupTimer);
  if (serverExit) console.log(`  ${serverExit} during the run; its output is in ${serverLog}`);
  const elapsed = (performance.now() - started) / 1000;
  const rssEnd = await residentMemory(base);

  console.log(`  flows: ${completed} completed, ${failed} failed, ${(completed / elapsed).toFixed(0)} flows/s over ${elapsed.toFixed(0)} s`);
  for (const [message, count] of errors) console.log(`    ${count}× ${message}`);
  console.log('  step                   count      p50 ms   p99 ms');
  for (const [step, list] of steps) {
    const sorted = Float64Array.from(list).sort();
    console.log(`  ${step.padEnd(20)} ${String(sorted.length).padStart(7)} ${percentile(sorted, 50).toFixed(1).padStart(10)} ${percentile(sorted, 99).toFixed(1).padStart(8)}`);
  }
  const growth = rssAfterWarmup ? (rssEnd - rssAfterWarmup) / rssAfterWarmup : NaN;
  console.log(`  resident memory: ${rssAfterWarmup ? mb(rssAfterWarmup) : '?'} after ${WARMUP} s, ${mb(rssEnd)} at the end (${(growth * 100).toFixed(1)}%)`);
  const ok = failed === 0 && Math.abs(growth) <= 0.1;
  console.log(ok ? 'soak passed: no failed flow, memory within 10%' : 'soak FAILED');
  process.exitCode = ok ? 0 : 1;
} finally {
  child.kill('SIGTERM');
  if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
  await database.drop();
}
