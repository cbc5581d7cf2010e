// CSRF tokens for the interaction forms: an HMAC of the interaction id under the cookie key. The interaction
// is bound to the browser by its cookie, so a token is only good in the browser and the step it was made for.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidCsrfToken } from '../errors.ts';

export interface Csrf {
  tokenFor(bindTo: string): string;
  /** Throws InvalidCsrfToken unless `token` was made for `bindTo`. */
  verify(bindTo: string, token: unknown): void;
}

export function createCsrf(secret: string): Csrf {
  const tokenFor = (bindTo: string) => createHmac('sha256', secret).update(`csrf:${bindTo}`).digest('base64url');
  return {
    tokenFor,
    verify(bindTo, token) {
      const expected = Buffer.from(tokenFor(bindTo));
      const given = Buffer.from(typeof token === 'string' ? token : '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidCsrfToken();
    },
  };
}
