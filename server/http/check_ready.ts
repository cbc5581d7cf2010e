// GET /health/ready — ready when the database answers a trivial query within two seconds; 503 otherwise, so a load
// balancer sends no traffic to a namens whose database is gone. (/health/live only says the process runs.)
import type { Context } from 'koa';
import type { Database } from '../persistence/database.ts';
import { pingDatabase } from '../persistence/ping_database.ts';

export function checkReady(db: Database) {
  return async function checkReadyAction(ctx: Context) {
    ctx.set('Cache-Control', 'no-store');
    try {
      await pingDatabase(db, 2000);
      ctx.body = { status: 'ok', database: 'ok' };
    } catch {
      ctx.status = 503;
      ctx.set('Retry-After', '5');
      ctx.body = { status: 'unavailable', database: 'unreachable' };
    }
  };
}
