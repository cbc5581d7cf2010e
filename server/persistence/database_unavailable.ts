// Whether an error means the database cannot be reached right now (down, restarting, refusing connections, or the
// pool timed out waiting for one), as opposed to a bug or bad data. Such requests get 503, not 500; knex reconnects
// by itself when the database is back.
const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up or shutting down)
  '08000', '08001', '08003', '08004', '08006', // connection exceptions
  'SQLITE_BUSY', 'SQLITE_CANTOPEN',
]);
const CONNECTION_MESSAGES = /Connection terminated|Client has encountered a connection error|terminating connection|the database system is (starting up|shutting down)|Timeout acquiring a connection|connect ECONNREFUSED/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const { code, name, message, cause } = current as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
    if (name === 'KnexTimeoutError') return true;
    if (typeof message === 'string' && CONNECTION_MESSAGES.test(message)) return true;
    current = cause;
  }
  return false;
}
