// Rate-limit counters, counted together by every process that serves namens: in the rate_limits table on PostgreSQL
// (every process behind the load balancer), and on SQLite in the process that supervises the workers (WORKERS > 1,
// node:cluster) or in memory (one process).
import cluster from 'node:cluster';
import { RateLimiterCluster, RateLimiterMemory, RateLimiterPostgres, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { isPostgres, type Database } from './database.ts';

export interface LimitOptions {
  keyPrefix: string;
  points: number;
  durationSeconds: number;
}

export function createRateLimiter(db: Database, { keyPrefix, points, durationSeconds }: LimitOptions): RateLimiterAbstract {
  if (isPostgres(db)) {
    return new RateLimiterPostgres({ storeClient: db, storeType: 'knex', tableName: 'rate_limits', tableCreated: true, keyPrefix, points, duration: durationSeconds, clearExpiredByTimeout: false });
  }
  // The supervisor (server/run_workers.ts) holds the counters; a worker asks it over the cluster's IPC channel.
  if (cluster.isWorker) return new RateLimiterCluster({ keyPrefix, points, duration: durationSeconds, timeoutMs: 2000 });
  return new RateLimiterMemory({ keyPrefix, points, duration: durationSeconds });
}

/**
 * Removes the PostgreSQL counters whose window has passed (rate-limiter-flexible keeps them until the key is used
 * again); returns how many. `expire` is in epoch milliseconds. Run by the periodic sweep (app.ts).
 */
export async function sweepExpiredRateLimits(db: Database, now = Date.now()): Promise<number> {
  return db('rate_limits').where('expire', '<', now).delete();
}
