// The outermost of namens' middleware on oidc-provider's routes. oidc-provider answers the errors of its routes
// itself; what namens adds around them (recording a mandate's use after the token response, re-checking an
// introspected token) runs outside that handler, and a fault there reached Koa's default: a plain-text 500 and a
// stack trace printed beside namens' log. Here it becomes an OAuth error in JSON, 503 temporarily_unavailable when the
// database cannot be reached, else 500 server_error, and reaches namens' log and metrics as oidc-provider's own
// faults do (its 'server_error' event, app.ts and instrument_provider.ts).
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { isDatabaseUnavailable } from '../persistence/database_unavailable.ts';

/** A fault whose description the client may read; what caused it is logged, never sent. */
export class RequestFault extends Error {
  constructor(readonly description: string, options: { cause: unknown }) {
    super(description, options);
    this.name = 'RequestFault';
  }
}

const UNAVAILABLE = 'the database cannot be reached right now; try again in a few seconds';
const FAILED = 'the request could not be completed; try again later';

export function answerFaults(provider: Provider) {
  return async function answerFaultsMiddleware(ctx: KoaContextWithOIDC, next: () => Promise<void>) {
    try {
      await next();
    } catch (error) {
      (provider as unknown as NodeJS.EventEmitter).emit('server_error', ctx, error);
      const unavailable = isDatabaseUnavailable(error);
      ctx.status = unavailable ? 503 : 500;
      if (unavailable) ctx.set('Retry-After', '5');
      ctx.set('Cache-Control', 'no-store');
      ctx.remove('Location');
      const described = error instanceof RequestFault ? `${error.description}${unavailable ? `: ${UNAVAILABLE}` : ''}` : unavailable ? UNAVAILABLE : FAILED;
      ctx.body = { error: unavailable ? 'temporarily_unavailable' : 'server_error', error_description: described };
    }
  };
}
