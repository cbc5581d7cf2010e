// Starts namens on an ephemeral port with a temporary SQLite database (or a given DATABASE_URL), as the README's
// `npm start` would, but inside the test process.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type App, type BuildOptions } from '../../server/app.ts';
import { loadConfig } from '../../server/config/config.ts';

export interface TestServer {
  url: string;
  databaseUrl: string;
  app: App;
  close(): Promise<void>;
}

export async function startServer(env: Record<string, string> = {}, options: BuildOptions = {}): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'namens-spec-'));
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: `sqlite:${join(dir, 'namens.sqlite')}`,
    TEST_USER_PASSWORD: 'namens-test',
    ISSUER: url,
    PORT: String(port),
    ...env,
  });
  const app = await buildApp(config, options);
  server.on('request', app.koa.callback());
  return {
    url,
    databaseUrl: config.databaseUrl,
    app,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
