// Structured JSON logs. Authorization headers, cookies, passwords and tokens are redacted wherever they appear.
import { pino, type DestinationStream, type Logger } from 'pino';

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'err.body', 'err.raw', '*.password', '*.client_secret', '*.code', '*.access_token', '*.id_token', '*.refresh_token'],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination(1), // stdout by default, as pino does
  );
}
export type { Logger };
