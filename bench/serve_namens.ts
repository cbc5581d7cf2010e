// namens as a benchmark target: a fresh seeded database (DATABASE_URL), a first-party client `bench-app`, and
// optionally no password check (BENCH_PASSWORD_CHECK=off), as when an upstream identity provider authenticates.
// With WORKERS > 1 it runs that many worker processes on one port, as `WORKERS=n npm start` does.
// Prints "ready" when listening. Started by bench/run.ts; not for anything else.
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config/config.ts';
import { saveBenchClient } from './bench_client.ts';
import { runWorkers, type ListeningMessage } from '../server/run_workers.ts';

const port = Number(process.env.PORT);
const config = loadConfig({
  NODE_ENV: 'test',
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent', // BENCH_LOG_LEVEL=warn: to see why a request failed
  PORT: String(port),
  ISSUER: `http://localhost:${port}`,
  DATABASE_URL: process.env.DATABASE_URL,
  DATABASE_POOL_MAX: process.env.DATABASE_POOL_MAX ?? '10',
  // measure namens, not its rate limits (which still count: the same work at a limit nobody reaches)
  RATE_LIMIT_TOKEN: process.env.RATE_LIMIT_TOKEN ?? '9999999',
  RATE_LIMIT_LOGIN: '9999999',
  RATE_LIMIT_LOGIN_ADDRESS: '9999999',
  WORKERS: process.env.WORKERS ?? '1',
});
if (config.workers > 1 && cluster.isPrimary) {
  await runWorkers(config, () => console.log('ready'));
} else {
  await serve();
}

async function serve(): Promise<void> {
  const app = await buildApp(config, { skipPasswordCheck: process.env.BENCH_PASSWORD_CHECK === 'off' });
  await saveBenchClient(app.db);
  const server = createServer({ keepAliveTimeout: 60_000 }, app.koa.callback());
  server.listen(port, '127.0.0.1', () => (cluster.isWorker ? process.send!({ type: 'namens:listening', seeded: app.seeded } satisfies ListeningMessage) : console.log('ready')));
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => server.close(() => app.close().then(() => process.exit(0))));
}
