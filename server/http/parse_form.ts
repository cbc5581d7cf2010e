// Form bodies for the interaction routes only (oidc-provider parses its own): urlencoded, small.
import { bodyParser } from '@koa/bodyparser';

export const parseForm = bodyParser({ enableTypes: ['form'], formLimit: '16kb', encoding: 'utf-8' });

/** Whether a posted value may be read at all: no field has a use for a NUL character, and PostgreSQL cannot store one. */
export function isFormText(value: unknown): value is string {
  return typeof value === 'string' && !value.includes('\u0000');
}

/** A single string field of a parsed form; repeated or missing fields, or one holding a NUL character, give undefined. */
export function formField(body: unknown, name: string): string | undefined {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return isFormText(value) ? value : undefined;
}
