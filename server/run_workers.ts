// WORKERS > 1: this process supervises that many namens processes on one port (node:cluster). It starts them one
// after the other, so that only the first migrates and seeds a new database; it holds the SQLite rate-limit
// counters for all of them; it replaces a worker that dies, and on SIGINT/SIGTERM it stops them all and exits.
import cluster, { type Worker } from 'node:cluster';
import { RateLimiterClusterMaster } from 'rate-limiter-flexible';
import type { Config } from './config/config.ts';

/** What a worker tells the supervisor once it listens (server/main.ts). */
export interface ListeningMessage {
  type: 'namens:listening';
  seeded: boolean;
}

export const isListeningMessage = (message: unknown): message is ListeningMessage =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'namens:listening';

/** A replaced worker waits this long, so that a worker that cannot start does not spin the machine. */
const RESTART_DELAY_MS = 1000;

export async function runWorkers(config: Config, onReady: (seeded: boolean) => void): Promise<void> {
  new RateLimiterClusterMaster(); // answers the workers' RateLimiterCluster requests (persistence/rate_limit_store.ts)
  let stopping = false;

  const start = () =>
    new Promise<{ worker: Worker; seeded: boolean }>((resolve, reject) => {
      const worker = cluster.fork();
      const onExit = (code: number | null) => reject(new Error(`worker ${worker.process.pid} exited with ${code} while starting`));
      worker.once('exit', onExit);
      worker.on('message', (message: unknown) => {
        if (!isListeningMessage(message)) return;
        worker.off('exit', onExit);
        resolve({ worker, seeded: message.seeded });
      });
    });

  const supervise = (worker: Worker) => {
    worker.once('exit', (code, signal) => {
      if (stopping) return;
      console.error(`namens: worker ${worker.process.pid} stopped (${signal ?? `exit code ${code}`}); starting another`);
      setTimeout(() => {
        if (!stopping) start().then(({ worker: next }) => supervise(next), (error: Error) => console.error(`namens: ${error.message}`));
      }, RESTART_DELAY_MS).unref();
    });
  };

  const stop = () => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
    let left = workers.length;
    if (!left) process.exit(0);
    for (const worker of workers) {
      worker.once('exit', () => --left === 0 && process.exit(0));
      worker.kill('SIGTERM'); // each closes its server and database cleanly (server/main.ts)
    }
  };
  // Listening before the first worker starts: a stop during start-up also stops the workers started so far.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  let seeded = false;
  for (let i = 0; i < config.workers && !stopping; i++) {
    try {
      const started = await start();
      seeded ||= started.seeded;
      supervise(started.worker);
    } catch (error) {
      if (stopping) return; // stopped (SIGINT/SIGTERM) while this worker was starting
      // A worker that cannot start (bad database, port in use) has said why on stderr; the others go too.
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
      console.error(`namens: ${(error as Error).message}; stopping`);
      process.exit(1);
    }
  }
  if (!stopping) onReady(seeded);
}
