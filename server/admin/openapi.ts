// The OpenAPI 3.1 document of the admin API, generated from the route table (router.ts) and the very JSON Schemas the
// validators use (server/validation/schemas.ts), so it cannot drift from what the API accepts.
import { ADMIN_API_PATH, ADMIN_SCOPE } from '../oidc/admin_resource.ts';
import type { AdminRoute } from './admin_route.ts';
import { SCHEMAS } from '../validation/schemas.ts';
import { authzenPaths, DECISIONS_SECURITY_SCHEME, decisionsSecurityScheme } from '../authzen/openapi_paths.ts';

const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

export function openApiDocument(issuer: string, routes: AdminRoute[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([a-z_]+)/g, '{$1}');
    const params = [...route.path.matchAll(/:([a-z_]+)/g)].map((match) => ({ name: match[1], in: 'path', required: true, schema: { type: 'string' } }));
    const query = Object.entries(route.query ?? {}).map(([name, description]) => ({ name, in: 'query', required: false, description, schema: { type: 'string' } }));
    const responses: Record<string, unknown> = {
      [String(route.status)]: route.status === 204 ? { description: 'done' } : { description: 'done', content: { 'application/json': { schema: { type: 'object' } } } },
      ...(route.body || route.upload || query.length ? { 400: error('invalid request: every violation listed by JSON pointer (imports: by line)') } : {}),
      401: error('no access token, or an unknown or expired one (WWW-Authenticate says which)'),
      403: error(`the access token lacks the ${ADMIN_SCOPE} scope`),
      ...(route.notFound ? { 404: error('no such id') } : {}),
      ...(route.conflict ? { 409: error('conflicts with what exists: a duplicate id, or an identical overlapping mandate') } : {}),
    };
    paths[`${ADMIN_API_PATH}${path}`] ??= {};
    paths[`${ADMIN_API_PATH}${path}`]![route.method] = {
      summary: route.summary,
      ...(params.length || query.length ? { parameters: [...params, ...query] } : {}),
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${route.body}` } } } } } : {}),
      ...(route.upload
        ? { requestBody: { required: true, content: { 'application/x-ndjson': { schema: { type: 'string' } }, 'text/csv': { schema: { type: 'string' } } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: { title: 'namens admin API and decision API', version: '1', description: `Catalog, clients, registers and the decision log of namens (admin API: bearer tokens by client credentials at ${issuer}/token with scope ${ADMIN_SCOPE}), and the decision API for service providers' back offices (AuthZEN NL GOV, /access/v1).` },
    servers: [{ url: issuer }],
    security: [{ clientCredentials: [ADMIN_SCOPE] }],
    paths: { ...paths, ...authzenPaths(issuer) },
    components: {
      securitySchemes: { [DECISIONS_SECURITY_SCHEME]: decisionsSecurityScheme(issuer), clientCredentials: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: `${issuer}/token`, scopes: { [ADMIN_SCOPE]: 'manage the catalog, clients and registers' } } } } },
      schemas: {
        ...SCHEMAS,
        Error: {
          type: 'object',
          required: ['error', 'error_description'],
          properties: {
            error: { type: 'string' },
            error_description: { type: 'string' },
            violations: { type: 'array', items: { type: 'object', required: ['pointer', 'message'], properties: { pointer: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
      },
    },
  };
}
