// Starts namens on an ephemeral port with a temporary SQLite database (or a given DATABASE_URL), as the README's
// `npm start` would, but inside the test process.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knex from 'knex';
import { buildApp, type App, type BuildOptions } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config/config.ts';
import { specLogger } from './spec_log.ts';

export interface TestServer {
  url: string;
  databaseUrl: string;
  app: App;
  close(): Promise<void>;
}

/**
 * With TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/test) every server gets a fresh PostgreSQL
 * database of its own, created here and dropped on close; otherwise a fresh SQLite file.
 */
export async function freshDatabase(dir: string, admin = process.env.TEST_POSTGRES_URL): Promise<{ url: string; drop(): Promise<void> }> {
  if (!admin) return { url: `sqlite:${join(dir, 'namens.sqlite')}`, drop: async () => {} };
  const name = `namens_spec_${randomBytes(6).toString('hex')}`;
  const server = knex({ client: 'pg', connection: admin, pool: { min: 0, max: 1 } });
  await server.raw(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    async drop() {
      await server.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await server.destroy();
    },
  };
}

export async function startServer(env: Record<string, string> = {}, options: BuildOptions = {}): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'namens-spec-'));
  const database = env.DATABASE_URL ? { url: env.DATABASE_URL, drop: async () => {} } : await freshDatabase(dir);
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  let config: Config;
  let app: App;
  try {
    config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      TEST_USER_PASSWORD: 'namens-test',
      ISSUER: url,
      PORT: String(port),
      ...env,
    });
    app = await buildApp(config, { logger: specLogger(), ...options });
  } catch (error) {
    server.close();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  server.on('request', app.koa.callback());
  return {
    url,
    databaseUrl: config.databaseUrl,
    app,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
