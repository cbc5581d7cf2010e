// Reads a .env file in the working directory when there is one, with Node's own process.loadEnvFile (no dependency).
// Variables already set in the environment win over the file. Returns the file read, if any.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export function loadEnvFile(path = process.env.NAMENS_ENV_FILE ?? '.env'): string | undefined {
  const file = resolve(path);
  if (!existsSync(file)) return undefined;
  process.loadEnvFile(file);
  return file;
}
