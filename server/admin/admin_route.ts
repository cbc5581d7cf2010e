// One route of the admin API's route table: router.ts mounts each as authenticate → (validate body) → action, and
// openapi.ts describes each in the OpenAPI document.
import type { Middleware } from 'koa';
import type { SchemaName } from '../validation/schemas.ts';

export interface AdminRoute {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** Koa path under /admin/api, with :params. */
  path: string;
  summary: string;
  body?: SchemaName;
  /** Query parameters, for the OpenAPI document. */
  query?: Record<string, string>;
  /** The success status and whether it may be 404 / 409. */
  status: number;
  notFound?: boolean;
  conflict?: boolean;
  /** Request body is a file (imports), not JSON. */
  upload?: boolean;
  action: Middleware;
}
