// The /mijn cookies, which Koa signs: the session cookie's name (its value is the session's random id only) and the
// JSON codec (base64url) of the login cookie. server/mijn/ writes and reads them.
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
