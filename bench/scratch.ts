// What every benchmark needs: a free port on loopback, and a scratch database (a SQLite file in a temp dir, or a
// fresh PostgreSQL database created through an admin URL) that is dropped afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knex from 'knex';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A fresh database: PostgreSQL when `postgresAdminUrl` is given, else a SQLite file. */
export async function scratchDatabase(postgresAdminUrl: string | undefined): Promise<{ url: string; drop(): Promise<void> }> {
  if (!postgresAdminUrl) {
    const dir = await mkdtemp(join(tmpdir(), 'namens-bench-'));
    return { url: `sqlite:${join(dir, 'bench.sqlite')}`, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const name = `namens_bench_${randomBytes(4).toString('hex')}`;
  const admin = knex({ client: 'pg', connection: postgresAdminUrl, pool: { min: 0, max: 1 } });
  await admin.raw(`CREATE DATABASE ${name}`);
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    async drop() {
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}
