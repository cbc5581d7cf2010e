// Every spec server logs at debug level into one file per test run (NAMENS_SPEC_LOG, by default a file named after
// the mocha process in the temp directory), so that spec/security/zz_no_bsn_in_logs.spec.ts can read what a whole
// run logged and look for BSNs and tokens in it.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { createLogger } from '../../server/logger.ts';

export const SPEC_LOG = process.env.NAMENS_SPEC_LOG ?? join(tmpdir(), 'namens-spec-logs', `run-${process.pid}.log`);

let logger: Logger | undefined;

export function specLogger(): Logger {
  if (!logger) {
    mkdirSync(join(SPEC_LOG, '..'), { recursive: true });
    logger = createLogger('debug', pino.destination({ dest: SPEC_LOG, append: true, sync: true }));
  }
  return logger;
}
