// The /mijn cookies: the session cookie's name and the JSON codec (base64url) of every /mijn cookie, which Koa signs.
// server/mijn/ writes and reads them; limit_rates.ts reads the person from the session cookie to key the limit on
// refused activation codes, so they live here on the HTTP side, which both import.
export const SESSION_COOKIE = 'namens_mijn';

export function encodeCookie(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCookie<T>(value: string | undefined): T | undefined {
  if (!value) return undefined;
  try {
    return JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as T;
  } catch {
    return undefined;
  }
}
