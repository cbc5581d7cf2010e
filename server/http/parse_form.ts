// Form bodies for the interaction routes only (oidc-provider parses its own): urlencoded, small.
import { bodyParser } from '@koa/bodyparser';

export const parseForm = bodyParser({ enableTypes: ['form'], formLimit: '16kb', encoding: 'utf-8' });

/** A single string field of a parsed form; repeated or missing fields give undefined. */
export function formField(body: unknown, name: string): string | undefined {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}
