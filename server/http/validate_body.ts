// JSON request bodies (the admin API, the decision API): JSON only, parsed and validated against a named schema (server/validation/); a bad
// body gets 400 listing every violation by JSON pointer.
import { bodyParser } from '@koa/bodyparser';
import type { Context, Next } from 'koa';
import { InvalidRequest, UnsupportedMediaType, ValidationFailed } from '../errors.ts';
import type { SchemaName } from '../validation/schemas.ts';
import { violationsOf } from '../validation/validate.ts';

const parseJson = bodyParser({ enableTypes: ['json'], jsonLimit: '1mb', encoding: 'utf-8' });

export function validateBody(schema: SchemaName) {
  return async function validateBodyMiddleware(ctx: Context, next: Next) {
    const empty = !ctx.request.length && !ctx.get('transfer-encoding');
    if (empty) ctx.request.body = {}; // no body at all: an empty object (a schema with required fields refuses it)
    else if (!ctx.is('application/json')) throw new UnsupportedMediaType('application/json');
    else {
      try {
        await parseJson(ctx, async () => {});
      } catch (error) {
        // The parser throws a SyntaxError (status 400, not exposed) for malformed JSON; 413 and 415 pass as they are.
        const { status, expose } = error as { status?: number; expose?: boolean };
        if (typeof status === 'number' && status < 500 && expose) throw error;
        throw new InvalidRequest('the request body is not valid JSON');
      }
    }
    const violations = violationsOf(schema, ctx.request.body);
    if (violations.length) throw new ValidationFailed(violations);
    await next();
  };
}

/** The parsed, schema-valid body. */
export const bodyOf = <T = Record<string, unknown>>(ctx: Context): T => ctx.request.body as T;
