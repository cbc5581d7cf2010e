// Every router of namens' own routes: strict about a trailing slash and about case, so one action has one path.
// (`/interaction/<uid>/login/` and `/interaction/<uid>/Login` are not the login, and so cannot get around its limit.)
import Router, { type RouterOptions } from '@koa/router';

export function createRouter(options: Omit<RouterOptions, 'strict' | 'sensitive'> = {}): Router {
  return new Router({ ...options, strict: true, sensitive: true });
}
