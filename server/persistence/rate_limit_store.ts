// Rate-limit counters: in memory on SQLite (one process), in the rate_limits table on PostgreSQL so that every
// process behind the load balancer counts together.
import { RateLimiterMemory, RateLimiterPostgres, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { isPostgres, type Database } from './database.ts';

export interface LimitOptions {
  keyPrefix: string;
  points: number;
  durationSeconds: number;
}

export function createRateLimiter(db: Database, { keyPrefix, points, durationSeconds }: LimitOptions): RateLimiterAbstract {
  if (!isPostgres(db)) return new RateLimiterMemory({ keyPrefix, points, duration: durationSeconds });
  return new RateLimiterPostgres({ storeClient: db, storeType: 'knex', tableName: 'rate_limits', tableCreated: true, keyPrefix, points, duration: durationSeconds, clearExpiredByTimeout: false });
}
