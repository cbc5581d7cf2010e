// What the specs that run namens as real processes share: a free port, a process with its output, and a bounded wait.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

const ROOT = new URL('../..', import.meta.url).pathname;

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `args` run by Node with tsx from the project root (server/main.ts, server/cli.ts …), with `env` added. */
export function startProcess(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}

/** Polls every 250 ms until `check` holds, for at most `seconds`; a bounded wait, not a timing assertion. */
export async function eventually(what: string, check: () => Promise<boolean> | boolean, seconds = 30): Promise<void> {
  for (let i = 0; i < seconds * 4; i++) {
    if (await Promise.resolve(check()).catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.fail(`gave up waiting: ${what}`);
}
